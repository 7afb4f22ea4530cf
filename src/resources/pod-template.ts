import type { Component, EffectiveSpec } from '../api/types.ts';
import { canonicalize, compareStrings } from './canonical.ts';
import { computeConfigHash } from './config-hash.ts';
import { IMAGE_FACTS, S6_ENV, type HealthFact, type PortFact } from './image-facts.ts';
import { javaHeapEnv } from './java-heap.ts';
import { CONFIG_HASH_ANNOTATION, podLabels } from './labels.ts';
import { childNames, SECRET_KEYS } from './names.ts';
import type { RenderedComponentConfig } from './rendered-config.ts';
import { schedulingFields } from './scheduling.ts';
import {
  containerSecurityContext,
  podSecurityContext,
  writableMounts,
  writableVolumes,
} from './security.ts';

/** Name of the volume that carries the component's ConfigMap. */
const CONFIG_VOLUME = 'jitsi-config';

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const SECRET_KEY_VALUES = new Set<string>(Object.values(SECRET_KEYS));
/** Pod template annotation with the UID of the credentials Secret the pod reads. */
export const CREDENTIALS_REVISION_ANNOTATION = 'gdprmeet.io/credentials-revision';

/** Additions a component builder makes to the common pod template. */
export interface PodTemplateExtras {
  ports?: PortFact[];
  volumes?: Record<string, unknown>[];
  mounts?: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
}

export interface PodTemplateInput {
  instance: string;
  spec: EffectiveSpec;
  component: Component;
  config: RenderedComponentConfig;
  extras?: PodTemplateExtras;
  /** UID of the credentials Secret; annotated only on pods that read passwords from it. */
  credentialsRevision?: string | undefined;
}

/**
 * Builds the pod template of one component: the image's container with its configuration, the
 * residency affinity, restricted security, no service account token, probes from the image facts
 * and the config hash annotation. The template is canonical (sorted keys, no empty fields).
 */
export function buildPodTemplate(input: PodTemplateInput): Record<string, unknown> {
  const { instance, spec, component, config } = input;
  const extras = input.extras ?? {};
  const facts = IMAGE_FACTS[component];
  checkHealthRequirements(component, facts.health, config);

  const container = {
    name: component,
    image: spec.image.refs[component],
    imagePullPolicy: spec.image.pullPolicy,
    ports: [...facts.ports, ...(extras.ports ?? [])].map((p) => ({ ...p })),
    env: buildEnv(component, config, builderEnv(spec, component), childNames(instance).secret),
    resources: buildResources(spec, component),
    securityContext: containerSecurityContext(),
    ...buildProbes(facts.health),
    volumeMounts: sortByKey(
      [
        ...writableMounts(facts.writablePaths),
        ...fileMounts(component, config, [
          ...facts.writablePaths.map((p) => p.mountPath),
          ...(extras.mounts ?? []).map((m) => String(m['mountPath'])),
        ]),
        ...(extras.mounts ?? []),
      ],
      'mountPath',
    ),
  };

  const volumes = [...writableVolumes(facts.writablePaths), ...(extras.volumes ?? [])];
  if (config.files.length > 0) {
    volumes.push({
      name: CONFIG_VOLUME,
      configMap: { name: childNames(instance).configMap(component) },
    });
  }

  const podSpec = canonicalize({
    serviceAccountName: childNames(instance).serviceAccount,
    automountServiceAccountToken: false,
    // Service links would put every Service of the namespace into the environment.
    enableServiceLinks: false,
    securityContext: podSecurityContext(),
    ...schedulingFields(spec),
    initContainers: extras.initContainers,
    containers: [container],
    volumes: sortByKey(volumes, 'name'),
  });

  return canonicalize({
    metadata: {
      labels: podLabels(instance, component),
      annotations: {
        [CONFIG_HASH_ANNOTATION]: computeConfigHash(config, podSpec),
        ...(input.credentialsRevision !== undefined &&
          Object.keys(config.secretEnv).length > 0 && {
            [CREDENTIALS_REVISION_ANNOTATION]: input.credentialsRevision,
          }),
      },
    },
    spec: podSpec,
  });
}

/** Returns the resource requests and limits of a component, as given in the spec. */
export function buildResources(spec: EffectiveSpec, component: Component): Record<string, unknown> {
  const { requests, limits } = spec.resources[component];
  return { requests: { ...requests }, limits: { ...limits } };
}

/**
 * Variables the builders set themselves because they follow from the pod, not from Jitsi's
 * configuration: the s6 read-only flag and the Java heap size.
 */
