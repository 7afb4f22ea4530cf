import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConditions } from '../../../src/runtime/conditions.ts';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const t1 = new Date('2026-01-01T00:05:00.000Z');

test('conditions keep lastTransitionTime when status is unchanged', () => {
  const first = mergeConditions(
    undefined,
    [{ type: 'Ready', status: 'True', reason: 'AllReady', message: '' }],
    1,
    t0,
  );
  const second = mergeConditions(
    first,
    [{ type: 'Ready', status: 'True', reason: 'AllReady', message: 'again' }],
    2,
    t1,
  );
  assert.partialDeepStrictEqual(second, [
    { lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 2, message: 'again' },
  ]);
});

test('conditions stamp a new time on a status change', () => {
  const first = mergeConditions(
    undefined,
    [{ type: 'Ready', status: 'True', reason: 'AllReady', message: '' }],
    1,
    t0,
  );
  const second = mergeConditions(
    first,
    [{ type: 'Ready', status: 'False', reason: 'Progressing', message: '' }],
    1,
    t1,
  );
  assert.equal(second[0]?.lastTransitionTime, '2026-01-01T00:05:00Z');
});

test('conditions are sorted by type', () => {
  const list = mergeConditions(
    undefined,
    [
      { type: 'Ready', status: 'True', reason: 'A', message: '' },
      { type: 'Degraded', status: 'False', reason: 'B', message: '' },
    ],
    1,
    t0,
  );
  assert.deepEqual(
    list.map((c) => c.type),
    ['Degraded', 'Ready'],
  );
});
