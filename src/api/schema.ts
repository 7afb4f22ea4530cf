import { LABEL_KEYS, MAX_NAME_LENGTH, SCHEMA_DEFAULTS } from './defaults.ts';
import { DNS_LABEL_PATTERN, DOMAIN_PATTERN } from './patterns.ts';
import { INGRESS_SCHEMA, TLS_SCHEMA } from './schema-ingress.ts';
import { int, obj, rule, str, type SchemaNode } from './schema-node.ts';
import { AUTH_SCHEMA, PRIVACY_SCHEMA } from './schema-privacy.ts';
import { RESIDENCY_SCHEMA } from './schema-residency.ts';
import { STATUS_SCHEMA } from './schema-status.ts';
import {
  IMAGE_SCHEMA,
  JVB_SCHEMA,
  RESOURCES_SCHEMA,
  SCHEDULING_SCHEMA,
} from './schema-workloads.ts';
import type { GdprJitsiMeetSpec, ObjectMeta } from './types.ts';
import { effectiveLabelKey } from './with-defaults.ts';

/**
 * The one schema source of the GdprJitsiMeet resource. `crd.ts` renders it into the CRD and
 * `validate.ts` checks objects against it offline; neither keeps a schema of its own.
 */

function maxAgeDays(description: string, defaultDays: number, what: string): SchemaNode {
  return obj(
    description,
    {
      maxAgeDays: int(`Maximum age of ${what} in days. Range 1-3650. Default: ${defaultDays}.`, {
        minimum: 1,
        maximum: 3650,
        default: defaultDays,
      }),
    },
    { default: {} },
  );
}

// NOTE: no retention job enforces these periods yet. The descriptions state the contract the
// retention program must implement.
const RETENTION_SCHEMA = obj(
  'How long data about meetings and participants is kept. Media is never stored.',
  {
    logs: maxAgeDays(
      'Retention of the component logs. They go to stdout, so the cluster log pipeline must ' +
        'delete them after this period.',
      SCHEMA_DEFAULTS.logsMaxAgeDays,
      'log lines',
    ),
    prosodyData: maxAgeDays(
      "Retention of user and room data on Prosody's volume, such as offline messages and " +
        'uploads. The service accounts and certificates the instance needs are not affected.',
      SCHEMA_DEFAULTS.prosodyDataMaxAgeDays,
      'an entry',
    ),
  },
  { default: {} },
);

const MONITORING_SCHEMA = obj('Metrics access.', {
  namespace: str(
    "Namespace whose pods may scrape the components' metrics ports; the NetworkPolicies admit " +
      'no other namespace. Default: absent, so no pod may scrape.',
    { pattern: DNS_LABEL_PATTERN, maxLength: 63 },
  ),
});

/** CEL: the node selector does not use the residency label key (see `effectiveLabelKey`). */
const NODE_SELECTOR_RULE = [
  '!has(self.scheduling) || !has(self.scheduling.nodeSelector) ||',
  '(has(self.residency) && has(self.residency.labelKey)',
  '  ? !(self.residency.labelKey in self.scheduling.nodeSelector)',
  "  : (has(self.residency) && has(self.residency.labelMode) && self.residency.labelMode == 'Custom') ||",
  "    !((has(self.residency) && has(self.residency.labelMode) && self.residency.labelMode == 'Restricted'",
  `      ? '${LABEL_KEYS.restricted}' : '${LABEL_KEYS.standard}') in self.scheduling.nodeSelector))`,
].join(' ');

