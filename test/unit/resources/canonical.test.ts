import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { canonicalize } from '../../../src/resources/canonical.ts';

describe('canonical form', () => {
  it('sorts keys at every level', () => {
    const out = canonicalize({ b: 1, a: { d: 1, c: [{ z: 1, y: 2 }] } });
    assert.equal(JSON.stringify(out), '{"a":{"c":[{"y":2,"z":1}],"d":1},"b":1}');
  });

  it('drops undefined, null, empty lists and empty mappings', () => {
    const out = canonicalize({ a: undefined, b: null, c: [], d: {}, e: { f: [] }, g: 0, h: false });
    assert.deepEqual(out, { g: 0, h: false });
  });

  it('keeps empty strings', () => {
    assert.deepEqual(canonicalize({ value: '' }), { value: '' });
  });

  it('keeps an empty emptyDir', () => {
    assert.deepEqual(canonicalize({ volumes: [{ name: 'tmp', emptyDir: {} }] }), {
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });
  });

  it('keeps list order', () => {
    assert.deepEqual(canonicalize({ args: ['b', 'a'] }), { args: ['b', 'a'] });
  });
});
