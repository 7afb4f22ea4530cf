import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESIRED_HASH_ANNOTATION,
  canonicalJson,
  hashObject,
  firstDifference,
  isSubset,
  withDesiredHash,
} from '../../../src/runtime/apply.ts';

const cases: { name: string; desired: unknown; live: unknown; expected: boolean }[] = [
  { name: 'equal scalars', desired: 1, live: 1, expected: true },
  { name: 'different scalars', desired: 1, live: 2, expected: false },
  { name: 'extra live fields', desired: { a: 1 }, live: { a: 1, b: 2 }, expected: true },
  { name: 'missing live field', desired: { a: 1, b: 2 }, live: { a: 1 }, expected: false },
  { name: 'list length differs', desired: [1], live: [1, 2], expected: false },
  {
    name: 'list elements with server defaults',
    desired: [{ name: 'c', image: 'x' }],
    live: [{ name: 'c', image: 'x', terminationMessagePath: '/dev/termination-log' }],
    expected: true,
  },
  { name: 'quantity 0.5 equals 500m', desired: '500m', live: '0.5', expected: true },
  { name: 'quantity 1Gi equals 1024Mi', desired: '1Gi', live: '1024Mi', expected: true },
  { name: 'quantity 1G differs from 1Gi', desired: '1G', live: '1Gi', expected: false },
  { name: 'non-quantity strings', desired: 'a', live: 'b', expected: false },
  { name: 'object against list', desired: { a: 1 }, live: [1], expected: false },
  { name: 'undefined desired field', desired: { a: undefined }, live: {}, expected: true },
  { name: 'empty string dropped by server', desired: { value: '' }, live: {}, expected: true },
  { name: 'false dropped by server', desired: { stdin: false }, live: {}, expected: true },
  { name: 'empty list dropped by server', desired: { args: [] }, live: {}, expected: true },
  {
    name: 'empty string against a value',
    desired: { value: '' },
    live: { value: 'x' },
    expected: false,
  },
  { name: 'non-empty string missing live', desired: { value: 'x' }, live: {}, expected: false },
];

test('firstDifference names the differing path', () => {
  const desired = { spec: { containers: [{ env: [{ name: 'A', value: '1' }] }] } };
  const live = { spec: { containers: [{ env: [{ name: 'A', value: '2' }] }] } };
  assert.equal(firstDifference(desired, live), 'spec.containers[0].env[0].value');
  assert.equal(firstDifference(desired, desired), undefined);
});

for (const c of cases) {
  test(`isSubset: ${c.name}`, () => {
    assert.equal(isSubset(c.desired, c.live), c.expected);
  });
}

test('canonical JSON sorts keys at every level', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } }),
    '{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}',
  );
});

test('hash ignores key order', () => {
  assert.equal(hashObject({ a: 1, b: 2 }), hashObject({ b: 2, a: 1 }));
  assert.notEqual(hashObject({ a: 1 }), hashObject({ a: 2 }));
});

test('desired hash changes when a field is removed', () => {
  const base = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', labels: { a: '1', b: '2' } },
  };
  const fewer = { ...base, metadata: { name: 'x', labels: { a: '1' } } };
  const live = withDesiredHash(base);
  assert.ok(isSubset(withDesiredHash(base), live));
  assert.ok(!isSubset(withDesiredHash(fewer), live), 'removal must count as a change');
  assert.match(live.metadata.annotations?.[DESIRED_HASH_ANNOTATION] ?? '', /^[0-9a-f]{16}$/);
});
