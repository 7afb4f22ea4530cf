/**
 * Checks the documented CRD upgrade step on the local control plane. Helm installs the files in
 * a chart's crds/ folder once and never upgrades them, so docs/install.md asks users to run
 * `kubectl apply --server-side --force-conflicts -f crds/` before `helm upgrade`.
 *
 * The test installs a copy of the chart whose CRD is renamed to a group of its own (so the
 * shared GdprJitsiMeet CRD and `kubectl get gjm` of other tests are never touched), adds a field
 * to the copy, and shows that `helm upgrade` leaves the served schema alone while the documented
 * step makes the API server accept the new field.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dump, load } from 'js-yaml';
import {
  CommandError,
  ensureCluster,
  withTestNamespace,
  type Cluster,
  type TestNamespace,
} from '../helpers/cluster.ts';
import { CHART_PATH } from '../helpers/chart.ts';
import { helmCommand } from '../helpers/install.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CRD_FILE = 'gdprmeet.io_gdprjitsimeets.yaml';
const NEW_FIELD = 'upgradeProbe';

interface Crd {
  metadata: { name: string };
  spec: {
    group: string;
    names: Record<string, unknown>;
    versions: {
      name: string;
      schema: {
        openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } };
      };
    }[];
  };
}

describe('CRD upgrade of a Helm install', { timeout: 10 * 60_000 }, () => {
  const group = `t${randomBytes(4).toString('hex')}.crdupgrade.test`;
  const plural = 'crdupgradetests';
  const crdName = `${plural}.${group}`;
  let cluster: Cluster;
  let namespace: TestNamespace;
  let chartDir: string;
  let crdPath: string;

  const readCrd = () => load(readFileSync(crdPath, 'utf8')) as Crd;
  const writeCrd = (crd: Crd) => {
    writeFileSync(crdPath, dump(crd, { lineWidth: -1, noRefs: true }));
  };
  const servedSpecFields = async () => {
    const crd = JSON.parse(await cluster.kubectl(['get', 'crd', crdName, '-o', 'json'])) as Crd;
    return Object.keys(
      crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec.properties ?? {},
    );
  };
  const helm = (verb: 'install' | 'upgrade') =>
    helmCommand(cluster, [verb, 'crdtest', chartDir, '--namespace', namespace.name, '--wait']);
  /** Applies a test object carrying the new field; kubectl validates fields strictly. */
  const applyObjectWithNewField = async () => {
    const basic = load(readFileSync(join(ROOT, 'examples', 'basic.yaml'), 'utf8')) as {
      spec: Record<string, unknown>;
    };
    const version = readCrd().spec.versions[0]?.name ?? '';
    const object = {
      apiVersion: `${group}/${version}`,
      kind: 'CrdUpgradeTest',
      metadata: { name: 'probe', namespace: namespace.name },
      spec: { ...basic.spec, [NEW_FIELD]: 'served' },
    };
    await cluster.kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(object));
    return JSON.parse(
      await cluster.kubectl(['-n', namespace.name, 'get', plural, 'probe', '-o', 'json']),
    ) as { spec: Record<string, unknown> };
  };

  before(async () => {
    cluster = await ensureCluster();
    namespace = await withTestNamespace('crd-upgrade');
    chartDir = join(mkdtempSync(join(tmpdir(), 'gdpr-jitsi-crd-upgrade-')), 'chart');
    cpSync(CHART_PATH, chartDir, { recursive: true });
    crdPath = join(chartDir, 'crds', CRD_FILE);
    const crd = readCrd();
    crd.metadata.name = crdName;
    crd.spec.group = group;
    crd.spec.names = {
      kind: 'CrdUpgradeTest',
      listKind: 'CrdUpgradeTestList',
      plural,
      singular: 'crdupgradetest',
    };
    writeCrd(crd);
  });

  after(async () => {
    await helmCommand(cluster, ['uninstall', 'crdtest', '--namespace', namespace.name]).catch(
      () => undefined,
    );
    await cluster.kubectl(['delete', 'crd', crdName, '--ignore-not-found', '--wait=true']);
    await namespace.cleanup();
    rmSync(join(chartDir, '..'), { recursive: true, force: true });
  });

  test('helm install creates the CRD', async () => {
    await helm('install');
    await cluster.kubectl(['wait', '--for=condition=Established', `crd/${crdName}`]);
    assert.ok(!(await servedSpecFields()).includes(NEW_FIELD));
  });

  test('helm upgrade leaves the CRD unchanged', async () => {
    const crd = readCrd();
    const version = crd.spec.versions[0];
    assert.ok(version);
    version.schema.openAPIV3Schema.properties.spec.properties[NEW_FIELD] = {
      type: 'string',
      description: 'Field added by the CRD upgrade test.',
    };
    writeCrd(crd);
    await helm('upgrade');
    assert.ok(!(await servedSpecFields()).includes(NEW_FIELD));
    await assert.rejects(applyObjectWithNewField(), (err: CommandError) => {
      assert.match(err.stderr, new RegExp(`spec\\.${NEW_FIELD}.*not declared in schema`));
      return true;
    });
  });

  test('plain server-side apply conflicts with helm', async () => {
    await assert.rejects(
      cluster.kubectl(['apply', '--server-side', '-f', join(chartDir, 'crds')]),
      (err: CommandError) => {
        assert.match(err.stderr, /conflict with "helm"/);
        return true;
      },
    );
  });

  test('documented step serves the new field', async () => {
    await cluster.kubectl([
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      join(chartDir, 'crds'),
    ]);
    await cluster.kubectl(['wait', '--for=condition=Established', `crd/${crdName}`]);
    assert.ok((await servedSpecFields()).includes(NEW_FIELD));
    const stored = await applyObjectWithNewField();
    assert.equal(stored.spec[NEW_FIELD], 'served');
  });

  test('later helm upgrade keeps the new schema', async () => {
    await helm('upgrade');
    assert.ok((await servedSpecFields()).includes(NEW_FIELD));
  });
});
