import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ensureCluster, waitFor, withTestNamespace, type Cluster } from '../helpers/cluster.ts';
import {
  operatorKubeconfig,
  startOperatorProcess,
  type OperatorProcess,
} from '../helpers/operator.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CRD_NAME = 'podmonitors.monitoring.coreos.com';

/**
 * A stand-in for prometheus-operator's PodMonitor CRD: same group, version, kind and scope, with
 * an open schema. The operator only asks whether the API server serves the kind.
 */
const STAND_IN_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: 'monitoring.coreos.com',
    names: {
      kind: 'PodMonitor',
      listKind: 'PodMonitorList',
      plural: 'podmonitors',
      singular: 'podmonitor',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    ],
  },
};

interface Obj {
  metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
  spec?: Record<string, unknown>;
}

describe('monitoring with prometheus-operator APIs', { timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;
  let ns: string;
  let cleanup: () => Promise<void>;
  let operator: OperatorProcess | undefined;
  let createdCrd = false;

  const list = async (kind: string) =>
    (
      JSON.parse(await cluster.kubectl(['-n', ns, 'get', kind, '-o', 'json'])) as {
        items: Obj[];
      }
    ).items;

  before(async () => {
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('podmonitor');
    ns = namespace.name;
    cleanup = namespace.cleanup;
    const existing = await cluster
      .kubectl(['get', 'crd', CRD_NAME, '--ignore-not-found', '-o', 'name'])
      .then((out) => out.trim());
    if (existing === '') {
      await cluster.kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(STAND_IN_CRD));
      createdCrd = true;
    }
    await cluster.kubectl(['wait', '--for=condition=Established', `crd/${CRD_NAME}`]);
    const kubeconfigPath = await operatorKubeconfig(cluster);
    operator = await startOperatorProcess({ kubeconfigPath, args: ['--namespaces', ns] });
    await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers');
  });

  after(async () => {
    await operator?.stop();
    await cleanup();
    if (createdCrd) await cluster.kubectl(['delete', 'crd', CRD_NAME, '--ignore-not-found']);
  });

  test('served PodMonitor replaces the scrape ConfigMap', async () => {
    const served = operator?.logs.find((l) => l['msg'] === 'optional APIs served by the cluster');
    assert.ok(
      (served?.['optionalKinds'] as string[] | undefined)?.includes('PodMonitor'),
      'the operator detected PodMonitor at start',
    );
    const spec = (load(readFileSync(join(ROOT, 'examples/basic.yaml'), 'utf8')) as { spec: object })
      .spec;
    await cluster.kubectl(
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'gdprmeet.io/v1alpha1',
        kind: 'GdprJitsiMeet',
        metadata: { name: 'watched', namespace: ns },
        spec: { ...spec, monitoring: { namespace: 'monitoring' } },
      }),
    );
    const monitors = await waitFor(
      async () => {
        const items = await list('podmonitors.monitoring.coreos.com');
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 60_000, description: 'PodMonitors of the instance' },
    );
    for (const monitor of monitors) {
      assert.ok(monitor.metadata.name.startsWith('watched-'), monitor.metadata.name);
      assert.equal(monitor.metadata.ownerReferences?.[0]?.name, 'watched');
      const selector = monitor.spec?.['namespaceSelector'] as { matchNames?: string[] } | undefined;
      assert.deepEqual(selector?.matchNames, [ns], 'scrapes only the instance namespace');
    }
    const configMaps = await list('configmap');
    assert.ok(
      !configMaps.some((c) => c.metadata.name.includes('scrape')),
      `no scrape ConfigMap: ${configMaps.map((c) => c.metadata.name).join(', ')}`,
    );
  });
});
