/**
 * Kinds the operator creates for an instance. Each gets an informer filtered to objects labelled
 * `app.kubernetes.io/managed-by=gdpr-jitsi-operator`, so the operator never caches the
 * namespace's other Secrets or ConfigMaps.
 */
export const OWNED_KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
] as const;

/** Owned kinds from APIs a cluster may not serve; watched only when served. */
export const OPTIONAL_OWNED_KINDS = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor' },
] as const;
