import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { javaHeapEnv, parseMemoryQuantity } from '../../../src/resources/java-heap.ts';
import { effectiveSpec } from './fixtures.ts';

describe('memory quantities', () => {
  const cases = [
    { input: '512Mi', bytes: 512 * 1024 * 1024 },
    { input: '2Gi', bytes: 2 * 1024 ** 3 },
    { input: '1.5Gi', bytes: 1.5 * 1024 ** 3 },
    { input: '2G', bytes: 2e9 },
    { input: '128974848', bytes: 128974848 },
    { input: '129e6', bytes: 129e6 },
    { input: '0.5Gi', bytes: 0.5 * 1024 ** 3 },
    { input: '100Ki', bytes: 102400 },
  ];
  for (const c of cases) {
    it(`parses ${c.input}`, () => {
      assert.equal(parseMemoryQuantity(c.input, 'field'), c.bytes);
    });
  }

  for (const input of ['', '1 Gi', '2gb', '512ki', 'lots', '-1Gi', '1Gb']) {
    it(`rejects "${input}"`, () => {
      assert.throws(
        () => parseMemoryQuantity(input, 'spec.x'),
        /spec\.x is ".*", which is not a memory quantity/,
      );
    });
  }
});

describe('java heap', () => {
  const cases = [
    { limit: '1Gi', heap: '512m' },
    { limit: '1536Mi', heap: '768m' },
    { limit: '4Gi', heap: '3072m' },
    { limit: '8Gi', heap: '7168m' },
    { limit: '256Mi', heap: '128m' },
  ];
  for (const c of cases) {
    it(`sizes the jvb heap for a ${c.limit} limit`, () => {
      const spec = effectiveSpec();
      spec.resources.jvb.limits.memory = c.limit;
      assert.deepEqual(javaHeapEnv(spec, 'jvb'), { VIDEOBRIDGE_MAX_MEMORY: c.heap });
    });
  }

  it('sets the jicofo variable', () => {
    assert.deepEqual(javaHeapEnv(effectiveSpec(), 'jicofo'), { JICOFO_MAX_MEMORY: '512m' });
  });

  it('sets nothing for prosody and web', () => {
    assert.deepEqual(javaHeapEnv(effectiveSpec(), 'prosody'), {});
    assert.deepEqual(javaHeapEnv(effectiveSpec(), 'web'), {});
  });

  it('sets nothing without a memory limit', () => {
    const spec = effectiveSpec();
    spec.resources.jicofo.limits = { cpu: '1' };
    assert.deepEqual(javaHeapEnv(spec, 'jicofo'), {});
  });

  it('rejects a limit too small for a heap', () => {
    const spec = effectiveSpec();
    spec.resources.jicofo.limits.memory = '200Mi';
    assert.throws(
      () => javaHeapEnv(spec, 'jicofo'),
      /spec\.resources\.jicofo\.limits\.memory is 200Mi/,
    );
  });
});
