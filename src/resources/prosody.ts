import type { BuildContext, DesiredObject } from './context.ts';
import { IMAGE_FACTS, PROSODY_DATA_PATH, PROSODY_DATA_SIZE } from './image-facts.ts';
import { podLabels } from './labels.ts';
import { PROSODY_DATA_CLAIM } from './names.ts';
import { buildPodTemplate, buildResources } from './pod-template.ts';
import type { RenderedComponentConfig } from './rendered-config.ts';
import { containerSecurityContext } from './security.ts';
import { buildClusterIpService, buildHeadlessService } from './services.ts';
import { buildStatefulSet } from './workloads.ts';

/** Mount path of the volume root in the init container, and the directory it creates there. */
const VOLUME_ROOT = '/mnt/prosody-volume';
const DATA_SUBPATH = 'prosody';

/**
 * Builds Prosody, the XMPP server. It is a single-replica StatefulSet with a 1 GiB claim mounted
 * at `/var/lib/prosody` for the accounts of the Jicofo and JVB service users, rosters and
 * generated certificates. A ClusterIP Service publishes client connections (5222), HTTP (5280)
 * and components (5347), beside the headless Service the StatefulSet requires.
 *
 * The claim names no storage class, so the cluster default applies. `dataDeletionPolicy`
 * decides whether the claim goes with the StatefulSet when the instance is deleted.
 */
export function buildProsody(ctx: BuildContext, config: RenderedComponentConfig): DesiredObject[] {
  const instance = ctx.instance.name;
  const template = buildPodTemplate({
    credentialsRevision: ctx.credentialsRevision,
    instance,
    spec: ctx.spec,
    component: 'prosody',
    config,
    extras: {
      initContainers: [prepareDataContainer(ctx)],
      mounts: [{ name: PROSODY_DATA_CLAIM, mountPath: PROSODY_DATA_PATH, subPath: DATA_SUBPATH }],
    },
  });
  const claim = {
    metadata: { name: PROSODY_DATA_CLAIM, labels: podLabels(instance, 'prosody') },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: PROSODY_DATA_SIZE } },
    },
  };
  const deleteData = ctx.spec.dataDeletionPolicy === 'Delete';
  const ports = IMAGE_FACTS.prosody.ports;
  return [
    buildStatefulSet(ctx, 'prosody', template, {
      volumeClaimTemplates: [claim],
      pvcRetentionPolicy: { whenDeleted: deleteData ? 'Delete' : 'Retain', whenScaled: 'Retain' },
    }),
    buildClusterIpService(ctx, 'prosody', ports),
    buildHeadlessService(ctx, 'prosody', ports),
  ];
}

/**
 * Init container that creates the data directory as the image user.
 *
 * prosodyctl refuses to write certificates into a directory that the current user does not own,
 * and Kubernetes sets only the group of a volume (`fsGroup`), never its owner. Instead of a root
 * `chown`, which the `restricted` Pod Security Standard forbids, this container runs as uid 1000,
 * creates a subdirectory on the group-writable volume (so uid 1000 owns it) and Prosody mounts
 * that subdirectory. It uses the Prosody image, so no other image is pulled.
 */
function prepareDataContainer(ctx: BuildContext): Record<string, unknown> {
  return {
    name: 'prepare-data',
    image: ctx.spec.image.refs.prosody,
    imagePullPolicy: ctx.spec.image.pullPolicy,
    command: ['mkdir', '-p', '-m', '0750', `${VOLUME_ROOT}/${DATA_SUBPATH}`],
    resources: buildResources(ctx.spec, 'prosody'),
    securityContext: containerSecurityContext(),
    volumeMounts: [{ name: PROSODY_DATA_CLAIM, mountPath: VOLUME_ROOT }],
  };
}
