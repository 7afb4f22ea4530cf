import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CommandError,
  clientCertificateKubeconfig,
  createKubectl,
  ensureCluster,
  waitFor,
  withTestNamespace,
  type Cluster,
} from '../helpers/cluster.ts';

const EU_REGIONS = new Set(['eu-central-1', 'eu-west-1']);
const REGION = 'topology.kubernetes.io/region';

interface Item {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: {
    nodeName?: string;
    taints?: { key: string; effect: string }[];
    storageClassName?: string;
  };
  status?: {
    phase?: string;
    readyReplicas?: number;
    succeeded?: number;
    addresses?: { type: string; address: string }[];
    conditions?: { type: string; status: string }[];
  };
}

/** Builds a pod template that meets the `restricted` Pod Security Standard. kwok never runs it. */
function podTemplate(app: string, affinity?: Record<string, unknown>) {
  return {
    metadata: { labels: { app } },
    spec: {
      ...(affinity ? { affinity } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'main',
          image: 'registry.k8s.io/pause:3.10',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

function regionAffinity(region: string) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: REGION, operator: 'In', values: [region] }] },
        ],
      },
    },
  };
}

function statefulSet(
  name: string,
  replicas: number,
  affinity?: Record<string, unknown>,
  volumeGi?: number,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: podTemplate(name, affinity),
      ...(volumeGi
        ? {
            volumeClaimTemplates: [
              {
                metadata: { name: 'data' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: `${volumeGi}Gi` } },
                },
              },
            ],
          }
        : {}),
    },
  };
}

