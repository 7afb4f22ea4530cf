/**
 * Shapes shared by the compliance engine: what a check reads, what it returns, and how checks are
 * grouped. Checks are pure functions of a `ComplianceContext`; they never change anything.
 */
import type { EffectiveSpec } from '../api/types.ts';

/** A Kubernetes object as the builders emit it or the API server returns it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** Where a pod of the instance runs, as the operator observed it. */
export interface PodPlacement {
  name: string;
  component: string;
  node: string;
  /** Value of the region label on the node; empty when the node has none. */
  region: string;
}

/** State read from the cluster; absent in offline runs. */
export interface LiveState {
  pods: PodPlacement[];
  /** Node name to the value of its region label. */
  nodeRegions: Record<string, string>;
  networkPolicies: KubeObject[];
  cronJobs: KubeObject[];
}

/** A spec field that switched a check off on purpose, and who set it (e.g. a field manager). */
export interface Relaxation {
  field: string;
  setBy?: string;
}

/** Everything a check may read. */
export interface ComplianceContext {
  instance: { name: string; namespace: string };
  spec: EffectiveSpec;
  /** The instance's children: rendered offline, or read from the cluster by the operator. */
  objects: KubeObject[];
  live?: LiveState;
  /** Check id to the spec field that relaxed it. */
  relaxations: Record<string, Relaxation>;
}

export const RESULTS = ['pass', 'fail', 'relaxed', 'not-applicable'] as const;
/**
 * - `pass`: the objects prove the safe value.
 * - `fail`: the objects show an unsafe value, or lack what would prove the safe one.
 * - `relaxed`: it would fail, and a spec field asked for that on purpose.
 * - `not-applicable`: the objects cannot prove it either way; the message names who must.
 */
export type Result = (typeof RESULTS)[number];

/**
 * Results as documents and the CLI table show them. The id `not-applicable` stays in the API and
 * the status, but a reader would take "not applicable" for "irrelevant", while the check is open
 * until its owner provides the evidence.
 */
export const RESULT_LABELS: Readonly<Record<Result, string>> = {
  pass: 'pass',
  fail: 'fail',
  relaxed: 'relaxed',
  'not-applicable': 'open (needs evidence from outside the cluster)',
};

/** One observed fact behind a result: where it was read, which key, and the value seen. */
export interface Evidence {
  /** The object and, for files, the ConfigMap key, e.g. `ConfigMap meet-web-config/custom-config.js`. */
  source: string;
  /** Config path, directive, environment variable or object field. */
  key: string;
  /** The value as read; `(unset)` when the key is absent. */
  value: string;
}

/** What `evaluate` returns; the registry adds the id and the title. */
export interface Evaluation {
  result: Exclude<Result, 'relaxed'>;
  evidence: Evidence[];
  message: string;
}

export interface CheckResult {
  id: string;
  title: string;
  result: Result;
  evidence: Evidence[];
  message: string;
  /** Spec field that relaxed the check; only on `relaxed` results. */
  relaxedBy?: string;
}

/** Check groups, named after the id prefixes. */
export const CATEGORIES = {
  TP: 'Third-party requests and transfers',
  CL: 'Client-side data minimisation',
  LG: 'Server-side logging',
  EX: 'Exposure of internal interfaces',
  EN: 'Encryption',
  AC: 'Access control',
  RS: 'Recording, persistence and deletion',
  K8: 'Placement, images and certificates',
  OG: 'Organisational evidence',
} as const;
export type Category = keyof typeof CATEGORIES;

/**
 * Protection goals of the Standard-Datenschutzmodell (SDM), the German data protection
 * authorities' method for deriving technical and organisational measures from the GDPR.
 */
export const SDM_GOALS = {
  dataMinimisation: 'Datenminimierung',
  availability: 'Verfügbarkeit',
  integrity: 'Integrität',
  confidentiality: 'Vertraulichkeit',
  unlinkability: 'Nichtverkettung',
  transparency: 'Transparenz',
  intervenability: 'Intervenierbarkeit',
} as const;
export type SdmGoal = keyof typeof SDM_GOALS;

/** English names of the SDM protection goals, for the headings of English documents. */
export const SDM_GOALS_ENGLISH: Readonly<Record<SdmGoal, string>> = {
  dataMinimisation: 'Data minimisation',
  availability: 'Availability',
  integrity: 'Integrity',
  confidentiality: 'Confidentiality',
  unlinkability: 'Unlinkability',
  transparency: 'Transparency',
  intervenability: 'Intervenability',
};

/** Names a goal for English documents with the German term beside it: `Integrity (Integrität)`. */
export function sdmGoalName(goal: SdmGoal): string {
  return `${SDM_GOALS_ENGLISH[goal]} (${SDM_GOALS[goal]})`;
}

/** Who has to act for a measure: the operator, the cluster platform, or the controller. */
export type Owner = 'operator' | 'platform' | 'controller';

export interface CheckDefinition {
  /** Stable id from the project's GDPR check catalogue, e.g. `TP-01`. */
  id: string;
  title: string;
  category: Category;
  /** True when the operator's own objects can bring the check to `pass`. */
  enforceable: boolean;
  owner: Owner;
  goal: SdmGoal;
  /** GDPR articles (and guidance) the measure supports. */
  basis: string;
  /** The measure as the TOM document states it. */
  measure: string;
  evaluate: (context: ComplianceContext) => Evaluation;
}
