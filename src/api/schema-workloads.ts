import { IMAGE_DEFAULTS, RESOURCE_DEFAULTS, SCHEMA_DEFAULTS } from './defaults.ts';
import {
  DNS_SUBDOMAIN_PATTERN,
  IMAGE_PREFIX_PATTERN,
  IMAGE_TAG_PATTERN,
  LABEL_KEY_PATTERN,
  OPTIONAL_LABEL_VALUE_PATTERN,
  QUANTITY_PATTERN,
} from './patterns.ts';
import { compareQuantities } from './quantity.ts';
import { int, list, map, obj, rule, str, type SchemaNode } from './schema-node.ts';
import {
  COMPONENTS,
  type Component,
  type ResourceList,
  type ResourceRequirements,
  type Toleration,
} from './types.ts';

const COMPONENT_ROLES: Readonly<Record<Component, string>> = {
  web: 'web frontend (nginx serving the Jitsi Meet app)',
  prosody: 'Prosody XMPP server',
  jicofo: 'Jicofo conference focus',
  jvb: 'Jitsi Videobridge (media)',
};

/** Schema of `spec.image`. */
export const IMAGE_SCHEMA: SchemaNode = obj(
  'Container images. Each component runs <registry>/<component>:<tag> unless overridden.',
  {
    registry: str(
      `Registry and path prefix. Default: ${IMAGE_DEFAULTS.registry}, applied by the operator and ` +
        'not stored, so an operator upgrade can move it. Max 255 characters.',
      { pattern: IMAGE_PREFIX_PATTERN, maxLength: 255 },
    ),
    tag: str(
      'Tag of every component image. Default: the docker-jitsi-meet stable tag this operator ' +
        `version was tested with (${IMAGE_DEFAULTS.tag} in this version), applied by the ` +
        'operator and not stored, so an operator upgrade moves instances that do not pin a tag.',
      { pattern: IMAGE_TAG_PATTERN, maxLength: 128 },
    ),
    pullPolicy: str('Image pull policy of every container. Default: IfNotPresent.', {
      enum: ['IfNotPresent', 'Always', 'Never'],
      default: SCHEMA_DEFAULTS.pullPolicy,
    }),
    overrides: obj(
      'Per-component image, e.g. a hardened rebuild of one component. Default: none.',
      Object.fromEntries(
        COMPONENTS.map((c) => [
          c,
          obj(`Image of the ${COMPONENT_ROLES[c]}.`, {
            repository: str(
              `Full image name without tag, e.g. registry.example.eu/jitsi/${c}. Default: <registry>/${c}.`,
              { pattern: IMAGE_PREFIX_PATTERN, maxLength: 255 },
            ),
            tag: str('Tag. Default: image.tag.', { pattern: IMAGE_TAG_PATTERN, maxLength: 128 }),
          }),
        ]),
      ),
    ),
  },
);

function quantityRule(resource: 'cpu' | 'memory') {
  const req = `self.requests.${resource}`;
  const lim = `self.limits.${resource}`;
  return rule<ResourceRequirements>({
    rule:
      `!has(self.requests) || !has(self.limits) || !has(${req}) || !has(${lim}) || ` +
      `!isQuantity(${req}) || !isQuantity(${lim}) || quantity(${req}).compareTo(quantity(${lim})) <= 0`,
    message: `requests.${resource} must not exceed limits.${resource}; lower the request or raise the limit`,
    fieldPath: `.requests.${resource}`,
    check: (self) => {
      const request = self.requests?.[resource];
      const limit = self.limits?.[resource];
      if (request === undefined || limit === undefined) return undefined;
      return (compareQuantities(request, limit) ?? 0) > 0
        ? `requests.${resource} ${request} exceeds limits.${resource} ${limit}; lower the request or raise the limit`
        : undefined;
    },
  });
}

/**
 * Largest CPU and memory quantity a container may request or be limited to. They are far above
 * any node Jitsi runs on, yet small enough that the API server keeps the value as written. A
 * value such as `999999999Ei` overflows the 64-bit integer of a Pod's resource list, is stored
 * as 9223372036854775807, and then never matches the spec the operator applies.
 */
export const MAX_QUANTITY = { cpu: '1000', memory: '1Ti' } as const;

const QUANTITY_UNITS = {
  cpu: { what: 'CPU in cores', examples: '"500m" or "2"', max: `${MAX_QUANTITY.cpu} cores` },
  memory: { what: 'Memory in bytes', examples: '"512Mi" or "2Gi"', max: MAX_QUANTITY.memory },
} as const;

function quantity(resource: 'cpu' | 'memory', defaultText: string): SchemaNode {
  const unit = QUANTITY_UNITS[resource];
  return str(
    `${unit.what} as a Kubernetes quantity string, e.g. ${unit.examples} (quote plain numbers). ` +
      `Max ${unit.max}. Default: ${defaultText}.`,
    { pattern: QUANTITY_PATTERN, maxLength: 32 },
  );
}

/** Rule on a requests or limits object that caps one quantity at `MAX_QUANTITY`. */
function maxQuantityRule(resource: 'cpu' | 'memory') {
  const value = `self.${resource}`;
  const max = MAX_QUANTITY[resource];
  const fix = `use at most ${QUANTITY_UNITS[resource].max}, e.g. ${QUANTITY_UNITS[resource].examples.replace(/"/gu, '')}`;
  return rule<ResourceList>({
    rule: `!has(${value}) || !isQuantity(${value}) || quantity(${value}).compareTo(quantity('${max}')) <= 0`,
    message: `${resource} must not exceed ${QUANTITY_UNITS[resource].max}; ${fix}`,
    fieldPath: `.${resource}`,
    check: (self) => {
      const text = self[resource];
      if (text === undefined) return undefined;
      return (compareQuantities(text, max) ?? 0) > 0
        ? `${resource} '${text}' exceeds the maximum of ${QUANTITY_UNITS[resource].max}; ${fix}`
        : undefined;
    },
  });
}

