import { dump } from 'js-yaml';

import type { BuildInput } from './build.ts';
import { canonicalize } from './canonical.ts';
import { childMetadata, type BuildContext, type DesiredObject } from './context.ts';
import { IMAGE_FACTS } from './image-facts.ts';
import { LABELS, selectorLabels } from './labels.ts';

/**
 * Scrape configuration for the Jitsi components' own Prometheus endpoints, for a Prometheus that
 * runs in the cluster, in `spec.monitoring.namespace`:
 * - the videobridge serves `/metrics` on its private HTTP port 8080 (jitsi/jitsi-videobridge
 *   `jvb/src/main/java/org/jitsi/videobridge/rest/prometheus/Prometheus.java`);
 * - Jicofo serves `/metrics` on its REST port 8888 while `jicofo.rest.prometheus.enabled` is
 *   true, its default (jitsi/jicofo `jicofo/src/main/resources/reference.conf`).
 * Prosody is not scraped: the rendered configuration leaves its metrics module off.
 *
 * With the prometheus-operator CRDs installed, the builder emits one PodMonitor per component;
 * otherwise one ConfigMap with `scrape_configs` to add to the local Prometheus. Either way the
 * targets are the instance's pods only, found through the Kubernetes API in the instance's
 * namespace. There is no remote write and no target outside the cluster.
 */

/** Components with a native Prometheus endpoint. */
export const SCRAPED_COMPONENTS = ['jicofo', 'jvb'] as const;
type ScrapedComponent = (typeof SCRAPED_COMPONENTS)[number];

/** Container port name that serves `/metrics` in both images. */
const METRICS_PORT = 'http';
const METRICS_PATH = '/metrics';
const SCRAPE_INTERVAL = '30s';

/** Key of the scrape configuration in the ConfigMap. */
export const SCRAPE_CONFIG_KEY = 'scrape-configs.yaml';

export interface MonitoringOptions {
  /** Whether the cluster serves `monitoring.coreos.com/v1` (PodMonitor). */
  prometheusOperator: boolean;
}

/**
 * Builds the monitoring objects of one instance. Returns none while `spec.monitoring.namespace`
 * is unset, because the NetworkPolicies then admit no scraper.
 */
export function buildMonitoring(input: BuildInput, options: MonitoringOptions): DesiredObject[] {
  const namespace = input.spec.monitoring.namespace;
  if (namespace === undefined || namespace === '') return [];
  for (const component of SCRAPED_COMPONENTS) {
    const port = IMAGE_FACTS[component].ports.find((p) => p.name === METRICS_PORT);
    if (port === undefined) {
      throw new Error(
        `image facts of ${component} declare no "${METRICS_PORT}" port to scrape; ` +
          'name the port that serves /metrics in src/resources/image-facts.ts',
      );
    }
  }
  const ctx = contextOf(input);
  if (options.prometheusOperator) return SCRAPED_COMPONENTS.map((c) => buildPodMonitor(ctx, c));
  return [buildScrapeConfigMap(ctx)];
}

/** Name of the PodMonitor of a component, and of the scrape ConfigMap. */
export const monitoringNames = (instance: string) => ({
  podMonitor: (component: ScrapedComponent) => `${instance}-${component}`,
  scrapeConfig: `${instance}-scrape-config`,
});

function buildPodMonitor(ctx: BuildContext, component: ScrapedComponent): DesiredObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: childMetadata(
      ctx,
      monitoringNames(ctx.instance.name).podMonitor(component),
      component,
    ),
    spec: {
      selector: { matchLabels: selectorLabels(ctx.instance.name, component) },
      namespaceSelector: { matchNames: [ctx.instance.namespace] },
      podTargetLabels: [LABELS.component, LABELS.instance],
      podMetricsEndpoints: [
        { port: METRICS_PORT, path: METRICS_PATH, scheme: 'http', interval: SCRAPE_INTERVAL },
      ],
    },
  };
}

function buildScrapeConfigMap(ctx: BuildContext): DesiredObject {
  const text = dump(canonicalize({ scrape_configs: scrapeConfigs(ctx) }), {
    lineWidth: -1,
    noRefs: true,
  });
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMetadata(ctx, monitoringNames(ctx.instance.name).scrapeConfig, undefined),
    data: { [SCRAPE_CONFIG_KEY]: text },
  };
}

/**
 * Prometheus `scrape_configs` entries, one job per component. Pods are discovered with
 * `kubernetes_sd_configs` in the instance's namespace only, filtered by the selector labels on
 * the API server and again by relabelling, and only the container port named `http` is kept.
 */
export function scrapeConfigs(ctx: BuildContext): Record<string, unknown>[] {
  return SCRAPED_COMPONENTS.map((component) => {
    const labels = selectorLabels(ctx.instance.name, component);
    const keys = Object.keys(labels).sort();
    return {
      job_name: `gdpr-jitsi/${ctx.instance.namespace}/${ctx.instance.name}/${component}`,
      metrics_path: METRICS_PATH,
      scheme: 'http',
      scrape_interval: SCRAPE_INTERVAL,
      kubernetes_sd_configs: [
        {
          role: 'pod',
          namespaces: { names: [ctx.instance.namespace] },
          selectors: [{ role: 'pod', label: keys.map((k) => `${k}=${labels[k]}`).join(',') }],
        },
      ],
      relabel_configs: [
        {
          action: 'keep',
          source_labels: keys.map(podLabelMeta),
          separator: ';',
          regex: keys.map((k) => escapeRegex(labels[k] ?? '')).join(';'),
        },
        {
          action: 'keep',
          source_labels: ['__meta_kubernetes_pod_container_port_name'],
          regex: METRICS_PORT,
        },
        {
          action: 'replace',
          source_labels: ['__meta_kubernetes_namespace'],
          target_label: 'namespace',
        },
        { action: 'replace', source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        {
          action: 'replace',
          source_labels: [podLabelMeta(LABELS.component)],
          target_label: 'component',
        },
        {
          action: 'replace',
          source_labels: [podLabelMeta(LABELS.instance)],
          target_label: 'gdprmeet_instance',
        },
      ],
    };
  });
}

/**
 * Meta label of a pod label in Kubernetes service discovery: every character that is not a
 * letter, digit or underscore becomes `_` (`app.kubernetes.io/name` becomes
 * `__meta_kubernetes_pod_label_app_kubernetes_io_name`).
 */
export function podLabelMeta(key: string): string {
  return `__meta_kubernetes_pod_label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

function contextOf(input: BuildInput): BuildContext {
  return {
    instance: {
      name: input.instance.name,
      namespace: input.instance.namespace,
      uid: input.instance.uid,
    },
    spec: input.spec,
    operatorVersion: input.operator.version,
  };
}
