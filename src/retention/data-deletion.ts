import type { DataDeletionPolicy } from '../api/types.ts';
import { instanceSelector } from '../resources/labels.ts';

/**
 * What happens to an instance's PersistentVolumeClaims when the instance is deleted, as a pure
 * function of the instance and the claims the controller listed. Instances with policy Delete
 * carry the finalizer below; when such an instance has a deletion timestamp, the controller
 * records `plan.event`, deletes `plan.delete`, and removes the finalizer when `plan.done` is true
 * (once a later listing finds no claim left). `docs/retention.md` gives the uninstall order and
 * how to clear a stuck finalizer.
 */

/** Finalizer that keeps a deleted instance until its data has been handled. */
export const DATA_DELETION_FINALIZER = 'gdprmeet.io/data-deletion';

export interface InstanceRef {
  name: string;
  namespace: string;
  dataDeletionPolicy: DataDeletionPolicy;
}

export interface ClaimRef {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
}

export interface DataDeletionPlan {
  /** Claims to delete now (policy Delete), sorted by name. */
  delete: string[];
  /** Claims already being deleted; the finalizer waits for them. */
  pending: string[];
  /** Claims left in place (policy Retain), sorted by name. */
  retain: string[];
  /** True once the finalizer may go: under Delete, when no claim of the instance is left. */
  done: boolean;
  /** Event to record on the instance, or none when it has no claims. */
  event?: { type: 'Normal'; reason: 'DataDeleted' | 'DataRetained'; message: string };
}

/**
 * Plans the fate of the instance's claims: those in its namespace that carry its selector labels
 * (the Prosody claim template has them). Claims of other instances are never touched, even in
 * the same namespace.
 */
export function planDataDeletion(
  instance: InstanceRef,
  claims: readonly ClaimRef[],
): DataDeletionPlan {
  const owned = claims.filter((c) => belongsTo(instance, c));
  const live = sortedNames(owned.filter((c) => c.metadata.deletionTimestamp === undefined));
  const pending = sortedNames(owned.filter((c) => c.metadata.deletionTimestamp !== undefined));
  if (instance.dataDeletionPolicy === 'Retain') {
    const event = retainedEvent(instance, live);
    return { delete: [], pending, retain: live, done: true, event };
  }
  const all = [...live, ...pending];
  const event =
    all.length === 0
      ? undefined
      : {
          type: 'Normal' as const,
          reason: 'DataDeleted' as const,
          message:
            `dataDeletionPolicy is Delete: deleting ${all.length} PersistentVolumeClaim(s) ` +
            `of ${instance.name}: ${all.join(', ')}`,
        };
  return { delete: live, pending, retain: [], done: all.length === 0, event };
}

/** Names of the claims to delete now; empty under policy Retain. */
export function pvcsToDelete(instance: InstanceRef, claims: readonly ClaimRef[]): string[] {
  return planDataDeletion(instance, claims).delete;
}

function retainedEvent(instance: InstanceRef, names: string[]): DataDeletionPlan['event'] {
  if (names.length === 0) return undefined;
  return {
    type: 'Normal',
    reason: 'DataRetained',
    message:
      `dataDeletionPolicy is Retain: kept ${names.length} PersistentVolumeClaim(s) of ` +
      `${instance.name}: ${names.join(', ')}. They hold personal data; delete them with ` +
      `kubectl delete pvc -n ${instance.namespace} <name> when they are no longer needed`,
  };
}

function belongsTo(instance: InstanceRef, claim: ClaimRef): boolean {
  if (claim.metadata.namespace !== instance.namespace) return false;
  const labels = claim.metadata.labels ?? {};
  return Object.entries(instanceSelector(instance.name)).every(([k, v]) => labels[k] === v);
}

function sortedNames(claims: ClaimRef[]): string[] {
  return claims.map((c) => c.metadata.name).sort();
}
