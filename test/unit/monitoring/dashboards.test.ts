import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { createMetrics } from '../../../src/runtime/metrics.ts';
import { REPO_ROOT } from './tools.ts';

interface Target {
  expr: string;
  datasource: { type: string; uid: string };
}

interface Dashboard {
  uid: string;
  links: unknown[];
  panels: { title: string; datasource: { uid: string }; targets: Target[] }[];
}

function read(path: string): { text: string; dashboard: Dashboard } {
  const text = readFileSync(join(REPO_ROOT, path), 'utf8');
  return { text, dashboard: JSON.parse(text) as Dashboard };
}

/** Metric names in a query: every identifier directly followed by a label selector. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1] ?? '');
}

/** Series names the operator exposes, histograms expanded to their `_bucket` series. */
function operatorSeriesNames(): Set<string> {
  const metrics = createMetrics();
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
  }
  return names;
}

/** Jitsi metric names listed in docs/monitoring.md, the only ones the Jitsi dashboard may use. */
function documentedJitsiNames(): Set<string> {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'monitoring.md'), 'utf8');
  return new Set([...doc.matchAll(/`(jitsi_(?:jvb|jicofo)_[a-z0-9_]+)`/g)].map((m) => m[1] ?? ''));
}

const DASHBOARDS = ['dashboards/operator.json', 'dashboards/jitsi.json'];

describe('dashboards', () => {
  for (const path of DASHBOARDS) {
    it(`${path} queries the chosen data source`, () => {
      const { dashboard } = read(path);
      for (const panel of dashboard.panels) {
        assert.equal(panel.datasource.uid, '${datasource}', panel.title);
        for (const target of panel.targets)
          assert.equal(target.datasource.uid, '${datasource}', panel.title);
      }
    });

    it(`${path} links nowhere`, () => {
      const { text, dashboard } = read(path);
      assert.deepEqual(dashboard.links, []);
      assert.doesNotMatch(text, /https?:\/\//);
    });
  }

  it('operator dashboard uses only operator metrics', () => {
    const known = operatorSeriesNames();
    const { dashboard } = read('dashboards/operator.json');
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        for (const name of metricNames(target.expr))
          assert.ok(known.has(name), `${panel.title}: ${name}`);
      }
    }
  });

  it('operator dashboard shows the key metrics', () => {
    const { text } = read('dashboards/operator.json');
    for (const name of [
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_time_seconds_bucket',
      'workqueue_depth',
      'workqueue_retries_total',
      'rest_client_requests_total',
      'leader_election_master_status',
      'gdprmeet_instance_ready',
    ]) {
      assert.ok(text.includes(name), name);
    }
  });

  it('Jitsi dashboard uses only documented metrics', () => {
    const documented = documentedJitsiNames();
    assert.ok(documented.size > 0, 'docs/monitoring.md lists no Jitsi metric');
    const { dashboard } = read('dashboards/jitsi.json');
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const names = metricNames(target.expr);
        assert.ok(names.length > 0, `${panel.title} reads no metric`);
        for (const name of names) assert.ok(documented.has(name), `${panel.title}: ${name}`);
      }
    }
  });

  it('dashboards have distinct uids', () => {
    const uids = DASHBOARDS.map((p) => read(p).dashboard.uid);
    assert.equal(new Set(uids).size, uids.length);
  });
});
