import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadAll } from 'js-yaml';
import packageJson from '../../package.json' with { type: 'json' };
import { validateSpec, withDefaults } from '../api/index.ts';
import { KIND, type GdprJitsiMeet } from '../api/types.ts';
import { buildDesiredObjects, renderYaml } from '../resources/index.ts';
import { checkCommand } from './check.ts';
import { reportCommand } from './report.ts';
import { retentionCommand } from './retention.ts';
import { liveCheckCommand, liveReportCommand, releaseFinalizersCommand } from './live.ts';
import { DEFAULT_OPTIONS, startOperator, type OperatorOptions } from '../controller/manager.ts';

export const VERSION: string = packageJson.version;

/** A failure the user can fix: printed as one message, exit code 1, no stack trace. */
export class UsageError extends Error {}

const USAGE = `Usage: gdpr-jitsi <command> [options]

Commands:
  run       Run the operator against the cluster of the current kubeconfig.
  render    Print every object the operator would create for a GdprJitsiMeet, as YAML.
  check     Run the privacy checks on the rendered objects (-f FILE) or on a running instance
            (--live NAME); exit 1 if any check fails.
  report    Print the GDPR documents (TOM, Art. 30 record, DPIA input) as Markdown or HTML, of
            a manifest (-f FILE) or of a running instance (NAME).
  release-finalizers
            Remove the data deletion finalizer from every instance before uninstalling.
  retention Delete files older than a maximum age (run by the retention CronJobs).
  version   Print the operator version.

Run "gdpr-jitsi <command> --help" for the options of a command.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'render':
        return renderCommand(rest);
      case 'check':
        return rest.some((a) => a === '--live' || a.startsWith('--live='))
          ? await liveCheckCommand(rest)
          : await checkCommand(rest);
      case 'report':
        return hasPositional(rest) ? await liveReportCommand(rest) : await reportCommand(rest);
      case 'release-finalizers':
        return await releaseFinalizersCommand(rest);
      case 'retention':
        return await retentionCommand(rest);
      case 'version':
      case '--version':
        process.stdout.write(`gdpr-jitsi ${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${command}"; run "gdpr-jitsi help" for the list`);
    }
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      return 1;
    }
    const environment = environmentProblem(err);
    if (environment !== undefined) {
      process.stderr.write(`error: ${environment}\n`);
      return 1;
    }
    throw err;
  }
}

/**
 * Describes, in one line, failures that come from the machine rather than from a bug: a missing
 * or unreadable kubeconfig, an unreachable API server, a port in use. Returns undefined for
 * anything else, which then surfaces with its stack trace.
 */
export function environmentProblem(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  const cause = (err as { cause?: { code?: unknown; message?: string } }).cause;
  if (code === 'EADDRINUSE') {
    return `${err.message}; another process listens there, so pass --listen with a free port`;
  }
  if (code === 'ENOENT' || code === 'EACCES') {
    return `${err.message}; check the --kubeconfig path or the KUBECONFIG variable`;
  }
  if (err.name === 'YAMLException') {
    return `the kubeconfig is not valid YAML (${err.message.split('\n')[0] ?? ''}); check --kubeconfig or KUBECONFIG`;
  }
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const reason =
      cause?.message ?? (typeof cause?.code === 'string' ? cause.code : 'unknown reason');
    return `cannot reach the Kubernetes API server (${reason}); check the cluster address in the kubeconfig`;
  }
  if (err.message.includes('kubeconfig has no current cluster')) return err.message;
  return undefined;
}

