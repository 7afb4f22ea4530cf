/**
 * Contexts for the compliance tests: the basic example rendered by the real builders, and
 * helpers that change one file, variable or object in a copy of it. Every helper returns a new
 * context, because the engine caches its parsed view per context object.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { load } from 'js-yaml';

import { COMPONENTS, type GdprJitsiMeet } from '../../../src/api/types.ts';
import {
  buildPlans,
  PRIVACY_CHECK_IDS,
  renderPlan,
  type PrivacyCheckId,
} from '../../../src/jitsi-config/index.ts';
import { buildObjectsFromConfig } from '../../../src/resources/build.ts';
import type { RenderedConfig } from '../../../src/resources/rendered-config.ts';
import { renderedContext } from '../../../src/compliance/offline-context.ts';
import type { ComplianceContext, KubeObject, LiveState } from '../../../src/compliance/types.ts';
import { LABELS, selectorLabels } from '../../../src/resources/labels.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXAMPLES_DIR = join(HERE, '../../../examples');
export const GOLDEN_DIR = join(HERE, '../../golden/compliance');

export const NAME = 'meet';
export const NAMESPACE = 'jitsi';
export const DOMAIN = 'meet.example.eu';

/** The basic example, placed in the `jitsi` namespace. */
export function basicInstance(): GdprJitsiMeet {
  const instance = load(readFileSync(join(EXAMPLES_DIR, 'basic.yaml'), 'utf8')) as GdprJitsiMeet;
  instance.metadata.namespace = NAMESPACE;
  return instance;
}

/** The basic example rendered offline, as `gdpr-jitsi check` sees it. */
export function rendered(): ComplianceContext {
  return renderedContext(basicInstance(), '0.1.0');
}

function copy(context: ComplianceContext): ComplianceContext {
  return { ...context, objects: structuredClone(context.objects) };
}

/** Replaces the content of one ConfigMap key. */
export function editFile(
  context: ComplianceContext,
  key: string,
  edit: (content: string) => string,
  component?: string,
): ComplianceContext {
  const next = copy(context);
  const configMap = next.objects.find((o) => {
    const data = o['data'] as Record<string, string> | undefined;
    const matches = o.kind === 'ConfigMap' && data !== undefined && key in data;
    return (
      matches && (component === undefined || o.metadata.labels?.[LABELS.component] === component)
    );
  });
  if (configMap === undefined) throw new Error(`no ConfigMap has the key ${key}`);
  const data = configMap['data'] as Record<string, string>;
  data[key] = edit(data[key] ?? '');
  return next;
}

/** Appends text to a ConfigMap key. */
export function appendFile(
  context: ComplianceContext,
  key: string,
  text: string,
  component?: string,
): ComplianceContext {
  return editFile(context, key, (content) => `${content}${text}`, component);
}

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** Sets (or with `undefined`, removes) a variable in the main container of a component. */
export function setEnv(
  context: ComplianceContext,
  component: string,
  name: string,
  value: string | undefined,
): ComplianceContext {
  const next = copy(context);
  const workload = next.objects.find(
    (o) =>
      ['Deployment', 'StatefulSet'].includes(o.kind) &&
      o.metadata.labels?.[LABELS.component] === component,
  );
  if (workload === undefined) throw new Error(`no workload of component ${component}`);
  const spec = workload['spec'] as { template: { spec: { containers: { env?: EnvEntry[] }[] } } };
  const container = spec.template.spec.containers[0];
  if (container === undefined) throw new Error(`workload of ${component} has no container`);
  const env = (container.env ?? []).filter((e) => e.name !== name);
  if (value !== undefined) env.push({ name, value });
  container.env = env;
  return next;
}

/** Applies `edit` to the first object of a kind (and component, when given). */
export function editObject(
  context: ComplianceContext,
  kind: string,
  edit: (object: Record<string, any>) => void, // eslint-disable-line @typescript-eslint/no-explicit-any -- tests edit untyped manifests
  component?: string,
): ComplianceContext {
  const next = copy(context);
  const target = next.objects.find(
    (o) =>
      o.kind === kind &&
      (component === undefined || o.metadata.labels?.[LABELS.component] === component),
  );
  if (target === undefined) throw new Error(`no ${kind} to edit`);
  edit(target);
  return next;
}

