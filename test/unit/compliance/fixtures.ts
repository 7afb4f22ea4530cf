/**
 * Contexts for the compliance tests: the basic example rendered by the real builders, and
 * helpers that change one file, variable or object in a copy of it. Every helper returns a new
 * context, because the engine caches its parsed view per context object.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { load } from 'js-yaml';

import { COMPONENTS, type GdprJitsiMeet, type GdprJitsiMeetSpec } from '../../../src/api/types.ts';
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
import { LABELS } from '../../../src/resources/labels.ts';
import { buildNetworkPolicies } from '../../../src/resources/network-policies.ts';
import { buildRetentionCronJobs } from '../../../src/resources/retention.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXAMPLES_DIR = join(HERE, '../../../examples');
export const GOLDEN_DIR = join(HERE, '../../golden/compliance');

export const NAME = 'meet';
export const NAMESPACE = 'jitsi';
export const DOMAIN = 'meet.example.eu';

/** Loads the basic example and places it in the `jitsi` namespace. */
export function basicInstance(): GdprJitsiMeet {
  const instance = load(readFileSync(join(EXAMPLES_DIR, 'basic.yaml'), 'utf8')) as GdprJitsiMeet;
  instance.metadata.namespace = NAMESPACE;
  return instance;
}

/** Renders the basic example offline, as `gdpr-jitsi check` does. */
export function rendered(): ComplianceContext {
  return renderedContext(basicInstance(), '0.1.0');
}

/**
 * Renders the basic example with spec fields added (merged one level deep), at `now`, as
 * `gdpr-jitsi check` would render that spec.
 */
export function renderedWith(extra: Partial<GdprJitsiMeetSpec>, now?: Date): ComplianceContext {
  const instance = basicInstance();
  instance.spec = { ...instance.spec, ...structuredClone(extra) };
  return renderedContext(instance, '0.1.0', now);
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

/** Build input of the basic example, for builders the tests call directly. */
function buildInput(context: ComplianceContext) {
  return {
    instance: { name: NAME, namespace: NAMESPACE, uid: '' },
    spec: context.spec,
    operator: { version: '0.1.0' },
  };
}

/** Builds the instance's NetworkPolicies with the resources builder. */
export function networkPolicies(): KubeObject[] {
  return buildNetworkPolicies(buildInput(rendered()));
}

/** Builds the Prosody retention CronJob for a period in days with the resources builder. */
export function retentionCronJob(days: number): KubeObject {
  const base = rendered();
  const spec = {
    ...base.spec,
    retention: { ...base.spec.retention, prosodyData: { maxAgeDays: days } },
  };
  const [job] = buildRetentionCronJobs({ ...buildInput(base), spec });
  if (job === undefined) throw new Error('the retention builder built no CronJob');
  return job;
}

/** Leaves out every object of the given kinds, e.g. to show a check fails without them. */
export function withoutKinds(context: ComplianceContext, kinds: string[]): ComplianceContext {
  return { ...copy(context), objects: context.objects.filter((o) => !kinds.includes(o.kind)) };
}

/**
 * Renders the example and adds the NetworkPolicies and the retention CronJob from their builders
 * when the render does not contain them yet.
 */
export function complete(): ComplianceContext {
  const base = rendered();
  const extra = [
    ...networkPolicies(),
    retentionCronJob(base.spec.retention.prosodyData.maxAgeDays),
  ];
  const missing = extra.filter(
    (e) => !base.objects.some((o) => o.kind === e.kind && o.metadata.name === e.metadata.name),
  );
  return withObjects(base, missing);
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
