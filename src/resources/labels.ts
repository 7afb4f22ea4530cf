import type { Component } from '../api/types.ts';

/**
 * The one place that spells label keys. Builders, the writer and the compliance checks take
 * labels and selectors from here and never type a key by hand.
 *
 * Children do not carry `app.kubernetes.io/instance`. Argo CD's label tracking mode marks every
 * object whose `app.kubernetes.io/instance` equals an Application's name as part of that
 * Application. An instance named like the Application that deploys it (a common choice) would
 * then see its children reported as OutOfSync and pruned, because they are not in Git.
 * `gdprmeet.io/instance` carries the instance name instead, in labels and in selectors.
 */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  partOf: 'app.kubernetes.io/part-of',
  instance: 'gdprmeet.io/instance',
  operatorVersion: 'gdprmeet.io/operator-version',
} as const;

export const LABEL_VALUES = {
  name: 'jitsi-meet',
  managedBy: 'gdpr-jitsi-operator',
  partOf: 'gdpr-jitsi-meet',
} as const;

/** Pod template annotation holding the hash of everything that shapes a component's pod. */
export const CONFIG_HASH_ANNOTATION = 'gdprmeet.io/config-hash';

/**
 * Labels of a component's pods, used as the workload and Service selector. The set never changes
 * after creation because Deployment and StatefulSet selectors are immutable: only the app name,
 * the instance and the component, which never change for an existing object.
 */
export function selectorLabels(instance: string, component: Component): Record<string, string> {
  return {
    [LABELS.name]: LABEL_VALUES.name,
    [LABELS.instance]: instance,
    [LABELS.component]: component,
  };
}

/** Selector that matches every child of an instance, whatever its component. */
export function instanceSelector(instance: string): Record<string, string> {
  return { [LABELS.name]: LABEL_VALUES.name, [LABELS.instance]: instance };
}

/**
 * Labels of pod templates and volume claim templates: the selector labels plus the static
 * ownership labels. They never contain the operator version, so an operator upgrade alone
 * changes no pod template and restarts no pod.
 */
export function podLabels(instance: string, component: Component): Record<string, string> {
  return {
    ...selectorLabels(instance, component),
    [LABELS.managedBy]: LABEL_VALUES.managedBy,
    [LABELS.partOf]: LABEL_VALUES.partOf,
  };
}

/**
 * Labels of a top-level child object. `component` is left out for objects shared by all
 * components (the ServiceAccount). The operator version appears here only, sanitised into a
 * valid label value.
 */
export function objectLabels(
  instance: string,
  component: Component | undefined,
  operatorVersion: string,
): Record<string, string> {
  const labels: Record<string, string> = {
    ...instanceSelector(instance),
    [LABELS.managedBy]: LABEL_VALUES.managedBy,
    [LABELS.partOf]: LABEL_VALUES.partOf,
  };
  if (component !== undefined) labels[LABELS.component] = component;
  const version = toLabelValue(operatorVersion);
  if (version !== '') labels[LABELS.operatorVersion] = version;
  return labels;
}

/**
 * Turns free text into a label value: at most 63 characters of `[A-Za-z0-9._-]`, starting and
 * ending with an alphanumeric character. `1.2.0+build.7` becomes `1.2.0_build.7`.
 */
export function toLabelValue(text: string): string {
  const replaced = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63);
  return replaced.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}
