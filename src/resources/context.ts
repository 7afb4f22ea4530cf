import type { Component, EffectiveSpec } from '../api/types.ts';
import { objectLabels } from './labels.ts';
import { controllerOwnerReference } from './owner.ts';

/** Input of every builder: the instance, its effective spec and the operator version. */
export interface BuildContext {
  instance: { name: string; namespace: string; uid: string };
  spec: EffectiveSpec;
  operatorVersion: string;
  /** UID of the credentials Secret the pods read; see `BuildInput.credentialsRevision`. */
  credentialsRevision?: string | undefined;
}

/** A Kubernetes object as the builders emit it. */
export interface DesiredObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: unknown[];
  };
  [field: string]: unknown;
}

/**
 * Builds the metadata of a child object: name, namespace, the standard labels and the controller
 * owner reference. Nothing is copied from the instance's own labels or annotations, so Argo CD
 * tracking marks never reach the children.
 *
 * An empty instance uid means the instance is not read from a cluster (the CLI's `render`), and
 * the objects then carry no owner reference. The controller always passes the uid it read.
 */
export function childMetadata(
  ctx: BuildContext,
  name: string,
  component: Component | undefined,
  annotations?: Record<string, string>,
): DesiredObject['metadata'] {
  return {
    name,
    namespace: ctx.instance.namespace,
    labels: objectLabels(ctx.instance.name, component, ctx.operatorVersion),
    annotations,
    ownerReferences: ctx.instance.uid === '' ? undefined : [controllerOwnerReference(ctx.instance)],
  };
}
