import type { EffectiveSpec } from '../api/types.ts';

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In';
  values: string[];
}

/**
 * Required node affinity that keeps pods on nodes in the allowed regions.
 *
 * There is exactly one node selector term. Its first expression is the residency rule
 * (`<labelKey> In <sorted regions>`); every `scheduling.nodeSelector` pair is added to the same
 * term as `<key> In [<value>]`. Expressions in one term are ANDed, so extra pairs only narrow
 * placement. A second term would be ORed with the first and would let pods leave the allowed
 * regions.
 *
 * Throws when no region is allowed: an empty `In` list is invalid and would leave the pods
 * unschedulable without saying why.
 */
export function residencyAffinity(spec: EffectiveSpec): Record<string, unknown> {
  const regions = [...new Set(spec.residency.allowedRegions)].sort();
  if (regions.length === 0) {
    throw new Error(
      'spec.residency.allowedRegions is empty; list at least one region label value, ' +
        'or leave the field out to use the built-in EU/EEA region list',
    );
  }
  const expressions: NodeSelectorRequirement[] = [
    { key: spec.residency.labelKey, operator: 'In', values: regions },
  ];
  for (const key of Object.keys(spec.scheduling.nodeSelector).sort()) {
    const value = spec.scheduling.nodeSelector[key] as string;
    expressions.push({ key, operator: 'In', values: [value] });
  }
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: expressions }],
      },
    },
  };
}

/**
 * Returns the pod spec fields taken from `spec.scheduling`. Tolerations, the priority class and
 * pull secrets cannot widen placement, because the required affinity above applies whatever
 * their values.
 */
export function schedulingFields(spec: EffectiveSpec): Record<string, unknown> {
  const { tolerations, priorityClassName, imagePullSecrets } = spec.scheduling;
  return {
    affinity: residencyAffinity(spec),
    tolerations: tolerations.map((t) => ({ ...t })),
    priorityClassName: priorityClassName === '' ? undefined : priorityClassName,
    imagePullSecrets: imagePullSecrets.map((s) => ({ name: s.name })),
  };
}