const SPEC_RULES = [
  rule<GdprJitsiMeetSpec>({
    rule:
      "(has(self.ingress) && has(self.ingress.mode) && self.ingress.mode == 'None') || " +
      '(has(self.tls) && (has(self.tls.issuerRef) || has(self.tls.secretName)))',
    message:
      'tls needs issuerRef or secretName unless ingress.mode is None; set tls.secretName to an existing TLS Secret or tls.issuerRef to a cert-manager issuer',
    fieldPath: '.tls',
    reason: 'FieldValueRequired',
    check: (self) => {
      if ((self.ingress?.mode ?? SCHEMA_DEFAULTS.ingressMode) === 'None') return undefined;
      if (self.tls?.issuerRef !== undefined || self.tls?.secretName !== undefined) return undefined;
      return `tls needs issuerRef or secretName because ingress.mode is ${self.ingress?.mode ?? SCHEMA_DEFAULTS.ingressMode}; set tls.secretName to an existing TLS Secret or tls.issuerRef to a cert-manager issuer`;
    },
  }),
  rule<GdprJitsiMeetSpec>({
    rule: NODE_SELECTOR_RULE,
    message:
      'scheduling.nodeSelector must not contain the residency label key; list the regions in residency.allowedRegions instead',
    fieldPath: '.scheduling.nodeSelector',
    reason: 'FieldValueForbidden',
    check: (self) => {
      const key = effectiveLabelKey(self.residency ?? {});
      return key !== undefined && self.scheduling?.nodeSelector?.[key] !== undefined
        ? `scheduling.nodeSelector contains the residency label key ${key}; remove it and list the regions in residency.allowedRegions instead`
        : undefined;
    },
  }),
];

/** Schema of `spec`. */
export const SPEC_SCHEMA: SchemaNode = obj(
  'Desired state of one Jitsi Meet instance that runs only on nodes in the allowed regions: EU/EEA regions, plus adequacy-decision countries only with spec.residency.allowAdequacyRegions.',
  {
    domain: str(
      'Public DNS name of the meeting service, e.g. meet.example.eu: lowercase, at least one ' +
        'dot, max 253 characters. Required.',
      { pattern: DOMAIN_PATTERN, maxLength: 253 },
    ),
    image: IMAGE_SCHEMA,
    residency: RESIDENCY_SCHEMA,
    resources: RESOURCES_SCHEMA,
    jvb: JVB_SCHEMA,
    ingress: INGRESS_SCHEMA,
    tls: TLS_SCHEMA,
    retention: RETENTION_SCHEMA,
    monitoring: MONITORING_SCHEMA,
    scheduling: SCHEDULING_SCHEMA,
    dataDeletionPolicy: str(
      'What happens to the persistent data of the instance (Prosody volume) when the ' +
        'GdprJitsiMeet is deleted. Retain: keep the PersistentVolumeClaims for an administrator. ' +
        'Delete: delete them with the instance. Default: Retain.',
      { enum: ['Retain', 'Delete'], default: SCHEMA_DEFAULTS.dataDeletionPolicy },
    ),
    auth: AUTH_SCHEMA,
    privacy: PRIVACY_SCHEMA,
  },
  { required: ['domain'], rules: SPEC_RULES },
);

/**
 * Schema of the whole object. The API server forbids descriptions and most constraints on
 * `metadata`, so the name length is a CEL rule at the root.
 */
export const ROOT_SCHEMA: SchemaNode = obj(
  'GdprJitsiMeet runs a self-hosted Jitsi Meet instance on EU/EEA nodes (adequacy countries only by explicit opt-in), with a ' +
    'configuration that sends nothing to third parties.',
  {
    apiVersion: str('Versioned schema of this object: gdprmeet.io/v1alpha1.'),
    kind: str('Kind of this object: GdprJitsiMeet.'),
    metadata: obj('Standard object metadata.', { name: str('Object name.') }),
    spec: SPEC_SCHEMA,
    status: STATUS_SCHEMA,
  },
  {
    required: ['spec'],
    rules: [
      rule<{ metadata?: Partial<ObjectMeta> }>({
        rule: `self.metadata.name.size() <= ${MAX_NAME_LENGTH}`,
        message: `name must be at most ${MAX_NAME_LENGTH} characters, so that the names of the objects created from it stay within 63; choose a shorter name`,
        fieldPath: '.metadata.name',
        check: (self) => {
          const name = self.metadata?.name ?? '';
          return name.length > MAX_NAME_LENGTH
            ? `name '${name}' has ${name.length} characters; at most ${MAX_NAME_LENGTH} are allowed so that the names of the objects created from it stay within 63; choose a shorter name`
            : undefined;
        },
      }),
    ],
  },
);
