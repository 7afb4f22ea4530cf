/**
 * The document set for one instance: an overview, where the operator's reach ends, the TOM, the
 * record of processing activities, the DPIA input, the retention matrix, the check results with
 * their evidence, the host scan and the audit trail. Built from a context alone, so the operator
 * (live state) and the CLI (rendered state) produce the same documents for the same state.
 * Output is deterministic: it contains a date only when the caller passes one.
 */
import { runChecks, type ComplianceReport } from '../run.ts';
import {
  compliantCondition,
  summarise,
  type ComplianceSummary,
  type CompliantCondition,
} from '../summary.ts';
import { RESULT_LABELS, type ComplianceContext } from '../types.ts';
import { buildDpia } from './dpia.ts';
import { deploymentFacts, type DeploymentFacts } from './facts.ts';
import {
  code,
  heading,
  list,
  paragraph,
  table,
  type Block,
  type Document,
  type Text,
} from './model.ts';
import { buildRecord } from './record.ts';
import { buildRetention } from './retention.ts';
import { buildTom } from './tom.ts';

/** One configuration the operator applied: its hash and when (RFC 3339). */
export interface AppliedEntry {
  hash: string;
  time: string;
}

export interface ReportOptions {
  /** The operator's bounded history of applied configurations, oldest first. */
  appliedHistory?: readonly AppliedEntry[];
  /** Date to print in the documents (RFC 3339); none is printed without it. */
  generatedAt?: string;
  /** The operator's `status.configHash`; computed from the ConfigMaps when absent. */
  configHash?: string;
}

export interface ComplianceDocumentSet {
  title: string;
  report: ComplianceReport;
  summary: ComplianceSummary;
  condition: CompliantCondition;
  documents: Document[];
}

export function buildReport(
  context: ComplianceContext,
  options: ReportOptions = {},
): ComplianceDocumentSet {
  const report = runChecks(context);
  const summary = summarise(report);
  const condition = compliantCondition(summary);
  const facts = deploymentFacts(context, report, options.configHash);
  const history = options.appliedHistory ?? [];
  const lastChange = history.length > 0 ? history[history.length - 1]?.time : undefined;
  return {
    title: `GDPR documentation for Jitsi Meet at ${facts.domain}`,
    report,
    summary,
    condition,
    documents: [
      overview(facts, report, condition, options.generatedAt),
      reach(facts),
      buildTom(facts, options.generatedAt),
      buildRecord(facts, report.hostScan, lastChange),
      buildDpia(context, facts, report.hostScan),
      buildRetention(facts),
      checkResults(report),
      hostScan(report),
      auditTrail(history, facts),
    ],
  };
}

function overview(
  facts: DeploymentFacts,
  report: ComplianceReport,
  condition: CompliantCondition,
  generatedAt: string | undefined,
): Document {
  const rows: Text[][] = [
    ['Instance', [code(`${facts.namespace}/${facts.instance}`)]],
    ['Domain', [code(facts.domain)]],
    [
      'State',
      facts.source === 'live'
        ? 'read from the cluster'
        : 'rendered offline from the GdprJitsiMeet resource; nothing observed on nodes',
    ],
    ['Operator version', facts.operatorVersion ?? 'unknown'],
    ['Configuration hash', [code(facts.configHash)]],
    ['Evidence hash', [code(facts.evidenceHash)]],
    ['Authentication', facts.authentication],
  ];
  if (generatedAt !== undefined) rows.push(['Generated', generatedAt]);
  const counts = report.counts;
  const blocks: Block[] = [
    table(['Field', 'Value'], rows),
    paragraph(
      `Checks: ${counts.pass} pass, ${counts.fail} fail, ${counts.relaxed} relaxed, ${counts['not-applicable']} open because they need evidence from outside the cluster. Host scan: ${report.hostScan.result}.`,
    ),
    paragraph(`Compliant: ${condition.status} (${condition.reason}): ${condition.message}`),
  ];
  const failing = report.results.filter((r) => r.result === 'fail' || r.result === 'relaxed');
  if (failing.length > 0)
    blocks.push(list(failing.map((r) => [code(r.id), ` ${r.result}: ${r.message}`])));
  return { id: 'overview', title: 'Overview', blocks };
}

function reach(facts: DeploymentFacts): Document {
  return {
    id: 'reach',
    title: 'Where the operator’s reach ends',
    blocks: [
      paragraph(
        'The operator controls the objects of this instance. These parts are governed by others, and the documents mark them as OPEN or name their owner:',
      ),
      list([
        'Logs: the components write to stdout; the platform’s log pipeline collects, stores and deletes them (LG-06).',
        'The ingress controller or gateway terminates TLS and may log client addresses and URLs (EN-01, LG-02).',
        'Backups of etcd and of persistent volumes, and their retention, are the platform’s.',
        'Nodes, their operating system, DNS and the network belong to the hosting provider (K8-02, OG-04).',
        'No TURN server is deployed, so participants behind restrictive firewalls may fail to connect; a TURN server added later is governed by whoever runs it (AC-05, LG-07).',
        `The nodes pull images from ${facts.registries.join(', ')}; the registry sees the nodes’ addresses, not participant data.`,
        'Participants’ browsers and native apps, including their vendors’ telemetry, are outside the deployment (CL-10).',
      ]),
    ],
  };
}

function checkResults(report: ComplianceReport): Document {
  return {
    id: 'checks',
    title: 'Check results and evidence',
    blocks: [
      table(
        ['Check', 'Title', 'Result', 'Message'],
        report.results.map((r) => [[code(r.id)], r.title, RESULT_LABELS[r.result], r.message]),
      ),
      heading(3, 'Evidence'),
      table(
        ['Check', 'Source', 'Key', 'Value'],
        report.results.flatMap((r) =>
          r.evidence.map((e) => [[code(r.id)], e.source, [code(e.key)], [code(e.value)]]),
        ),
      ),
    ],
  };
}

function hostScan(report: ComplianceReport): Document {
  const scan = report.hostScan;
  const scanned = `${scan.scanned.files} configuration files, ${scan.scanned.envVars} environment variables and ${scan.scanned.objects} Ingress, HTTPRoute and Service objects`;
  const blocks: Block[] =
    scan.findings.length === 0
      ? [paragraph(`No host outside the instance and the cluster was found in ${scanned}.`)]
      : [
          paragraph(`Hosts outside the instance and the cluster, found in ${scanned}:`),
          table(
            ['Source', 'Key', 'Host', 'Relaxed by'],
            scan.findings.map((f) => [
              f.source,
              [code(f.key)],
              [code(f.host)],
              f.relaxedBy === undefined ? '' : [code(f.relaxedBy)],
            ]),
          ),
        ];
  return { id: 'host-scan', title: 'Host scan', blocks };
}

function auditTrail(history: readonly AppliedEntry[], facts: DeploymentFacts): Document {
  const blocks: Block[] =
    history.length === 0
      ? [
          paragraph(
            `No applied configurations were passed in (an offline run). The current configuration hash is `,
            code(facts.configHash),
            '.',
          ),
        ]
      : [
          paragraph('Configurations the operator applied, oldest first:'),
          table(
            ['Configuration hash', 'Applied at'],
            history.map((h) => [[code(h.hash)], h.time]),
          ),
        ];
  return { id: 'audit-trail', title: 'Audit trail', blocks };
}
