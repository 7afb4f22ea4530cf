import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { ensureCluster, withTestNamespace, waitFor } from '../helpers/cluster.ts';
import {
  OPERATOR_USER,
  WRITE_VERBS,
  operatorKubeconfig,
  readAudit,
  startOperatorProcess,
  type OperatorProcess,
} from '../helpers/operator.ts';

const EU_REGIONS = new Set(['eu-central-1', 'eu-west-1']);
/** Kinds every instance has children of, as kubectl names them. */
const CHILD_KINDS = [
  'statefulset',
  'deployment',
  'service',
  'configmap',
  'secret',
  'ingress',
  'serviceaccount',
  'networkpolicy',
  'cronjob',
];
const ROOT = new URL('../../', import.meta.url).pathname;

interface Obj {
  metadata: {
    name: string;
    uid: string;
    generation?: number;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: Record<string, unknown> & {
    nodeName?: string;
    template?: { metadata?: { annotations?: Record<string, string> } };
  };
  status?: {
    observedGeneration?: number;
    conditions?: {
      type: string;
      status: string;
      reason: string;
      message: string;
      observedGeneration?: number;
    }[];
    placements?: { name: string; node: string; region: string }[];
  };
  data?: Record<string, string>;
}

const condition = (obj: Obj, type: string) => obj.status?.conditions?.find((c) => c.type === type);

describe('operator on the local cluster', { timeout: 15 * 60_000 }, () => {
  let cluster: Awaited<ReturnType<typeof ensureCluster>>;
  let ns: string;
  let operator: OperatorProcess;
  let kubeconfigPath: string;
  let cleanupNamespace: () => Promise<void>;

  const kubectl = (args: string[], input?: string) => cluster.kubectl(args, input);
  const getJson = async <T = Obj>(kind: string, name?: string): Promise<T> =>
    JSON.parse(await kubectl(['-n', ns, 'get', kind, ...(name ? [name] : []), '-o', 'json'])) as T;
  const applyInstance = async (name: string, spec: Record<string, unknown>) => {
    const doc = {
      apiVersion: 'gdprmeet.io/v1alpha1',
      kind: 'GdprJitsiMeet',
      metadata: { name, namespace: ns },
      spec,
    };
    await kubectl(
      ['apply', '--server-side', '--field-manager=e2e-user', '-f', '-'],
      JSON.stringify(doc),
    );
  };
  const waitReady = (name: string, timeoutMs = 120_000) =>
    waitFor(
      async () => {
        const obj = await getJson('gdprjitsimeet', name);
        const ready = condition(obj, 'Ready');
        return ready?.status === 'True' &&
          obj.status?.observedGeneration === obj.metadata.generation
          ? obj
          : undefined;
      },
      { timeoutMs, description: `GdprJitsiMeet ${name} Ready` },
    );
  const basicSpec = () =>
    (load(readFileSync(`${ROOT}/examples/basic.yaml`, 'utf8')) as { spec: Record<string, unknown> })
      .spec;

  before(async () => {
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('operator');
    ns = namespace.name;
    cleanupNamespace = namespace.cleanup;
    kubeconfigPath = await operatorKubeconfig(cluster);
    operator = await startOperatorProcess({
      kubeconfigPath,
      args: ['--namespaces', ns, '--resync-seconds', '3'],
    });
    await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers');
  });

  after(async () => {
    await operator.stop();
    await cleanupNamespace();
  });

  test('instance becomes Ready with every pod on an EU node', async () => {
    await applyInstance('demo', basicSpec());
    const ready = await waitReady('demo');
    assert.equal(condition(ready, 'Ready')?.observedGeneration, ready.metadata.generation);
    assert.equal(condition(ready, 'DataResidency')?.status, 'True');
    assert.equal(condition(ready, 'MediaReachable')?.status, 'Unknown');

    const pods = (await getJson<{ items: Obj[] }>('pods')).items.filter(
      (p: Obj) => p.metadata.labels?.['gdprmeet.io/instance'] === 'demo',
    );
    assert.equal(pods.length, 4, 'one pod per component');
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-o', 'json'])) as { items: Obj[] };
    const regionOf = new Map(
      nodes.items.map((n) => [
        n.metadata.name,
        n.metadata.labels?.['topology.kubernetes.io/region'] ?? '',
      ]),
    );
    for (const pod of pods) {
      const region = regionOf.get(pod.spec?.nodeName ?? '') ?? '';
      assert.ok(
        EU_REGIONS.has(region),
        `pod ${pod.metadata.name} on node ${pod.spec?.nodeName} in ${region}`,
      );
    }
    assert.equal(ready.status?.placements?.length, 4);

    for (const kind of CHILD_KINDS) {
      const list = await getJson<{ items: Obj[] }>(kind);
      const owned = list.items.filter((o) =>
        o.metadata.ownerReferences?.some(
          (r) => r.kind === 'GdprJitsiMeet' && r.name === 'demo' && r.controller,
        ),
      );
      assert.ok(owned.length > 0, `no ${kind} owned by the instance`);
    }
  });

  /** Watches several 3-second resyncs and returns the operator's writes in that window. */
  const writesDuringResyncs = async () => {
    const since = new Date();
    const finished = () =>
      operator.logs.filter((l) => l['msg'] === 'reconcile finished' && l['name'] === 'demo').length;
    const reconcilesBefore = finished();
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    // Other tests may run operators under the same ServiceAccount in their own namespaces.
    const writes = readAudit(cluster.auditLogPath, { user: OPERATOR_USER, since }).filter(
      (e) => WRITE_VERBS.has(e.verb) && e.objectRef?.namespace === ns,
    );
    // The window covers several 3-second resyncs, so the instance was reconciled meanwhile.
    assert.ok(finished() - reconcilesBefore >= 2, 'the instance was reconciled during the window');
    return writes.map(
      (e) =>
        `${e.verb} ${e.objectRef?.resource}/${e.objectRef?.subresource ?? ''} ${e.objectRef?.name}`,
    );
  };

  test('steady-state resync sends no writes', async () => {
    await waitReady('demo');
    // Let reconciles triggered by the rollout settle, then watch several resync periods.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.deepEqual(await writesDuringResyncs(), []);
  });

  test('restarted operator sends no writes', async () => {
    await operator.stop();
    // The caches of a new process start from lists, whose items differ in form from watch events.
    operator = await startOperatorProcess({
      kubeconfigPath,
      args: ['--namespaces', ns, '--resync-seconds', '3'],
    });
    await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.deepEqual(await writesDuringResyncs(), []);
  });

  test('deleted child comes back', async () => {
    const before = await getJson('configmap', 'demo-web-config');
    await kubectl(['-n', ns, 'delete', 'configmap', 'demo-web-config']);
    const back = await waitFor(
      async () => {
        const obj = await getJson('configmap', 'demo-web-config').catch(() => undefined);
        return obj && obj.metadata.uid !== before.metadata.uid ? obj : undefined;
      },
      { timeoutMs: 30_000, description: 'ConfigMap recreated' },
    );
    assert.deepEqual(back.data, before.data);
  });

  test('deleted Secret restarts its readers together', async () => {
    await waitReady('demo');
    const before = await getJson('secret', 'demo-credentials');
    await kubectl(['-n', ns, 'delete', 'secret', 'demo-credentials']);
    const after = await waitFor(
      async () => {
        const obj = await getJson('secret', 'demo-credentials').catch(() => undefined);
        return obj && obj.metadata.uid !== before.metadata.uid ? obj : undefined;
      },
      { timeoutMs: 30_000, description: 'Secret recreated' },
    );

    const revision = (name: string) =>
      getJson(name.endsWith('web') ? 'deployment' : 'statefulset', name).then(
        (o) => o.spec?.template?.metadata?.annotations?.['gdprmeet.io/credentials-revision'],
      );
    await waitFor(
      async () => ((await revision('demo-prosody')) === after.metadata.uid ? true : undefined),
      {
        timeoutMs: 30_000,
        description: 'Prosody pod template names the new Secret',
      },
    );
    assert.equal(await revision('demo-jicofo'), after.metadata.uid);
    assert.equal(await revision('demo-jvb'), after.metadata.uid);
    assert.equal(await revision('demo-web'), undefined, 'the web pods read no password');

    const events = await kubectl([
      '-n',
      ns,
      'get',
      'events.events.k8s.io',
      '--field-selector',
      'reason=CredentialsRecreated',
      '-o',
      'name',
    ]);
    assert.notEqual(events.trim(), '', 'a Warning Event says the passwords changed');
    await waitReady('demo');
  });

  test('edited owned field is reverted', async () => {
    const original = await getJson('service', 'demo-web');
    await kubectl([
      '-n',
      ns,
      'label',
      'service',
      'demo-web',
      '--overwrite',
      'app.kubernetes.io/component=tampered',
    ]);
    await waitFor(
      async () => {
        const obj = await getJson('service', 'demo-web');
        return obj.metadata.labels?.['app.kubernetes.io/component'] ===
          original.metadata.labels?.['app.kubernetes.io/component']
          ? obj
          : undefined;
      },
      { timeoutMs: 30_000, description: 'Service label reverted' },
    );
  });

  test('unrelated edit restarts no pod', async () => {
    const podsBefore = (await getJson<{ items: Obj[] }>('pods')).items
      .map((p) => p.metadata.uid)
      .sort();
    const stsBefore = await getJson('statefulset', 'demo-prosody');
    await kubectl([
      '-n',
      ns,
      'annotate',
      'gdprjitsimeet',
      'demo',
      '--overwrite',
      'example.com/owner=team-a',
    ]);
    await kubectl(['-n', ns, 'label', 'gdprjitsimeet', 'demo', '--overwrite', 'cost-center=42']);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const stsAfter = await getJson('statefulset', 'demo-prosody');
    assert.equal(stsAfter.metadata.generation, stsBefore.metadata.generation);
    const podsAfter = (await getJson<{ items: Obj[] }>('pods')).items
      .map((p) => p.metadata.uid)
      .sort();
    assert.deepEqual(podsAfter, podsBefore);
  });

  test('relabelled node turns DataResidency False', async () => {
    const instance = await waitReady('demo');
    const placement = instance.status?.placements?.find((p) => p.name.startsWith('demo-jvb'));
    assert.ok(placement, 'jvb placement in status');
    const node = placement.node;
    const originalRegion = placement.region;
    try {
      await kubectl([
        'label',
        'node',
        node,
        '--overwrite',
        'topology.kubernetes.io/region=us-east-1',
      ]);
      const degraded = await waitFor(
        async () => {
          const obj = await getJson('gdprjitsimeet', 'demo');
          return condition(obj, 'DataResidency')?.status === 'False' ? obj : undefined;
        },
        { timeoutMs: 30_000, description: 'DataResidency False' },
      );
      const message = condition(degraded, 'DataResidency')?.message ?? '';
      assert.match(
        message,
        new RegExp(`pod ${placement.name} runs on node ${node} with region us-east-1`),
      );
      assert.equal(condition(degraded, 'Ready')?.status, 'False');
      const events = await kubectl([
        '-n',
        ns,
        'get',
        'events',
        '--field-selector',
        'reason=PodOutsideAllowedRegions',
        '-o',
        'name',
      ]);
      assert.notEqual(events.trim(), '', 'a Warning Event names the violation');
    } finally {
      await kubectl([
        'label',
        'node',
        node,
        '--overwrite',
        `topology.kubernetes.io/region=${originalRegion}`,
      ]);
    }
    const recovered = await waitReady('demo', 30_000);
    assert.equal(condition(recovered, 'DataResidency')?.status, 'True');
  });

  test('invalid update settles and keeps placements', async () => {
    await waitReady('demo');
    // Passes the schema but not the semantic check: verbose logging at most 7 days ahead.
    await applyInstance('demo', {
      ...basicSpec(),
      privacy: { logging: { prosody: 'Debug', until: '2099-01-01T00:00:00Z' } },
    });
    const invalid = await waitFor(
      async () => {
        const obj = await getJson('gdprjitsimeet', 'demo');
        return condition(obj, 'Ready')?.reason === 'InvalidSpec' ? obj : undefined;
      },
      { timeoutMs: 30_000, description: 'Ready=False InvalidSpec' },
    );
    assert.match(condition(invalid, 'Ready')?.message ?? '', /spec\.privacy\.logging\.until/);
    assert.equal(condition(invalid, 'DataResidency')?.status, 'True', 'pods still observed');
    assert.ok((invalid.status?.placements ?? []).length >= 4, 'placements kept');

    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const statusWrites = readAudit(cluster.auditLogPath, { user: OPERATOR_USER, since }).filter(
      (e) =>
        e.objectRef?.namespace === ns &&
        e.objectRef.name === 'demo' &&
        e.objectRef.subresource === 'status',
    );
    assert.ok(statusWrites.length <= 1, `status writes in 10 s: ${statusWrites.length}`);
    const failures = operator.logs.filter(
      (l) =>
        l['name'] === 'demo' &&
        typeof l['msg'] === 'string' &&
        l['msg'].startsWith('reconcile failed') &&
        Number(l['time']) >= since.getTime(),
    );
    // Resyncs every 3 s may revisit it, but nothing makes it spin.
    assert.ok(failures.length <= 4, `failed reconciles in 10 s: ${failures.length}`);

    await applyInstance('demo', basicSpec());
    await waitReady('demo');
  });

  test('spec outside the schema gets the API server message', async () => {
    const spec = { ...basicSpec(), residency: { allowedRegions: ['eu-west-2'] } };
    const doc = {
      apiVersion: 'gdprmeet.io/v1alpha1',
      kind: 'GdprJitsiMeet',
      metadata: { name: 'london', namespace: ns },
      spec,
    };
    await assert.rejects(
      kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(doc)),
      /spec\.residency\.allowedRegions/,
    );
  });

  test('unschedulable spec reports NoEligibleNodes and backs off', async () => {
    const since = new Date();
    await applyInstance('north', { ...basicSpec(), residency: { allowedRegions: ['eu-north-1'] } });
    const blocked = await waitFor(
      async () => {
        const obj = await getJson('gdprjitsimeet', 'north');
        return condition(obj, 'Ready')?.reason === 'NoEligibleNodes' ? obj : undefined;
      },
      { timeoutMs: 30_000, description: 'Ready=False NoEligibleNodes' },
    );
    assert.equal(condition(blocked, 'Ready')?.status, 'False');
    assert.match(condition(blocked, 'Ready')?.message ?? '', /eu-north-1/);
    const events = JSON.parse(
      await kubectl([
        '-n',
        ns,
        'get',
        'events.events.k8s.io',
        '--field-selector',
        'reason=NoEligibleNodes',
        '-o',
        'json',
      ]),
    ) as {
      items: { regarding: { name: string }; type: string }[];
    };
    assert.ok(events.items.some((e) => e.regarding.name === 'north' && e.type === 'Warning'));
    // Retries at growing intervals: count the operator's requests about this instance in a minute.
    await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() - since.getTime())));
    const attempts = readAudit(cluster.auditLogPath, { user: OPERATOR_USER, since }).filter(
      (e) =>
        e.objectRef?.resource === 'events' &&
        WRITE_VERBS.has(e.verb) &&
        e.objectRef.namespace === ns,
    );
    const reconciles = operator.logs.filter(
      (l) => l['name'] === 'north' && l['msg'] === 'reconcile failed; retrying',
    );
    assert.ok(reconciles.length >= 2, `retried ${reconciles.length} times`);
    assert.ok(reconciles.length <= 6, `retried ${reconciles.length} times in a minute`);
    const delays = reconciles.map((l) => Number(l['retryInMs']));
    for (let i = 1; i < delays.length; i++)
      assert.ok((delays[i] ?? 0) > (delays[i - 1] ?? 0), `delays grow: ${delays.join(', ')}`);
    assert.ok(attempts.length <= 7, `event writes in a minute: ${attempts.length}`);
    const children = await getJson<{ items: Obj[] }>('statefulset');
    assert.ok(
      !children.items.some((s) => s.metadata.name.startsWith('north-')),
      'nothing deployed for a blocked instance',
    );
    await kubectl(['-n', ns, 'delete', 'gdprjitsimeet', 'north', '--wait=true']);
  });

  test('cordoned EU nodes report PodsUnschedulable', async () => {
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-o', 'json'])) as {
      items: { metadata: { name: string; labels?: Record<string, string> } }[];
    };
    const eu = nodes.items
      .filter((n) => EU_REGIONS.has(n.metadata.labels?.['topology.kubernetes.io/region'] ?? ''))
      .map((n) => n.metadata.name);
    assert.ok(eu.length >= 3, `EU nodes: ${eu.join(', ')}`);
    await kubectl(['cordon', ...eu]);
    try {
      await applyInstance('cordoned', basicSpec());
      const stuck = await waitFor(
        async () => {
          const obj = await getJson('gdprjitsimeet', 'cordoned');
          return condition(obj, 'Degraded')?.reason === 'PodsUnschedulable' ? obj : undefined;
        },
        { timeoutMs: 60_000, description: 'Degraded=True PodsUnschedulable' },
      );
      assert.equal(condition(stuck, 'Degraded')?.status, 'True');
      assert.match(
        condition(stuck, 'Degraded')?.message ?? '',
        /pod cordoned-\S+ cannot be scheduled: .*unschedulable/,
      );
      assert.equal(condition(stuck, 'Ready')?.reason, 'PodsUnschedulable');
      const pods = await getJson<{ items: Obj[] }>('pods');
      assert.ok(
        pods.items
          .filter((p) => p.metadata.name.startsWith('cordoned-'))
          .every((p) => p.spec?.nodeName === undefined),
        'no pod of the instance was placed outside the EU',
      );
    } finally {
      await kubectl(['uncordon', ...eu]);
    }
    await waitReady('cordoned');
    await kubectl(['-n', ns, 'delete', 'gdprjitsimeet', 'cordoned', '--wait=true']);
  });

  test('deleting the instance garbage-collects children', async () => {
    await applyInstance('gone', basicSpec());
    await waitReady('gone');
    await kubectl(['-n', ns, 'delete', 'gdprjitsimeet', 'gone', '--wait=true']);
    await waitFor(
      async () => {
        const left: string[] = [];
        for (const kind of CHILD_KINDS) {
          const list = await getJson<{ items: Obj[] }>(kind);
          left.push(
            ...list.items
              .filter((o) => o.metadata.name.startsWith('gone-'))
              .map((o) => `${kind}/${o.metadata.name}`),
          );
        }
        return left.length === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, description: 'children of the deleted instance removed' },
    );
  });

  for (const point of ['after-credentials', 'after-apply']) {
    test(`SIGKILL ${point} leaves one of each child`, async () => {
      await operator.stop();
      const name = `crash-${point.replace('after-', '')}`;
      const crashing = await startOperatorProcess({
        kubeconfigPath,
        args: ['--namespaces', ns],
        env: { GDPR_JITSI_FAILPOINT: `${point}:${name}` },
      });
      await crashing.waitForLog((l) => l['msg'] === 'caches synced; starting workers');
      await applyInstance(name, basicSpec());
      assert.equal(await crashing.exited, 'SIGKILL', 'operator killed at the failpoint');
      const beforeRestart = await getJson('secret', `${name}-credentials`);
      const status = (await getJson('gdprjitsimeet', name)).status;
      assert.equal(status?.conditions, undefined, 'no status written before the kill');

      operator = await startOperatorProcess({
        kubeconfigPath,
        args: ['--namespaces', ns, '--resync-seconds', '3'],
      });
      await waitReady(name);
      const afterRestart = await getJson('secret', `${name}-credentials`);
      assert.deepEqual(afterRestart.data, beforeRestart.data, 'Secret bytes unchanged');
      assert.equal(afterRestart.metadata.uid, beforeRestart.metadata.uid);
      for (const kind of ['statefulset', 'deployment', 'secret']) {
        const names = (await getJson<{ items: Obj[] }>(kind)).items
          .map((o) => o.metadata.name)
          .filter((n) => n.startsWith(`${name}-`));
        assert.equal(new Set(names).size, names.length, `${kind} names unique`);
      }
      const secrets = (await getJson<{ items: Obj[] }>('secret')).items.filter((o) =>
        o.metadata.name.startsWith(`${name}-`),
      );
      assert.equal(secrets.length, 1, 'exactly one credentials Secret');
    });
  }
});
