/**
 * Sends every object the builders produce for the basic example to the local API server as a
 * server-side dry run, in a namespace that enforces the `restricted` Pod Security Standard.
 * The API server's validation, defaulting and admission (PodSecurity included) must accept all
 * of them without a warning.
 *
 * NOTE: the HTTPRoute variant is not sent, because the local cluster has no Gateway API CRDs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { load } from 'js-yaml';

import type { GdprJitsiMeet } from '../../src/api/types.ts';
import { withDefaults } from '../../src/api/with-defaults.ts';
import { buildDesiredObjects, type DesiredObject } from '../../src/resources/index.ts';
import { ensureCluster, waitFor, withTestNamespace } from '../helpers/cluster.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIELD_MANAGER = 'resources-dry-run';

describe('built objects on the API server', { timeout: 10 * 60_000 }, () => {
  let cluster: Awaited<ReturnType<typeof ensureCluster>>;
  let namespace: string;
  let cleanup: (() => Promise<void>) | undefined;
  let objects: DesiredObject[];

  const kubectl = (args: string[], input?: string) => cluster.kubectl(args, input);

  before(async () => {
    cluster = await ensureCluster();
    const created = await withTestNamespace('resources');
    namespace = created.name;
    cleanup = created.cleanup;
    const ns = JSON.parse(await kubectl(['get', 'namespace', namespace, '-o', 'json'])) as {
      metadata: { labels: Partial<Record<string, string>> };
    };
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/warn'], 'restricted');

    const example = load(readFileSync(`${ROOT}examples/basic.yaml`, 'utf8')) as GdprJitsiMeet;
    objects = buildDesiredObjects({
      instance: {
        name: example.metadata.name,
        namespace,
        uid: '00000000-0000-4000-8000-0000000000aa',
      },
      spec: withDefaults(example.spec),
      operator: { version: '0.0.0-test' },
    });
  });

  after(async () => {
    await cleanup?.();
  });

  test('accepts every object without warnings', async () => {
    // --warnings-as-errors turns a PodSecurity "would violate" warning on a workload into a failure.
    const list = { apiVersion: 'v1', kind: 'List', items: objects };
    await kubectl(
      [
        '--warnings-as-errors',
        '-n',
        namespace,
        'apply',
        '--server-side',
        `--field-manager=${FIELD_MANAGER}`,
        '--dry-run=server',
        '--validate=strict',
        '-f',
        '-',
      ],
      JSON.stringify(list),
    );
  });

  test('admits each pod under restricted enforcement', async () => {
    // The ServiceAccount admission plugin rejects a pod whose ServiceAccount does not exist.
    const account = objects.find((o) => o.kind === 'ServiceAccount');
    assert.ok(account, 'the build contains a ServiceAccount');
    // Without its owner reference: the owner is a made-up uid, so the garbage collector would
    // delete the account before the pods below are admitted.
    const metadata: Record<string, unknown> = { ...account.metadata };
    delete metadata['ownerReferences'];
    await kubectl(
      ['-n', namespace, 'apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'],
      JSON.stringify({ ...account, metadata }),
    );

    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    assert.equal(workloads.length, 4);
    for (const workload of workloads) {
      const template = (workload['spec'] as { template: { metadata: object; spec: object } })
        .template;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...template.metadata, name: `${workload.metadata.name}-dry-run`, namespace },
        spec: withClaimVolumes(workload, template.spec),
      };
      // The admission plugin reads ServiceAccounts from a cache that may not yet hold the one
      // applied above, so that error is retried for a while.
      await waitFor(
        async () => {
          try {
            await kubectl(
              ['--warnings-as-errors', '-n', namespace, 'create', '--dry-run=server', '-f', '-'],
              JSON.stringify(pod),
            );
            return true;
          } catch (err) {
            if (/error looking up service account/.test(String(err))) return undefined;
            throw err;
          }
        },
        { timeoutMs: 10_000, description: `admission of ${pod.metadata.name}` },
      );
    }
  });
});

/**
 * Adds the volumes a StatefulSet adds to its pods for its claim templates, pointing at the claim
 * of pod 0 (`<template>-<statefulset>-0`). Admission does not check that the claim exists.
 */
function withClaimVolumes(workload: DesiredObject, podSpec: object): object {
  const spec = workload['spec'] as { volumeClaimTemplates?: { metadata: { name: string } }[] };
  const claims = (spec.volumeClaimTemplates ?? []).map((claim) => ({
    name: claim.metadata.name,
    persistentVolumeClaim: { claimName: `${claim.metadata.name}-${workload.metadata.name}-0` },
  }));
  const volumes = (podSpec as { volumes?: object[] }).volumes ?? [];
  return { ...podSpec, volumes: [...volumes, ...claims] };
}
