/**
 * Runs Debian's Prometheus against the running operator: the operator reconciles an instance on
 * the local control plane, and a Prometheus on 127.0.0.1 scrapes the operator's /metrics. The
 * test reads through Prometheus's HTTP API that the target is up and that the reconcile and work
 * queue series arrived with real values. It also checks the scrape ConfigMap that the operator
 * created for `spec.monitoring.namespace`, as the API server stores it, with promtool and with
 * upstream Prometheus's configuration loader. Prometheus and the operator stop when it ends.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { dump, load } from 'js-yaml';
import { SCRAPE_CONFIG_KEY } from '../../src/resources/monitoring.ts';
import type { DesiredObject } from '../../src/resources/context.ts';
import { ensureCluster, waitFor, withTestNamespace, type Cluster } from '../helpers/cluster.ts';
import {
  freePort,
  operatorKubeconfig,
  startOperatorProcess,
  type OperatorProcess,
} from '../helpers/operator.ts';
import { requireProgram, run, scrapeConfigsOf } from '../unit/monitoring/tools.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const LOOPBACK = '127.0.0.1';
const PROMCONFIG_DIR = join(ROOT, 'test/unit/monitoring/promconfig');
const MONITORING_NAMESPACE = 'monitoring';
const CONTROLLER = 'gdprjitsimeet';

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

interface Target {
  health: string;
  lastError: string;
  labels: Record<string, string>;
  scrapeUrl: string;
}

interface Instance {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    conditions?: { type: string; status: string }[];
  };
}

interface ScrapeJob {
  job_name: string;
  kubernetes_sd_configs?: { role: string; namespaces?: { names: string[] } }[];
  [key: string]: unknown;
}

describe('Prometheus scraping the running operator', { timeout: 10 * 60_000 }, () => {
  let cluster: Cluster;
  let ns: string;
  let cleanup: () => Promise<void>;
  let operator: OperatorProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let prometheusPort: number;
  let prometheusLog = '';
  let dir: string;

  const kubectl = (args: string[], input?: string) => cluster.kubectl(['-n', ns, ...args], input);

  /** Sends a GET to Prometheus's HTTP API and returns the `data` field. */
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`http://${LOOPBACK}:${prometheusPort}${path}`);
    assert.equal(response.status, 200, `GET ${path} returned ${response.status}`);
    return ((await response.json()) as { data: T }).data;
  };

  /** Runs an instant query and returns its samples once there are any. */
  const query = (expression: string, timeoutMs = 60_000) =>
    waitFor(
      async () => {
        const data = await api<{ result: Sample[] }>(
          `/api/v1/query?query=${encodeURIComponent(expression)}`,
        );
        return data.result.length > 0 ? data.result : undefined;
      },
      { timeoutMs, description: `samples of ${expression}` },
    ).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}; Prometheus log:\n${prometheusLog}`, {
        cause: err,
      });
    });

  before(async () => {
    const binary = await requireProgram('prometheus');
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('prometheus-operator');
    ns = namespace.name;
    cleanup = namespace.cleanup;
    dir = await mkdtemp(join(tmpdir(), 'gdpr-jitsi-prometheus-e2e-'));

    const kubeconfigPath = await operatorKubeconfig(cluster);
    operator = await startOperatorProcess({ kubeconfigPath, args: ['--namespaces', ns] });
    await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers', 60_000);
    const basic = load(readFileSync(join(ROOT, 'examples/basic.yaml'), 'utf8')) as {
      spec: object;
    };
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'gdprmeet.io/v1alpha1',
        kind: 'GdprJitsiMeet',
        metadata: { name: 'meet', namespace: ns },
        spec: { ...basic.spec, monitoring: { namespace: MONITORING_NAMESPACE } },
      }),
    );

    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        {
          job_name: 'gdpr-jitsi-operator',
          static_configs: [{ targets: [`${LOOPBACK}:${operator.port}`] }],
        },
      ],
    };
    await writeFile(join(dir, 'prometheus.yml'), dump(config));
    prometheusPort = await freePort();
    prometheus = spawn(
      binary,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${LOOPBACK}:${prometheusPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => {
      prometheusLog += chunk.toString();
    });
  });

  after(async () => {
    const child = prometheus;
    const running = () =>
      child !== undefined && child.exitCode === null && child.signalCode === null;
    if (child !== undefined && running()) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (running()) child.kill('SIGKILL');
    }
    await operator?.stop();
    await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  test('operator target is up', async () => {
    const target = await waitFor(
      async () => {
        const data = await api<{ activeTargets: Target[] }>('/api/v1/targets');
        return data.activeTargets.find((t) => t.health === 'up');
      },
      { timeoutMs: 60_000, description: 'the operator target up' },
    ).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}; Prometheus log:\n${prometheusLog}`, {
        cause: err,
      });
    });
    assert.equal(target.labels['job'], 'gdpr-jitsi-operator');
    assert.equal(target.scrapeUrl, `http://${LOOPBACK}:${operator?.port}/metrics`);
    assert.equal(target.lastError, '');
  });

  test('reconcile counter is above zero', async () => {
    const samples = await query(
      `sum(controller_runtime_reconcile_total{controller="${CONTROLLER}"}) > 0`,
    );
    assert.equal(samples.length, 1);
    assert.ok(Number(samples[0]?.value[1]) > 0, JSON.stringify(samples));
    const results = await query(`controller_runtime_reconcile_total{controller="${CONTROLLER}"}`);
    assert.ok(
      results.some((s) => s.metric['result'] === 'success' && Number(s.value[1]) > 0),
      `a successful reconcile: ${JSON.stringify(results)}`,
    );
  });

  test('work queue series exist', async () => {
    const depth = await query(`workqueue_depth{name="${CONTROLLER}"}`);
    assert.equal(depth.length, 1);
    assert.ok(Number(depth[0]?.value[1]) >= 0);
    const adds = await query(`workqueue_adds_total{name="${CONTROLLER}"} > 0`);
    assert.equal(adds.length, 1);
    const work = await query(`workqueue_work_duration_seconds_count{name="${CONTROLLER}"} > 0`);
    assert.equal(work.length, 1);
    const names = await api<string[]>('/api/v1/label/__name__/values');
    // workqueue_retries_total has no sample until a reconcile is retried, so it is not listed.
    for (const name of [
      'workqueue_depth',
      'workqueue_adds_total',
      'workqueue_queue_duration_seconds_bucket',
      'workqueue_work_duration_seconds_bucket',
    ]) {
      assert.ok(names.includes(name), `${name} is missing`);
    }
  });

  test('instance readiness reaches Prometheus', async () => {
    await waitFor(
      async () => {
        const instance = JSON.parse(
          await kubectl(['get', 'gdprjitsimeet', 'meet', '-o', 'json']),
        ) as Instance;
        const ready = instance.status?.conditions?.find((c) => c.type === 'Ready');
        return instance.status?.observedGeneration === instance.metadata.generation &&
          ready?.status === 'True'
          ? true
          : undefined;
      },
      { timeoutMs: 180_000, description: 'GdprJitsiMeet meet Ready' },
    );
    const samples = await query(
      `gdprmeet_instance_ready{namespace="${ns}",name="meet"} == 1`,
      20_000,
    );
    assert.equal(samples.length, 1);
  });

  test('live scrape ConfigMap passes promtool', async () => {
    const promtool = await requireProgram('promtool');
    const configMap = await waitFor(
      async () =>
        JSON.parse(await kubectl(['get', 'configmap', 'meet-scrape-config', '-o', 'json'])) as
          DesiredObject | undefined,
      { timeoutMs: 60_000, description: 'ConfigMap meet-scrape-config' },
    );
    const data = configMap['data'] as Record<string, string> | undefined;
    assert.ok(data?.[SCRAPE_CONFIG_KEY], `the ConfigMap has the key ${SCRAPE_CONFIG_KEY}`);
    const jobs = scrapeConfigsOf(configMap) as ScrapeJob[];
    assert.deepEqual(
      jobs.map((j) => j.job_name).sort(),
      [`gdpr-jitsi/${ns}/meet/jicofo`, `gdpr-jitsi/${ns}/meet/jvb`],
      'one job per scraped component',
    );
    for (const job of jobs) {
      const discovery = job.kubernetes_sd_configs ?? [];
      assert.equal(discovery.length, 1, job.job_name);
      const [pods] = discovery;
      assert.ok(pods);
      assert.equal(pods.role, 'pod', job.job_name);
      assert.deepEqual(pods.namespaces?.names, [ns], `${job.job_name} discovers in ${ns}`);
    }
    const global = { scrape_interval: '30s', evaluation_interval: '30s' };

    // Debian builds Prometheus without Kubernetes discovery, so its promtool rejects the
    // discovery block. It checks the rest of each job with an empty file discovery instead.
    const withoutDiscovery = jobs.map(({ kubernetes_sd_configs: discovery, ...rest }) => {
      assert.ok(Array.isArray(discovery));
      return { ...rest, file_sd_configs: [] };
    });
    const promtoolFile = join(dir, 'live-scrape-promtool.yml');
    await writeFile(
      promtoolFile,
      dump({ global, scrape_configs: withoutDiscovery }, { lineWidth: -1 }),
    );
    const checked = await run(promtool, ['check', 'config', promtoolFile]);
    assert.match(checked.stdout, /SUCCESS/);

    // Upstream Prometheus 2.42's loader checks the whole file, discovery included.
    const promconfig = join(dir, 'promconfig');
    await run('go', ['build', '-o', promconfig, '.'], { cwd: PROMCONFIG_DIR, timeout: 540_000 });
    const fullFile = join(dir, 'live-scrape-full.yml');
    await writeFile(fullFile, dump({ global, scrape_configs: jobs }, { lineWidth: -1 }));
    const loaded = await run(promconfig, [fullFile]);
    assert.match(loaded.stdout, /SUCCESS/);
  });
});
