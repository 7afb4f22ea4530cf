/**
 * TypeScript shape of the GdprJitsiMeet resource (group gdprmeet.io, version v1alpha1).
 *
 * The schema source in `schema.ts` describes the same shape for the CRD and for ajv; a unit test
 * keeps the two in step. `GdprJitsiMeetSpec` is what a user writes (every field optional except
 * `domain`); `EffectiveSpec` is the result of `withDefaults`, with every default filled in.
 */

import type { AuthSpec, EffectiveAuth, EffectivePrivacy, PrivacySpec } from './types-privacy.ts';

export type * from './types-privacy.ts';

export const API_GROUP = 'gdprmeet.io';
export const API_VERSION = 'v1alpha1';
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;
export const KIND = 'GdprJitsiMeet';
export const PLURAL = 'gdprjitsimeets';
export const SINGULAR = 'gdprjitsimeet';
export const SHORT_NAME = 'gjm';

/** The Jitsi components that run as workloads. */
export const COMPONENTS = ['web', 'prosody', 'jicofo', 'jvb'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ImageOverride {
  /** Full image reference without tag, e.g. `registry.example.eu/jitsi/web`. */
  repository?: string;
  tag?: string;
}

export interface ImageSpec {
  /** Registry and path prefix; default `ghcr.io/jitsi`. */
  registry?: string;
  /** Tag shared by all components; default is the pinned stable tag. */
  tag?: string;
  pullPolicy?: 'IfNotPresent' | 'Always' | 'Never';
  overrides?: Partial<Record<Component, ImageOverride>>;
}

/**
 * How the operator finds a node's location.
 * - `Standard`: the well-known `topology.kubernetes.io/region` label, set by cloud providers.
 * - `Restricted`: a label under `node-restriction.kubernetes.io/`, which a kubelet cannot set on
 *   its own Node when the NodeRestriction admission plugin is on.
 * - `Custom`: any label key, for on-premises clusters.
 */
export type LabelMode = 'Standard' | 'Restricted' | 'Custom';

export interface CustomRegion {
  /** Label value as it appears on the nodes. */
  value: string;
  /** ISO 3166-1 alpha-2 country code of the site, e.g. `DE`. */
  country: string;
}

export interface ResidencySpec {
  labelMode?: LabelMode;
  labelKey?: string;
  /**
   * Exact label values pods may run on. Absent means the built-in EU/EEA provider region list of
   * the running operator version plus every `customRegions` value; it is never stored as a default.
   */
  allowedRegions?: string[];
  /** Label values that are not cloud provider regions, with the country they are in. */
  customRegions?: CustomRegion[];
  /**
   * Permit regions in countries with an EU adequacy decision (e.g. `eu-west-2`, London) in
   * `allowedRegions` and `customRegions`; it adds no provider region by itself. Default false.
   */
  allowAdequacyRegions?: boolean;
}

export interface ResourceList {
  cpu?: string;
  memory?: string;
}

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface JvbSpec {
  /** UDP port for media, in the container and on the Service; default 10000. */
  udpPort?: number;
}

export type IngressMode = 'Ingress' | 'HTTPRoute' | 'None';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
}

export interface IngressControllerRef {
  /** Namespace the ingress controller or gateway pods run in. */
  namespace?: string;
  /** Labels of the ingress controller pods. */
  podSelector?: LabelSelector;
}

export interface GatewayRef {
  name: string;
  namespace?: string;
  sectionName?: string;
}

export interface IngressSpec {
  mode?: IngressMode;
  className?: string;
  annotations?: Record<string, string>;
  gateway?: GatewayRef;
  controller?: IngressControllerRef;
}

export interface IssuerRef {
  name: string;
  kind?: 'Issuer' | 'ClusterIssuer';
  group?: string;
}

export interface TlsSpec {
  issuerRef?: IssuerRef;
  secretName?: string;
}

export interface RetentionCategory {
  /** Maximum age of the data in days. */
  maxAgeDays?: number;
}