const QUANTITY_RULES = [maxQuantityRule('cpu'), maxQuantityRule('memory')];

function componentResources(component: Component): SchemaNode {
  const d = RESOURCE_DEFAULTS[component];
  const request = (r: 'cpu' | 'memory') =>
    `${d.requests[r] ?? ''}, or the limit set here if that is lower`;
  const limit = (r: 'cpu' | 'memory') =>
    `${d.limits[r] ?? ''}, or the request set here if that is higher`;
  return obj(
    `Requests and limits of the ${COMPONENT_ROLES[component]} container. Each value not set ` +
      'here keeps its default.',
    {
      requests: obj(
        'Minimum resources the scheduler reserves.',
        { cpu: quantity('cpu', request('cpu')), memory: quantity('memory', request('memory')) },
        { rules: QUANTITY_RULES },
      ),
      limits: obj(
        'Maximum resources the container may use.',
        { cpu: quantity('cpu', limit('cpu')), memory: quantity('memory', limit('memory')) },
        { rules: QUANTITY_RULES },
      ),
    },
    { rules: [quantityRule('cpu'), quantityRule('memory')] },
  );
}

/** Schema of `spec.resources`. */
export const RESOURCES_SCHEMA: SchemaNode = obj(
  'Container resources per component. Prosody and Jicofo run once per instance; JVB values are per videobridge pod.',
  Object.fromEntries(COMPONENTS.map((c) => [c, componentResources(c)])),
);

/** Schema of `spec.jvb`. */
export const JVB_SCHEMA: SchemaNode = obj(
  'Jitsi Videobridge settings.',
  {
    udpPort: int(
      'UDP port of the media traffic, in the container and on the Service; clients must reach ' +
        'it. Range 1024-65535. Default: 10000.',
      { minimum: 1024, maximum: 65535, default: SCHEMA_DEFAULTS.jvbUdpPort },
    ),
  },
  { default: {} },
);

const TOLERATION_RULES = [
  rule<Toleration>({
    rule: "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
    message: 'value must be empty when operator is Exists; remove value or use operator Equal',
    fieldPath: '.value',
    check: (self) =>
      self.operator === 'Exists' && self.value !== undefined && self.value !== ''
        ? `value '${self.value}' must be empty when operator is Exists; remove value or use operator Equal`
        : undefined,
  }),
  rule<Toleration>({
    rule: "has(self.key) || (has(self.operator) && self.operator == 'Exists')",
    message:
      'operator must be Exists when key is absent (tolerate every taint); set key or operator: Exists',
    fieldPath: '.operator',
    check: (self) =>
      self.key === undefined && self.operator !== 'Exists'
        ? 'operator must be Exists when key is absent (tolerate every taint); set key or operator: Exists'
        : undefined,
  }),
  rule<Toleration>({
    rule: "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
    message:
      'tolerationSeconds applies only to effect NoExecute; set effect: NoExecute or remove tolerationSeconds',
    fieldPath: '.tolerationSeconds',
    check: (self) =>
      self.tolerationSeconds !== undefined && self.effect !== 'NoExecute'
        ? 'tolerationSeconds applies only to effect NoExecute; set effect: NoExecute or remove tolerationSeconds'
        : undefined,
  }),
];

const TOLERATION: SchemaNode = obj(
  'A core/v1 toleration.',
  {
    key: str('Taint key. Default: absent, which with operator Exists tolerates every taint.', {
      pattern: LABEL_KEY_PATTERN,
      maxLength: 317,
    }),
    operator: str('Exists or Equal. Default: Equal.', { enum: ['Exists', 'Equal'] }),
    value: str('Taint value, for operator Equal. Default: empty.', {
      pattern: OPTIONAL_LABEL_VALUE_PATTERN,
      maxLength: 63,
    }),
    effect: str('Taint effect to tolerate. Default: every effect.', {
      enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
    }),
    tolerationSeconds: {
      type: 'integer',
      format: 'int64',
      description: 'Seconds a NoExecute taint is tolerated before eviction. Default: forever.',
      minimum: 0,
    },
  },
  { rules: TOLERATION_RULES },
);

/** Schema of `spec.scheduling`. */
export const SCHEDULING_SCHEMA: SchemaNode = obj(
  'Placement settings for every Jitsi pod. They can only narrow placement: the residency node affinity always applies.',
  {
    tolerations: list('Tolerations of every pod. Default: none. Max 32.', TOLERATION, {
      maxItems: 32,
    }),
    nodeSelector: map(
      'Node labels every pod requires, in addition to the residency rule. Must not contain the ' +
        'residency label key. Default: none. Max 16 entries.',
      str('Label value, max 63 characters.', {
        pattern: OPTIONAL_LABEL_VALUE_PATTERN,
        maxLength: 63,
      }),
      { maxProperties: 16 },
    ),
    priorityClassName: str('PriorityClass of every pod. Default: none.', {
      pattern: DNS_SUBDOMAIN_PATTERN,
      maxLength: 253,
    }),
    imagePullSecrets: list(
      "Secrets in the instance's namespace used to pull the images. Default: none. Max 16.",
      obj(
        'Reference to a Secret.',
        { name: str('Secret name.', { pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 }) },
        { required: ['name'] },
      ),
      { listType: 'map', listMapKeys: ['name'], maxItems: 16 },
    ),
  },
);
