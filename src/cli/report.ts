/**
 * `gdpr-jitsi report`: writes the GDPR documents (TOM, Art. 30 record, DPIA input, retention
 * matrix, check evidence) for one GdprJitsiMeet, rendered offline, as Markdown or HTML.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import packageJson from '../../package.json' with { type: 'json' };
import { buildReport, renderedContext, renderHtml, renderMarkdown } from '../compliance/index.ts';
import {
  EXIT,
  InputError,
  readInstances,
  reportInputError,
  STANDARD_OUTPUT,
  type Output,
} from './check.ts';

const USAGE = `Usage: gdpr-jitsi report -f FILE [--format markdown|html] [--name NAME] [--out PATH] [--date DATE]

Writes the GDPR documents for the GdprJitsiMeet in FILE ("-" reads stdin): technical and
organisational measures, the record of processing activities (Art. 30), the input for a data
protection impact assessment, the retention matrix and the check evidence. The state is rendered
offline by the operator's builders; fields only a person can fill are marked OPEN. The output is
the same bytes on every run unless --date is given, or a troubleshooting window of
spec.privacy.logging opens or closes between runs.

Options:
  -f, --filename FILE   File with GdprJitsiMeet resources (YAML or JSON).
  -n, --namespace NS    Namespace for resources that set none (default "default").
      --name NAME       Which resource to document when FILE holds several.
      --format FORMAT   markdown (default) or html.
  -o, --out PATH        Write to PATH instead of stdout.
      --date DATE       Date to print in the documents: an RFC 3339 date or date-time,
                        e.g. 2026-09-01 or 2026-09-01T10:00:00Z (default: none).
`;

/** Runs the command; the promise rejects only on errors that are not the user's input. */
export function reportCommand(argv: string[], io: Output = STANDARD_OUTPUT): Promise<number> {
  return new Promise((resolve) => {
    resolve(runReport(argv, io));
  });
}

function runReport(argv: string[], output: Output): number {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        filename: { type: 'string', short: 'f' },
        namespace: { type: 'string', short: 'n', default: 'default' },
        name: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        out: { type: 'string', short: 'o' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      output.out(USAGE);
      return EXIT.ok;
    }
    if (values.format !== 'markdown' && values.format !== 'html') {
      throw new InputError(`invalid --format "${values.format}"; use markdown or html`);
    }
    if (values.date !== undefined && !isRfc3339Date(values.date)) {
      throw new InputError(
        `invalid --date "${values.date}"; use an RFC 3339 date or date-time, e.g. 2026-09-01 or 2026-09-01T10:00:00Z`,
      );
    }
    const instances = readInstances(values.filename, values.namespace);
    const names = instances.map((i) => i.metadata.name);
    const chosen =
      values.name === undefined
        ? instances
        : instances.filter((i) => i.metadata.name === values.name);
    if (chosen.length !== 1) {
      const problem =
        values.name === undefined ? 'several resources' : `no resource named "${values.name}"`;
      throw new InputError(
        `${values.filename ?? ''} has ${problem} (${names.join(', ')}); pick one with --name`,
      );
    }
    const set = buildReport(
      renderedContext(chosen[0] as (typeof instances)[number], packageJson.version, new Date()),
      {
        generatedAt: values.date,
      },
    );
    const text = values.format === 'html' ? renderHtml(set) : renderMarkdown(set);
    if (values.out === undefined) output.out(text);
    else writeFileSync(values.out, text);
    return EXIT.ok;
  } catch (err) {
    return reportInputError(err, output);
  }
}

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/u;

/**
 * True for an RFC 3339 `full-date` (`2026-09-01`) or `date-time` (`2026-09-01T10:00:00Z`) that
 * names a real calendar day and time. Seconds may be 60, for a leap second.
 */
export function isRfc3339Date(text: string): boolean {
  const match = FULL_DATE.exec(text) ?? DATE_TIME.exec(text);
  if (match === null) return false;
  // Groups that did not take part (the time of a full-date, the offset of `Z`) count as 0.
  const part = (index: number): number => Number(match[index] ?? 0);
  const [year, month, day] = [part(1), part(2), part(3)];
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;
  const timeValid = part(4) <= 23 && part(5) <= 59 && part(6) <= 60;
  return timeValid && part(7) <= 23 && part(8) <= 59;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one. setUTCFullYear, unlike Date.UTC, keeps
  // years below 100 as they are.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
