/**
 * Helpers that turn observed values into evidence and results. A check collects findings (one
 * per key it reads) and `judge` turns them into one result whose message names every problem.
 */
import type { Evaluation, Evidence } from './types.ts';

/** Text used in evidence for a key that is absent. */
export const UNSET = '(unset)';

/** One observed key, with the problem when its value is not acceptable. */
export interface Finding {
  evidence: Evidence;
  /** Description of the problem and the expected value; undefined when acceptable. */
  problem?: string;
}

/** Formats any observed value for evidence: strings as they are, the rest as JSON. */
export function display(value: unknown): string {
  if (value === undefined) return UNSET;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function evidence(source: string, key: string, value: unknown): Evidence {
  return { source, key, value: display(value) };
}

/**
 * Judges one key: acceptable when `accept(value)` holds, else the problem reads
 * "`key` is `value`; expected `want`".
 */
export function expect(
  source: string,
  key: string,
  value: unknown,
  accept: (value: unknown) => boolean,
  want: string,
): Finding {
  const ev = evidence(source, key, value);
  return accept(value)
    ? { evidence: ev }
    : { evidence: ev, problem: `${key} is ${ev.value}; expected ${want}` };
}

/** Fails when any finding has a problem, else passes with `passMessage`. */
export function judge(findings: readonly Finding[], passMessage: string): Evaluation {
  const problems = findings.flatMap((f) => (f.problem === undefined ? [] : [f.problem]));
  const evidenceList = findings.map((f) => f.evidence);
  if (problems.length > 0)
    return { result: 'fail', evidence: evidenceList, message: problems.join('; ') };
  return { result: 'pass', evidence: evidenceList, message: passMessage };
}

export function pass(message: string, evidenceList: Evidence[] = []): Evaluation {
  return { result: 'pass', evidence: evidenceList, message };
}

export function fail(message: string, evidenceList: Evidence[] = []): Evaluation {
  return { result: 'fail', evidence: evidenceList, message };
}

/** For what the objects cannot show; the message must name who provides the evidence. */
export function notApplicable(message: string, evidenceList: Evidence[] = []): Evaluation {
  return { result: 'not-applicable', evidence: evidenceList, message };
}

/** Combines several evaluations of parts of one check: any fail fails, else all pass. */
export function combine(parts: readonly Evaluation[], passMessage: string): Evaluation {
  const evidenceList = parts.flatMap((p) => p.evidence);
  const failed = parts.filter((p) => p.result === 'fail');
  if (failed.length > 0) return fail(failed.map((p) => p.message).join('; '), evidenceList);
  return pass(passMessage, evidenceList);
}

/** Value tests used by many checks. */
export const is = {
  true: (v: unknown) => v === true,
  false: (v: unknown) => v === false,
  notTrue: (v: unknown) => v !== true,
  absent: (v: unknown) => v === undefined || v === null || v === '',
  zero: (v: unknown) => v === 0,
  emptyList: (v: unknown) => Array.isArray(v) && v.length === 0,
};
