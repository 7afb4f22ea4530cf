/**
 * The compact form of a report for `status.compliance`, and the input of the `Compliant`
 * condition. The status must stay small, so failing checks are listed with short messages and
 * the list is capped.
 */
import type { ComplianceReport } from './run.ts';
import { truncate } from './text.ts';
import type { Result } from './types.ts';

/** Maximum number of entries in `failing`; the rest is counted in `more`. */
export const MAX_SUMMARY_ENTRIES = 20;
/** Maximum length of one message in the summary, in characters. */
export const MAX_SUMMARY_MESSAGE = 160;

export interface ComplianceSummary {
  counts: Record<Result, number>;
  /** Failing checks (and `host-scan` when it found a host), in catalogue order. */
  failing: { id: string; message: string }[];
  /** Ids of relaxed checks. */
  relaxed: string[];
  /** Failing entries left out of `failing`. */
  more: number;
  /** Number of hosts the host scan found outside the instance. */
  foreignHosts: number;
}

export const COMPLIANT_CONDITION = 'Compliant';
export const COMPLIANT_REASON = {
  allPass: 'AllChecksPass',
  passWithRelaxations: 'PassWithRelaxations',
  checksFailed: 'ChecksFailed',
} as const;

/** Matches the controller's condition input: type, status, reason, message. */
export interface CompliantCondition {
  type: typeof COMPLIANT_CONDITION;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export function summarise(report: ComplianceReport): ComplianceSummary {
  const entries = report.results
    .filter((r) => r.result === 'fail')
    .map((r) => ({ id: r.id, message: truncate(r.message, MAX_SUMMARY_MESSAGE) }));
  if (report.hostScan.result === 'fail') {
    const failing = report.hostScan.findings.filter((f) => f.relaxedBy === undefined);
    const hosts = [...new Set(failing.map((f) => f.host))];
    entries.push({
      id: 'host-scan',
      message: truncate(`hosts outside the instance: ${hosts.join(', ')}`, MAX_SUMMARY_MESSAGE),
    });
  }
  return {
    counts: { ...report.counts },
    failing: entries.slice(0, MAX_SUMMARY_ENTRIES),
    relaxed: report.results.filter((r) => r.result === 'relaxed').map((r) => r.id),
    more: Math.max(0, entries.length - MAX_SUMMARY_ENTRIES),
    foreignHosts: report.hostScan.findings.length,
  };
}

/** Builds the `Compliant` condition: False while a check fails or the host scan finds a host. */
export function compliantCondition(summary: ComplianceSummary): CompliantCondition {
  const total = summary.failing.length + summary.more;
  if (total > 0) {
    const ids = summary.failing.map((f) => f.id).join(', ');
    const more = summary.more > 0 ? ` and ${summary.more} more` : '';
    return {
      type: COMPLIANT_CONDITION,
      status: 'False',
      reason: COMPLIANT_REASON.checksFailed,
      message: `${total} failing: ${ids}${more}`,
    };
  }
  if (summary.relaxed.length > 0) {
    return {
      type: COMPLIANT_CONDITION,
      status: 'True',
      reason: COMPLIANT_REASON.passWithRelaxations,
      message: `no check fails; relaxed on purpose: ${summary.relaxed.join(', ')}`,
    };
  }
  return {
    type: COMPLIANT_CONDITION,
    status: 'True',
    reason: COMPLIANT_REASON.allPass,
    message: `${summary.counts.pass} checks pass; ${summary.counts['not-applicable']} need evidence from outside the cluster`,
  };
}
