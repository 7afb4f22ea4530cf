import type { ConditionInput } from '../runtime/conditions.ts';
import type { ResidencyObservation, WorkloadObservation } from './observe.ts';

/** Condition types the operator writes; reasons are PascalCase constants below. */
export const CONDITION = {
  ready: 'Ready',
  progressing: 'Progressing',
  degraded: 'Degraded',
  dataResidency: 'DataResidency',
  mediaReachable: 'MediaReachable',
} as const;

export const REASON = {
  allReady: 'AllComponentsReady',
  rollingOut: 'RollingOut',
  invalidSpec: 'InvalidSpec',
  stepFailed: 'ReconcileStepFailed',
  noEligibleNodes: 'NoEligibleNodes',
  podsUnschedulable: 'PodsUnschedulable',
  apiNotServed: 'ApiNotServed',
  podsInAllowedRegions: 'PodsInAllowedRegions',
  podOutsideAllowedRegions: 'PodOutsideAllowedRegions',
  noPodsScheduled: 'NoPodsScheduled',
  exposureNotConfigured: 'ExposureNotConfigured',
  asExpected: 'AsExpected',
} as const;

/** What one reconcile found; the conditions are a pure function of it. */
export type Outcome =
  | { kind: 'invalid'; message: string }
  | { kind: 'blocked'; reason: string; message: string }
  | { kind: 'failed'; step: string; message: string }
  | { kind: 'applied'; workloads: WorkloadObservation[]; residency: ResidencyObservation };

export function computeConditions(
  outcome: Outcome,
  residency?: ResidencyObservation,
): ConditionInput[] {
  const observed = outcome.kind === 'applied' ? outcome.residency : residency;
  return [
    readyCondition(outcome, observed),
    progressingCondition(outcome),
    degradedCondition(outcome, observed),
    residencyCondition(observed),
    {
      type: CONDITION.mediaReachable,
      status: 'Unknown',
      reason: REASON.exposureNotConfigured,
      message:
        'JVB media exposure outside the cluster is not configured, so the operator cannot tell whether clients reach the bridge',
    },
  ];
}

function readyCondition(
  outcome: Outcome,
  residency: ResidencyObservation | undefined,
): ConditionInput {
  const type = CONDITION.ready;
  switch (outcome.kind) {
    case 'invalid':
      return { type, status: 'False', reason: REASON.invalidSpec, message: outcome.message };
    case 'blocked':
      return { type, status: 'False', reason: outcome.reason, message: outcome.message };
    case 'failed':
      return {
        type,
        status: 'False',
        reason: REASON.stepFailed,
        message: `step ${outcome.step} failed: ${outcome.message}`,
      };
    case 'applied': {
      const waiting = outcome.workloads.filter((w) => !w.ready);
      if (waiting.length > 0) {
        const list = waiting.map((w) => `${w.component} (${w.detail})`).join(', ');
        const stuck = residency?.unschedulable ?? [];
        if (stuck.length > 0) {
          return {
            type,
            status: 'False',
            reason: REASON.podsUnschedulable,
            message: `waiting for ${list}; ${unschedulableMessage(stuck)}`,
          };
        }
        return { type, status: 'False', reason: REASON.rollingOut, message: `waiting for ${list}` };
      }
      if (residency && residency.violations.length > 0) {
        return {
          type,
          status: 'False',
          reason: REASON.podOutsideAllowedRegions,
          message: residencyMessage(residency),
        };
      }
      return { type, status: 'True', reason: REASON.allReady, message: 'all components are ready' };
    }
  }
}

function progressingCondition(outcome: Outcome): ConditionInput {
  const type = CONDITION.progressing;
  if (outcome.kind === 'applied' && outcome.workloads.some((w) => !w.ready)) {
    return {
      type,
      status: 'True',
      reason: REASON.rollingOut,
      message: 'components are rolling out',
    };
  }
  return { type, status: 'False', reason: REASON.asExpected, message: '' };
}

function degradedCondition(
  outcome: Outcome,
  residency: ResidencyObservation | undefined,
): ConditionInput {
  const type = CONDITION.degraded;
  if (outcome.kind === 'invalid')
    return { type, status: 'True', reason: REASON.invalidSpec, message: outcome.message };
  if (outcome.kind === 'blocked')
    return { type, status: 'True', reason: outcome.reason, message: outcome.message };
  if (outcome.kind === 'failed') {
    return {
      type,
      status: 'True',
      reason: REASON.stepFailed,
      message: `step ${outcome.step} failed: ${outcome.message}`,
    };
  }
  if (residency && residency.violations.length > 0) {
    return {
      type,
      status: 'True',
      reason: REASON.podOutsideAllowedRegions,
      message: residencyMessage(residency),
    };
  }
  if (residency && residency.unschedulable.length > 0) {
    return {
      type,
      status: 'True',
      reason: REASON.podsUnschedulable,
      message: unschedulableMessage(residency.unschedulable),
    };
  }
  return { type, status: 'False', reason: REASON.asExpected, message: '' };
}

/** Names the pods the scheduler cannot place, with its reason, which is otherwise only in Events. */
function unschedulableMessage(stuck: ResidencyObservation['unschedulable']): string {
  const listed = stuck.slice(0, 3).map((s) => `pod ${s.pod} cannot be scheduled: ${s.message}`);
  const more = stuck.length > 3 ? ` and ${stuck.length - 3} more` : '';
  return `${listed.join('; ')}${more}`;
}

function residencyCondition(residency: ResidencyObservation | undefined): ConditionInput {
  const type = CONDITION.dataResidency;
  if (!residency || residency.placements.length === 0) {
    return {
      type,
      status: 'Unknown',
      reason: REASON.noPodsScheduled,
      message: 'no pod of this instance is on a node yet',
    };
  }
  if (residency.violations.length > 0) {
    return {
      type,
      status: 'False',
      reason: REASON.podOutsideAllowedRegions,
      message: residencyMessage(residency),
    };
  }
  const regions = [...new Set(residency.placements.map((p) => p.region))].sort().join(', ');
  return {
    type,
    status: 'True',
    reason: REASON.podsInAllowedRegions,
    message: `${residency.placements.length} pods run on nodes in allowed regions: ${regions}`,
  };
}

function residencyMessage(residency: ResidencyObservation): string {
  const shown = residency.violations.slice(0, 5).map((v) => {
    const region = v.region === '' ? 'no region label' : `region ${v.region}`;
    return `pod ${v.pod} runs on node ${v.node} with ${region}`;
  });
  const more =
    residency.violations.length > 5 ? ` and ${residency.violations.length - 5} more` : '';
  return `${shown.join('; ')}${more}, outside the allowed regions`;
}
