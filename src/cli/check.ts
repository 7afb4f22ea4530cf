/**
 * `gdpr-jitsi check`: runs the compliance checks offline against the objects the operator would
 * create for each GdprJitsiMeet in a file. Exit codes: 0 when nothing fails, 1 when a check
 * fails or the host scan finds a host outside the instance, 2 for invalid input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { loadAll } from 'js-yaml';

import packageJson from '../../package.json' with { type: 'json' };
import { KIND, type GdprJitsiMeet } from '../api/types.ts';
import {
  renderedContext,
  runChecks,
  type CheckResult,
  type ComplianceReport,
  type Result,
} from '../compliance/index.ts';

/** Destination of a command's output; tests pass their own. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The process's stdout and stderr. */
export const STANDARD_OUTPUT: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Exit codes of `check` and `report`. */
export const EXIT = { ok: 0, failed: 1, invalidInput: 2 } as const;

/** Input the user can fix; printed as one line, no stack trace. */
export class InputError extends Error {}

const USAGE = `Usage: gdpr-jitsi check -f FILE [--namespace NS] [--output table|json]

Renders every GdprJitsiMeet in FILE ("-" reads stdin) with the operator's builders and runs the
GDPR checks and the host scan on the result, without a cluster. Checks that need the cluster
(running pods, NetworkPolicies, CronJobs) see only what the operator itself renders.

Exit status: 0 when no check fails, 1 when a check fails or a host outside the instance is
found, 2 when FILE is missing or invalid.

Options:
  -f, --filename FILE   File with one or more GdprJitsiMeet resources (YAML or JSON).
  -n, --namespace NS    Namespace for resources that set none (default "default").
  -o, --output FORMAT   table (default) or json.
`;

/** Runs the command; the promise rejects only on errors that are not the user's input. */
export function checkCommand(argv: string[], io: Output = STANDARD_OUTPUT): Promise<number> {
  return new Promise((resolve) => {
    resolve(runCheck(argv, io));
  });
}

function runCheck(argv: string[], io: Output): number {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        filename: { type: 'string', short: 'f' },
        namespace: { type: 'string', short: 'n', default: 'default' },
        output: { type: 'string', short: 'o', default: 'table' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (values.output !== 'table' && values.output !== 'json') {
      throw new InputError(`invalid --output "${values.output}"; use table or json`);
    }
    const reports = readInstances(values.filename, values.namespace).map((instance) =>
      runChecks(renderedContext(instance, packageJson.version, new Date())),
    );
    io.out(
      values.output === 'json'
        ? `${JSON.stringify(reports, null, 2)}\n`
        : reports.map(formatTable).join('\n'),
    );
    return reports.some(failed) ? EXIT.failed : EXIT.ok;
  } catch (err) {
    return reportInputError(err, io);
  }
}

/** Prints usage and input errors as one line; rethrows anything else. */
export function reportInputError(err: unknown, io: Output): number {
  const code = (err as { code?: unknown } | null)?.code;
  const parseError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
  if (err instanceof InputError || parseError || isInvalidSpec(err)) {
    io.err(`error: ${(err as Error).message}\n`);
    return EXIT.invalidInput;
  }
  throw err;
}

function isInvalidSpec(err: unknown): boolean {
  return (
    err instanceof Error &&
    err.message.startsWith('GdprJitsiMeet ') &&
    err.message.includes(' is invalid:')
  );
}

function failed(report: ComplianceReport): boolean {
  return report.hostScan.result === 'fail' || report.results.some((r) => r.result === 'fail');
}

/**
 * Results in the table's RESULT column. `not-applicable` shows as `open`, because the check waits
 * for evidence from outside the cluster, not because it does not apply; `-o json` keeps the id.
 */
const TABLE_LABELS: Readonly<Record<Result, string>> = {
  pass: 'pass',
  fail: 'fail',
  relaxed: 'relaxed',
  'not-applicable': 'open',
};

/** Formats one instance's report as a table: id, result and message, then hosts and totals. */
export function formatTable(report: ComplianceReport): string {
  const lines = [`${report.instance.namespace}/${report.instance.name} (${report.domain})`];
  const label = (r: CheckResult): string => TABLE_LABELS[r.result];
  const width = Math.max(...report.results.map((r) => label(r).length), 'RESULT'.length);
  lines.push(`${'ID'.padEnd(6)} ${'RESULT'.padEnd(width)} MESSAGE`);
  for (const r of report.results)
    lines.push(`${r.id.padEnd(6)} ${label(r).padEnd(width)} ${r.message}`);
  for (const f of report.hostScan.findings) {
    const result = f.relaxedBy === undefined ? 'fail' : 'relaxed';
    const by = f.relaxedBy === undefined ? '' : ` (relaxed by ${f.relaxedBy})`;
    lines.push(`${'HOSTS'.padEnd(6)} ${result.padEnd(width)} ${f.source} ${f.key}: ${f.host}${by}`);
  }
  const c = report.counts;
  lines.push(
    `${c.pass} pass, ${c.fail} fail, ${c.relaxed} relaxed, ${c['not-applicable']} open (need evidence from outside the cluster); ` +
      `host scan ${report.hostScan.result} (${report.hostScan.findings.length} foreign hosts)`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the GdprJitsiMeet resources of a YAML or JSON file ("-" for stdin). Resources without a
 * namespace get `namespace`. Other kinds in the file are skipped.
 */
export function readInstances(filename: string | undefined, namespace: string): GdprJitsiMeet[] {
  if (filename === undefined || filename === '') {
    throw new InputError('missing -f FILE; pass the GdprJitsiMeet manifest to check');
  }
  let text: string;
  try {
    text = readFileSync(filename === '-' ? 0 : filename, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${filename}: ${(err as Error).message}`);
  }
  let documents: unknown[];
  try {
    documents = loadAll(text);
  } catch (err) {
    throw new InputError(`${filename} is not valid YAML: ${(err as Error).message}`);
  }
  const instances = documents.filter(
    (doc): doc is GdprJitsiMeet =>
      typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === KIND,
  );
  if (instances.length === 0)
    throw new InputError(`${filename} contains no object of kind ${KIND}`);
  for (const instance of instances) {
    if (typeof instance.metadata !== 'object' || typeof instance.metadata.name !== 'string') {
      throw new InputError(`a ${KIND} in ${filename} has no metadata.name; set a name`);
    }
    // YAML may leave the namespace out although the type requires it.
    (instance.metadata as { namespace?: string }).namespace ??= namespace;
  }
  return instances;
}
