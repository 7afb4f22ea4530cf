/**
 * Checks that the verdict program reads NetworkPolicies the way the Kubernetes documentation
 * describes them (concept page "Network Policies": default deny, allow all, namespaceSelector
 * and podSelector in one peer versus two peers, ipBlock with except, ports with endPort,
 * policyTypes). The traffic matrix test trusts its answers, so this file guards the wiring of
 * the JSON request into cyclonus's matcher.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildVerdictProgram, type Flow, type Peer, type VerdictProgram } from './verdict.ts';

let program: VerdictProgram;

before(
  async () => {
    program = await buildVerdictProgram();
  },
  { timeout: 600_000 },
);

after(async () => {
  await program.close();
});

function pod(namespace: string, labels: Record<string, string>, ip: string, nsLabels = {}): Peer {
  return {
    namespace,
    namespaceLabels: { 'kubernetes.io/metadata.name': namespace, ...nsLabels },
    podLabels: labels,
    ip,
  };
}

const db = pod('default', { role: 'db' }, '10.1.0.10');
const frontend = pod('default', { role: 'frontend' }, '10.1.0.11');
const otherDefault = pod('default', { role: 'other' }, '10.1.0.12');
const projectPod = pod('myproject', { role: 'worker' }, '10.2.0.10', { project: 'myproject' });
const aliceClient = pod('alice-ns', { role: 'client' }, '10.3.0.10', { user: 'alice' });
const aliceOther = pod('alice-ns', { role: 'batch' }, '10.3.0.11', { user: 'alice' });
const defaultClient = pod('default', { role: 'client' }, '10.1.0.13');

function flow(
  name: string,
  source: Peer,
  destination: Peer,
  port: number,
  protocol: 'TCP' | 'UDP' = 'TCP',
): Flow {
  return { name, source, destination, port, protocol };
}

function networkPolicy(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { metadata: { name, namespace: 'default' }, spec };
}

async function verdicts(policies: unknown[], flows: Flow[]): Promise<Map<string, boolean>> {
  const answers = await program.evaluate(policies, flows);
  return new Map(answers.map((v) => [v.name, v.allowed]));
}

/** The documentation's `test-network-policy` example. */
const testNetworkPolicy = networkPolicy('test-network-policy', {
  podSelector: { matchLabels: { role: 'db' } },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [
    {
      from: [
        { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
        { namespaceSelector: { matchLabels: { project: 'myproject' } } },
        { podSelector: { matchLabels: { role: 'frontend' } } },
      ],
      ports: [{ protocol: 'TCP', port: 6379 }],
    },
  ],
  egress: [
    { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] },
  ],
});

