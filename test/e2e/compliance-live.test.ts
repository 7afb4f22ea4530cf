import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import {
  CommandError,
  ensureCluster,
  runCommand,
  waitFor,
  withTestNamespace,
  type Cluster,
} from '../helpers/cluster.ts';
import {
  operatorKubeconfig,
  startOperatorProcess,
  type OperatorProcess,
} from '../helpers/operator.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLI = join(ROOT, 'src/cli/main.ts');
const PLANTED_HOST = 'tracker.example.com';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

interface Instance {
  metadata: {
    name: string;
    generation: number;
    finalizers?: string[];
    managedFields?: unknown[];
  };
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    configHash?: string;
    appliedHistory?: { configHash: string; generation?: number; appliedAt: string }[];
    compliance?: {
      pass: number;
      fail: number;
      relaxed: number;
      failing: { id: string; message: string }[];
      relaxedChecks: { id: string; field: string; setBy?: string }[];
      reportConfigMap: string;
      evidenceHash: string;
    };
  };
}

interface Named {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  data?: Record<string, string>;
}

const condition = (obj: Instance, type: string) =>
  obj.status?.conditions?.find((c) => c.type === type);

/** Runs the CLI as the cluster admin; resolves to exit code and output, never rejects. */
async function cli(cluster: Cluster, args: string[]) {
  try {
    const stdout = await runCommand(NODE, [CLI, ...args, '--kubeconfig', cluster.kubeconfigPath]);
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    return { code: err.exitCode, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('live compliance and data deletion', { timeout: 10 * 60_000 }, () => {
  let cluster: Cluster;
  let ns: string;
  let cleanup: () => Promise<void>;
  let kubeconfigPath: string;
  let operator: OperatorProcess | undefined;

  const kubectl = (args: string[], input?: string) => cluster.kubectl(['-n', ns, ...args], input);
  const getJson = async <T>(args: string[]): Promise<T> =>
    JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
  const basicSpec = () =>
    (load(readFileSync(join(ROOT, 'examples/basic.yaml'), 'utf8')) as { spec: object }).spec;
  const applyInstance = (name: string, spec: object, manager = 'e2e-user') =>
    kubectl(
      ['apply', '--server-side', `--field-manager=${manager}`, '-f', '-'],
      JSON.stringify({
        apiVersion: 'gdprmeet.io/v1alpha1',
        kind: 'GdprJitsiMeet',
        metadata: { name, namespace: ns },
        spec,
      }),
    );
  const startOperator = async () => {
    operator = await startOperatorProcess({
      kubeconfigPath,
      args: ['--namespaces', ns, '--resync-seconds', '5'],
    });
    await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers');
  };
  /** Waits until the checks ran for the current generation. */
  const waitEvaluated = async (
    name: string,
    description: string,
    accept: (i: Instance) => boolean,
  ) => {
    let last: Instance | undefined;
    return waitFor(
      async () => {
        const obj = await getJson<Instance>(['get', 'gdprjitsimeet', name]);
        last = obj;
        const compliant = condition(obj, 'Compliant');
        const current =
          compliant !== undefined &&
          compliant.status !== 'Unknown' &&
          compliant.observedGeneration === obj.metadata.generation;
        return current && accept(obj) ? obj : undefined;
      },
      { timeoutMs: 90_000, description },
    ).catch((err: unknown) => {
      const seen = JSON.stringify({ generation: last?.metadata.generation, status: last?.status });
      throw new Error(`${(err as Error).message}; last seen: ${seen}`, { cause: err });
    });
  };

  before(async () => {
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('compliance');
    ns = namespace.name;
    cleanup = namespace.cleanup;
    kubeconfigPath = await operatorKubeconfig(cluster);
    await startOperator();
  });

  after(async () => {
    await operator?.stop();
    await cleanup();
  });

  test('status carries the compliance summary', async () => {
    await applyInstance('meet', basicSpec());
    const obj = await waitEvaluated('meet', 'checks evaluated', () => true);
    const compliance = obj.status?.compliance;
    assert.ok(compliance, 'status.compliance is written');
    assert.ok(compliance.pass > 50, `pass count ${compliance.pass}`);
    assert.deepEqual(
      compliance.failing.map((f) => f.id),
      [],
      'no check fails by default',
    );
    assert.equal(condition(obj, 'Compliant')?.status, 'True');
    assert.equal(compliance.reportConfigMap, 'meet-gdpr-report');
    const history = obj.status?.appliedHistory ?? [];
    assert.equal(history.length, 1);
    assert.equal(history[0]?.configHash, obj.status?.configHash);
  });

  test('report ConfigMap holds the live documents', async () => {
    const report = await getJson<Named>(['get', 'configmap', 'meet-gdpr-report']);
    const markdown = report.data?.['report.md'] ?? '';
    assert.match(markdown, /read from the cluster/);
    assert.match(report.data?.['report.html'] ?? '', /<html/i);
    const obj = await getJson<Instance>(['get', 'gdprjitsimeet', 'meet']);
    assert.ok(markdown.includes(obj.status?.configHash ?? 'missing'), 'names the config hash');
    const secret = await getJson<Named>(['get', 'secret', 'meet-credentials']);
    for (const [key, value] of Object.entries(secret.data ?? {})) {
      const plain = Buffer.from(value, 'base64').toString('utf8');
      assert.ok(!markdown.includes(plain), `the report leaks credential ${key}`);
    }
    const live = await cli(cluster, ['report', 'meet', '-n', ns]);
    assert.equal(live.code, 0, live.stderr);
    assert.equal(live.stdout, markdown, 'the CLI renders the same document as the operator');
  });

  test('planted host fails the live check, then reverts', async () => {
    await operator?.stop();
    operator = undefined;
    const web = await getJson<Named>(['get', 'configmap', 'meet-web-config']);
    const file = Object.keys(web.data ?? {}).find((k) => k.endsWith('config.js'));
    assert.ok(file, `web ConfigMap has a config.js key: ${Object.keys(web.data ?? {}).join(', ')}`);
    const planted = `${web.data?.[file] ?? ''}\nconfig.analytics = { scriptURLs: ['https://${PLANTED_HOST}/t.js'] };\n`;
    const patch = JSON.stringify({ data: { [file]: planted } });
    await kubectl(['patch', 'configmap', 'meet-web-config', '--type', 'merge', '-p', patch]);
    const failing = await cli(cluster, ['check', '--live', 'meet', '-n', ns]);
    assert.equal(failing.code, 1, failing.stdout + failing.stderr);
    const line = failing.stdout
      .split('\n')
      .find((l) => l.startsWith('HOSTS') && l.includes(PLANTED_HOST));
    assert.ok(line, `the host scan names the planted host:\n${failing.stdout}`);
    assert.match(line, /meet-web-config/, 'names the ConfigMap');
    assert.ok(line.includes(file), 'names the file');

    await startOperator();
    await waitFor(
      async () => {
        const cm = await getJson<Named>(['get', 'configmap', 'meet-web-config']);
        return cm.data?.[file]?.includes(PLANTED_HOST) === false ? true : undefined;
      },
      { timeoutMs: 60_000, description: 'planted host removed by the operator' },
    );
    const passing = await cli(cluster, ['check', '--live', 'meet', '-n', ns]);
    assert.equal(passing.code, 0, passing.stdout + passing.stderr);
  });

  test('pod outside the EU fails the live check', async () => {
    const pod = await getJson<{ spec: { nodeName: string } }>(['get', 'pod', 'meet-prosody-0']);
    const node = pod.spec.nodeName;
    const region = 'topology.kubernetes.io/region';
    const nodeJson = JSON.parse(await cluster.kubectl(['get', 'node', node, '-o', 'json'])) as {
      metadata: { labels: Record<string, string> };
    };
    const original = nodeJson.metadata.labels[region] ?? '';
    await cluster.kubectl(['label', 'node', node, `${region}=us-east-1`, '--overwrite']);
    try {
      const result = await cli(cluster, ['check', '--live', 'meet', '-n', ns]);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const line = result.stdout.split('\n').find((l) => l.includes('meet-prosody-0'));
      assert.ok(line, `a failing check names the pod:\n${result.stdout}`);
      assert.match(line, /fail/);
      assert.ok(line.includes(node), 'names the node');
      assert.ok(line.includes('us-east-1'), 'names the region');
      const obj = await waitEvaluated(
        'meet',
        'Compliant False for the relabelled node',
        (i) => condition(i, 'Compliant')?.status === 'False',
      );
      assert.ok(
        obj.status?.compliance?.failing.some((f) => f.message.includes('meet-prosody-0')),
        'status.compliance names the pod',
      );
    } finally {
      await cluster.kubectl(['label', 'node', node, `${region}=${original}`, '--overwrite']);
    }
    await waitEvaluated(
      'meet',
      'Compliant True again',
      (i) => condition(i, 'Compliant')?.status === 'True',
    );
  });

  test('blocked instance still reports its checks', async () => {
    const region = 'topology.kubernetes.io/region';
    await applyInstance('solo', { ...basicSpec(), residency: { allowedRegions: ['eu-west-1'] } });
    await waitEvaluated(
      'solo',
      'solo evaluated',
      (i) => condition(i, 'Compliant')?.status === 'True',
    );
    const pod = await getJson<{ items: { spec: { nodeName: string } }[] }>([
      'get',
      'pods',
      '-l',
      'gdprmeet.io/instance=solo',
    ]);
    const node = pod.items[0]?.spec.nodeName;
    assert.ok(node, 'a pod of solo is scheduled');
    // The only eu-west-1 node leaves the region: no node is eligible, and pods run outside.
    await cluster.kubectl(['label', 'node', node, `${region}=us-east-1`, '--overwrite']);
    try {
      const blocked = await waitFor(
        async () => {
          const obj = await getJson<Instance>(['get', 'gdprjitsimeet', 'solo']);
          return condition(obj, 'Ready')?.reason === 'NoEligibleNodes' &&
            condition(obj, 'Compliant')?.status === 'False'
            ? obj
            : undefined;
        },
        { timeoutMs: 60_000, description: 'NoEligibleNodes and Compliant False together' },
      );
      assert.ok(
        blocked.status?.compliance?.failing.some((f) => f.id === 'K8-01'),
        'K8-01 fails in status',
      );
      const report = await getJson<Named>(['get', 'configmap', 'solo-gdpr-report']);
      assert.match(report.data?.['report.md'] ?? '', /K8-01[^\n]*fail/, 'the report follows');
    } finally {
      await cluster.kubectl(['label', 'node', node, `${region}=eu-west-1`, '--overwrite']);
    }
    await kubectl(['delete', 'gdprjitsimeet', 'solo', '--wait=true', '--timeout=60s']);
  });

  test('report states live placement and settings', async () => {
    const read = async () =>
      (await getJson<Named>(['get', 'configmap', 'meet-gdpr-report'])).data?.['report.md'] ?? '';
    const before = await read();
    const pods = await getJson<{
      items: { metadata: { name: string }; spec: { nodeName: string } }[];
    }>(['get', 'pods', '-l', 'gdprmeet.io/instance=meet']);
    for (const pod of pods.items) {
      assert.ok(before.includes(pod.metadata.name), `names pod ${pod.metadata.name}`);
      assert.ok(before.includes(pod.spec.nodeName), `names node ${pod.spec.nodeName}`);
    }
    const obj = await getJson<Instance>(['get', 'gdprjitsimeet', 'meet']);
    const inUse = (obj as { status?: { residency?: { regionsInUse?: string } } }).status?.residency
      ?.regionsInUse;
    for (const region of (inUse ?? '').split(',').filter((r) => r !== ''))
      assert.ok(before.includes(region), `names region in use ${region}`);
    assert.match(before, /7 days|P7D|7d/, 'states the default log retention');
    assert.match(before, /Internal|sign in|authenticat/i, 'states the auth mode');

    await applyInstance('meet', { ...basicSpec(), auth: { mode: 'None' } });
    const after = await waitFor(
      async () => {
        const text = await read();
        return text !== before && /AC-01/.test(text) ? text : undefined;
      },
      { timeoutMs: 60_000, description: 'report updated after the spec change' },
    );
    assert.match(after, /relaxed/, 'the report shows the relaxed check');
    await applyInstance('meet', basicSpec());
    await waitEvaluated(
      'meet',
      'authentication back on',
      (i) => i.status?.compliance?.relaxed === 0 && condition(i, 'Compliant')?.status === 'True',
    );
  });

  test('foreign open policy fails the network check', async () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'open-egress', namespace: ns },
      spec: {
        podSelector: { matchLabels: { 'gdprmeet.io/instance': 'meet' } },
        policyTypes: ['Egress'],
        egress: [{}],
      },
    };
    // Not the operator's: policies add up, so this one opens every pod of the instance.
    await kubectl(['apply', '-f', '-'], JSON.stringify(policy));
    try {
      const obj = await waitEvaluated(
        'meet',
        'TP-20 failing because of the foreign policy',
        (i) => i.status?.compliance?.failing.some((f) => f.id === 'TP-20') === true,
      );
      const failing = obj.status?.compliance?.failing.find((f) => f.id === 'TP-20');
      assert.match(failing?.message ?? '', /open-egress/, 'names the policy');
      assert.equal(condition(obj, 'Compliant')?.status, 'False');
    } finally {
      await kubectl(['delete', 'networkpolicy', 'open-egress', '--ignore-not-found']);
    }
    await waitEvaluated(
      'meet',
      'Compliant again without the policy',
      (i) => condition(i, 'Compliant')?.status === 'True',
    );
  });

  test('relaxing field shows who set it', async () => {
    const before = await getJson<Instance>(['get', 'gdprjitsimeet', 'meet']);
    await applyInstance('meet', { ...basicSpec(), privacy: { webAccessLog: true } }, 'alice');
    const obj = await waitEvaluated(
      'meet',
      'LG-01 relaxed',
      (i) => i.status?.compliance?.relaxedChecks.some((r) => r.id === 'LG-01') === true,
    );
    const relaxedChecks = obj.status?.compliance?.relaxedChecks ?? [];
    const relaxed = relaxedChecks.find((r) => r.id === 'LG-01');
    assert.ok(relaxed, 'LG-01 is listed as relaxed');
    assert.equal(relaxed.field, 'spec.privacy.webAccessLog');
    assert.match(relaxed.setBy ?? '(none)', /alice/);
    assert.equal(condition(obj, 'Compliant')?.reason, 'PassWithRelaxations');
    const history = obj.status?.appliedHistory ?? [];
    assert.equal(history.length, (before.status?.appliedHistory?.length ?? 0) + 1);
    assert.equal(history.at(-1)?.configHash, obj.status?.configHash);
    const events = await getJson<{ items: { reason: string; note: string }[] }>([
      'get',
      'events.events.k8s.io',
      '--field-selector',
      'reason=ConfigurationApplied',
    ]);
    assert.ok(
      events.items.some((e) => e.note.includes(obj.status?.configHash ?? 'missing')),
      'an Event names the new configuration hash',
    );
  });

  test('policy Delete removes the claims behind a finalizer', async () => {
    await applyInstance('erase', { ...basicSpec(), dataDeletionPolicy: 'Delete' });
    const claimsOf = async (name: string) =>
      (await getJson<{ items: Named[] }>(['get', 'pvc', '-l', `gdprmeet.io/instance=${name}`]))
        .items;
    await waitFor(
      async () => {
        const obj = await getJson<Instance>(['get', 'gdprjitsimeet', 'erase']);
        const claims = await claimsOf('erase');
        return obj.metadata.finalizers?.includes('gdprmeet.io/data-deletion') === true &&
          claims.length > 0
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, description: 'finalizer and a bound claim' },
    );
    // A finished retention Job keeps its pod, and the API server keeps a claim that a scheduled
    // pod names. So the finalizer must clear the retention Jobs too.
    await kubectl([
      'create',
      'job',
      'erase-retention-now',
      '--from=cronjob/erase-retention-prosody',
    ]);
    await waitFor(
      async () => {
        const pods = await getJson<{ items: { status?: { phase?: string } }[] }>([
          'get',
          'pods',
          '-l',
          'job-name=erase-retention-now',
        ]);
        return pods.items.some((p) => p.status?.phase === 'Succeeded') ? true : undefined;
      },
      { timeoutMs: 60_000, description: 'a finished retention Job pod' },
    );
    await kubectl(['delete', 'gdprjitsimeet', 'erase', '--wait=true', '--timeout=90s']);
    assert.deepEqual(await claimsOf('erase'), [], 'claims deleted before the instance went');
  });

  test('policy Retain keeps the claims and says so', async () => {
    await applyInstance('keep', basicSpec());
    await waitFor(
      async () =>
        (await getJson<{ items: Named[] }>(['get', 'pvc', '-l', 'gdprmeet.io/instance=keep'])).items
          .length > 0
          ? true
          : undefined,
      { timeoutMs: 90_000, description: 'a claim of the Retain instance' },
    );
    const obj = await getJson<Instance>(['get', 'gdprjitsimeet', 'keep']);
    assert.equal(obj.metadata.finalizers, undefined, 'no finalizer under Retain');
    await kubectl(['delete', 'gdprjitsimeet', 'keep', '--wait=true', '--timeout=60s']);
    const event = await waitFor(
      async () => {
        const events = await getJson<{
          items: { reason: string; note: string; regarding: { name: string } }[];
        }>(['get', 'events.events.k8s.io', '--field-selector', 'reason=DataRetained']);
        return events.items.find((e) => e.regarding.name === 'keep');
      },
      { timeoutMs: 30_000, description: 'DataRetained Event' },
    );
    assert.match(event.note, /data-keep-prosody-0/);
    const claims = await getJson<{ items: Named[] }>([
      'get',
      'pvc',
      '-l',
      'gdprmeet.io/instance=keep',
    ]);
    assert.ok(claims.items.length > 0, 'claims kept');
  });

  test('release-finalizers frees instances of a removed operator', async () => {
    await applyInstance('orphan', { ...basicSpec(), dataDeletionPolicy: 'Delete' });
    await waitFor(
      async () => {
        const obj = await getJson<Instance>(['get', 'gdprjitsimeet', 'orphan']);
        return obj.metadata.finalizers?.includes('gdprmeet.io/data-deletion') === true
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, description: 'finalizer on the Delete instance' },
    );
    await operator?.stop();
    operator = undefined;
    const released = await cli(cluster, ['release-finalizers', '--namespaces', ns]);
    assert.equal(released.code, 0, released.stderr);
    assert.match(released.stdout, new RegExp(`released ${ns}/orphan`));
    await kubectl(['delete', 'gdprjitsimeet', 'orphan', '--wait=true', '--timeout=30s']);
    await startOperator();
  });
});
