import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateHealth, type HealthCase } from '../../helpers/argocd.ts';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
}

/** A GdprJitsiMeet at `generation` with the given status (none when undefined). */
function instance(generation: number | undefined, status?: Record<string, unknown>) {
  return {
    apiVersion: 'gdprmeet.io/v1alpha1',
    kind: 'GdprJitsiMeet',
    metadata: {
      name: 'meet',
      namespace: 'jitsi',
      ...(generation === undefined ? {} : { generation }),
    },
    spec: { domain: 'meet.example.eu' },
    ...(status === undefined ? {} : { status }),
  };
}

const ready = (status: Condition['status'], reason: string, message = ''): Condition => ({
  type: 'Ready',
  status,
  reason,
  message,
});
const degraded = (status: Condition['status'], reason: string, message = ''): Condition => ({
  type: 'Degraded',
  status,
  reason,
  message,
});
const progressing = (status: Condition['status'], reason: string): Condition => ({
  type: 'Progressing',
  status,
  reason,
  message: status === 'True' ? 'components are rolling out' : '',
});
const residency = (status: Condition['status'], reason: string): Condition => ({
  type: 'DataResidency',
  status,
  reason,
  message: status === 'False' ? 'pod meet-web-0 runs in region us-east-1' : '',
});

/** The status of a Ready instance as the operator writes it. */
const healthyConditions = (): Condition[] => [
  ready('True', 'AllComponentsReady', 'all components are ready'),
  progressing('False', 'AsExpected'),
  degraded('False', 'AsExpected'),
  residency('True', 'PodsInAllowedRegions'),
];

const observedAt = (generation: number, conditions: Condition[]) => ({
  observedGeneration: generation,
  conditions,
});

const CASES: { name: string; object: Record<string, unknown>; status: string; message?: RegExp }[] =
  [
    {
      name: 'no status',
      object: instance(1),
      status: 'Progressing',
      message: /Waiting for the operator/,
    },
    { name: 'empty status', object: instance(1, {}), status: 'Progressing' },
    {
      name: 'generation not observed yet',
      object: instance(3, observedAt(2, healthyConditions())),
      status: 'Progressing',
      message: /observe generation 3/,
    },
    {
      name: 'stale Degraded is not reported',
      object: instance(3, observedAt(2, [degraded('True', 'InvalidSpec', 'bad domain')])),
      status: 'Progressing',
    },
    {
      name: 'ready and observed',
      object: instance(2, observedAt(2, healthyConditions())),
      status: 'Healthy',
      message: /all components are ready/,
    },
    {
      name: 'rolling out',
      object: instance(1, {
        observedGeneration: 1,
        conditions: [
          ready('False', 'RollingOut', 'waiting for web (0/1 ready)'),
          progressing('True', 'RollingOut'),
          degraded('False', 'AsExpected'),
          residency('Unknown', 'NoPodsScheduled'),
        ],
      }),
      status: 'Progressing',
      message: /rolling out/,
    },
    {
      name: 'Degraded condition true',
      object: instance(
        1,
        observedAt(1, [
          ready('False', 'ReconcileStepFailed', 'step apply failed'),
          degraded('True', 'ReconcileStepFailed', 'step apply failed: timeout'),
        ]),
      ),
      status: 'Degraded',
      message: /step apply failed: timeout/,
    },
    {
      name: 'invalid spec',
      object: instance(1, observedAt(1, [ready('False', 'InvalidSpec', 'spec.domain is empty')])),
      status: 'Degraded',
      message: /spec\.domain is empty/,
    },
    {
      name: 'no eligible nodes',
      object: instance(1, observedAt(1, [ready('False', 'NoEligibleNodes')])),
      status: 'Degraded',
      message: /NoEligibleNodes/,
    },
    {
      name: 'pod outside allowed regions',
      object: instance(
        1,
        observedAt(1, [
          ready('True', 'AllComponentsReady'),
          residency('False', 'PodOutsideAllowedRegions'),
        ]),
      ),
      status: 'Degraded',
      message: /us-east-1/,
    },
    {
      name: 'ready false for another reason',
      object: instance(1, observedAt(1, [ready('False', 'ReconcileStepFailed', 'retrying')])),
      status: 'Progressing',
      message: /retrying/,
    },
    {
      name: 'ready unknown',
      object: instance(1, observedAt(1, [ready('Unknown', 'Pending')])),
      status: 'Progressing',
    },
    {
      name: 'observed without conditions',
      object: instance(1, observedAt(1, [])),
      status: 'Progressing',
    },
    {
      name: 'no generation in metadata',
      object: instance(undefined, observedAt(1, healthyConditions())),
      status: 'Healthy',
    },
  ];

describe('Argo CD health check', () => {
  test('fixtures map to the expected health', async () => {
    const cases: HealthCase[] = CASES.map(({ name, object }) => ({ name, object }));
    const results = await evaluateHealth(cases);
    for (const [index, expected] of CASES.entries()) {
      const result = results[index];
      assert.ok(result, expected.name);
      assert.equal(result.error, undefined, `${expected.name}: ${result.error ?? ''}`);
      assert.equal(result.status, expected.status, `${expected.name}: ${result.message}`);
      if (expected.message) assert.match(result.message, expected.message, expected.name);
    }
  });

  test('runner reports Lua errors', async () => {
    const [result] = await evaluateHealth([{ name: 'x', object: instance(1) }], 'return nil + 1');
    assert.match(result?.error ?? '', /cannot perform add operation/);
  });

  test('runner has no string library', async () => {
    const script = 'return { status = string.upper("healthy") }';
    const [result] = await evaluateHealth([{ name: 'x', object: instance(1) }], script);
    assert.match(result?.error ?? '', /string/);
  });

  test('runner maps unknown status to Unknown', async () => {
    const [result] = await evaluateHealth(
      [{ name: 'x', object: instance(1) }],
      'return { status = "Fine" }',
    );
    assert.equal(result?.status, 'Unknown');
  });
});
