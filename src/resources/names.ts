import type { Component } from '../api/types.ts';

/**
 * Names of the objects the operator creates for one instance. Every builder and the writer use
 * these, so a name is defined once. All names are `<instance>-<suffix>`. The CRD limits instance
 * names to 40 characters, so the longest child name (`<instance>-prosody-headless`, 57
 * characters) stays a valid DNS label.
 */
export const childNames = (instance: string) => ({
  secret: `${instance}-credentials`,
  configMap: (component: Component) => `${instance}-${component}-config`,
  workload: (component: Component) => `${instance}-${component}`,
  service: (component: Component) => `${instance}-${component}`,
  /** Headless Service that a StatefulSet names in `spec.serviceName` for its pods' DNS records. */
  headlessService: (component: Component) => `${instance}-${component}-headless`,
  ingress: `${instance}-web`,
  httpRoute: `${instance}-web`,
  /** Secret that cert-manager fills when `spec.tls.issuerRef` is set without `secretName`. */
  tlsSecret: `${instance}-web-tls`,
  serviceAccount: `${instance}-jitsi`,
});

/** Cluster-internal DNS name of a component's Service. */
export function serviceHost(instance: string, namespace: string, component: Component): string {
  return `${childNames(instance).service(component)}.${namespace}.svc`;
}

/**
 * Internal XMPP domains, the docker-jitsi-meet defaults. Prosody serves them as virtual hosts;
 * they are never looked up in DNS and never leave the cluster.
 */
export const XMPP_DOMAINS = {
  domain: 'meet.jitsi',
  authDomain: 'auth.meet.jitsi',
  mucDomain: 'muc.meet.jitsi',
  internalMucDomain: 'internal-muc.meet.jitsi',
  guestDomain: 'guest.meet.jitsi',
  hiddenDomain: 'hidden.meet.jitsi',
} as const;

/** Keys of the instance Secret; values are generated once by the writer. */
export const SECRET_KEYS = {
  jicofoAuthPassword: 'jicofo-auth-password',
  jvbAuthPassword: 'jvb-auth-password',
} as const;

/** Name of the Prosody StatefulSet's volume claim template; PVCs are `data-<statefulset>-<n>`. */
export const PROSODY_DATA_CLAIM = 'data';
