import type { BuildContext, DesiredObject } from './context.ts';
import { IMAGE_FACTS, JVB_MEDIA_PORT_NAME, type PortFact } from './image-facts.ts';
import { buildPodTemplate } from './pod-template.ts';
import type { RenderedComponentConfig } from './rendered-config.ts';
import { buildClusterIpService, buildHeadlessService } from './services.ts';
import { buildStatefulSet } from './workloads.ts';

/**
 * Builds the videobridge: a single-replica StatefulSet, a ClusterIP Service with the UDP media
 * port and the private HTTP port 8080, and the headless Service the StatefulSet requires. There
 * is one replica, because each bridge needs its own media address and port, so replicas cannot
 * share one Service.
 *
 * NOTE: the ClusterIP Service makes media reachable inside the cluster only. Exposure to clients
 * (hostPort, NodePort or a LoadBalancer) is not built yet. It belongs in a separate Service, so
 * that this one keeps serving health checks and metrics unchanged.
 */
export function buildJvb(ctx: BuildContext, config: RenderedComponentConfig): DesiredObject[] {
  const media: PortFact = {
    name: JVB_MEDIA_PORT_NAME,
    containerPort: ctx.spec.jvb.udpPort,
    protocol: 'UDP',
  };
  const template = buildPodTemplate({
    credentialsRevision: ctx.credentialsRevision,
    instance: ctx.instance.name,
    spec: ctx.spec,
    component: 'jvb',
    config,
    extras: { ports: [media] },
  });
  const ports = [media, ...IMAGE_FACTS.jvb.ports];
  return [
    buildStatefulSet(ctx, 'jvb', template),
    buildClusterIpService(ctx, 'jvb', ports),
    buildHeadlessService(ctx, 'jvb', ports),
  ];
}
