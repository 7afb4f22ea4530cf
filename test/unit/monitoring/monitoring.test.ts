/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- assertions walk built objects, which are untyped mappings */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EffectiveSpec } from '../../../src/api/types.ts';
import { canonicalize } from '../../../src/resources/canonical.ts';
import { selectorLabels } from '../../../src/resources/labels.ts';
import { buildMonitoring, podLabelMeta } from '../../../src/resources/monitoring.ts';
import { effectiveSpec } from '../resources/fixtures.ts';
import type { Tree } from '../resources/helpers.ts';
import { scrapeConfigsOf } from './tools.ts';

const WITH_MONITORING: Partial<EffectiveSpec> = { monitoring: { namespace: 'monitoring' } };

function build(overrides: Partial<EffectiveSpec>, prometheusOperator: boolean): Tree[] {
  const input = {
    instance: { name: 'meet', namespace: 'jitsi', uid: 'uid-1' },
    spec: effectiveSpec(overrides),
    operator: { version: '0.1.0' },
  };
  return buildMonitoring(input, { prometheusOperator }).map((o) => canonicalize(o) as Tree);
}

describe('monitoring objects', () => {
  it('builds nothing without a monitoring namespace', () => {
    assert.deepEqual(build({}, true), []);
    assert.deepEqual(build({}, false), []);
  });

  it('builds PodMonitors for Jicofo and the bridge', () => {
    const monitors = build(WITH_MONITORING, true);
    assert.deepEqual(
      monitors.map((m) => [m['kind'], m['metadata']['name']]),
      [
        ['PodMonitor', 'meet-jicofo'],
        ['PodMonitor', 'meet-jvb'],
      ],
    );
    const jvb = monitors[1] as Tree;
    assert.deepEqual(jvb['spec']['selector'], { matchLabels: selectorLabels('meet', 'jvb') });
    assert.deepEqual(jvb['spec']['namespaceSelector'], { matchNames: ['jitsi'] });
    assert.deepEqual(jvb['spec']['podMetricsEndpoints'], [
      { interval: '30s', path: '/metrics', port: 'http', scheme: 'http' },
    ]);
  });

  it('builds a scrape ConfigMap without the operator CRDs', () => {
    const [configMap, ...rest] = build(WITH_MONITORING, false);
    assert.equal(rest.length, 0);
    assert.ok(configMap);
    assert.equal(configMap['kind'], 'ConfigMap');
    assert.equal(configMap['metadata']['name'], 'meet-scrape-config');
  });

  it('discovers pods of the instance namespace only', () => {
    const [configMap] = build(WITH_MONITORING, false);
    assert.ok(configMap);
    const jobs = scrapeConfigsOf(configMap as never) as Tree[];
    assert.deepEqual(
      jobs.map((j) => j['job_name']),
      ['gdpr-jitsi/jitsi/meet/jicofo', 'gdpr-jitsi/jitsi/meet/jvb'],
    );
    for (const job of jobs) {
      assert.equal(job['static_configs'], undefined);
      assert.equal(job['kubernetes_sd_configs'].length, 1);
      const discovery = job['kubernetes_sd_configs'][0];
      assert.equal(discovery['role'], 'pod');
      assert.equal(discovery['api_server'], undefined);
      assert.deepEqual(discovery['namespaces'], { names: ['jitsi'] });
    }
  });

  it('keeps only the instance pods and the metrics port', () => {
    const [configMap] = build(WITH_MONITORING, false);
    const jobs = scrapeConfigsOf(configMap as never) as Tree[];
    const jvb = jobs[1] as Tree;
    const [labelsKeep, portKeep] = jvb['relabel_configs'];
    assert.deepEqual(labelsKeep['source_labels'], [
      podLabelMeta('app.kubernetes.io/component'),
      podLabelMeta('app.kubernetes.io/name'),
      podLabelMeta('gdprmeet.io/instance'),
    ]);
    assert.equal(labelsKeep['regex'], 'jvb;jitsi-meet;meet');
    assert.deepEqual(portKeep, {
      action: 'keep',
      regex: 'http',
      source_labels: ['__meta_kubernetes_pod_container_port_name'],
    });
  });

  it('has no remote write or outside target', () => {
    for (const prometheusOperator of [true, false]) {
      const text = JSON.stringify(build(WITH_MONITORING, prometheusOperator));
      assert.doesNotMatch(text, /remote_write|remoteWrite|static_configs|https?:\/\//);
    }
  });

  it('sanitises label names like Prometheus', () => {
    assert.equal(
      podLabelMeta('app.kubernetes.io/name'),
      '__meta_kubernetes_pod_label_app_kubernetes_io_name',
    );
    assert.equal(
      podLabelMeta('gdprmeet.io/instance'),
      '__meta_kubernetes_pod_label_gdprmeet_io_instance',
    );
  });

  it('builds the same bytes twice', () => {
    assert.equal(
      JSON.stringify(build(WITH_MONITORING, false)),
      JSON.stringify(build(WITH_MONITORING, false)),
    );
  });
});
