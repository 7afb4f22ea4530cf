import { SCHEMA_DEFAULTS } from './defaults.ts';
import {
  DNS_LABEL_PATTERN,
  DNS_SUBDOMAIN_PATTERN,
  OPTIONAL_LABEL_VALUE_PATTERN,
} from './patterns.ts';
import { map, obj, rule, str, type SchemaNode } from './schema-node.ts';
import type { IngressSpec, TlsSpec } from './types.ts';

function mode(self: IngressSpec): string {
  return self.mode ?? SCHEMA_DEFAULTS.ingressMode;
}

const INGRESS_RULES = [
  rule<IngressSpec>({
    rule: "!has(self.mode) || self.mode != 'HTTPRoute' || has(self.gateway)",
    message:
      'gateway is required when mode is HTTPRoute; set gateway.name (and gateway.namespace if the Gateway is in another namespace)',
    fieldPath: '.gateway',
    reason: 'FieldValueRequired',
    check: (self) =>
      mode(self) === 'HTTPRoute' && self.gateway === undefined
        ? 'gateway is required when mode is HTTPRoute; set gateway.name (and gateway.namespace if the Gateway is in another namespace)'
        : undefined,
  }),
  rule<IngressSpec>({
    rule: "!has(self.gateway) || (has(self.mode) && self.mode == 'HTTPRoute')",
    message: 'gateway is only used when mode is HTTPRoute; remove it or set mode: HTTPRoute',
    fieldPath: '.gateway',
    reason: 'FieldValueForbidden',
    check: (self) =>
      self.gateway !== undefined && mode(self) !== 'HTTPRoute'
        ? `gateway is only used when mode is HTTPRoute, but mode is ${mode(self)}; remove it or set mode: HTTPRoute`
        : undefined,
  }),
  rule<IngressSpec>({
    rule: "!has(self.className) || !has(self.mode) || self.mode == 'Ingress'",
    message: 'className is only used when mode is Ingress; remove it',
    fieldPath: '.className',
    reason: 'FieldValueForbidden',
    check: (self) =>
      self.className !== undefined && mode(self) !== 'Ingress'
        ? `className is only used when mode is Ingress, but mode is ${mode(self)}; remove it`
        : undefined,
  }),
];

const LABELS = map(
  'Label key to value that the pods must all carry. Default: empty, which selects every pod in ' +
    'the namespace. Max 16 entries.',
  str('Label value, max 63 characters.', { pattern: OPTIONAL_LABEL_VALUE_PATTERN, maxLength: 63 }),
  { maxProperties: 16 },
);

/** Schema of `spec.ingress`. */
export const INGRESS_SCHEMA: SchemaNode = obj(
  "How the web frontend is published. Default: an Ingress of the cluster's default class.",
  {
    mode: str(
      'Ingress: create a networking.k8s.io/v1 Ingress. HTTPRoute: create a Gateway API ' +
        'HTTPRoute attached to gateway. None: create neither; publish the web Service yourself. ' +
        'Default: Ingress.',
      { enum: ['Ingress', 'HTTPRoute', 'None'], default: SCHEMA_DEFAULTS.ingressMode },
    ),
    className: str(
      "IngressClass name, mode Ingress only. Default: absent, so the cluster's default class applies.",
      { pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 },
    ),
    annotations: map(
      'Extra annotations on the Ingress or HTTPRoute, e.g. for the ingress controller. Default: none. Max 64 entries.',
      str('Annotation value, max 4096 characters.', { maxLength: 4096 }),
      { maxProperties: 64 },
    ),
    gateway: obj(
      'The Gateway the HTTPRoute attaches to (its parentRef); required with mode HTTPRoute and ' +
        'forbidden otherwise.',
      {
        name: str('Gateway name.', { pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 }),
        namespace: str("Gateway namespace. Default: the instance's namespace.", {
          pattern: DNS_LABEL_PATTERN,
          maxLength: 63,
        }),
        sectionName: str(
          'Listener of the Gateway to attach to. Default: every listener that accepts the route.',
          {
            pattern: DNS_SUBDOMAIN_PATTERN,
            maxLength: 253,
          },
        ),
      },
      { required: ['name'] },
    ),
    controller: obj(
      'Where the ingress controller or gateway pods run; the web NetworkPolicy admits traffic ' +
        'from them only. Default: absent, so the policy admits the web port from any pod.',
      {
        namespace: str('Namespace of the ingress controller or gateway pods. Default: absent.', {
          pattern: DNS_LABEL_PATTERN,
          maxLength: 63,
        }),
        podSelector: obj(
          'Labels of the ingress controller pods. Default: every pod in namespace.',
          {
            matchLabels: LABELS,
          },
        ),
      },
    ),
  },
  { default: {}, rules: INGRESS_RULES },
);

/** Schema of `spec.tls`. */
export const TLS_SCHEMA: SchemaNode = obj(
  'Certificate of the public domain. Exactly one of issuerRef and secretName is required unless ' +
    'ingress.mode is None. Default: none.',
  {
    issuerRef: obj(
      'cert-manager issuer that signs the certificate; the operator annotates the Ingress or ' +
        'creates a Certificate for it.',
      {
        name: str('Issuer name.', { pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 }),
        kind: str('Issuer or ClusterIssuer. Default: Issuer.', {
          enum: ['Issuer', 'ClusterIssuer'],
          default: SCHEMA_DEFAULTS.issuerKind,
        }),
        group: str('API group of the issuer. Default: cert-manager.io.', {
          pattern: DNS_SUBDOMAIN_PATTERN,
          maxLength: 253,
          default: SCHEMA_DEFAULTS.issuerGroup,
        }),
      },
      { required: ['name'] },
    ),
    secretName: str(
      "Existing kubernetes.io/tls Secret in the instance's namespace that holds the certificate. Default: none.",
      { pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 },
    ),
  },
  {
    rules: [
      rule<TlsSpec>({
        rule: '!(has(self.issuerRef) && has(self.secretName))',
        message: 'set only one of issuerRef and secretName',
        reason: 'FieldValueForbidden',
        check: (self) =>
          self.issuerRef !== undefined && self.secretName !== undefined
            ? `set only one of issuerRef and secretName (secretName is '${self.secretName}'); use issuerRef for a cert-manager certificate or secretName for an existing Secret`
            : undefined,
      }),
    ],
  },
);
