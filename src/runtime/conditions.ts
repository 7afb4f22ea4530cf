/** A `metav1.Condition` as stored in `status.conditions`. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export type ConditionInput = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>;

/**
 * Builds the next condition list from the current one. `lastTransitionTime` changes only when a
 * condition's status changes, so an unchanged world produces an identical status and no write.
 * Every condition gets `observedGeneration`. The result is sorted by type.
 */
export function mergeConditions(
  current: readonly Condition[] | undefined,
  next: readonly ConditionInput[],
  generation: number | undefined,
  now: Date,
): Condition[] {
  const byType = new Map((current ?? []).map((c) => [c.type, c]));
  return next
    .map((input): Condition => {
      const previous = byType.get(input.type);
      const transitioned = !previous || previous.status !== input.status;
      return {
        type: input.type,
        status: input.status,
        ...(generation !== undefined ? { observedGeneration: generation } : {}),
        lastTransitionTime: transitioned ? rfc3339(now) : previous.lastTransitionTime,
        reason: input.reason,
        message: input.message,
      };
    })
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** RFC 3339 with whole seconds, the precision `metav1.Time` serialises. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