/** Tells whether the arguments name an instance (`report NAME`) or a file (`report -f FILE`). */
function hasPositional(argv: string[]): boolean {
  const takesValue = new Set([
    '-f',
    '--filename',
    '-n',
    '--namespace',
    '--name',
    '--format',
    '-o',
    '--out',
    '--date',
    '--kubeconfig',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (takesValue.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return true;
  }
  return false;
}

/** Errors of `node:util` parseArgs (unknown option, missing value) are usage errors too. */
function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

const RENDER_USAGE = `Usage: gdpr-jitsi render -f FILE [--namespace NS]

Prints every child object of the GdprJitsiMeet resources in FILE ("-" reads stdin) as
multi-document YAML, built offline by the same code the operator runs. The output is the same
bytes on every run. Owner references are left out, because they need the UID that the API server
assigns.

Options:
  -f, --filename FILE   File with one or more GdprJitsiMeet resources (YAML or JSON).
  -n, --namespace NS    Namespace for resources that set none (default "default").
`;

function renderCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      filename: { type: 'string', short: 'f' },
      namespace: { type: 'string', short: 'n', default: 'default' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(RENDER_USAGE);
    return 0;
  }
  if (!values.filename)
    throw new UsageError('missing -f FILE; pass the GdprJitsiMeet manifest to render');
  const instances = readInstances(values.filename, values.namespace);
  const objects = instances.flatMap((instance) => {
    const issues = validateSpec(instance);
    if (issues.length > 0) {
      const lines = issues.map((i) => `  ${i.message}`).join('\n');
      throw new UsageError(`GdprJitsiMeet ${instance.metadata.name} is invalid:\n${lines}`);
    }
    return buildDesiredObjects({
      instance: { name: instance.metadata.name, namespace: instance.metadata.namespace, uid: '' },
      spec: withDefaults(instance.spec),
      operator: { version: VERSION },
      now: new Date(),
    }).map(dropOwnerReferences);
  });
  process.stdout.write(renderYaml(objects));
  return 0;
}

function readInstances(filename: string, namespace: string): GdprJitsiMeet[] {
  let text: string;
  try {
    text = readFileSync(filename === '-' ? 0 : filename, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${filename}: ${(err as Error).message}`);
  }
  let documents: unknown[];
  try {
    documents = loadAll(text);
  } catch (err) {
    throw new UsageError(`${filename} is not valid YAML: ${(err as Error).message}`);
  }
  const instances = documents.filter(
    (doc): doc is GdprJitsiMeet =>
      typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === KIND,
  );
  if (instances.length === 0) {
    throw new UsageError(`${filename} contains no object of kind ${KIND}`);
  }
  for (const instance of instances) {
    if (typeof instance.metadata !== 'object' || typeof instance.metadata.name !== 'string') {
      throw new UsageError(`a ${KIND} in ${filename} has no metadata.name; set a name`);
    }
    if (typeof instance.metadata.namespace !== 'string' || instance.metadata.namespace === '')
      instance.metadata.namespace = namespace;
  }
  return instances;
}

function dropOwnerReferences<T extends { metadata: object }>(obj: T): T {
  const metadata: Record<string, unknown> = { ...obj.metadata };
  delete metadata['ownerReferences'];
  return { ...obj, metadata };
}

const RUN_USAGE = `Usage: gdpr-jitsi run [options]

Runs the operator. Every option can also be set through the environment variable named beside it.

Options:
  --kubeconfig PATH          Kubeconfig to use (KUBECONFIG; default: in-cluster service account).
  --namespaces A,B           Namespaces to watch (WATCH_NAMESPACES; default: all namespaces).
  --leader-elect             Take part in leader election on a Lease (LEADER_ELECT=true).
  --lease-namespace NS       Namespace of the Lease (POD_NAMESPACE; default gdpr-jitsi-system).
  --lease-name NAME          Name of the Lease (LEASE_NAME; default gdpr-jitsi-operator-leader).
  --listen ADDR:PORT         Health and metrics server (LISTEN_ADDRESS; default 0.0.0.0:8080).
  --workers N                Instances reconciled at the same time (WORKERS; default 2).
  --resync-seconds N         Period of the full resync in seconds (RESYNC_SECONDS; default 600).
  --log-level LEVEL          trace, debug, info, warn or error (LOG_LEVEL; default info).
  --image IMAGE              Operator image the retention CronJobs run (OPERATOR_IMAGE;
                             default: the release image of this version).
`;

async function runCommand(argv: string[]): Promise<number> {
  const env = process.env;
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string', default: env['KUBECONFIG'] },
      namespaces: { type: 'string', default: env['WATCH_NAMESPACES'] ?? '' },
      'leader-elect': { type: 'boolean', default: env['LEADER_ELECT'] === 'true' },
      'lease-namespace': { type: 'string', default: env['POD_NAMESPACE'] },
      'lease-name': { type: 'string', default: env['LEASE_NAME'] },
      listen: { type: 'string', default: env['LISTEN_ADDRESS'] ?? '0.0.0.0:8080' },
      workers: { type: 'string', default: env['WORKERS'] ?? '2' },
      'resync-seconds': { type: 'string', default: env['RESYNC_SECONDS'] ?? '600' },
      'log-level': { type: 'string', default: env['LOG_LEVEL'] ?? 'info' },
      image: { type: 'string', default: env['OPERATOR_IMAGE'] ?? '' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const options = runOptions(values);
  const log = pino({ level: values['log-level'], base: { component: 'gdpr-jitsi-operator' } });
  log.info(
    {
      version: VERSION,
      namespaces: options.namespaces,
      leaderElection: options.leaderElection.enabled,
    },
    'starting operator',
  );
  const operator = await startOperator(options, log);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => {
      resolve('SIGTERM');
    });
    process.once('SIGINT', () => {
      resolve('SIGINT');
    });
    void operator.lost.then(() => {
      resolve('lease lost');
    });
  });
  log.info({ signal }, 'stopping operator');
  await operator.stop();
  return signal === 'lease lost' ? 1 : 0;
}

function runOptions(values: Record<string, string | boolean | undefined>): OperatorOptions {
  const listen = String(values['listen']);
  const match = /^(.*):(\d+)$/.exec(listen);
  if (!match)
    throw new UsageError(`invalid --listen "${listen}"; use ADDRESS:PORT, e.g. 0.0.0.0:8080`);
  const workers = positiveInt('--workers', values['workers']);
  const resyncSeconds = positiveInt('--resync-seconds', values['resync-seconds']);
  const namespaces = String(values['namespaces'] ?? '')
    .split(',')
    .map((ns) => ns.trim())
    .filter((ns) => ns !== '');
  const leaseNamespace = values['lease-namespace'];
  const leaseName = values['lease-name'];
  if (typeof leaseName === 'string' && leaseName !== '' && !isDnsSubdomain(leaseName))
    throw new UsageError(
      `invalid --lease-name "${leaseName}"; use lower-case letters, digits, "-" and ".", ` +
        'at most 253 characters, starting and ending with a letter or digit',
    );
  return {
    ...DEFAULT_OPTIONS,
    kubeconfig:
      typeof values['kubeconfig'] === 'string' && values['kubeconfig'] !== ''
        ? values['kubeconfig']
        : undefined,
    namespaces,
    leaderElection: {
      ...DEFAULT_OPTIONS.leaderElection,
      enabled: values['leader-elect'] === true,
      ...(typeof leaseNamespace === 'string' && leaseNamespace !== ''
        ? { namespace: leaseNamespace }
        : {}),
      ...(typeof leaseName === 'string' && leaseName !== '' ? { name: leaseName } : {}),
    },
    listenAddress: match[1] ?? '0.0.0.0',
    listenPort: Number(match[2]),
    workers,
    resyncMs: resyncSeconds * 1000,
    version: VERSION,
    ...(typeof values['image'] === 'string' && values['image'] !== ''
      ? { image: values['image'] }
      : {}),
  };
}

function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name);
}

function positiveInt(flag: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`invalid ${flag} "${String(value)}"; use a whole number of at least 1`);
  return n;
}
