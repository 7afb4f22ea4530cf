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
      --date DATE       Date to print in the documents, e.g. 2026-09-01 (default: none).
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
