import type { Component } from '../api/types.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import type { PortFact } from './image-facts.ts';
import { selectorLabels } from './labels.ts';
import { childNames } from './names.ts';

/** Service ports that forward to the container port of the same name. */
function servicePorts(ports: PortFact[]): Record<string, unknown>[] {
  return ports.map((p) => ({
    name: p.name,
    port: p.containerPort,
    targetPort: p.name,
    protocol: p.protocol,
  }));
}

/** ClusterIP Service `<instance>-<component>` in front of a component's pods. */
export function buildClusterIpService(
  ctx: BuildContext,
  component: Component,
  ports: PortFact[],
): DesiredObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(ctx, childNames(ctx.instance.name).service(component), component),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(ctx.instance.name, component),
      ports: servicePorts(ports),
    },
  };
}

/**
 * Headless Service `<instance>-<component>-headless` that a StatefulSet names in
 * `spec.serviceName`, giving its pods stable DNS records. Not-ready pods are published too,
 * because the records identify pods and do not route traffic; clients use the ClusterIP Service.
 */
export function buildHeadlessService(
  ctx: BuildContext,
  component: Component,
  ports: PortFact[],
): DesiredObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(
      ctx,
      childNames(ctx.instance.name).headlessService(component),
      component,
    ),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorLabels(ctx.instance.name, component),
      ports: servicePorts(ports),
    },
  };
}
