import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CHART_CRD_DIR,
  GENERATE_CRDS_COMMAND,
  GENERATE_DEPLOY_COMMAND,
  ROOT,
  chartCrdFiles,
  deployFiles,
  splitDocuments,
} from '../../../scripts/install-manifests.ts';
import { helm, parseManifests, templateChart, type Manifest } from '../../helpers/chart.ts';

const run = promisify(execFile);

const keyOf = (o: Manifest) =>
  `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name} (${o.apiVersion})`;

/** Objects keyed by kind, namespace and name, so two streams compare regardless of order. */
const byKey = (objects: Manifest[]) =>
  new Map(objects.map((o) => [keyOf(o), o] as const).sort(([a], [b]) => a.localeCompare(b)));

describe('generated install files', () => {
  test('chart CRDs equal crds/', async () => {
    const expected = chartCrdFiles();
    const committed = (await readdir(join(ROOT, CHART_CRD_DIR))).sort();
    assert.deepEqual(
      committed,
      [...expected.keys()].map((path) => path.slice(CHART_CRD_DIR.length + 1)),
      `the files in ${CHART_CRD_DIR} differ from crds/; run \`${GENERATE_CRDS_COMMAND}\``,
    );
    for (const [path, content] of expected) {
      const actual = await readFile(join(ROOT, path), 'utf8');
      assert.ok(
        actual === content,
        `${path} differs from crds/; run \`${GENERATE_CRDS_COMMAND}\` and commit the result`,
      );
    }
  });

  test('deploy/ matches the chart', async () => {
    const expected = await deployFiles(await helm());
    for (const [path, content] of expected) {
      const actual = await readFile(join(ROOT, path), 'utf8').catch(() => undefined);
      assert.ok(
        actual === content,
        `${path} is out of date with the chart; run \`${GENERATE_DEPLOY_COMMAND}\` and commit it`,
      );
    }
    for (const dir of ['deploy', 'deploy/kustomize']) {
      const yamlFiles = (await readdir(join(ROOT, dir))).filter((f) => f.endsWith('.yaml'));
      for (const file of yamlFiles) {
        assert.ok(expected.has(`${dir}/${file}`), `${dir}/${file} is not generated; remove it`);
      }
    }
  });

  test('install.yaml holds the chart objects', async () => {
    const install = parseManifests(await readFile(join(ROOT, 'deploy', 'install.yaml'), 'utf8'));
    const chart = parseManifests(
      await templateChart({ extraArgs: ['--include-crds', '--no-hooks'] }),
    );
    const installed = byKey(install);
    const namespace = installed.get('Namespace /gdpr-jitsi-system (v1)');
    assert.ok(namespace, 'install.yaml has no Namespace');
    assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    installed.delete('Namespace /gdpr-jitsi-system (v1)');
    assert.deepEqual(installed, byKey(chart));
    assert.equal(install[0]?.kind, 'Namespace');
    assert.equal(install[1]?.kind, 'CustomResourceDefinition');
  });

  test('install.yaml leaves out the Helm hooks', async () => {
    const install = parseManifests(await readFile(join(ROOT, 'deploy', 'install.yaml'), 'utf8'));
    const hooks = install.filter((o) => o.metadata.annotations?.['helm.sh/hook'] !== undefined);
    assert.deepEqual(hooks.map(keyOf), []);
    const chart = parseManifests(await templateChart());
    const chartHooks = chart.filter((o) => o.metadata.annotations?.['helm.sh/hook'] !== undefined);
    assert.deepEqual(chartHooks.map((o) => o.kind).sort(), ['Job', 'NetworkPolicy']);
  });

  test('kustomize base builds the same objects', async () => {
    const kubectl = join(dirname(await helm()), 'kubectl');
    const { stdout } = await run(kubectl, ['kustomize', join(ROOT, 'deploy', 'kustomize')], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const install = parseManifests(await readFile(join(ROOT, 'deploy', 'install.yaml'), 'utf8'));
    assert.deepEqual(byKey(parseManifests(stdout)), byKey(install));
  });

  test('split drops Source lines and empty documents', () => {
    const docs = splitDocuments(
      '---\n# Source: a/b.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n\n',
    );
    assert.deepEqual(docs, [
      {
        kind: 'ConfigMap',
        name: 'x',
        text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      },
    ]);
  });
});
