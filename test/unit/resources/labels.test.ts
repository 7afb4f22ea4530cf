import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  LABELS,
  objectLabels,
  podLabels,
  selectorLabels,
  toLabelValue,
} from '../../../src/resources/labels.ts';
import { controllerOwnerReference } from '../../../src/resources/owner.ts';

describe('labels', () => {
  it('selects by name, instance and component', () => {
    assert.deepEqual(selectorLabels('meet', 'jvb'), {
      'app.kubernetes.io/name': 'jitsi-meet',
      'app.kubernetes.io/component': 'jvb',
      'gdprmeet.io/instance': 'meet',
    });
  });

  it('keeps pod labels free of the operator version', () => {
    assert.equal(podLabels('meet', 'web')[LABELS.operatorVersion], undefined);
  });

  it('leaves the component out for shared objects', () => {
    const labels = objectLabels('meet', undefined, '1.0.0');
    assert.equal(labels[LABELS.component], undefined);
    assert.equal(labels[LABELS.operatorVersion], '1.0.0');
  });

  const versions = [
    { name: 'plain semver', input: '1.2.3', expected: '1.2.3' },
    { name: 'build metadata', input: '1.2.0+build.7', expected: '1.2.0_build.7' },
    { name: 'leading v and trailing dash', input: '-v1.0-', expected: 'v1.0' },
    { name: 'too long', input: 'a'.repeat(70), expected: 'a'.repeat(63) },
    { name: 'nothing usable', input: '+++', expected: '' },
  ];
  for (const c of versions) {
    it(`turns a version into a label value (${c.name})`, () => {
      const value = toLabelValue(c.input);
      assert.equal(value, c.expected);
      assert.match(value, /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/);
    });
  }

  it('drops an unusable operator version label', () => {
    assert.equal(objectLabels('meet', 'web', '+++')[LABELS.operatorVersion], undefined);
  });
});

describe('owner reference', () => {
  it('points at the instance as controller', () => {
    assert.deepEqual(controllerOwnerReference({ name: 'meet', uid: 'u-1' }), {
      apiVersion: 'gdprmeet.io/v1alpha1',
      kind: 'GdprJitsiMeet',
      name: 'meet',
      uid: 'u-1',
      controller: true,
      blockOwnerDeletion: true,
    });
  });
});
