import type { Component, ResourceRequirements } from './types.ts';

/**
 * Default values of the GdprJitsiMeet spec. The schema (`default:` and descriptions) and
 * `withDefaults` read them from here, so each default is written once.
 */

/** Node label keys the operator reads a node's region from. */
export const LABEL_KEYS = {
  /** Set by cloud controller managers; a kubelet may also set it on its own Node. */
  standard: 'topology.kubernetes.io/region',
  /** Default key of the Restricted mode; a kubelet cannot set it under NodeRestriction. */
  restricted: 'node-restriction.kubernetes.io/region',
} as const;

/** Prefix that the NodeRestriction admission plugin forbids kubelets to set on their Node. */
export const RESTRICTED_LABEL_PREFIX = 'node-restriction.kubernetes.io/';

/** Defaults the API server stores in each object (schema `default:`). */
export const SCHEMA_DEFAULTS = {
  labelMode: 'Standard',
  allowAdequacyRegions: false,
  pullPolicy: 'IfNotPresent',
  /** UDP port of the videobridge's media traffic, the upstream image default. */
  jvbUdpPort: 10000,
  ingressMode: 'Ingress',
  issuerKind: 'Issuer',
  issuerGroup: 'cert-manager.io',
  /** Days; a policy choice for operational logs, not a number set by an authority. */
  logsMaxAgeDays: 7,
  /** Days. */
  prosodyDataMaxAgeDays: 7,
  dataDeletionPolicy: 'Retain',
  /** Hosts sign in to create rooms, so check AC-01 holds by default. */
  authMode: 'Internal',
  allowGuests: true,
  /** Every privacy relaxation is off until a user turns it on. */
  peerToPeer: false,
  logLevel: 'Warn',
  webAccessLog: false,
  recentMeetings: false,
  requireDisplayName: false,
} as const;

/**
 * Image defaults. They are not stored in objects, so that upgrading the operator moves every
 * instance that does not pin its own tag to the images this version was tested with.
 */
export const IMAGE_DEFAULTS = {
  registry: 'ghcr.io/jitsi',
  /** Current docker-jitsi-meet stable release (2026-08-17). */
  tag: 'stable-11146-2',
} as const;

/**
 * Resource requests and limits per component, for one instance. Prosody and Jicofo run once per
 * instance; the JVB figures are per videobridge pod. CPU limits are generous because throttling a
 * media server shows as frozen video; memory limits protect the node.
 *
 * NOTE: Jicofo and the JVB are Java programs. Their images size the heap from the memory they
 * see, so the workload builders must pass a heap size below these limits.
 */
export const RESOURCE_DEFAULTS: Readonly<Record<Component, Required<ResourceRequirements>>> = {
  web: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  prosody: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  jicofo: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  jvb: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '1536Mi' } },
};

/** Longest instance name; child names such as `<name>-prosody-config` must stay <= 63 chars. */
export const MAX_NAME_LENGTH = 40;
