import { API_GROUP_VERSION, KIND } from '../api/types.ts';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

/**
 * Controller owner reference to a GdprJitsiMeet. Garbage collection deletes every child with
 * its instance, and child events map back to the instance through it. Setting
 * `blockOwnerDeletion` needs `update` on `gdprjitsimeets/finalizers` in the operator's RBAC.
 *
 * Throws when `uid` is empty, because the API server rejects an owner reference without one.
 */
export function controllerOwnerReference(instance: { name: string; uid: string }): OwnerReference {
  if (instance.uid === '') {
    throw new Error(
      `owner reference for GdprJitsiMeet "${instance.name}" has an empty uid; ` +
        'build children from the object read from the API server, which always has metadata.uid',
    );
  }
  return {
    apiVersion: API_GROUP_VERSION,
    kind: KIND,
    name: instance.name,
    uid: instance.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
