/**
 * Writes `status` of an instance: conditions, residency, placements, the applied configuration
 * history and the compliance summary. The write is skipped when nothing changed, so a steady
 * state sends no request; Events mark the transitions a user must notice.
 */
import type { Logger } from 'pino';
import type {
  AppliedConfiguration,
  ComplianceStatus,
  EffectiveSpec,
  GdprJitsiMeet,
  GdprJitsiMeetStatus,
} from '../api/types.ts';
import { COMPLIANT_CONDITION, type CompliantCondition } from '../compliance/index.ts';
import { canonicalJson } from '../runtime/apply.ts';
import {
  findCondition,
  mergeConditions,
  rfc3339,
  type ConditionInput,
} from '../runtime/conditions.ts';
import type { EventRecorder } from '../runtime/events.ts';
import type { KubeClient, KubeObject } from '../runtime/kube-client.ts';
import type { ResidencyObservation } from './observe.ts';
import { computeConditions, CONDITION, type Outcome } from './status.ts';

type Instance = GdprJitsiMeet & KubeObject;

/** Entries kept in `status.appliedHistory`. */
export const MAX_HISTORY = 10;

export interface StatusDeps {
  client: KubeClient;
  events: EventRecorder;
  fieldManager: string;
  now: () => Date;
}

export interface StatusInput {
  outcome: Outcome;
  spec: EffectiveSpec | undefined;
  residency: ResidencyObservation | undefined;
  configHash: string | undefined;
  history: AppliedConfiguration[] | undefined;
  /** The checks' result; undefined when they did not run in this reconcile. */
  compliance: { status: ComplianceStatus; condition: CompliantCondition } | undefined;
  /** Reason the checks did not run, the message of an Unknown `Compliant` condition. */
  complianceSkipped: string;
}

/**
 * Appends the configuration hash to the history when it differs from the last entry, keeping the
 * newest `MAX_HISTORY` entries.
 */
export function nextHistory(
  current: readonly AppliedConfiguration[] | undefined,
  configHash: string,
  generation: number | undefined,
  now: Date,
): AppliedConfiguration[] {
  const history = [...(current ?? [])];
  if (history.at(-1)?.configHash === configHash) return history;
  history.push({
    configHash,
    ...(generation !== undefined && { generation }),
    appliedAt: rfc3339(now),
  });
  return history.slice(-MAX_HISTORY);
}

/** Writes the status when it changed; returns whether the instance is Ready. */
export async function writeStatus(
  deps: StatusDeps,
  instance: Instance,
  input: StatusInput,
  log: Logger,
): Promise<boolean> {
  const current = instance.status ?? {};
  const { spec, residency } = input;
  const conditions = mergeConditions(
    current.conditions,
    [...computeConditions(input.outcome, residency), compliantCondition(instance, input)],
    instance.metadata.generation,
    deps.now(),
  );

  const next: GdprJitsiMeetStatus = {
    observedGeneration: instance.metadata.generation,
    conditions,
  };
  const regionsInUse = [...new Set((residency?.placements ?? []).map((p) => p.region))]
    .sort()
    .join(',');
  if (spec) {
    next.residency = {
      labelKey: spec.residency.labelKey,
      allowedRegions: spec.residency.allowedRegions,
      adequacyRegionsAllowed: spec.residency.allowAdequacyRegions,
      regionsInUse,
    };
    next.placements = residency?.placements ?? [];
  } else if (current.residency !== undefined) {
    // An invalid spec: the last valid rule still applies to the running pods.
    next.residency = {
      ...current.residency,
      regionsInUse,
    };
    next.placements = residency?.placements ?? [];
  }
  if (input.configHash !== undefined) next.configHash = input.configHash;
  const history = input.history ?? current.appliedHistory;
  if (history !== undefined) next.appliedHistory = history;
  const compliance = input.compliance?.status ?? current.compliance;
  if (compliance !== undefined) next.compliance = compliance;

  const ready = findCondition(conditions, CONDITION.ready)?.status === 'True';
  if (sameStatus(current, next)) return ready;

  await deps.client.apply(
    {
      apiVersion: instance.apiVersion,
      kind: instance.kind,
      metadata: { name: instance.metadata.name, namespace: instance.metadata.namespace },
      status: next,
    },
    { fieldManager: deps.fieldManager, force: true, subresource: 'status' },
  );

  const before = findCondition(current.conditions, CONDITION.ready)?.status;
  const after = findCondition(conditions, CONDITION.ready)?.status;
  if (before !== after) log.info({ ready: after }, 'ready condition changed');
  await reportTransition(deps, instance, current, conditions, CONDITION.dataResidency);
  await reportTransition(deps, instance, current, conditions, COMPLIANT_CONDITION);
  return ready;
}

/**
 * Returns the `Compliant` condition of the checks, or when they did not run, the previous one
 * while it still describes this generation, else Unknown.
 */
function compliantCondition(instance: Instance, input: StatusInput): ConditionInput {
  if (input.compliance !== undefined) return input.compliance.condition;
  const previous = findCondition(instance.status?.conditions, COMPLIANT_CONDITION);
  if (previous !== undefined && previous.observedGeneration === instance.metadata.generation) {
    return {
      type: previous.type,
      status: previous.status,
      reason: previous.reason,
      message: previous.message,
    };
  }
  return {
    type: COMPLIANT_CONDITION,
    status: 'Unknown',
    reason: 'NotEvaluated',
    message: input.complianceSkipped,
  };
}

/** Emits a Warning when the condition turns False, and a Normal Event when it recovers. */
async function reportTransition(
  deps: StatusDeps,
  instance: Instance,
  current: GdprJitsiMeetStatus,
  conditions: ReturnType<typeof mergeConditions>,
  type: string,
): Promise<void> {
  const before = findCondition(current.conditions, type);
  const after = findCondition(conditions, type);
  if (!after || before?.status === after.status) return;
  if (after.status === 'False') {
    await deps.events.record(instance, 'Warning', after.reason, 'Observe', after.message);
  } else if (after.status === 'True' && before?.status === 'False') {
    await deps.events.record(instance, 'Normal', after.reason, 'Observe', after.message);
  }
}

function sameStatus(current: GdprJitsiMeetStatus, next: GdprJitsiMeetStatus): boolean {
  const pick = (s: GdprJitsiMeetStatus) => ({
    observedGeneration: s.observedGeneration,
    conditions: s.conditions,
    residency: s.residency,
    placements: s.placements,
    configHash: s.configHash,
    appliedHistory: s.appliedHistory,
    compliance: s.compliance,
  });
  return canonicalJson(pick(current)) === canonicalJson(pick(next));
}
