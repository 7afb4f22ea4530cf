import type { EffectiveSpec } from '../api/types.ts';
import { canonicalize, compareStrings } from './canonical.ts';
import { buildConfigMaps } from './config-maps.ts';
import type { BuildContext, DesiredObject } from './context.ts';
import { buildRouting } from './ingress.ts';
import { buildJicofo } from './jicofo.ts';
import { buildJvb } from './jvb.ts';
import { buildMonitoring } from './monitoring.ts';
import { buildNetworkPolicies } from './network-policies.ts';
import { buildRetentionCronJobs } from './retention.ts';
import { buildProsody } from './prosody.ts';
import type { RenderedConfig } from './rendered-config.ts';
import { buildServiceAccount } from './service-account.ts';
import { buildWeb } from './web.ts';

export interface BuildInput {
  /** The instance; an empty `uid` leaves out owner references (see `childMetadata`). */
  instance: { name: string; namespace: string; uid: string; generation?: number };
  spec: EffectiveSpec;
  /**
   * The operator's version, which appears in a label of top-level objects and never in Jitsi
   * pods, and its image, which the retention CronJob runs (default: the release image).
   */
  operator: { version: string; image?: string };
  /** Optional APIs the cluster serves; absent means none of them. */
  capabilities?: { prometheusOperator?: boolean };
  /**
   * Time the configuration is rendered for, which opens or closes the troubleshooting window of
   * `spec.privacy.logging`; absent means closed. The time itself appears in no object.
   */
  now?: Date;
  /**
   * UID of the credentials Secret, which the controller passes: a Secret created again (after a
   * deletion) has new passwords, and the new UID on the pod templates restarts every component
   * that reads them together. Offline renders leave it out.
   */
  credentialsRevision?: string | undefined;
}

/**
 * Order of kinds in the output, which is also the order the controller applies them in. The
 * NetworkPolicies come first, so no pod ever runs unisolated, not even after a crash between two
 * applies. Then come what others refer to (the ServiceAccount and ConfigMaps before the pods that
 * use them, Services before the routes that point at them), like Argo CD's sync order. Objects of
 * one kind are sorted by name.
 */
export const KIND_ORDER = [
  'NetworkPolicy',
  'ServiceAccount',
  'ConfigMap',
  'Service',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'Ingress',
  'HTTPRoute',
  'PodMonitor',
] as const;

/**
 * Builds every child object of one instance from the rendered Jitsi configuration. The function
 * is pure and deterministic: the same input gives the same objects in the same order, with
 * sorted keys.
 */
export function buildObjectsFromConfig(
  input: BuildInput,
  rendered: RenderedConfig,
): DesiredObject[] {
  const ctx: BuildContext = {
    instance: {
      name: input.instance.name,
      namespace: input.instance.namespace,
      uid: input.instance.uid,
    },
    spec: input.spec,
    operatorVersion: input.operator.version,
    credentialsRevision: input.credentialsRevision,
  };
  const objects = [
    buildServiceAccount(ctx),
    ...buildConfigMaps(ctx, rendered),
    ...buildProsody(ctx, rendered.prosody),
    ...buildJicofo(ctx, rendered.jicofo),
    ...buildJvb(ctx, rendered.jvb),
    ...buildWeb(ctx, rendered.web),
    ...buildRouting(ctx),
    ...buildNetworkPolicies(input),
    ...buildRetentionCronJobs(input),
    ...buildMonitoring(input, {
      prometheusOperator: input.capabilities?.prometheusOperator === true,
    }),
  ];
  return sortObjects(objects.map((o) => canonicalize(o)));
}

/** Sorts objects by `KIND_ORDER`, then by name; unknown kinds go last. */
export function sortObjects(objects: DesiredObject[]): DesiredObject[] {
  const rank = (kind: string) => {
    const index = (KIND_ORDER as readonly string[]).indexOf(kind);
    return index === -1 ? KIND_ORDER.length : index;
  };
  return [...objects].sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.metadata.name, b.metadata.name),
  );
}
