import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ensureCluster, waitFor, withTestNamespace, type Cluster } from '../helpers/cluster.ts';
import {
  OPERATOR_NAMESPACE,
  operatorKubeconfig,
  startOperatorProcess,
  type OperatorProcess,
} from '../helpers/operator.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

interface Lease {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

describe('leader election', { timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;
  let ns: string;
  let cleanup: () => Promise<void>;
  let kubeconfigPath: string;
  // A Lease of this test only, so other operators on the cluster do not compete for it.
  const leaseName = `test-leader-${randomBytes(3).toString('hex')}`;
  const operators: OperatorProcess[] = [];

  const startCandidate = async () => {
    const candidate = await startOperatorProcess({
      kubeconfigPath,
      args: [
        '--namespaces',
        ns,
        '--leader-elect',
        '--lease-namespace',
        OPERATOR_NAMESPACE,
        '--lease-name',
        leaseName,
      ],
    });
    operators.push(candidate);
    return candidate;
  };
  const leads = (p: OperatorProcess) =>
    p.logs.some((l) => l['msg'] === 'caches synced; starting workers');
  const lease = async () =>
    JSON.parse(
      await cluster.kubectl(['-n', OPERATOR_NAMESPACE, 'get', 'lease', leaseName, '-o', 'json']),
    ) as Lease;
  const fetchStatus = async (p: OperatorProcess, path: string) =>
    (await fetch(`http://127.0.0.1:${p.port}${path}`)).status;

  before(async () => {
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('leader');
    ns = namespace.name;
    cleanup = namespace.cleanup;
    kubeconfigPath = await operatorKubeconfig(cluster);
  });

  after(async () => {
    for (const p of operators) await p.stop();
    await cluster
      .kubectl(['-n', OPERATOR_NAMESPACE, 'delete', 'lease', leaseName, '--ignore-not-found'])
      .catch(() => undefined);
    await cleanup();
  });

  test('one of two candidates leads', async () => {
    const first = await startCandidate();
    await first.waitForLog((l) => l['msg'] === 'caches synced; starting workers');
    const second = await startCandidate();
    await waitFor(async () => ((await fetchStatus(second, '/readyz')) === 200 ? true : undefined), {
      description: 'standby ready',
    });
    // A standby keeps trying; give it a few retry periods to prove it stays a standby.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal(leads(first), true);
    assert.equal(leads(second), false, 'the standby starts no workers');
    assert.equal(await fetchStatus(second, '/healthz'), 200);
    const holder = (await lease()).spec.holderIdentity ?? '';
    const firstIdentity = first.logs.find((l) => l['msg'] === 'acquired leader lease')?.[
      'identity'
    ];
    assert.equal(holder, firstIdentity, 'the Lease names the leader');
    const metrics = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
    assert.match(metrics, /leader_election_master_status\{name="[^"]+"\} 0/);
  });

  test('standby takes over after SIGKILL', async () => {
    const [first, second] = operators;
    assert.ok(first, 'first candidate started');
    assert.ok(second, 'second candidate started');
    const spec = (load(readFileSync(join(ROOT, 'examples/basic.yaml'), 'utf8')) as { spec: object })
      .spec;
    await first.kill();
    const killedAt = Date.now();
    await second.waitForLog((l) => l['msg'] === 'caches synced; starting workers', 60_000);
    // The Lease lasts 15 s, so the standby may take it only after it expired.
    assert.ok(Date.now() - killedAt < 45_000, 'took over within three lease durations');
    await cluster.kubectl(
      ['-n', ns, 'apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'gdprmeet.io/v1alpha1',
        kind: 'GdprJitsiMeet',
        metadata: { name: 'led', namespace: ns },
        spec,
      }),
    );
    await waitFor(
      async () => {
        const obj = JSON.parse(
          await cluster.kubectl(['-n', ns, 'get', 'gjm', 'led', '-o', 'json']),
        ) as { status?: { conditions?: { type: string; status: string }[] } };
        return obj.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, description: 'the new leader reconciles to Ready' },
    );
    assert.ok(((await lease()).spec.leaseTransitions ?? 0) >= 1, 'the Lease changed hands');
  });

  test('SIGTERM releases the lease at once', async () => {
    const second = operators[1];
    assert.ok(second);
    const third = await startCandidate();
    await waitFor(async () => ((await fetchStatus(third, '/readyz')) === 200 ? true : undefined), {
      description: 'third candidate ready',
    });
    const stoppedAt = Date.now();
    assert.equal(await second.stop(), 0, 'a SIGTERM exits cleanly');
    await third.waitForLog((l) => l['msg'] === 'caches synced; starting workers', 30_000);
    // A released Lease is free at once; the candidate retries every 2 s.
    assert.ok(Date.now() - stoppedAt < 10_000, 'took over without waiting for expiry');
  });
});
