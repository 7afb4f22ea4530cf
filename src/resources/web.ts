import type { BuildContext, DesiredObject } from './context.ts';
import { IMAGE_FACTS } from './image-facts.ts';
import { buildPodTemplate } from './pod-template.ts';
import type { RenderedComponentConfig } from './rendered-config.ts';
import { buildClusterIpService } from './services.ts';
import { buildDeployment } from './workloads.ts';

/**
 * Builds the web frontend (nginx serving Jitsi Meet): a Deployment, because it keeps no state,
 * and a ClusterIP Service on 8000 that the Ingress or HTTPRoute forwards to.
 */
export function buildWeb(ctx: BuildContext, config: RenderedComponentConfig): DesiredObject[] {
  const template = buildPodTemplate({
    credentialsRevision: ctx.credentialsRevision,
    instance: ctx.instance.name,
    spec: ctx.spec,
    component: 'web',
    config,
  });
  return [
    buildDeployment(ctx, 'web', template),
    buildClusterIpService(ctx, 'web', IMAGE_FACTS.web.ports),
  ];
}
