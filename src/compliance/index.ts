/**
 * Public entry point of the compliance engine: the checks, the host scan, the status summary and
 * the GDPR documents with their renderers. Everything here reads objects; nothing writes.
 */
export { CHECKS, checkById } from './registry.ts';
export { runChecks, runCheck, type ComplianceReport } from './run.ts';
export { scanHosts, type HostFinding, type HostScan } from './host-scan.ts';
export {
  compliantCondition,
  summarise,
  COMPLIANT_CONDITION,
  COMPLIANT_REASON,
  MAX_SUMMARY_ENTRIES,
  type ComplianceSummary,
  type CompliantCondition,
} from './summary.ts';
export {
  buildReport,
  type AppliedEntry,
  type ComplianceDocumentSet,
  type ReportOptions,
} from './documents/report.ts';
export { renderMarkdown } from './render/markdown.ts';
export { renderHtml } from './render/html.ts';
export { renderedContext } from './offline-context.ts';
export {
  fieldOwners,
  relaxationsFor,
  relaxedCheckIds,
  RELAXATION_FIELDS,
  type ManagedFieldsEntry,
  type RelaxationField,
} from './relaxations.ts';
export { configurationHash } from './hash.ts';
export * from './types.ts';
