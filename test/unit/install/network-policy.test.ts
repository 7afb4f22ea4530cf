import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ofKind, renderChart } from '../../helpers/chart.ts';
import {
  buildVerdictProgram,
  type Flow,
  type Peer,
  type VerdictProgram,
} from '../network/verdict.ts';

const NAMESPACE = 'gdpr-jitsi-system';

const operator: Peer = {
  namespace: NAMESPACE,
  namespaceLabels: { 'kubernetes.io/metadata.name': NAMESPACE },
  podLabels: {
    'app.kubernetes.io/name': 'gdpr-jitsi-operator',
    'app.kubernetes.io/instance': 'gdpr-jitsi-operator',
  },
  ip: '10.244.1.10',
};
/** The pod of the chart's pre-delete hook Job, which runs `gdpr-jitsi release-finalizers`. */
const uninstallHook: Peer = {
  namespace: NAMESPACE,
  namespaceLabels: { 'kubernetes.io/metadata.name': NAMESPACE },
  podLabels: {
    'app.kubernetes.io/instance': 'gdpr-jitsi-operator',
    'app.kubernetes.io/component': 'release-finalizers',
    'app.kubernetes.io/part-of': 'gdpr-jitsi-operator',
  },
  ip: '10.244.1.12',
};
const apiServer: Peer = { ip: '10.0.0.1' };
const otherAddress: Peer = { ip: '10.0.0.2' };
const node: Peer = { ip: '192.168.1.5' };
const pod = (namespace: string, labels: Record<string, string>, ip: string): Peer => ({
  namespace,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  podLabels: labels,
  ip,
});
const dns = pod('kube-system', { 'k8s-app': 'kube-dns' }, '10.244.0.10');
const otherKubeSystem = pod('kube-system', { app: 'metrics-server' }, '10.244.0.11');
const neighbour = pod(NAMESPACE, { app: 'other' }, '10.244.1.11');
const prometheus = pod('monitoring', { app: 'prometheus' }, '10.244.2.10');
const grafana = pod('monitoring', { app: 'grafana' }, '10.244.2.11');
const prometheusElsewhere = pod('team-a', { app: 'prometheus' }, '10.244.3.10');

const flow = (
  name: string,
  source: Peer,
  destination: Peer,
  port: number,
  protocol: 'TCP' | 'UDP' = 'TCP',
): Flow => ({ name, source, destination, port, protocol });

/**
 * Runs every flow against the chart's NetworkPolicies for `values`: the operator's and the one
 * of the uninstall hook, which exists only while `helm uninstall` runs. Returns name → allowed.
 */
async function verdicts(
  program: VerdictProgram,
  values: Record<string, unknown>,
  flows: Flow[],
): Promise<Map<string, boolean>> {
  const policies = ofKind(await renderChart({ values }), 'NetworkPolicy');
  assert.equal(policies.length, 2);
  const results = await program.evaluate(policies, flows);
  return new Map(results.map((v) => [v.name, v.allowed]));
}

describe('chart NetworkPolicy', () => {
  let program: VerdictProgram;

  before(async () => {
    program = await buildVerdictProgram();
  });

  after(async () => {
    await program.close();
  });

  test('defaults: API server and DNS only', async () => {
    const cases: [Flow, boolean][] = [
      [flow('api server 6443', operator, apiServer, 6443), true],
      [flow('api server 443', operator, apiServer, 443), true],
      [flow('api server 80', operator, apiServer, 80), false],
      [flow('dns udp', operator, dns, 53, 'UDP'), true],
      [flow('dns tcp', operator, dns, 53), true],
      [flow('other kube-system pod 53', operator, otherKubeSystem, 53, 'UDP'), false],
      [flow('neighbour pod', operator, neighbour, 8080), false],
      [flow('prometheus scrape', prometheus, operator, 8080), false],
      [flow('neighbour to metrics', neighbour, operator, 8080), false],
      [flow('hook to api server', uninstallHook, apiServer, 6443), true],
      [flow('hook to dns', uninstallHook, dns, 53, 'UDP'), true],
      [flow('hook to neighbour', uninstallHook, neighbour, 8080), false],
      [flow('hook to operator', uninstallHook, operator, 8080), false],
      [flow('prometheus to hook', prometheus, uninstallHook, 8080), false],
    ];
    const allowed = await verdicts(
      program,
      {},
      cases.map(([f]) => f),
    );
    for (const [f, expected] of cases) assert.equal(allowed.get(f.name), expected, f.name);
  });

  test('configured: API server address, scraper and probes', async () => {
    const values = {
      networkPolicy: {
        apiServer: { cidrs: ['10.0.0.1/32'] },
        metrics: {
          namespaceSelector: { 'kubernetes.io/metadata.name': 'monitoring' },
          podSelector: { app: 'prometheus' },
        },
        probes: { cidrs: ['192.168.0.0/16'] },
      },
    };
    const cases: [Flow, boolean][] = [
      [flow('api server address', operator, apiServer, 6443), true],
      [flow('other address on 6443', operator, otherAddress, 6443), false],
      [flow('prometheus scrape', prometheus, operator, 8080), true],
      [flow('prometheus other port', prometheus, operator, 9090), false],
      [flow('grafana in monitoring', grafana, operator, 8080), false],
      [flow('prometheus in another namespace', prometheusElsewhere, operator, 8080), false],
      [flow('kubelet probe', node, operator, 8080), true],
      [flow('node on another port', node, operator, 22), false],
      [flow('neighbour to metrics', neighbour, operator, 8080), false],
      [flow('hook to api server address', uninstallHook, apiServer, 6443), true],
      [flow('hook to other address', uninstallHook, otherAddress, 6443), false],
      [flow('prometheus to hook', prometheus, uninstallHook, 8080), false],
    ];
    const allowed = await verdicts(
      program,
      values,
      cases.map(([f]) => f),
    );
    for (const [f, expected] of cases) assert.equal(allowed.get(f.name), expected, f.name);
  });

  test('disabled renders no policy', async () => {
    const objects = await renderChart({ values: { networkPolicy: { enabled: false } } });
    assert.equal(ofKind(objects, 'NetworkPolicy').length, 0);
  });
});
