import { IMAGE_DEFAULTS, LABEL_KEYS, RESOURCE_DEFAULTS, SCHEMA_DEFAULTS } from './defaults.ts';
import { compareCodePoints } from './compare.ts';
import { compareQuantities } from './quantity.ts';
import { EU_EEA_REGION_VALUES } from './regions.ts';
import {
  COMPONENTS,
  type Component,
  type EffectiveSpec,
  type GdprJitsiMeetSpec,
  type ResidencySpec,
  type ResourceList,
  type ResourceRequirements,
} from './types.ts';

/**
 * Node label key the residency rule reads: `labelKey` if set, otherwise the key of the label mode.
 * Undefined for mode Custom without a key, which the schema rejects.
 */
export function effectiveLabelKey(residency: ResidencySpec): string | undefined {
  if (residency.labelKey !== undefined) return residency.labelKey;
  const mode = residency.labelMode ?? SCHEMA_DEFAULTS.labelMode;
  if (mode === 'Standard') return LABEL_KEYS.standard;
  if (mode === 'Restricted') return LABEL_KEYS.restricted;
  return undefined;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function effectiveResidency(residency: ResidencySpec): EffectiveSpec['residency'] {
  const labelKey = effectiveLabelKey(residency);
  if (labelKey === undefined) {
    throw new Error(
      'spec.residency.labelKey is missing, which labelMode Custom requires; validate the spec before applying defaults',
    );
  }
  const customRegions = [...(residency.customRegions ?? [])]
    .map((c) => ({ value: c.value, country: c.country }))
    .sort((a, b) => compareCodePoints(a.value, b.value));
  const allowedRegions = residency.allowedRegions ?? [
    ...EU_EEA_REGION_VALUES,
    ...customRegions.map((c) => c.value),
  ];
  return {
    labelMode: residency.labelMode ?? SCHEMA_DEFAULTS.labelMode,
    labelKey,
    allowedRegions: sortedUnique(allowedRegions),
    customRegions,
    allowAdequacyRegions: residency.allowAdequacyRegions ?? SCHEMA_DEFAULTS.allowAdequacyRegions,
  };
}

/**
 * Picks the request and limit of one resource. A value the user set wins. A default request above
 * the user's limit drops to that limit, and a default limit below the user's request rises to it.
 */
function pick(
  user: ResourceRequirements | undefined,
  defaults: Required<ResourceRequirements>,
  resource: keyof ResourceList,
): { request: string; limit: string } {
  const userRequest = user?.requests?.[resource];
  const userLimit = user?.limits?.[resource];
  const defaultRequest = defaults.requests[resource] ?? '0';
  const defaultLimit = defaults.limits[resource] ?? '0';
  const request =
    userRequest ??
    (userLimit !== undefined && (compareQuantities(defaultRequest, userLimit) ?? 0) > 0
      ? userLimit
      : defaultRequest);
  const limit =
    userLimit ??
    (userRequest !== undefined && (compareQuantities(userRequest, defaultLimit) ?? 0) > 0
      ? userRequest
      : defaultLimit);
  return { request, limit };
}

function effectiveResources(spec: GdprJitsiMeetSpec): EffectiveSpec['resources'] {
  const entries = COMPONENTS.map((c): [Component, Required<ResourceRequirements>] => {
    const cpu = pick(spec.resources?.[c], RESOURCE_DEFAULTS[c], 'cpu');
    const memory = pick(spec.resources?.[c], RESOURCE_DEFAULTS[c], 'memory');
    return [
      c,
      {
        requests: { cpu: cpu.request, memory: memory.request },
        limits: { cpu: cpu.limit, memory: memory.limit },
      },
    ];
  });
  return Object.fromEntries(entries) as EffectiveSpec['resources'];
}

function effectiveImages(spec: GdprJitsiMeetSpec): EffectiveSpec['image'] {
  const registry = spec.image?.registry ?? IMAGE_DEFAULTS.registry;
  const tag = spec.image?.tag ?? IMAGE_DEFAULTS.tag;
  const refs = Object.fromEntries(
    COMPONENTS.map((c) => {
      const override = spec.image?.overrides?.[c];
      return [c, `${override?.repository ?? `${registry}/${c}`}:${override?.tag ?? tag}`];
    }),
  ) as Record<Component, string>;
  return { pullPolicy: spec.image?.pullPolicy ?? SCHEMA_DEFAULTS.pullPolicy, refs };
}

function effectiveTls(spec: GdprJitsiMeetSpec): EffectiveSpec['tls'] {
  const tls = spec.tls ?? {};
  return {
    ...(tls.issuerRef && {
      issuerRef: {
        name: tls.issuerRef.name,
        kind: tls.issuerRef.kind ?? SCHEMA_DEFAULTS.issuerKind,
        group: tls.issuerRef.group ?? SCHEMA_DEFAULTS.issuerGroup,
      },
    }),
    ...(tls.secretName !== undefined && { secretName: tls.secretName }),
  };
}

function effectiveIngress(spec: GdprJitsiMeetSpec): EffectiveSpec['ingress'] {
  const ingress = spec.ingress ?? {};
  return {
    mode: ingress.mode ?? SCHEMA_DEFAULTS.ingressMode,
    ...(ingress.className !== undefined && { className: ingress.className }),
    annotations: { ...ingress.annotations },
    ...(ingress.gateway && { gateway: { ...ingress.gateway } }),
    controller: structuredClone(ingress.controller ?? {}),
  };
}

function effectiveAuth(spec: GdprJitsiMeetSpec): EffectiveSpec['auth'] {
  return {
    mode: spec.auth?.mode ?? SCHEMA_DEFAULTS.authMode,
    allowGuests: spec.auth?.allowGuests ?? SCHEMA_DEFAULTS.allowGuests,
  };
}

function effectivePrivacy(spec: GdprJitsiMeetSpec): EffectiveSpec['privacy'] {
  const privacy = spec.privacy ?? {};
  const logging = privacy.logging ?? {};
  return {
    peerToPeer: {
      enabled: privacy.peerToPeer?.enabled ?? SCHEMA_DEFAULTS.peerToPeer,
      // The order is the order browsers try the servers in, so it is kept.
      stunServers: [...(privacy.peerToPeer?.stunServers ?? [])],
    },
    logging: {
      prosody: logging.prosody ?? SCHEMA_DEFAULTS.logLevel,
      videobridge: logging.videobridge ?? SCHEMA_DEFAULTS.logLevel,
      jicofo: logging.jicofo ?? SCHEMA_DEFAULTS.logLevel,
      ...(logging.until !== undefined && { until: logging.until }),
    },
    webAccessLog: privacy.webAccessLog ?? SCHEMA_DEFAULTS.webAccessLog,
    recentMeetings: privacy.recentMeetings ?? SCHEMA_DEFAULTS.recentMeetings,
    requireDisplayName: privacy.requireDisplayName ?? SCHEMA_DEFAULTS.requireDisplayName,
  };
}

/**
 * Fills in every default of a valid spec. Pure: the input is not changed, and the same spec
 * always gives the same result. Lists whose order carries no meaning come back sorted.
 */
export function withDefaults(spec: GdprJitsiMeetSpec): EffectiveSpec {
  const scheduling = spec.scheduling ?? {};
  return {
    domain: spec.domain,
    image: effectiveImages(spec),
    residency: effectiveResidency(spec.residency ?? {}),
    resources: effectiveResources(spec),
    jvb: { udpPort: spec.jvb?.udpPort ?? SCHEMA_DEFAULTS.jvbUdpPort },
    ingress: effectiveIngress(spec),
    tls: effectiveTls(spec),
    retention: {
      logs: { maxAgeDays: spec.retention?.logs?.maxAgeDays ?? SCHEMA_DEFAULTS.logsMaxAgeDays },
      prosodyData: {
        maxAgeDays:
          spec.retention?.prosodyData?.maxAgeDays ?? SCHEMA_DEFAULTS.prosodyDataMaxAgeDays,
      },
    },
    monitoring: { ...spec.monitoring },
    scheduling: {
      tolerations: structuredClone(scheduling.tolerations ?? []),
      nodeSelector: { ...scheduling.nodeSelector },
      ...(scheduling.priorityClassName !== undefined && {
        priorityClassName: scheduling.priorityClassName,
      }),
      imagePullSecrets: (scheduling.imagePullSecrets ?? []).map((s) => ({ name: s.name })),
    },
    dataDeletionPolicy: spec.dataDeletionPolicy ?? SCHEMA_DEFAULTS.dataDeletionPolicy,
    auth: effectiveAuth(spec),
    privacy: effectivePrivacy(spec),
  };
}