function builderEnv(spec: EffectiveSpec, component: Component): Record<string, string> {
  return { ...S6_ENV, ...javaHeapEnv(spec, component) };
}

/**
 * Container environment, sorted by name: the builder's variables, the plain variables and the
 * Secret references. A name defined twice is an error in the generated configuration.
 */
function buildEnv(
  component: Component,
  config: RenderedComponentConfig,
  fromBuilder: Record<string, string>,
  secretName: string,
): unknown[] {
  const env = new Map<string, Record<string, unknown>>();
  const add = (name: string, entry: Record<string, unknown>, source: string) => {
    if (env.has(name)) {
      throw new Error(
        `environment variable ${name} of ${component} is defined twice (again in ${source}); ` +
          'each variable must come from one place (src/resources sets S6_READ_ONLY_ROOT and ' +
          'the Java heap variables itself)',
      );
    }
    env.set(name, entry);
  };
  for (const [name, value] of Object.entries(fromBuilder)) add(name, { name, value }, 'builder');
  for (const [name, value] of Object.entries(config.env)) add(name, { name, value }, 'env');
  for (const [name, key] of Object.entries(config.secretEnv)) {
    if (!SECRET_KEY_VALUES.has(key)) {
      throw new Error(
        `environment variable ${name} of ${component} refers to Secret key "${key}", which the ` +
          `operator does not generate; use one of ${[...SECRET_KEY_VALUES].sort().join(', ')} ` +
          'or add the key to SECRET_KEYS in src/resources/names.ts',
      );
    }
    add(name, { name, valueFrom: { secretKeyRef: { name: secretName, key } } }, 'secretEnv');
  }
  return [...env.keys()].sort(compareStrings).map((name) => env.get(name));
}

/** Mounts of the rendered files, one `subPath` mount per file, read-only. */
function fileMounts(
  component: Component,
  config: RenderedComponentConfig,
  writablePaths: string[],
): Record<string, unknown>[] {
  const keys = new Set<string>();
  const paths = new Set<string>(writablePaths);
  return config.files.map((file) => {
    const where = `file "${file.key}" of ${component}`;
    if (!CONFIG_MAP_KEY.test(file.key) || keys.has(file.key)) {
      throw new Error(
        `${where} has an invalid or duplicate key; keys must be unique and match ${CONFIG_MAP_KEY.source}`,
      );
    }
    if (!file.mountPath.startsWith('/') || paths.has(file.mountPath)) {
      throw new Error(
        `${where} has mount path "${file.mountPath}", which is relative or already mounted; ` +
          'give each file its own absolute path',
      );
    }
    keys.add(file.key);
    paths.add(file.mountPath);
    return { name: CONFIG_VOLUME, mountPath: file.mountPath, subPath: file.key, readOnly: true };
  });
}

/**
 * Probes against the image's health endpoint. Readiness gates Service traffic; liveness restarts
 * a hung process after two minutes of failures (a TCP check where the health endpoint depends on
 * other components). Java components get a startup probe allowing five minutes, so liveness
 * cannot kill them while the JVM starts.
 */
function buildProbes(health: HealthFact): Record<string, unknown> {
  const httpGet = { path: health.path, port: health.port };
  const readinessProbe = { httpGet, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };
  const livenessProbe = {
    httpGet: health.livenessTcpOnly === true ? undefined : httpGet,
    tcpSocket: health.livenessTcpOnly === true ? { port: health.port } : undefined,
    initialDelaySeconds: health.slowStart ? undefined : 30,
    periodSeconds: 20,
    timeoutSeconds: 5,
    failureThreshold: 6,
  };
  const startupProbe = health.slowStart
    ? { httpGet, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 }
    : undefined;
  return { readinessProbe, livenessProbe, startupProbe };
}

function checkHealthRequirements(
  component: Component,
  health: HealthFact,
  config: RenderedComponentConfig,
): void {
  const required = health.requiresEnv;
  if (required === undefined) return;
  const value = (config.env[required.name] ?? '').toLowerCase();
  if (value !== 'true' && value !== '1') {
    throw new Error(
      `${component} probes ${health.path} but its environment sets ${required.name}=` +
        `"${config.env[required.name] ?? ''}"; the image serves that endpoint to the kubelet only ` +
        `when ${required.name} is true, so the Jitsi configuration must set it`,
    );
  }
}

function sortByKey(items: Record<string, unknown>[], key: string): Record<string, unknown>[] {
  return [...items].sort((a, b) => compareStrings(String(a[key]), String(b[key])));
}
