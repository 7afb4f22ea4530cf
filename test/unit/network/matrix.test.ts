/**
 * Runs the traffic matrix in docs/traffic-matrix.md against the built NetworkPolicies of two
 * instances in one namespace, through cyclonus's matcher (see verdict.ts). For each scenario,
 * every flow that touches a pod of instance `meet` must be allowed exactly when an `allowed`
 * row of the matrix covers it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Component, EffectiveSpec } from '../../../src/api/types.ts';
import { canonicalize } from '../../../src/resources/canonical.ts';
import { podLabels } from '../../../src/resources/labels.ts';
import { buildNetworkPolicies } from '../../../src/resources/network-policies.ts';
import { retentionPodLabels } from '../../../src/resources/retention.ts';
import { effectiveSpec } from '../resources/fixtures.ts';
import { readMatrixDoc, type MatrixRow, type PortSpec } from './matrix-doc.ts';
import { buildVerdictProgram, type Flow, type Peer, type VerdictProgram } from './verdict.ts';

const NAMESPACE = 'jitsi';
const COMPONENTS: Component[] = ['web', 'prosody', 'jicofo', 'jvb'];
const CONTROLLER_LABELS = { 'app.kubernetes.io/name': 'ingress-nginx' };

const doc = readMatrixDoc();

function pod(namespace: string, labels: Record<string, string>, ip: string): Peer {
  return {
    namespace,
    namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
    podLabels: labels,
    ip,
  };
}

/** Every endpoint of the page's endpoint table, as the evaluator receives it. */
const ENDPOINTS = new Map<string, Peer>([
  ...COMPONENTS.map((c, i): [string, Peer] => [
    c,
    pod(NAMESPACE, podLabels('meet', c), `10.0.0.${10 + i}`),
  ]),
  ['retention', pod(NAMESPACE, retentionPodLabels('meet'), '10.0.0.20')],
  ...COMPONENTS.map((c, i): [string, Peer] => [
    `other-${c}`,
    pod(NAMESPACE, podLabels('other', c), `10.0.1.${10 + i}`),
  ]),
  ['ingress-controller', pod('ingress-nginx', CONTROLLER_LABELS, '10.0.2.10')],
  ['ingress-namespace-other', pod('ingress-nginx', { app: 'default-backend' }, '10.0.2.11')],
  ['monitoring', pod('monitoring', { app: 'prometheus' }, '10.0.3.10')],
  ['same-namespace-pod', pod(NAMESPACE, { app: 'unrelated' }, '10.0.0.30')],
  ['other-namespace-pod', pod('apps', { app: 'shop' }, '10.0.4.10')],
  ['kube-dns', pod('kube-system', { 'k8s-app': 'kube-dns' }, '10.0.5.10')],
  ['kube-system-other', pod('kube-system', { component: 'kube-proxy' }, '10.0.5.11')],
  ['internet-v4', { ip: '203.0.113.10' }],
  ['internet-v6', { ip: '2001:db8::10' }],
]);

/** Endpoints whose flows the matrix must account for: the pods of instance `meet`. */
const SUBJECTS = new Set([...COMPONENTS, 'retention']);

const SCENARIOS: Record<string, Partial<EffectiveSpec>> = {
  A: {
    ingress: ingress({
      namespace: 'ingress-nginx',
      podSelector: { matchLabels: CONTROLLER_LABELS },
    }),
  },
  B: {
    ingress: ingress({
      namespace: 'ingress-nginx',
      podSelector: { matchLabels: CONTROLLER_LABELS },
    }),
    monitoring: { namespace: 'monitoring' },
  },
  C: { ingress: ingress({}) },
  D: { ingress: ingress({ namespace: 'ingress-nginx' }) },
  E: { ingress: ingress({ podSelector: { matchLabels: CONTROLLER_LABELS } }) },
};

function ingress(controller: EffectiveSpec['ingress']['controller']): EffectiveSpec['ingress'] {
  return { mode: 'Ingress', className: 'nginx', annotations: {}, controller };
}

