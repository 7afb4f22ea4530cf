/**
 * Checks the generated scrape configuration and the dashboards' queries with Prometheus's own
 * tools: `promtool` from Debian's `prometheus` package (2.42 on Debian 12), and upstream
 * Prometheus 2.42's configuration loader built from `promconfig/`.
 *
 * Debian builds Prometheus without Kubernetes service discovery (the package's NEWS file, entry
 * 1.5.0+ds-1: "Kubernetes support has been completely removed"), so its promtool rejects every
 * `kubernetes_sd_configs` block. The promtool check therefore swaps that block for an empty
 * `file_sd_configs` list and checks the rest (job, scheme, path, intervals, relabelling). The
 * upstream loader checks the whole file, discovery included.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dump } from 'js-yaml';
import { buildMonitoring } from '../../../src/resources/monitoring.ts';
import { effectiveSpec } from '../resources/fixtures.ts';
import { REPO_ROOT, requireProgram, run, scrapeConfigsOf } from './tools.ts';

const DASHBOARDS = ['dashboards/operator.json', 'dashboards/jitsi.json'];

const PROMCONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), 'promconfig');

let promtool: string;
let promconfig: string;
let dir: string;

before(
  async () => {
    promtool = await requireProgram('promtool');
    dir = await mkdtemp(join(tmpdir(), 'gdpr-jitsi-promtool-'));
    promconfig = join(dir, 'promconfig');
    await promisify(execFile)('go', ['build', '-o', promconfig, '.'], {
      cwd: PROMCONFIG_DIR,
      timeout: 540_000,
    });
  },
  { timeout: 600_000 },
);

/** Returns the generated scrape configuration inside a complete prometheus.yml. */
function prometheusConfig(): Record<string, unknown> {
  const input = {
    instance: { name: 'meet', namespace: 'jitsi', uid: 'uid-1' },
    spec: effectiveSpec({ monitoring: { namespace: 'monitoring' } }),
    operator: { version: '0.1.0' },
  };
  const [configMap] = buildMonitoring(input, { prometheusOperator: false });
  assert.ok(configMap);
  return {
    global: { scrape_interval: '30s', evaluation_interval: '30s' },
    scrape_configs: scrapeConfigsOf(configMap),
  };
}

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Returns the `expr` of every panel target in a Grafana dashboard. */
async function dashboardQueries(path: string): Promise<string[]> {
  const dashboard = JSON.parse(await readFile(join(REPO_ROOT, path), 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

describe('promtool', () => {
  it('accepts the scrape configuration', async () => {
    const config = prometheusConfig();
    const jobs = config['scrape_configs'] as Record<string, unknown>[];
    const withoutDiscovery = jobs.map(({ kubernetes_sd_configs: discovery, ...rest }) => {
      assert.ok(Array.isArray(discovery));
      return { ...rest, file_sd_configs: [] };
    });
    const file = join(dir, 'prometheus.yml');
    await writeFile(file, dump({ ...config, scrape_configs: withoutDiscovery }, { lineWidth: -1 }));
    const { stdout } = await run(promtool, ['check', 'config', file]);
    assert.match(stdout, /SUCCESS/);
  });

  it('loads with upstream Kubernetes discovery', async () => {
    const file = join(dir, 'prometheus-kubernetes.yml');
    await writeFile(file, dump(prometheusConfig(), { lineWidth: -1 }));
    const { stdout } = await run(promconfig, [file]);
    assert.match(stdout, /SUCCESS/);
  });

  it('upstream loader rejects an unknown discovery role', async () => {
    const config = prometheusConfig();
    const file = join(dir, 'prometheus-bad-role.yml');
    const text = dump(config, { lineWidth: -1 }).replaceAll('role: pod', 'role: pods');
    await writeFile(file, text);
    await assert.rejects(run(promconfig, [file]), /unknown Kubernetes SD role/);
  });

  it('rejects a broken configuration', async () => {
    const file = join(dir, 'broken.yml');
    await writeFile(
      file,
      dump({ scrape_configs: [{ job_name: 'x', relabel_configs: [{ action: 'nonsense' }] }] }),
    );
    await assert.rejects(run(promtool, ['check', 'config', file]));
  });

  for (const path of DASHBOARDS) {
    it(`parses every query of ${path}`, async () => {
      // Grafana variables are not PromQL; a label matcher on them stays valid after replacing.
      const queries = (await dashboardQueries(path)).map((q) => q.replaceAll('$namespace', '.*'));
      assert.ok(queries.length > 0);
      const rules = {
        groups: [
          { name: 'dashboard', rules: queries.map((expr, i) => ({ record: `query_${i}`, expr })) },
        ],
      };
      const file = join(dir, 'rules.yml');
      await writeFile(file, dump(rules, { lineWidth: -1 }));
      const { stdout } = await run(promtool, ['check', 'rules', file]);
      assert.match(stdout, /SUCCESS/);
    });
  }
});
