import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import {
  CHART_DIR,
  HEALTH_CHECK_KEY,
  HEALTH_SCRIPT_FILE,
  ROOT,
} from '../../../scripts/install-manifests.ts';
import { renderChart, single } from '../../helpers/chart.ts';

interface Application {
  spec: {
    source: {
      path: string;
      helm: { releaseName: string; valuesObject: Record<string, unknown> };
    };
    destination: { namespace: string };
    syncPolicy: { syncOptions: string[] };
  };
}

const application = () =>
  load(readFileSync(join(ROOT, 'deploy', 'argocd', 'application.yaml'), 'utf8')) as Application;

describe('Argo CD files', () => {
  test('Application points at the chart', () => {
    const { source } = application().spec;
    assert.equal(source.path, CHART_DIR);
    assert.ok(existsSync(join(ROOT, source.path, 'Chart.yaml')));
  });

  test('Application values pass the chart schema', async () => {
    const { source, destination } = application().spec;
    const objects = await renderChart({
      release: source.helm.releaseName,
      namespace: destination.namespace,
      values: source.helm.valuesObject,
      extraArgs: ['--include-crds'],
    });
    const crd = single(objects, 'CustomResourceDefinition');
    const annotations = crd.metadata.annotations ?? {};
    assert.equal(annotations['argocd.argoproj.io/sync-wave'], '-1');
    assert.equal(annotations['argocd.argoproj.io/sync-options'], 'Prune=false');
    assert.equal(single(objects, 'Deployment').metadata.namespace, destination.namespace);
  });

  test('argocd-cm carries health.lua', () => {
    const configMap = load(
      readFileSync(join(ROOT, 'deploy', 'argocd', 'argocd-cm.yaml'), 'utf8'),
    ) as { data: Record<string, string> };
    const script = readFileSync(join(ROOT, HEALTH_SCRIPT_FILE), 'utf8');
    assert.equal(configMap.data[HEALTH_CHECK_KEY], script);
  });
});
