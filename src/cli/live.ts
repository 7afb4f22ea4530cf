/**
 * Commands that read a running instance from the cluster: `check --live NAME` runs the privacy
 * checks on its stored objects, `report NAME` writes its documents, and `release-finalizers`
 * removes the data deletion finalizer from every instance before the operator is uninstalled.
 * They read with the caller's kubeconfig and never need the operator to run.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { validateSpec, withDefaults } from '../api/index.ts';
import { API_GROUP_VERSION, KIND, type GdprJitsiMeet } from '../api/types.ts';
import {
  buildReport,
  renderHtml,
  renderMarkdown,
  runChecks,
  type ComplianceContext,
} from '../compliance/index.ts';
import { liveContext } from '../compliance/live-context.ts';
import { relaxationsFor, type ManagedFieldsEntry } from '../compliance/relaxations.ts';
import { OPTIONAL_OWNED_KINDS, OWNED_KINDS } from '../controller/owned-kinds.ts';
import { loadKubeConfig } from '../controller/manager.ts';
import { LABELS } from '../resources/labels.ts';
import { DATA_DELETION_FINALIZER } from '../retention/index.ts';
import { isNotFound, KubeClient, type KubeObject } from '../runtime/kube-client.ts';
import { EXIT, formatTable, InputError, STANDARD_OUTPUT, type Output } from './check.ts';

type Instance = GdprJitsiMeet & KubeObject;

const CHECK_USAGE = `Usage: gdpr-jitsi check --live NAME [-n NS] [--kubeconfig PATH] [--output table|json]

Runs the GDPR checks and the host scan on the objects of the GdprJitsiMeet NAME as the API
server stores them now, with the nodes its pods run on. It does not need the operator: use it to
verify a cluster, or to see what changed while the operator was stopped.

Exit status: 0 when no check fails, 1 when a check fails or a host outside the instance is
found, 2 when the instance cannot be read.

Options:
      --live NAME       Name of the GdprJitsiMeet.
  -n, --namespace NS    Its namespace (default: the kubeconfig context's, else "default").
      --kubeconfig PATH Kubeconfig to use (default: KUBECONFIG, then ~/.kube/config).
  -o, --output FORMAT   table (default) or json.
`;

/** `gdpr-jitsi check --live NAME`. */
export async function liveCheckCommand(argv: string[], io: Output = STANDARD_OUTPUT) {
  return runCommand(io, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        live: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        kubeconfig: { type: 'string', default: process.env['KUBECONFIG'] },
        output: { type: 'string', short: 'o', default: 'table' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.out(CHECK_USAGE);
      return EXIT.ok;
    }
    if (values.output !== 'table' && values.output !== 'json')
      throw new InputError(`invalid --output "${values.output}"; use table or json`);
    const name = values.live;
    if (name === undefined || name === '')
      throw new InputError('missing --live NAME; pass the GdprJitsiMeet to check');
    const client = newClient(values.kubeconfig);
    const namespace = values.namespace ?? contextNamespace(client);
    const { context } = await readLiveContext(client, namespace, name);
    const report = runChecks(context);
    io.out(values.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
    const failed =
      report.hostScan.result === 'fail' || report.results.some((r) => r.result === 'fail');
    return failed ? EXIT.failed : EXIT.ok;
  });
}

const REPORT_USAGE = `Usage: gdpr-jitsi report NAME [-n NS] [--kubeconfig PATH] [--format markdown|html] [--out PATH]

Writes the GDPR documents of the running GdprJitsiMeet NAME from its live objects and the
operator's history of applied configurations: the same documents the operator keeps in the
ConfigMap named in status.compliance.reportConfigMap. "gdpr-jitsi report -f FILE" renders them
offline from a manifest instead.

Options:
  -n, --namespace NS    Namespace of the instance (default: the kubeconfig context's, else
                        "default").
      --kubeconfig PATH Kubeconfig to use (default: KUBECONFIG, then ~/.kube/config).
      --format FORMAT   markdown (default) or html.
  -o, --out PATH        Write to PATH instead of stdout.
`;

/** `gdpr-jitsi report NAME`. */
export async function liveReportCommand(argv: string[], io: Output = STANDARD_OUTPUT) {
  return runCommand(io, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        namespace: { type: 'string', short: 'n' },
        kubeconfig: { type: 'string', default: process.env['KUBECONFIG'] },
        format: { type: 'string', default: 'markdown' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.out(REPORT_USAGE);
      return EXIT.ok;
    }
    if (values.format !== 'markdown' && values.format !== 'html')
      throw new InputError(`invalid --format "${values.format}"; use markdown or html`);
    if (positionals.length !== 1)
      throw new InputError(`expected one instance NAME, got ${positionals.length}`);
    const client = newClient(values.kubeconfig);
    const { context, instance } = await readLiveContext(
      client,
      values.namespace ?? contextNamespace(client),
      positionals[0] ?? '',
    );
    const documents = buildReport(context, {
      appliedHistory: (instance.status?.appliedHistory ?? []).map((h) => ({
        hash: h.configHash,
        time: h.appliedAt,
      })),
      ...(instance.status?.configHash !== undefined && {
        configHash: instance.status.configHash,
      }),
    });
    const text = values.format === 'html' ? renderHtml(documents) : renderMarkdown(documents);
    if (values.out === undefined) io.out(text);
    else writeFileSync(values.out, text);
    return EXIT.ok;
  });
}