function policies(name: string, overrides: Partial<EffectiveSpec>): unknown[] {
  const input = {
    instance: { name, namespace: NAMESPACE, uid: `uid-${name}` },
    spec: effectiveSpec(overrides),
    operator: { version: '0.1.0' },
  };
  return buildNetworkPolicies(input).map((o) => canonicalize(o));
}

function expand(name: string): string[] {
  return doc.groups.get(name) ?? [name];
}

function key(source: string, destination: string, port: PortSpec): string {
  return `${source} -> ${destination} ${port.protocol} ${port.port}`;
}

/** Flows the matrix allows in one scenario, as `key` strings. */
function allowedIn(scenario: string, rows: MatrixRow[]): Set<string> {
  const allowed = new Set<string>();
  for (const row of rows) {
    if (row.verdict !== 'allowed' || !row.scenarios.includes(scenario)) continue;
    for (const source of expand(row.source)) {
      for (const destination of expand(row.destination))
        allowed.add(key(source, destination, row.port));
    }
  }
  return allowed;
}

/** Returns every ordered pair of endpoints with at least one `meet` pod, on every checked port. */
function allFlows(): Flow[] {
  const flows: Flow[] = [];
  for (const [source, from] of ENDPOINTS) {
    for (const [destination, to] of ENDPOINTS) {
      if (source === destination || !(SUBJECTS.has(source) || SUBJECTS.has(destination))) continue;
      for (const port of doc.ports) {
        flows.push({
          name: key(source, destination, port),
          source: from,
          destination: to,
          ...port,
        });
      }
    }
  }
  return flows;
}

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

describe('traffic matrix page', () => {
  it('names the endpoints the test models', () => {
    assert.deepEqual([...doc.endpoints].sort(), [...ENDPOINTS.keys()].sort());
  });

  it('uses only known endpoints and checked ports', () => {
    for (const row of doc.rows) {
      for (const name of [...expand(row.source), ...expand(row.destination)]) {
        assert.ok(
          ENDPOINTS.has(name),
          `matrix row ${key(row.source, row.destination, row.port)} names unknown endpoint ${name}`,
        );
      }
      assert.ok(
        doc.ports.some((p) => p.protocol === row.port.protocol && p.port === row.port.port),
        `port ${row.port.protocol} ${row.port.port} is not in the list of checked ports`,
      );
    }
  });

  it('describes the scenarios the test runs', () => {
    assert.deepEqual(doc.scenarios, Object.keys(SCENARIOS));
  });

  it('never allows and denies one flow in one scenario', () => {
    for (const scenario of doc.scenarios) {
      const allowed = allowedIn(scenario, doc.rows);
      for (const row of doc.rows.filter(
        (r) => r.verdict === 'denied' && r.scenarios.includes(scenario),
      )) {
        for (const source of expand(row.source)) {
          for (const destination of expand(row.destination)) {
            const flow = key(source, destination, row.port);
            assert.ok(
              !allowed.has(flow),
              `scenario ${scenario}: ${flow} is both allowed and denied`,
            );
          }
        }
      }
    }
  });
});

describe('network policies against the matrix', () => {
  for (const [scenario, overrides] of Object.entries(SCENARIOS)) {
    it(`admits exactly the matrix flows in scenario ${scenario}`, async () => {
      const built = [...policies('meet', overrides), ...policies('other', SCENARIOS['A'] ?? {})];
      const flows = allFlows();
      const verdicts = await program.evaluate(built, flows);
      const expected = allowedIn(scenario, doc.rows);
      const mismatches = verdicts
        .filter((v) => v.allowed !== expected.has(v.name))
        .map(
          (v) =>
            `${v.name}: matrix says ${expected.has(v.name) ? 'allowed' : 'denied'}, policies ${v.allowed ? 'allow' : 'deny'} it`,
        );
      assert.deepEqual(mismatches, []);
      const covered = new Set(flows.map((f) => f.name));
      for (const flow of expected) {
        assert.ok(covered.has(flow), `allowed flow ${flow} was not evaluated`);
      }
    });
  }
});
