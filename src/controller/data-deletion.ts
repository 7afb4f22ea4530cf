/**
 * The data deletion finalizer. An instance with `dataDeletionPolicy: Delete` carries it, so that
 * deleting the instance first deletes its PersistentVolumeClaims (and with them the Prosody data)
 * and only then lets the API server remove the instance. Instances with `Retain` never carry it:
 * nothing has to happen before they go, and an operator that is not running cannot hold them.
 */
import type { DataDeletionPolicy, EffectiveSpec } from '../api/types.ts';
import { instanceSelector } from '../resources/labels.ts';
import { childNames } from '../resources/names.ts';
import {
  DATA_DELETION_FINALIZER,
  planDataDeletion,
  type ClaimRef,
  type DataDeletionPlan,
} from '../retention/index.ts';
import type { ReconcileResult } from '../runtime/controller.ts';
import type { EventRecorder } from '../runtime/events.ts';
import type { KubeClient, KubeObject } from '../runtime/kube-client.ts';
import type { Logger } from 'pino';

/** How often a deleted instance checks whether its claims are gone. */
const DELETION_POLL_MS = 2_000;

interface Deps {
  client: KubeClient;
  events: EventRecorder;
}

const hasFinalizer = (obj: KubeObject): boolean =>
  obj.metadata.finalizers?.includes(DATA_DELETION_FINALIZER) === true;

/** Adds the finalizer under policy Delete and removes it under Retain; no request otherwise. */
export async function syncFinalizer(
  deps: Deps,
  instance: KubeObject,
  spec: EffectiveSpec,
): Promise<void> {
  const required = spec.dataDeletionPolicy === 'Delete';
  if (required === hasFinalizer(instance)) return;
  const others = (instance.metadata.finalizers ?? []).filter((f) => f !== DATA_DELETION_FINALIZER);
  await setFinalizers(
    deps.client,
    instance,
    required ? [...others, DATA_DELETION_FINALIZER] : others,
  );
}

/**
 * Writes the finalizer list with a JSON patch that first tests the resource version, so a
 * concurrent change of the list (another controller's finalizer) fails with a conflict and is
 * retried on fresh data instead of being overwritten.
 */
export async function setFinalizers(
  client: KubeClient,
  instance: KubeObject,
  finalizers: string[],
): Promise<void> {
  await client.jsonPatch(
    {
      apiVersion: instance.apiVersion,
      kind: instance.kind,
      namespace: instance.metadata.namespace,
      name: instance.metadata.name,
    },
    [
      { op: 'test', path: '/metadata/resourceVersion', value: instance.metadata.resourceVersion },
      { op: 'add', path: '/metadata/finalizers', value: finalizers },
    ],
  );
}

/**
 * Handles a deleted instance that still carries the finalizer: deletes what mounts its claims,
 * then the claims, and removes the finalizer once no claim is left. Returns a requeue while
 * claims are still going.
 */
export async function finalizeDeletion(
  deps: Deps,
  instance: KubeObject & { spec?: { dataDeletionPolicy?: DataDeletionPolicy } },
  log: Logger,
): Promise<ReconcileResult | undefined> {
  if (!hasFinalizer(instance)) return undefined;
  const name = instance.metadata.name;
  const namespace = instance.metadata.namespace ?? '';
  const policy = instance.spec?.dataDeletionPolicy ?? 'Retain';
  const claims = await listClaims(deps.client, name, namespace);
  const plan = planDataDeletion({ name, namespace, dataDeletionPolicy: policy }, claims);
  if (policy === 'Delete' && (plan.delete.length > 0 || plan.pending.length > 0)) {
    await deleteClaimUsers(deps.client, name, namespace);
  }
  if (plan.delete.length > 0) await recordPlanEvent(deps, instance, plan);
  for (const claim of plan.delete) {
    await deps.client.delete({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace,
      name: claim,
    });
  }
  if (!plan.done) {
    log.info({ deleting: plan.delete, pending: plan.pending }, 'waiting for volume claims to go');
    return { requeueAfterMs: DELETION_POLL_MS };
  }
  const others = (instance.metadata.finalizers ?? []).filter((f) => f !== DATA_DELETION_FINALIZER);
  await setFinalizers(deps.client, instance, others);
  log.info({ policy }, 'data handled; removed the data deletion finalizer');
  return undefined;
}

async function listClaims(
  client: KubeClient,
  name: string,
  namespace: string,
): Promise<ClaimRef[]> {
  const list = await client.list('v1', 'PersistentVolumeClaim', namespace, {
    labelSelector: selectorOf(name),
  });
  return list.items.map((item) => ({
    metadata: {
      name: item.metadata.name,
      namespace: item.metadata.namespace ?? namespace,
      ...(item.metadata.labels !== undefined && { labels: item.metadata.labels }),
      ...(item.metadata.deletionTimestamp !== undefined && {
        deletionTimestamp: item.metadata.deletionTimestamp,
      }),
    },
  }));
}

/**
 * Records on a deleted instance under policy Retain that its claims were kept and how to delete
 * them. Called from the watch event of the deletion, because such an instance has no finalizer
 * and is gone by the time a reconcile could run.
 */
export async function recordRetainedData(deps: Deps, instance: KubeObject): Promise<void> {
  const policy = (instance as { spec?: { dataDeletionPolicy?: DataDeletionPolicy } }).spec
    ?.dataDeletionPolicy;
  if (policy === 'Delete') return;
  const namespace = instance.metadata.namespace ?? '';
  const claims = await listClaims(deps.client, instance.metadata.name, namespace);
  const plan = planDataDeletion(
    { name: instance.metadata.name, namespace, dataDeletionPolicy: 'Retain' },
    claims,
  );
  await recordPlanEvent(deps, instance, plan);
}

async function recordPlanEvent(deps: Deps, instance: KubeObject, plan: DataDeletionPlan) {
  if (plan.event === undefined) return;
  const { type, reason, message } = plan.event;
  await deps.events.record(instance, type, reason, 'Delete', message);
}

/**
 * Deletes now, rather than after the instance is gone, everything whose pods mount the claims:
 * the StatefulSets and the retention CronJobs. The API server keeps a claim while any scheduled
 * pod names it, including a finished retention Job's pod, and deleting the CronJob deletes its
 * Jobs and their pods.
 */
async function deleteClaimUsers(client: KubeClient, name: string, namespace: string) {
  const names = childNames(name);
  for (const component of ['prosody', 'jicofo', 'jvb'] as const) {
    await client.delete(
      { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name: names.workload(component) },
      'Background',
    );
  }
  const cronJobs = await client.list('batch/v1', 'CronJob', namespace, {
    labelSelector: selectorOf(name),
  });
  for (const cronJob of cronJobs.items) {
    await client.delete(
      { apiVersion: 'batch/v1', kind: 'CronJob', namespace, name: cronJob.metadata.name },
      'Background',
    );
  }
}

function selectorOf(name: string): string {
  return Object.entries(instanceSelector(name))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
