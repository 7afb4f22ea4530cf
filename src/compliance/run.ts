/**
 * Runs every check and the host scan against one context. A check that throws becomes a `fail`
 * naming the error, so one broken reader never hides the other results.
 */
import { scanHosts, type HostScan } from './host-scan.ts';
import { CHECKS } from './registry.ts';
import {
  RESULTS,
  type CheckDefinition,
  type CheckResult,
  type ComplianceContext,
  type Result,
} from './types.ts';

export interface ComplianceReport {
  instance: { name: string; namespace: string };
  domain: string;
  /** `live` when the objects were read from the cluster, else `rendered`. */
  source: 'live' | 'rendered';
  results: CheckResult[];
  hostScan: HostScan;
  counts: Record<Result, number>;
}

export function runChecks(context: ComplianceContext): ComplianceReport {
  const results = CHECKS.map((check) => runCheck(check, context));
  const counts = Object.fromEntries(RESULTS.map((r) => [r, 0])) as Record<Result, number>;
  for (const r of results) counts[r.result] += 1;
  return {
    instance: { ...context.instance },
    domain: context.spec.domain,
    source: context.live === undefined ? 'rendered' : 'live',
    results,
    hostScan: scanHosts(context),
    counts,
  };
}

/**
 * Evaluates one check. A failing check that a spec field relaxed becomes `relaxed`; the message
 * keeps the finding and names the field, so the relaxation stays visible.
 */
export function runCheck(check: CheckDefinition, context: ComplianceContext): CheckResult {
  let evaluation;
  try {
    evaluation = check.evaluate(context);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    evaluation = {
      result: 'fail' as const,
      evidence: [],
      message: `the check failed to run: ${message}`,
    };
  }
  const base = { id: check.id, title: check.title, ...evaluation };
  const relaxation = context.relaxations[check.id];
  if (evaluation.result !== 'fail' || relaxation === undefined) return base;
  const by = relaxation.setBy === undefined ? '' : ` (set by ${relaxation.setBy})`;
  return {
    ...base,
    result: 'relaxed',
    relaxedBy: relaxation.field,
    message: `relaxed by ${relaxation.field}${by}: ${evaluation.message}`,
  };
}
