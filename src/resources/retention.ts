import { createHash } from 'node:crypto';

import type { EffectiveSpec } from '../api/types.ts';
import type { BuildInput } from './build.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { instanceSelector, LABEL_VALUES, LABELS, selectorLabels } from './labels.ts';
import { childNames, PROSODY_DATA_CLAIM, XMPP_DOMAINS } from './names.ts';
import { residencyAffinity, schedulingFields } from './scheduling.ts';
import { containerSecurityContext, podSecurityContext } from './security.ts';

/**
 * CronJob that enforces `spec.retention.prosodyData.maxAgeDays` on Prosody's volume by running
 * `gdpr-jitsi retention` from the operator image. `docs/retention.md` explains why a CronJob and
 * not a sidecar.
 *
 * The claim is ReadWriteOnce, so the job pod must run on the node where the Prosody pod has it
 * mounted. A required pod affinity to the Prosody pod on `kubernetes.io/hostname` does that for
 * any storage. While no Prosody pod runs, the job pod stays Pending until `activeDeadlineSeconds`
 * fails the run, and the next hour tries again.
 */

/** Operator settings the retention builder reads; `image` defaults to the release image. */
export interface OperatorSettings {
  version: string;
  /** Image of the operator, which carries the `gdpr-jitsi` command. */
  image?: string;
}

export type RetentionBuildInput = Omit<BuildInput, 'operator'> & { operator: OperatorSettings };

/** Registry path of the release images; the tag is the operator version. */
export const OPERATOR_IMAGE_REPOSITORY = 'ghcr.io/gdpr-jitsi/operator';

/** Value of `app.kubernetes.io/component` on retention job pods. */
export const RETENTION_COMPONENT = 'retention';

/**
 * Directory on the Prosody volume that Prosody mounts as `/var/lib/prosody`. The Prosody
 * builder's init container creates it (`DATA_SUBPATH` in prosody.ts); a test keeps the two equal.
 */
export const PROSODY_DATA_SUBPATH = 'prosody';

const VOLUME = 'prosody-data';
const MOUNT_PATH = '/data';

/** A run that cannot start (no Prosody pod to join) or hangs ends after 30 minutes. */
const ACTIVE_DEADLINE_SECONDS = 1800;

/** Builds the retention CronJobs of one instance: one for Prosody's data volume. */
export function buildRetentionCronJobs(input: RetentionBuildInput): DesiredObject[] {
  // TODO: logs go to stdout for now. When file logging lands, add a CronJob per log volume with
  // `--category logs --max-age-days <spec.retention.logs.maxAgeDays>`.
  return [buildProsodyRetention(contextOf(input), operatorImage(input.operator))];
}

/** Name of the CronJob that prunes Prosody's volume. */
export function prosodyRetentionName(instance: string): string {
  return `${instance}-retention-prosody`;
}

/** Name of the PVC that the Prosody StatefulSet creates from its claim template, ordinal 0. */
export function prosodyClaimName(instance: string): string {
  return `${PROSODY_DATA_CLAIM}-${childNames(instance).workload('prosody')}-0`;
}

/** Labels of retention job pods. They carry the instance selector, so the default deny holds. */
export function retentionPodLabels(instance: string): Record<string, string> {
  return {
    ...instanceSelector(instance),
    [LABELS.component]: RETENTION_COMPONENT,
    [LABELS.managedBy]: LABEL_VALUES.managedBy,
    [LABELS.partOf]: LABEL_VALUES.partOf,
  };
}

/**
 * Paths, relative to Prosody's data directory, that the job never deletes whatever their age:
 * the accounts and roster of the Jicofo and videobridge service users, and certificates. The
 * image re-registers the service users only when Prosody starts (`prosodyctl register` in
 * `prosody/rootfs/etc/s6-overlay/scripts/config`), so a Prosody pod that runs longer than the
 * retention period would otherwise lose them. With `spec.auth.mode` Internal the hosts' accounts
 * and roles on the XMPP domain are kept too: an administrator creates and deletes them, and an
 * account file does not change when its owner signs in, so age says nothing about use. Prosody
 * stores data under `<host>/<store>/`, with every non-alphanumeric character of the host written
 * as `%xx` (`util/datamanager.lua`).
 */
