import type { IssuerRef } from '../api/types.ts';
import { sortedRecord } from './canonical.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { IMAGE_FACTS } from './image-facts.ts';
import { childNames } from './names.ts';

/** Web Service port the Ingress and HTTPRoute forward to. */
const WEB_PORT = IMAGE_FACTS.web.ports[0] ?? { name: 'http', containerPort: 8000 };

/**
 * ingress-nginx closes idle proxied connections after 60 s by default, which drops the XMPP
 * websocket of a quiet meeting. One hour matches what other Jitsi deployments use. Other
 * controllers ignore these annotations.
 */
const NGINX_WEBSOCKET_ANNOTATIONS = {
  'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
  'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
};

/** Builds the object that routes `spec.domain` to the web Service, or none for mode `None`. */
export function buildRouting(ctx: BuildContext): DesiredObject[] {
  switch (ctx.spec.ingress.mode) {
    case 'Ingress':
      return [buildIngress(ctx)];
    case 'HTTPRoute':
      return [buildHttpRoute(ctx)];
    case 'None':
      return [];
  }
}

/**
 * networking.k8s.io/v1 Ingress for `spec.domain` with TLS. The certificate comes from
 * `spec.tls.secretName`, or from cert-manager when `spec.tls.issuerRef` is set (into
 * `<instance>-web-tls` unless a secret name is given), or else from the controller's default
 * certificate. Annotations: websocket timeouts, then the user's, then the issuer's.
 */
export function buildIngress(ctx: BuildContext): DesiredObject {
  const { spec } = ctx;
  const names = childNames(ctx.instance.name);
  const issuer = spec.tls.issuerRef;
  const secretName = spec.tls.secretName ?? (issuer === undefined ? undefined : names.tlsSecret);
  const annotations = sortedRecord({
    ...NGINX_WEBSOCKET_ANNOTATIONS,
    ...spec.ingress.annotations,
    ...(issuer === undefined ? {} : certManagerAnnotations(issuer)),
  });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: childMetadata(ctx, names.ingress, 'web', annotations),
    spec: {
      ingressClassName: spec.ingress.className === '' ? undefined : spec.ingress.className,
      tls: [{ hosts: [spec.domain], secretName }],
      rules: [
        {
          host: spec.domain,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: names.service('web'), port: { name: WEB_PORT.name } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/**
 * cert-manager ingress-shim annotations. Issuers of other API groups (external issuers) need
 * their kind and group spelled out.
 */
export function certManagerAnnotations(issuer: IssuerRef): Record<string, string> {
  const group = issuer.group ?? 'cert-manager.io';
  const kind = issuer.kind ?? 'Issuer';
  if (group !== 'cert-manager.io') {
    return {
      'cert-manager.io/issuer': issuer.name,
      'cert-manager.io/issuer-group': group,
      'cert-manager.io/issuer-kind': kind,
    };
  }
  if (kind === 'ClusterIssuer') return { 'cert-manager.io/cluster-issuer': issuer.name };
  return { 'cert-manager.io/issuer': issuer.name };
}

/**
 * gateway.networking.k8s.io/v1 HTTPRoute for `spec.domain`, attached to `spec.ingress.gateway`.
 * TLS ends at the Gateway's listener, which the platform team configures, so the route carries
 * no certificate settings.
 *
 * NOTE: websocket idle timeouts depend on the Gateway implementation; the route sets none.
 */
export function buildHttpRoute(ctx: BuildContext): DesiredObject {
  const { spec } = ctx;
  const gateway = spec.ingress.gateway;
  if (gateway === undefined) {
    throw new Error(
      'spec.ingress.mode is HTTPRoute but spec.ingress.gateway is not set; ' +
        'name the Gateway to attach the route to, or use mode Ingress or None',
    );
  }
  const names = childNames(ctx.instance.name);
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: childMetadata(ctx, names.httpRoute, 'web'),
    spec: {
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: gateway.name,
          namespace: gateway.namespace,
          sectionName: gateway.sectionName,
        },
      ],
      hostnames: [spec.domain],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: names.service('web'), port: WEB_PORT.containerPort }],
        },
      ],
    },
  };
}
