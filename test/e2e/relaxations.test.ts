/**
 * Reads who relaxed a check from the managed fields the real API server keeps. Two field managers
 * apply parts of a GdprJitsiMeet with server-side apply and a third patches it; `relaxationsFor`
 * must name each of them for the fields they own. The unit test
 * test/unit/compliance/relaxations.test.ts runs the same parsing on a recorded response.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CRD_NAME } from '../../src/api/crd.ts';
import type { GdprJitsiMeetSpec } from '../../src/api/types.ts';
import { withDefaults } from '../../src/api/with-defaults.ts';
import { relaxationsFor, type ManagedFieldsEntry } from '../../src/compliance/relaxations.ts';
import { ensureCluster, withTestNamespace, type Kubectl } from '../helpers/cluster.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function manifest(spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'gdprmeet.io/v1alpha1',
    kind: 'GdprJitsiMeet',
    metadata: { name: 'meet' },
    spec,
  });
}

describe('relaxations from live managed fields', { timeout: 2 * 60_000 }, () => {
  let kubectl: Kubectl;
  let namespace = '';
  let cleanup: (() => Promise<void>) | undefined;
  let managed: ManagedFieldsEntry[] = [];
  let spec: GdprJitsiMeetSpec | undefined;

  before(async () => {
    const cluster = await ensureCluster();
    kubectl = cluster.kubectl;
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(ROOT, 'crds')]);
    await kubectl(['wait', '--for=condition=Established', `crd/${CRD_NAME}`, '--timeout=60s']);
    const ns = await withTestNamespace('relaxations');
    namespace = ns.name;
    cleanup = ns.cleanup;
    const apply = (manager: string, body: string) =>
      kubectl(
        ['-n', namespace, 'apply', '--server-side', `--field-manager=${manager}`, '-f', '-'],
        body,
      );
    await apply(
      'alice',
      manifest({
        domain: 'meet.example.eu',
        tls: { secretName: 'meet-example-eu-tls' },
        auth: { mode: 'None' },
        privacy: { webAccessLog: true },
      }),
    );
    await apply('bob', manifest({ privacy: { webAccessLog: true, requireDisplayName: true } }));
    await kubectl([
      '-n',
      namespace,
      'patch',
      'gjm',
      'meet',
      '--type=merge',
      '-p',
      '{"spec":{"privacy":{"recentMeetings":true}}}',
    ]);
    const object = JSON.parse(
      await kubectl(['-n', namespace, 'get', 'gjm', 'meet', '-o', 'json', '--show-managed-fields']),
    ) as { metadata: { managedFields: ManagedFieldsEntry[] }; spec: GdprJitsiMeetSpec };
    managed = object.metadata.managedFields;
    spec = object.spec;
  });

  after(async () => {
    await cleanup?.();
  });

  test('names the manager of each relaxing field', () => {
    assert.ok(spec !== undefined);
    const relaxations = relaxationsFor(withDefaults(spec), managed);
    const owner = (id: string) => relaxations[id]?.setBy?.replace(/ at [0-9T:-]+Z/gu, '');
    assert.equal(owner('AC-01'), 'alice via Apply');
    assert.equal(owner('LG-01'), 'alice via Apply, bob via Apply');
    assert.equal(owner('CL-08'), 'bob via Apply');
    assert.equal(owner('CL-01'), 'kubectl-patch via Update');
    assert.deepEqual(Object.keys(relaxations).sort(), ['AC-01', 'CL-01', 'CL-08', 'LG-01']);
  });

  test('stamps each owner with an RFC 3339 time', () => {
    assert.ok(spec !== undefined);
    const setBy = relaxationsFor(withDefaults(spec), managed)['AC-01']?.setBy ?? '';
    assert.match(setBy, /^alice via Apply at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/u);
  });
});
