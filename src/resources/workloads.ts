import type { Component } from '../api/types.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { selectorLabels } from './labels.ts';
import { childNames } from './names.ts';

export interface StatefulSetOptions {
  volumeClaimTemplates?: Record<string, unknown>[];
  /** Fate of the claims when the StatefulSet is deleted or scaled down. */
  pvcRetentionPolicy?: { whenDeleted: 'Retain' | 'Delete'; whenScaled: 'Retain' | 'Delete' };
}

/**
 * StatefulSet `<instance>-<component>` with one replica.
 *
 * The API server rejects changes to `selector`, `serviceName`, `podManagementPolicy` and
 * `volumeClaimTemplates` of an existing StatefulSet. The builders keep these fields fixed: the
 * selector holds only the stable selector labels, the service name and policy are constants, and
 * claim templates carry no version or hash. If a future change must touch one of them, the writer
 * has to catch the `Forbidden`/`Invalid` rejection and recreate the StatefulSet with orphan
 * deletion (`propagationPolicy: Orphan`), which keeps the pods and PVCs for the new object to
 * adopt. That handling lives in the writer, not here.
 */
export function buildStatefulSet(
  ctx: BuildContext,
  component: Component,
  template: Record<string, unknown>,
  options: StatefulSetOptions = {},
): DesiredObject {
  const names = childNames(ctx.instance.name);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: childMetadata(ctx, names.workload(component), component),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(ctx.instance.name, component) },
      serviceName: names.headlessService(component),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      persistentVolumeClaimRetentionPolicy: options.pvcRetentionPolicy,
      template,
      volumeClaimTemplates: options.volumeClaimTemplates,
    },
  };
}

/**
 * Deployment `<instance>-<component>` with one replica. Its selector is immutable too and holds
 * only the stable selector labels.
 */
export function buildDeployment(
  ctx: BuildContext,
  component: Component,
  template: Record<string, unknown>,
): DesiredObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMetadata(ctx, childNames(ctx.instance.name).workload(component), component),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(ctx.instance.name, component) },
      template,
    },
  };
}