export interface RetentionSpec {
  logs?: RetentionCategory;
  prosodyData?: RetentionCategory;
}

export interface MonitoringSpec {
  /** Namespace whose pods may scrape metrics; empty means no scraping is allowed. */
  namespace?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface SchedulingSpec {
  tolerations?: Toleration[];
  /** Extra node labels every pod requires; these narrow placement, never widen it. */
  nodeSelector?: Record<string, string>;
  priorityClassName?: string;
  imagePullSecrets?: { name: string }[];
}

export type DataDeletionPolicy = 'Retain' | 'Delete';

export interface GdprJitsiMeetSpec {
  domain: string;
  image?: ImageSpec;
  residency?: ResidencySpec;
  resources?: Partial<Record<Component, ResourceRequirements>>;
  jvb?: JvbSpec;
  ingress?: IngressSpec;
  tls?: TlsSpec;
  retention?: RetentionSpec;
  monitoring?: MonitoringSpec;
  scheduling?: SchedulingSpec;
  dataDeletionPolicy?: DataDeletionPolicy;
  auth?: AuthSpec;
  privacy?: PrivacySpec;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface PodPlacement {
  name: string;
  component: string;
  node: string;
  region: string;
}

export interface ResidencyStatus {
  labelKey: string;
  allowedRegions: string[];
  adequacyRegionsAllowed: boolean;
  /** Regions the instance's pods run in now, comma-separated and sorted (for printer columns). */
  regionsInUse: string;
}

export interface GdprJitsiMeetStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  residency?: ResidencyStatus;
  placements?: PodPlacement[];
  /** Hash of the rendered configuration last applied. */
  configHash?: string;
  /** The last applied configurations, oldest first, at most 10. */
  appliedHistory?: AppliedConfiguration[];
  compliance?: ComplianceStatus;
}

export interface AppliedConfiguration {
  configHash: string;
  generation?: number;
  /** RFC 3339. */
  appliedAt: string;
}

/** `status.compliance`: the counts and the failing and relaxed checks of the live instance. */
export interface ComplianceStatus {
  pass: number;
  fail: number;
  relaxed: number;
  notApplicable: number;
  foreignHosts: number;
  failing: { id: string; message: string }[];
  more: number;
  relaxedChecks: { id: string; field: string; setBy?: string }[];
  reportConfigMap: string;
  evidenceHash: string;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  finalizers?: string[];
  managedFields?: unknown[];
}

export interface GdprJitsiMeet {
  apiVersion: typeof API_GROUP_VERSION;
  kind: typeof KIND;
  metadata: ObjectMeta;
  spec: GdprJitsiMeetSpec;
  status?: GdprJitsiMeetStatus;
}

/** Spec with every default applied; produced only by `withDefaults`. */
export interface EffectiveSpec {
  domain: string;
  image: {
    pullPolicy: 'IfNotPresent' | 'Always' | 'Never';
    /** Fully resolved image reference per component. */
    refs: Record<Component, string>;
  };
  residency: {
    labelMode: LabelMode;
    labelKey: string;
    allowedRegions: string[];
    customRegions: CustomRegion[];
    allowAdequacyRegions: boolean;
  };
  resources: Record<Component, Required<ResourceRequirements>>;
  jvb: { udpPort: number };
  ingress: {
    mode: IngressMode;
    className?: string;
    annotations: Record<string, string>;
    gateway?: GatewayRef;
    controller: IngressControllerRef;
  };
  tls: TlsSpec;
  retention: { logs: { maxAgeDays: number }; prosodyData: { maxAgeDays: number } };
  monitoring: MonitoringSpec;
  scheduling: {
    tolerations: Toleration[];
    nodeSelector: Record<string, string>;
    priorityClassName?: string;
    imagePullSecrets: { name: string }[];
  };
  dataDeletionPolicy: DataDeletionPolicy;
  auth: EffectiveAuth;
  privacy: EffectivePrivacy;
}
