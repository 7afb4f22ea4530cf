/**
 * Builds a compliance context from what the cluster holds: the instance's child objects as the
 * API server stores them, where its pods run and the region labels of those nodes. The operator
 * feeds it from its informer caches and `gdpr-jitsi check --live` from API lists, so both judge
 * the same state the same way.
 */
import type { EffectiveSpec } from '../api/types.ts';
import { compareText } from './text.ts';
import type { ComplianceContext, KubeObject, PodPlacement, Relaxation } from './types.ts';

/** Kinds read as evidence. Secrets are left out so no credential reaches a report. */
export const EVIDENCE_KINDS = new Set([
  'ConfigMap',
  'Service',
  'ServiceAccount',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'NetworkPolicy',
  'Ingress',
  'HTTPRoute',
  'PodMonitor',
]);

/** Label that marks the ConfigMap holding the generated documents, which is not evidence. */
export const REPORT_CONTENT_LABEL = 'gdprmeet.io/content';
export const REPORT_CONTENT_VALUE = 'compliance-report';

interface PodLike extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string };
  metadata: KubeObject['metadata'] & { deletionTimestamp?: string };
}

export interface LiveInput {
  instance: { name: string; namespace: string };
  spec: EffectiveSpec;
  /** Objects that belong to the instance, of any kind; others kinds are filtered out here. */
  children: readonly KubeObject[];
  /** The instance's pods. */
  pods: readonly KubeObject[];
  /** Node name to its labels, for the nodes the pods run on. */
  nodeLabels: (node: string) => Record<string, string> | undefined;
  /** Label key of a pod's component, e.g. `app.kubernetes.io/component`. */
  componentLabel: string;
  /**
   * Every NetworkPolicy of the instance's namespace, the operator's and others'. Policies add up,
   * so the network checks judge all of them; absent means only the instance's own.
   */
  namespacePolicies?: readonly KubeObject[];
  relaxations: Record<string, Relaxation>;
}

export function liveContext(input: LiveInput): ComplianceContext {
  const objects = input.children
    .filter((o) => EVIDENCE_KINDS.has(o.kind))
    .filter((o) => o.metadata.labels?.[REPORT_CONTENT_LABEL] !== REPORT_CONTENT_VALUE)
    .map(withoutServerFields)
    .sort(byKindAndName);
  const labelKey = input.spec.residency.labelKey;
  const pods: PodPlacement[] = [];
  const nodeRegions: Record<string, string> = {};
  for (const obj of input.pods) {
    const pod = obj as PodLike;
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const node = pod.spec?.nodeName;
    if (node === undefined || node === '') continue;
    const region = input.nodeLabels(node)?.[labelKey] ?? '';
    nodeRegions[node] = region;
    pods.push({
      name: pod.metadata.name,
      component: pod.metadata.labels?.[input.componentLabel] ?? '',
      node,
      region,
    });
  }
  pods.sort((a, b) => compareText(a.name, b.name));
  return {
    instance: { ...input.instance },
    spec: input.spec,
    objects,
    live: {
      pods,
      nodeRegions,
      networkPolicies:
        input.namespacePolicies === undefined
          ? objects.filter((o) => o.kind === 'NetworkPolicy')
          : input.namespacePolicies.map(withoutServerFields).sort(byKindAndName),
      cronJobs: objects.filter((o) => o.kind === 'CronJob'),
    },
    relaxations: input.relaxations,
  };
}

/** Drops what the API server adds (managedFields, status), keeping the stored spec and data. */
function withoutServerFields(obj: KubeObject): KubeObject {
  const copy: KubeObject = { ...obj };
  delete copy['status'];
  const metadata: Record<string, unknown> = { ...obj.metadata };
  delete metadata['managedFields'];
  return { ...copy, metadata: metadata as KubeObject['metadata'] };
}

function byKindAndName(a: KubeObject, b: KubeObject): number {
  return compareText(a.kind, b.kind) || compareText(a.metadata.name, b.metadata.name);
}
