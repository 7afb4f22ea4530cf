import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podLabels } from '../../../src/resources/labels.ts';
import { planDataDeletion, pvcsToDelete, type ClaimRef } from '../../../src/retention/index.ts';

function claim(name: string, instance: string, namespace = 'jitsi', deleting = false): ClaimRef {
  return {
    metadata: {
      name,
      namespace,
      labels: podLabels(instance, 'prosody'),
      deletionTimestamp: deleting ? '2026-09-01T12:00:00Z' : undefined,
    },
  };
}

const claims = [
  claim('data-meet-prosody-0', 'meet'),
  claim('data-meet-prosody-1', 'meet'),
  claim('data-other-prosody-0', 'other'),
  claim('data-meet-prosody-0', 'meet', 'elsewhere'),
  { metadata: { name: 'unlabelled', namespace: 'jitsi' } },
];

describe('data deletion plan', () => {
  it('deletes the instance claims under Delete', () => {
    const instance = { name: 'meet', namespace: 'jitsi', dataDeletionPolicy: 'Delete' as const };
    assert.deepEqual(pvcsToDelete(instance, claims), [
      'data-meet-prosody-0',
      'data-meet-prosody-1',
    ]);
  });

  it('keeps every claim under Retain', () => {
    const instance = { name: 'meet', namespace: 'jitsi', dataDeletionPolicy: 'Retain' as const };
    const plan = planDataDeletion(instance, claims);
    assert.deepEqual(plan.delete, []);
    assert.deepEqual(plan.retain, ['data-meet-prosody-0', 'data-meet-prosody-1']);
    assert.equal(plan.done, true);
    assert.ok(plan.event);
    assert.equal(plan.event.reason, 'DataRetained');
    assert.match(plan.event.message, /kept 2 PersistentVolumeClaim\(s\) of meet/);
    assert.match(plan.event.message, /kubectl delete pvc -n jitsi/);
  });

  it('waits for claims being deleted', () => {
    const instance = { name: 'meet', namespace: 'jitsi', dataDeletionPolicy: 'Delete' as const };
    const plan = planDataDeletion(instance, [claim('data-meet-prosody-0', 'meet', 'jitsi', true)]);
    assert.deepEqual(plan.delete, []);
    assert.deepEqual(plan.pending, ['data-meet-prosody-0']);
    assert.equal(plan.done, false);
  });

  it('finishes when no claim is left', () => {
    const instance = { name: 'meet', namespace: 'jitsi', dataDeletionPolicy: 'Delete' as const };
    const plan = planDataDeletion(instance, [claim('data-other-prosody-0', 'other')]);
    assert.equal(plan.done, true);
    assert.equal(plan.event, undefined);
  });

  it('names the claims in the Delete event', () => {
    const instance = { name: 'meet', namespace: 'jitsi', dataDeletionPolicy: 'Delete' as const };
    const plan = planDataDeletion(instance, claims);
    assert.ok(plan.event);
    assert.equal(plan.event.reason, 'DataDeleted');
    assert.match(plan.event.message, /data-meet-prosody-0, data-meet-prosody-1/);
  });
});