export function prosodyKeepPatterns(auth: EffectiveSpec['auth']): string[] {
  const service = encodeProsodyHost(XMPP_DOMAINS.authDomain);
  const patterns = [`${service}/accounts/*`, `${service}/roster/*`];
  if (auth.mode === 'Internal') {
    const users = encodeProsodyHost(XMPP_DOMAINS.domain);
    patterns.push(`${users}/accounts/*`, `${users}/account_roles/*`);
  }
  return [...patterns, '**/*.crt', '**/*.key'];
}

/** Prosody's file name encoding of a host: `auth.meet.jitsi` becomes `auth%2emeet%2ejitsi`. */
export function encodeProsodyHost(host: string): string {
  return host.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Minute of the hour the job runs at, from a hash of the instance's namespace and name, so the
 * jobs of many instances do not all start at once. Same instance, same minute.
 */
export function retentionMinute(namespace: string, name: string): number {
  const digest = createHash('sha256').update(`${namespace}/${name}`).digest();
  return digest.readUInt32BE(0) % 60;
}

function buildProsodyRetention(ctx: BuildContext, image: string): DesiredObject {
  const instance = ctx.instance.name;
  const maxAgeDays = ctx.spec.retention.prosodyData.maxAgeDays;
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1) {
    throw new Error(
      `spec.retention.prosodyData.maxAgeDays is ${maxAgeDays}; use a whole number of days ` +
        'from 1 to 3650',
    );
  }
  const args = [
    'retention',
    '--path',
    `${MOUNT_PATH}/${PROSODY_DATA_SUBPATH}`,
    '--max-age-days',
    String(maxAgeDays),
    '--category',
    'prosody-data',
    ...prosodyKeepPatterns(ctx.spec.auth).flatMap((p) => ['--keep', p]),
  ];
  const container = {
    name: RETENTION_COMPONENT,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['gdpr-jitsi'],
    args,
    resources: {
      requests: { cpu: '10m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    securityContext: containerSecurityContext(),
    volumeMounts: [{ name: VOLUME, mountPath: MOUNT_PATH }],
  };
  const podSpec = {
    ...schedulingFields(ctx.spec),
    affinity: { ...residencyAffinity(ctx.spec), podAffinity: prosodyPodAffinity(instance) },
    serviceAccountName: childNames(instance).serviceAccount,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: 'Never',
    // Runs as the images' user, so it may delete what Prosody wrote into its 0750 directories.
    securityContext: podSecurityContext(),
    containers: [container],
    volumes: [{ name: VOLUME, persistentVolumeClaim: { claimName: prosodyClaimName(instance) } }],
  };
  const labels = retentionPodLabels(instance);
  const minute = retentionMinute(ctx.instance.namespace, instance);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: childMetadata(ctx, prosodyRetentionName(instance), undefined),
    spec: {
      schedule: `${minute} * * * *`,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      // A run missed by more than 50 minutes is skipped; the next hour's run covers it.
      startingDeadlineSeconds: 3000,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
          template: { metadata: { labels }, spec: podSpec },
        },
      },
    },
  };
}

/** Required affinity to the node of this instance's Prosody pod, which has the volume mounted. */
function prosodyPodAffinity(instance: string): Record<string, unknown> {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchLabels: selectorLabels(instance, 'prosody') },
        topologyKey: 'kubernetes.io/hostname',
      },
    ],
  };
}

function operatorImage(operator: OperatorSettings): string {
  if (operator.image !== undefined && operator.image !== '') return operator.image;
  return `${OPERATOR_IMAGE_REPOSITORY}:${operator.version}`;
}

function contextOf(input: RetentionBuildInput): BuildContext {
  return {
    instance: {
      name: input.instance.name,
      namespace: input.instance.namespace,
      uid: input.instance.uid,
    },
    spec: input.spec,
    operatorVersion: input.operator.version,
  };
}