export function withObjects(context: ComplianceContext, objects: KubeObject[]): ComplianceContext {
  const next = copy(context);
  next.objects.push(...structuredClone(objects));
  return next;
}

export function withLive(context: ComplianceContext, live: Partial<LiveState>): ComplianceContext {
  return {
    ...copy(context),
    live: { pods: [], nodeRegions: {}, networkPolicies: [], cronJobs: [], ...live },
  };
}

const COMPONENT_PORTS: Record<string, { port: number; protocol: string }[]> = {
  web: [{ port: 8000, protocol: 'TCP' }],
  prosody: [
    { port: 5222, protocol: 'TCP' },
    { port: 5280, protocol: 'TCP' },
    { port: 5347, protocol: 'TCP' },
  ],
  jicofo: [{ port: 8888, protocol: 'TCP' }],
  jvb: [
    { port: 8080, protocol: 'TCP' },
    { port: 10000, protocol: 'UDP' },
  ],
};

/**
 * NetworkPolicies like the ones the operator is meant to apply: per component, ingress only from
 * the instance's pods (and media from anywhere), egress only to DNS and the instance's pods.
 */
export function networkPolicies(): KubeObject[] {
  return Object.entries(COMPONENT_PORTS).map(([component, ports]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${NAME}-${component}`, namespace: NAMESPACE },
    spec: {
      podSelector: { matchLabels: selectorLabels(NAME, component as 'web') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { [LABELS.instance]: NAME } } }],
          ports: ports.filter((p) => p.protocol === 'TCP'),
        },
        ...(component === 'jvb'
          ? [
              {
                from: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
                ports: [{ port: 10000, protocol: 'UDP' }],
              },
            ]
          : []),
        ...(component === 'web'
          ? [
              {
                from: [
                  {
                    namespaceSelector: {
                      matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
                    },
                  },
                ],
                ports: [{ port: 8000, protocol: 'TCP' }],
              },
            ]
          : []),
      ],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 53, protocol: 'UDP' }],
        },
        { to: [{ podSelector: { matchLabels: { [LABELS.instance]: NAME } } }] },
        ...(component === 'jvb'
          ? [
              {
                to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
                ports: [{ port: 10000, endPort: 65535, protocol: 'UDP' }],
              },
            ]
          : []),
      ],
    },
  }));
}

/** A retention CronJob for the Prosody volume, passing the period as an argument. */
export function retentionCronJob(days: number): KubeObject {
  const { labelKey, allowedRegions } = rendered().spec.residency;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: `${NAME}-prosody-retention`,
      namespace: NAMESPACE,
      labels: { [LABELS.instance]: NAME, [LABELS.component]: 'prosody' },
    },
    spec: {
      schedule: '17 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'retention',
                  image: 'registry.example.eu/gdpr-jitsi-operator:0.1.0',
                  args: ['retention', '--max-age-days', String(days)],
                  securityContext: { readOnlyRootFilesystem: true },
                },
              ],
              volumes: [
                { name: 'data', persistentVolumeClaim: { claimName: `data-${NAME}-prosody-0` } },
              ],
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [
                      {
                        matchExpressions: [
                          { key: labelKey, operator: 'In', values: allowedRegions },
                        ],
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

/**
 * The basic example rendered as the generator renders it when check `id` is relaxed: every
 * setting that serves only that check is left out.
 */
export function renderedWithout(id: PrivacyCheckId): ComplianceContext {
  const base = rendered();
  const enforced = new Set(PRIVACY_CHECK_IDS.filter((c) => c !== id));
  const plans = buildPlans({ name: NAME, namespace: NAMESPACE, spec: base.spec });
  const config = Object.fromEntries(
    COMPONENTS.map((c) => [c, renderPlan(plans[c], enforced)]),
  ) as RenderedConfig;
  const objects = buildObjectsFromConfig(
    {
      instance: { name: NAME, namespace: NAMESPACE, uid: '' },
      spec: base.spec,
      operator: { version: '0.1.0' },
    },
    config,
  );
  return { ...base, objects };
}