describe('local control plane', { timeout: 10 * 60_000 }, () => {
  let cluster: Cluster;
  let ns: string;
  let cleanupNamespace: (() => Promise<void>) | undefined;
  const kubectl = (args: string[], input?: string) => cluster.kubectl(args, input);
  const create = (doc: object) => kubectl(['-n', ns, 'create', '-f', '-'], JSON.stringify(doc));
  const list = async (kind: string, selector?: string): Promise<Item[]> =>
    (
      JSON.parse(
        await kubectl(['-n', ns, 'get', kind, ...(selector ? ['-l', selector] : []), '-o', 'json']),
      ) as { items: Item[] }
    ).items;
  const nodeRegions = async () =>
    new Map(
      (await list('nodes')).map((node) => [
        node.metadata.name,
        node.metadata.labels?.[REGION] ?? '',
      ]),
    );
  const waitReadyReplicas = (name: string, replicas: number) =>
    waitFor(
      async () =>
        (await list('statefulset')).find((set) => set.metadata.name === name)?.status
          ?.readyReplicas === replicas,
      { timeoutMs: 90_000, description: `StatefulSet ${name} with ${replicas} ready replicas` },
    );

  before(async () => {
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('cluster');
    ns = namespace.name;
    cleanupNamespace = namespace.cleanup;
    // Created first, so that the minute-based schedule has fired by the last test.
    await create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              ...podTemplate('tick'),
              spec: { ...podTemplate('tick').spec, restartPolicy: 'Never' },
            },
          },
        },
      },
    });
  });

  after(async () => {
    await cleanupNamespace?.();
  });

  test('five simulated nodes are Ready with regions, zones and addresses', async () => {
    const nodes = (await list('nodes')).filter((node) => node.metadata.labels?.['type'] === 'kwok');
    assert.equal(nodes.length, 5);
    const regions = nodes.map((node) => node.metadata.labels?.[REGION]).sort();
    assert.deepEqual(regions, [
      'ap-southeast-1',
      'eu-central-1',
      'eu-central-1',
      'eu-west-1',
      'us-east-1',
    ]);
    const seen = new Set<string>();
    for (const node of nodes) {
      const labels = node.metadata.labels ?? {};
      assert.ok(
        labels['topology.kubernetes.io/zone']?.startsWith(labels[REGION] ?? '-'),
        `zone of ${node.metadata.name}`,
      );
      assert.equal(labels['kubernetes.io/hostname'], node.metadata.name);
      assert.equal(labels['kubernetes.io/os'], 'linux');
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.status, 'True', `${node.metadata.name} Ready`);
      const internal = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
      const external = node.status?.addresses?.find((a) => a.type === 'ExternalIP')?.address ?? '';
      assert.match(internal, /^10\./, `InternalIP of ${node.metadata.name}`);
      assert.match(
        external,
        /^(192\.0\.2|198\.51\.100|203\.0\.113)\./,
        `ExternalIP of ${node.metadata.name}`,
      );
      assert.ok(
        !seen.has(internal) && !seen.has(external),
        `addresses of ${node.metadata.name} are unique`,
      );
      seen.add(internal).add(external);
      const euTaint = (node.spec?.taints ?? []).some(
        (t) => t.key === 'gdprmeet.io/eu-capacity' && t.effect === 'PreferNoSchedule',
      );
      assert.equal(
        euTaint,
        EU_REGIONS.has(labels[REGION] ?? ''),
        `EU taint on ${node.metadata.name}`,
      );
    }
  });

  test('StatefulSet without affinity gets replicas outside the EU', async () => {
    await create(statefulSet('anywhere', 3));
    await waitReadyReplicas('anywhere', 3);
    const regionOf = await nodeRegions();
    const pods = await list('pods', 'app=anywhere');
    assert.equal(pods.length, 3);
    // The EU nodes' PreferNoSchedule taint outweighs the default spreading score, so every
    // replica lands outside the EU; without the taint some would land on EU nodes.
    for (const pod of pods) {
      const region = regionOf.get(pod.spec?.nodeName ?? '') ?? '';
      assert.ok(
        !EU_REGIONS.has(region),
        `${pod.metadata.name} on ${pod.spec?.nodeName} in ${region}`,
      );
    }
  });

  test('StatefulSet with eu-central-1 affinity and volumes runs there with bound PVCs', async () => {
    await create(statefulSet('eu', 3, regionAffinity('eu-central-1'), 1));
    await waitReadyReplicas('eu', 3);
    const regionOf = await nodeRegions();
    const pods = await list('pods', 'app=eu');
    assert.equal(pods.length, 3);
    for (const pod of pods) {
      assert.equal(
        regionOf.get(pod.spec?.nodeName ?? ''),
        'eu-central-1',
        `node of ${pod.metadata.name}`,
      );
    }
    const claims = await waitFor(
      async () => {
        const items = (await list('pvc')).filter((c) => c.metadata.name.startsWith('data-eu-'));
        return items.length === 3 && items.every((c) => c.status?.phase === 'Bound')
          ? items
          : undefined;
      },
      { timeoutMs: 30_000, description: 'three Bound PVCs' },
    );
    for (const claim of claims) assert.equal(claim.spec?.storageClassName, 'kwok-volume');
  });

  test('affinity to a region without nodes leaves pods Pending', async () => {
    await create(statefulSet('nowhere', 1, regionAffinity('sa-east-1')));
    const events = await waitFor(
      async () => {
        const text = await kubectl([
          '-n',
          ns,
          'get',
          'events',
          '--field-selector',
          'reason=FailedScheduling,involvedObject.name=nowhere-0',
          '-o',
          'json',
        ]);
        const items = (JSON.parse(text) as { items: { message: string }[] }).items;
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 60_000, description: 'FailedScheduling event for nowhere-0' },
    );
    assert.match(events[0]?.message ?? '', /didn't match Pod's node affinity\/selector/);
    const [pod] = await list('pods', 'app=nowhere');
    assert.equal(pod?.status?.phase, 'Pending');
    assert.equal(pod.spec?.nodeName, undefined);
  });

  test('namespace enforces the restricted Pod Security Standard', async () => {
    const spec = podTemplate('privileged').spec;
    const containers = spec.containers.map((c) => ({
      ...c,
      securityContext: { allowPrivilegeEscalation: true },
    }));
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'privileged' },
      spec: { ...spec, containers },
    };
    await assert.rejects(
      kubectl(['-n', ns, 'create', '--dry-run=server', '-f', '-'], JSON.stringify(pod)),
      (error: CommandError) => /violates PodSecurity "restricted:latest"/.test(error.stderr),
    );
  });

  test('default ServiceAccount may create pods only after a RoleBinding', async () => {
    const canI = [
      'auth',
      'can-i',
      'create',
      'pods',
      '-n',
      ns,
      `--as=system:serviceaccount:${ns}:default`,
    ];
    await assert.rejects(
      kubectl(canI),
      (error: CommandError) => error.exitCode === 1 && error.stdout.trim() === 'no',
    );
    await kubectl(['-n', ns, 'create', 'role', 'pod-creator', '--verb=create', '--resource=pods']);
    await kubectl([
      '-n',
      ns,
      'create',
      'rolebinding',
      'pod-creator',
      '--role=pod-creator',
      `--serviceaccount=${ns}:default`,
    ]);
    const answer = await waitFor(() => kubectl(canI).catch(() => undefined), {
      timeoutMs: 10_000,
      description: 'can-i yes',
    });
    assert.equal(answer.trim(), 'yes');
  });

  test('NodeRestriction stops a node from setting restricted labels on itself', async () => {
    const node = 'kwok-us-east-1a';
    const path = await clientCertificateKubeconfig(cluster, {
      user: `system:node:${node}`,
      groups: ['system:nodes'],
    });
    const asNode = createKubectl(cluster.binDir, path);
    try {
      await asNode(['label', 'node', node, '--overwrite', 'gdprmeet.io/e2e-probe=allowed']);
      const labels = JSON.parse(
        await kubectl(['get', 'node', node, '-o', 'jsonpath={.metadata.labels}']),
      ) as Record<string, string>;
      assert.equal(labels['gdprmeet.io/e2e-probe'], 'allowed');
      await assert.rejects(
        asNode([
          'label',
          'node',
          node,
          '--overwrite',
          'node-restriction.kubernetes.io/e2e-probe=denied',
        ]),
        (error: CommandError) =>
          /is not allowed to modify labels: node-restriction\.kubernetes\.io\/e2e-probe/.test(
            error.stderr,
          ),
      );
      // The Node authorizer already denies reading another node, before admission runs.
      await assert.rejects(
        asNode(['label', 'node', 'kwok-eu-west-1a', '--overwrite', 'gdprmeet.io/e2e-probe=other']),
        (error: CommandError) =>
          /cannot read 'kwok-eu-west-1a', only its own Node object/.test(error.stderr),
      );
    } finally {
      await kubectl(['label', 'node', node, 'gdprmeet.io/e2e-probe-']);
    }
  });

  test('workload controllers run Deployments, Jobs and garbage collection', async () => {
    await create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: podTemplate('web'),
      },
    });
    await waitFor(
      async () =>
        (await list('deployment')).find((d) => d.metadata.name === 'web')?.status?.readyReplicas ===
        2,
      {
        timeoutMs: 60_000,
        description: 'Deployment web with 2 ready replicas',
      },
    );
    await create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once' },
      spec: {
        template: {
          ...podTemplate('once'),
          spec: { ...podTemplate('once').spec, restartPolicy: 'Never' },
        },
      },
    });
    await waitFor(
      async () =>
        (await list('job')).find((j) => j.metadata.name === 'once')?.status?.succeeded === 1,
      {
        timeoutMs: 60_000,
        description: 'Job once succeeded',
      },
    );
    await kubectl(['-n', ns, 'delete', 'deployment', 'web', '--cascade=background']);
    await waitFor(
      async () =>
        (await list('replicaset')).length === 0 && (await list('pods', 'app=web')).length === 0,
      {
        timeoutMs: 60_000,
        description: 'ReplicaSet and pods of web garbage-collected',
      },
    );
  });

  test('CronJob controller starts a Job on schedule', async () => {
    const job = await waitFor(
      async () =>
        (await list('job')).find((j) =>
          j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === 'tick'),
        ),
      { timeoutMs: 90_000, description: 'a Job owned by CronJob tick' },
    );
    assert.match(job.metadata.name, /^tick-/);
  });

  test('audit log records request metadata as JSON lines', () => {
    const entries = readFileSync(cluster.auditLogPath, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            objectRef?: { namespace?: string; resource?: string };
          },
      );
    const created = entries.filter(
      (e) =>
        e['verb'] === 'create' &&
        e.objectRef?.namespace === ns &&
        e.objectRef.resource === 'statefulsets',
    );
    assert.equal(created.length, 3, 'one entry per created StatefulSet');
    for (const entry of created) {
      assert.equal(entry['level'], 'Metadata');
      assert.equal(entry['stage'], 'ResponseComplete');
      assert.equal((entry['user'] as { username: string }).username, 'admin');
      assert.equal(entry['requestObject'], undefined, 'Metadata level omits the request body');
    }
  });
});
