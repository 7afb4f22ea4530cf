import type { KubeObject } from '../runtime/kube-client.ts';
import type { PodPlacement } from '../api/types.ts';

/** Readiness of one workload (StatefulSet or Deployment) as the operator reads it. */
export interface WorkloadObservation {
  kind: string;
  name: string;
  component: string;
  ready: boolean;
  /** Human-readable reason when not ready, e.g. "0/1 replicas ready". */
  detail: string;
}

interface WorkloadLike extends KubeObject {
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
  };
}

/**
 * Whether a workload has rolled out its current spec: the controller observed the latest
 * generation, and every desired replica is updated and ready.
 */
export function observeWorkload(
  workload: KubeObject | undefined,
  component: string,
  kind: string,
  name: string,
): WorkloadObservation {
  if (!workload) return { kind, name, component, ready: false, detail: 'not created yet' };
  const w = workload as WorkloadLike;
  const desired = w.spec?.replicas ?? 1;
  const status = w.status ?? {};
  if ((status.observedGeneration ?? 0) < (w.metadata.generation ?? 0)) {
    return { kind, name, component, ready: false, detail: 'rollout not observed yet' };
  }
  const ready = status.readyReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const ok = ready >= desired && updated >= desired && (status.replicas ?? 0) <= desired;
  return {
    kind,
    name,
    component,
    ready: ok,
    detail: ok
      ? `${ready}/${desired} replicas ready`
      : `${ready}/${desired} replicas ready, ${updated} updated`,
  };
}

interface PodLike extends KubeObject {
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export interface ResidencyObservation {
  placements: PodPlacement[];
  /** Pods on a node whose region label is missing or outside the allowed set. */
  violations: { pod: string; node: string; region: string }[];
  /** Pods not bound to a node yet. */
  unscheduled: string[];
  /** Pods the scheduler found no node for, with its reason (e.g. "3 node(s) were unschedulable"). */
  unschedulable: { pod: string; message: string }[];
}

/**
 * Where each pod of the instance runs, read from the pod's `spec.nodeName` and that node's
 * current label, so a node relabelled after scheduling is caught too.
 */
export function observeResidency(
  pods: readonly KubeObject[],
  nodeLabels: (node: string) => Record<string, string> | undefined,
  labelKey: string,
  allowedRegions: readonly string[],
  componentLabel: string,
): ResidencyObservation {
  const allowed = new Set(allowedRegions);
  const placements: PodPlacement[] = [];
  const violations: ResidencyObservation['violations'] = [];
  const unscheduled: string[] = [];
  const unschedulable: ResidencyObservation['unschedulable'] = [];
  for (const obj of pods) {
    const pod = obj as PodLike;
    if (
      pod.metadata.deletionTimestamp ||
      pod.status?.phase === 'Succeeded' ||
      pod.status?.phase === 'Failed'
    )
      continue;
    const node = pod.spec?.nodeName;
    if (!node) {
      unscheduled.push(pod.metadata.name);
      const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
        unschedulable.push({ pod: pod.metadata.name, message: scheduled.message ?? '' });
      }
      continue;
    }
    const region = nodeLabels(node)?.[labelKey] ?? '';
    const component = pod.metadata.labels?.[componentLabel] ?? '';
    placements.push({ name: pod.metadata.name, component, node, region });
    if (!allowed.has(region)) violations.push({ pod: pod.metadata.name, node, region });
  }
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  placements.sort(byName);
  violations.sort((a, b) => byName({ name: a.pod }, { name: b.pod }));
  unscheduled.sort();
  unschedulable.sort((a, b) => byName({ name: a.pod }, { name: b.pod }));
  return { placements, violations, unscheduled, unschedulable };
}