describe('verdict program', () => {
  it('denies all ingress under a default deny', async () => {
    const policy = networkPolicy('default-deny-ingress', {
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    const got = await verdicts(
      [policy],
      [
        flow('frontend to db', frontend, db, 6379),
        flow('db to outside', db, { ip: '198.51.100.1' }, 443),
      ],
    );
    assert.equal(got.get('frontend to db'), false);
    assert.equal(got.get('db to outside'), true, 'egress stays open under an ingress-only deny');
  });

  it('admits all ingress with an empty rule', async () => {
    const policy = networkPolicy('allow-all-ingress', { podSelector: {}, ingress: [{}] });
    const got = await verdicts([policy], [flow('outside to db', { ip: '198.51.100.1' }, db, 1)]);
    assert.equal(got.get('outside to db'), true);
  });

  it('denies egress only with Egress in policyTypes', async () => {
    const denyEgress = networkPolicy('default-deny-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
    });
    const got = await verdicts(
      [denyEgress],
      [flow('db to outside', db, { ip: '198.51.100.1' }, 443)],
    );
    assert.equal(got.get('db to outside'), false);
  });

  it('reads absent policyTypes as Ingress only', async () => {
    const noTypes = networkPolicy('no-types', { podSelector: {} });
    const got = await verdicts(
      [noTypes],
      [
        flow('frontend to db', frontend, db, 6379),
        flow('db to outside', db, { ip: '198.51.100.1' }, 443),
      ],
    );
    assert.equal(got.get('frontend to db'), false);
    assert.equal(got.get('db to outside'), true);
  });

  it('follows the documented example policy', async () => {
    const got = await verdicts(
      [testNetworkPolicy],
      [
        flow('frontend pod', frontend, db, 6379),
        flow('other pod', otherDefault, db, 6379),
        flow('project namespace', projectPod, db, 6379),
        flow('ipBlock address', { ip: '172.17.2.5' }, db, 6379),
        flow('except address', { ip: '172.17.1.5' }, db, 6379),
        flow('wrong port', frontend, db, 6380),
        flow('egress in block', db, { ip: '10.0.0.7' }, 5978),
        flow('egress outside block', db, { ip: '10.0.1.7' }, 5978),
      ],
    );
    assert.equal(got.get('frontend pod'), true);
    assert.equal(got.get('other pod'), false);
    assert.equal(got.get('project namespace'), true);
    assert.equal(got.get('ipBlock address'), true);
    assert.equal(got.get('except address'), false);
    assert.equal(got.get('wrong port'), false);
    assert.equal(got.get('egress in block'), true);
    assert.equal(got.get('egress outside block'), false);
  });

  it('ANDs selectors in one peer', async () => {
    const and = networkPolicy('and', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { user: 'alice' } },
              podSelector: { matchLabels: { role: 'client' } },
            },
          ],
        },
      ],
    });
    const got = await verdicts(
      [and],
      [
        flow('alice client', aliceClient, db, 6379),
        flow('alice other', aliceOther, db, 6379),
        flow('default client', defaultClient, db, 6379),
      ],
    );
    assert.equal(got.get('alice client'), true);
    assert.equal(got.get('alice other'), false);
    assert.equal(got.get('default client'), false);
  });

  it('ORs selectors in two peers', async () => {
    const or = networkPolicy('or', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { user: 'alice' } } },
            { podSelector: { matchLabels: { role: 'client' } } },
          ],
        },
      ],
    });
    const got = await verdicts(
      [or],
      [
        flow('alice other', aliceOther, db, 6379),
        flow('default client', defaultClient, db, 6379),
        flow('default other', otherDefault, db, 6379),
      ],
    );
    assert.equal(got.get('alice other'), true);
    assert.equal(got.get('default client'), true);
    assert.equal(got.get('default other'), false);
  });

  it('admits a port range with endPort', async () => {
    const range = networkPolicy('multi-port-egress', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '10.0.0.0/24' } }],
          ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }],
        },
      ],
    });
    const got = await verdicts(
      [range],
      [
        flow('start', db, { ip: '10.0.0.9' }, 32000),
        flow('end', db, { ip: '10.0.0.9' }, 32768),
        flow('past end', db, { ip: '10.0.0.9' }, 32769),
        flow('udp', db, { ip: '10.0.0.9' }, 32000, 'UDP'),
      ],
    );
    assert.equal(got.get('start'), true);
    assert.equal(got.get('end'), true);
    assert.equal(got.get('past end'), false);
    assert.equal(got.get('udp'), false);
  });

  it('matches IPv6 addresses against ::/0', async () => {
    const v6 = networkPolicy('v6', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'UDP', port: 10000 }] },
      ],
    });
    const got = await verdicts(
      [v6],
      [
        flow('v6 client', { ip: '2001:db8::10' }, db, 10000, 'UDP'),
        flow('v4 client', { ip: '203.0.113.10' }, db, 10000, 'UDP'),
      ],
    );
    assert.equal(got.get('v6 client'), true);
    assert.equal(got.get('v4 client'), false);
  });

  it('rejects an invalid address', async () => {
    await assert.rejects(program.evaluate([], [flow('bad', { ip: 'not-an-ip' }, db, 1)]));
  });
});
