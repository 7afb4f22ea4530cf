/**
 * REST paths of the kinds the operator reads or writes. The set is fixed and small, so a static
 * table replaces API discovery: no discovery requests at start, and an unknown kind is a
 * programming error caught by tests rather than a runtime lookup.
 */

export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string | undefined;
  name?: string;
}

const TABLE: Record<string, ResourceInfo> = {
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Event': { plural: 'events', namespaced: true },
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Node': { plural: 'nodes', namespaced: false },
  'v1/PersistentVolumeClaim': { plural: 'persistentvolumeclaims', namespaced: true },
  'v1/Pod': { plural: 'pods', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'apps/v1/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'batch/v1/CronJob': { plural: 'cronjobs', namespaced: true },
  'coordination.k8s.io/v1/Lease': { plural: 'leases', namespaced: true },
  'events.k8s.io/v1/Event': { plural: 'events', namespaced: true },
  'gateway.networking.k8s.io/v1/HTTPRoute': { plural: 'httproutes', namespaced: true },
  'gdprmeet.io/v1alpha1/GdprJitsiMeet': { plural: 'gdprjitsimeets', namespaced: true },
  'monitoring.coreos.com/v1/PodMonitor': { plural: 'podmonitors', namespaced: true },
  'monitoring.coreos.com/v1/ServiceMonitor': { plural: 'servicemonitors', namespaced: true },
  'networking.k8s.io/v1/Ingress': { plural: 'ingresses', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
  'policy/v1/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
};

export function resourceFor(apiVersion: string, kind: string): ResourceInfo {
  const info = TABLE[`${apiVersion}/${kind}`];
  if (!info) throw new Error(`no REST mapping for ${apiVersion} ${kind}; add it to the table`);
  return info;
}

/** Collection path when `name` is absent, object path otherwise. */
export function resourcePath(ref: ObjectRef): string {
  const info = resourceFor(ref.apiVersion, ref.kind);
  const prefix = ref.apiVersion.includes('/')
    ? `/apis/${ref.apiVersion}`
    : `/api/${ref.apiVersion}`;
  const ns = info.namespaced && ref.namespace ? `/namespaces/${ref.namespace}` : '';
  const name = ref.name ? `/${ref.name}` : '';
  return `${prefix}${ns}/${info.plural}${name}`;
}

/** Cache key used by informers and the work queue. */
export const objectKey = (namespace: string | undefined, name: string): string =>
  namespace ? `${namespace}/${name}` : name;
