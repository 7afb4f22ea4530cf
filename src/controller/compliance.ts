/**
 * The compliance step of a reconcile: runs the privacy checks on the instance's live objects
 * (from the informer caches), and turns the result into `status.compliance`, the `Compliant`
 * condition and the report ConfigMap that contains the generated documents.
 */
import type { AppliedConfiguration, ComplianceStatus, EffectiveSpec } from '../api/types.ts';
import {
  buildReport,
  renderHtml,
  renderMarkdown,
  type ComplianceDocumentSet,
  type CompliantCondition,
} from '../compliance/index.ts';
import { shortHash } from '../compliance/hash.ts';
import {
  liveContext,
  REPORT_CONTENT_LABEL,
  REPORT_CONTENT_VALUE,
} from '../compliance/live-context.ts';
import { relaxationsFor, type ManagedFieldsEntry } from '../compliance/relaxations.ts';
import { controllerOwnerReference } from '../resources/owner.ts';
import { LABELS, objectLabels } from '../resources/labels.ts';
import type { Cache } from '../runtime/informer.ts';
import type { KubeObject } from '../runtime/kube-client.ts';

/** Name of the ConfigMap with the documents of an instance. */
export const reportConfigMapName = (instance: string): string => `${instance}-gdpr-report`;

export interface ComplianceInput {
  instance: KubeObject & { metadata: { namespace: string; uid?: string } };
  spec: EffectiveSpec;
  /** Caches of the owned kinds; objects of other instances are filtered out here. */
  owned: Map<string, Cache>;
  pods: Cache;
  nodes: Cache;
  operatorVersion: string;
  history: readonly AppliedConfiguration[];
  configHash: string | undefined;
  now: Date;
}

export interface ComplianceOutcome {
  status: ComplianceStatus;
  condition: CompliantCondition;
  /** The report ConfigMap to apply. */
  report: KubeObject;
  documents: ComplianceDocumentSet;
}

/** Runs the checks on the live state and builds what the reconcile writes from the result. */
export function evaluateCompliance(input: ComplianceInput): ComplianceOutcome {
  const { instance, spec } = input;
  const name = instance.metadata.name;
  const namespace = instance.metadata.namespace;
  const belongs = (o: KubeObject) => o.metadata.labels?.[LABELS.instance] === name;
  const children = [...input.owned.values()].flatMap((cache) =>
    cache.list(namespace).filter(belongs),
  );
  const context = liveContext({
    instance: { name, namespace },
    spec,
    children,
    pods: input.pods.list(namespace).filter(belongs),
    nodeLabels: (node) => input.nodes.get(undefined, node)?.metadata.labels,
    componentLabel: LABELS.component,
    namespacePolicies: input.owned.get('networking.k8s.io/v1/NetworkPolicy')?.list(namespace),
    relaxations: relaxationsFor(
      spec,
      instance.metadata.managedFields as ManagedFieldsEntry[] | undefined,
      input.now,
    ),
  });
  const documents = buildReport(context, {
    appliedHistory: input.history.map((h) => ({ hash: h.configHash, time: h.appliedAt })),
    ...(input.configHash !== undefined && { configHash: input.configHash }),
  });
  const { summary, report } = documents;
  const evidenceHash = shortHash({ results: report.results, hostScan: report.hostScan });
  const status: ComplianceStatus = {
    pass: summary.counts.pass,
    fail: summary.counts.fail,
    relaxed: summary.counts.relaxed,
    notApplicable: summary.counts['not-applicable'],
    foreignHosts: summary.foreignHosts,
    failing: summary.failing,
    more: summary.more,
    relaxedChecks: report.results
      .filter((r) => r.result === 'relaxed')
      .map((r) => {
        const setBy = context.relaxations[r.id]?.setBy;
        return {
          id: r.id,
          field: r.relaxedBy ?? '',
          ...(setBy !== undefined && { setBy }),
        };
      }),
    reportConfigMap: reportConfigMapName(name),
    evidenceHash,
  };
  return {
    status,
    condition: documents.condition,
    report: reportConfigMap(input, documents),
    documents,
  };
}

function reportConfigMap(input: ComplianceInput, documents: ComplianceDocumentSet): KubeObject {
  const { instance } = input;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: reportConfigMapName(instance.metadata.name),
      namespace: instance.metadata.namespace,
      labels: {
        ...objectLabels(instance.metadata.name, undefined, input.operatorVersion),
        [REPORT_CONTENT_LABEL]: REPORT_CONTENT_VALUE,
      },
      ownerReferences: [
        controllerOwnerReference({
          name: instance.metadata.name,
          uid: instance.metadata.uid ?? '',
        }),
      ],
    },
    data: {
      'report.md': renderMarkdown(documents),
      'report.html': renderHtml(documents),
    },
  };
}