const RELEASE_USAGE = `Usage: gdpr-jitsi release-finalizers [--namespaces A,B] [--kubeconfig PATH]

Removes the finalizer ${DATA_DELETION_FINALIZER} from every GdprJitsiMeet, so that instances
can still be deleted after the operator is gone. Run it just before uninstalling the operator
(the Helm chart runs it as a pre-delete hook). Volume claims are not touched: with
dataDeletionPolicy Delete, the StatefulSets' claim retention policy still deletes them when the
instance goes.

Options:
      --namespaces A,B  Only these namespaces (default: all).
      --kubeconfig PATH Kubeconfig to use (default: KUBECONFIG, then the in-cluster account).
`;

/** `gdpr-jitsi release-finalizers`. */
export async function releaseFinalizersCommand(argv: string[], io: Output = STANDARD_OUTPUT) {
  return runCommand(io, async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        namespaces: { type: 'string', default: '' },
        kubeconfig: { type: 'string', default: process.env['KUBECONFIG'] },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.out(RELEASE_USAGE);
      return EXIT.ok;
    }
    const client = newClient(values.kubeconfig);
    const namespaces = values.namespaces
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    const scopes = namespaces.length === 0 ? [undefined] : namespaces;
    let released = 0;
    for (const namespace of scopes) {
      let list;
      try {
        list = await client.list<Instance>(API_GROUP_VERSION, KIND, namespace);
      } catch (err) {
        // Without the CRD there is no instance, so no finalizer is left to remove.
        if (!isNotFound(err)) throw err;
        io.out(`the API server does not serve ${KIND}; nothing to release\n`);
        return EXIT.ok;
      }
      for (const instance of list.items) {
        const finalizers = instance.metadata.finalizers ?? [];
        if (!finalizers.includes(DATA_DELETION_FINALIZER)) continue;
        await client.jsonPatch(
          {
            apiVersion: API_GROUP_VERSION,
            kind: KIND,
            namespace: instance.metadata.namespace,
            name: instance.metadata.name,
          },
          [
            {
              op: 'test',
              path: '/metadata/resourceVersion',
              value: instance.metadata.resourceVersion,
            },
            {
              op: 'add',
              path: '/metadata/finalizers',
              value: finalizers.filter((f) => f !== DATA_DELETION_FINALIZER),
            },
          ],
        );
        io.out(`released ${instance.metadata.namespace}/${instance.metadata.name}\n`);
        released += 1;
      }
    }
    io.out(`removed the finalizer from ${released} instance(s)\n`);
    return EXIT.ok;
  });
}

/** Namespace of the kubeconfig's current context, as kubectl uses it; else `default`. */
function contextNamespace(client: KubeClient): string {
  const current = client.config.getContextObject(client.config.getCurrentContext());
  return current?.namespace ?? 'default';
}

function newClient(kubeconfig: string | undefined): KubeClient {
  return new KubeClient(loadKubeConfig(kubeconfig === '' ? undefined : kubeconfig));
}

/** Reads the instance and everything the checks need, as the operator's caches would hold it. */
async function readLiveContext(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<{ context: ComplianceContext; instance: Instance }> {
  const instance = await client.getOptional<Instance>({
    apiVersion: API_GROUP_VERSION,
    kind: KIND,
    namespace,
    name,
  });
  if (instance === undefined)
    throw new InputError(`GdprJitsiMeet ${namespace}/${name} not found; check the name and -n`);
  const issues = validateSpec(instance);
  if (issues.length > 0) {
    const lines = issues.map((i) => `  ${i.message}`).join('\n');
    throw new InputError(`GdprJitsiMeet ${namespace}/${name} is invalid:\n${lines}`);
  }
  const spec = withDefaults(instance.spec);
  const selector = `${LABELS.instance}=${name}`;
  const children: KubeObject[] = [];
  for (const kind of [...OWNED_KINDS, ...OPTIONAL_OWNED_KINDS]) {
    if (kind.kind === 'Secret') continue;
    try {
      const list = await client.list(kind.apiVersion, kind.kind, namespace, {
        labelSelector: selector,
      });
      children.push(...list.items);
    } catch (err) {
      // Optional APIs (Gateway API, prometheus-operator) may not be served.
      if (!isNotFound(err)) throw err;
    }
  }
  const pods = (await client.list('v1', 'Pod', namespace, { labelSelector: selector })).items;
  const namespacePolicies = (await client.list('networking.k8s.io/v1', 'NetworkPolicy', namespace))
    .items;
  const nodes = new Map<string, Record<string, string> | undefined>();
  for (const pod of pods) {
    const node = (pod as { spec?: { nodeName?: string } }).spec?.nodeName;
    if (node === undefined || nodes.has(node)) continue;
    const obj = await client.getOptional({ apiVersion: 'v1', kind: 'Node', name: node });
    nodes.set(node, obj?.metadata.labels);
  }
  const context = liveContext({
    instance: { name, namespace },
    spec,
    children,
    pods,
    nodeLabels: (node) => nodes.get(node),
    componentLabel: LABELS.component,
    namespacePolicies,
    relaxations: relaxationsFor(
      spec,
      instance.metadata.managedFields as ManagedFieldsEntry[] | undefined,
      new Date(),
    ),
  });
  return { context, instance };
}

/** Runs a command body, printing input problems and API errors as one line. */
async function runCommand(io: Output, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (
      err instanceof InputError ||
      (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(`error: ${(err as Error).message}\n`);
      return EXIT.invalidInput;
    }
    if (err instanceof Error && err.name === 'ApiError') {
      io.err(`error: ${err.message}\n`);
      return EXIT.invalidInput;
    }
    throw err;
  }
}
