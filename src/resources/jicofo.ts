import type { BuildContext, DesiredObject } from './context.ts';
import { IMAGE_FACTS } from './image-facts.ts';
import { buildPodTemplate } from './pod-template.ts';
import type { RenderedComponentConfig } from './rendered-config.ts';
import { buildClusterIpService, buildHeadlessService } from './services.ts';
import { buildStatefulSet } from './workloads.ts';

/**
 * Builds Jicofo, the conference focus: a single-replica StatefulSet, a ClusterIP Service on its
 * REST port 8888 (health and metrics) and the headless Service the StatefulSet requires. There is
 * one replica, because two focus instances on one Prosody would both try to run every conference.
 */
export function buildJicofo(ctx: BuildContext, config: RenderedComponentConfig): DesiredObject[] {
  const template = buildPodTemplate({
    credentialsRevision: ctx.credentialsRevision,
    instance: ctx.instance.name,
    spec: ctx.spec,
    component: 'jicofo',
    config,
  });
  const ports = IMAGE_FACTS.jicofo.ports;
  return [
    buildStatefulSet(ctx, 'jicofo', template),
    buildClusterIpService(ctx, 'jicofo', ports),
    buildHeadlessService(ctx, 'jicofo', ports),
  ];
}
