/**
 * Starts a real Prometheus on 127.0.0.1 that scrapes the operator's metrics endpoint (the real
 * `startHttpServer` serving `createMetrics()`), and checks through Prometheus's HTTP API that the
 * target is up and the controller-runtime metric names arrived. Everything listens on loopback,
 * runs at most 60 seconds, and is stopped and removed afterwards.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { dump } from 'js-yaml';
import { pino } from 'pino';
import { createMetrics } from '../../../src/runtime/metrics.ts';
import { startHttpServer } from '../../../src/runtime/http-server.ts';
import { requireProgram } from './tools.ts';

const LOOPBACK = '127.0.0.1';
const DEADLINE_MS = 60_000;

/** Metric names the operator dashboard reads. */
const EXPECTED_NAMES = [
  'controller_runtime_reconcile_total',
  'controller_runtime_reconcile_time_seconds_bucket',
  'workqueue_depth',
  'workqueue_retries_total',
  'rest_client_requests_total',
  'leader_election_master_status',
  'gdprmeet_instance_ready',
];

let dir: string;
let metricsServer: Server;
let prometheus: ChildProcess | undefined;
let prometheusPort: number;
let prometheusLog = '';

/** Returns a free loopback port, found by binding port 0 and closing again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`http://${LOOPBACK}:${prometheusPort}${path}`);
  assert.equal(response.status, 200, `GET ${path} returned ${response.status}`);
  return ((await response.json()) as { data: T }).data;
}

/** Polls `check` every 500 ms until it returns a value or the deadline passes. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(500);
  }
  throw new Error(
    `timed out after ${DEADLINE_MS} ms waiting for ${what}; Prometheus log:\n${prometheusLog}`,
  );
}

before(
  async () => {
    const binary = await requireProgram('prometheus');
    dir = await mkdtemp(join(tmpdir(), 'gdpr-jitsi-prometheus-'));

    const metrics = createMetrics();
    metrics.reconcileTotal.inc({ controller: 'gdprjitsimeet', result: 'success' });
    metrics.reconcileTime.observe({ controller: 'gdprjitsimeet' }, 0.2);
    metrics.queueDepth.set({ name: 'gdprjitsimeet' }, 0);
    metrics.queueRetries.inc({ name: 'gdprjitsimeet' });
    metrics.requests.inc({ method: 'GET', code: '200' });
    metrics.leader.set({ name: 'gdpr-jitsi-operator' }, 1);
    metrics.instanceReady.set({ namespace: 'jitsi', name: 'meet' }, 1);
    const checks = { healthy: () => true, ready: () => true };
    metricsServer = await startHttpServer(
      LOOPBACK,
      0,
      checks,
      metrics.registry,
      pino({ level: 'silent' }),
    );
    const metricsPort = (metricsServer.address() as AddressInfo).port;

    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        {
          job_name: 'gdpr-jitsi-operator',
          static_configs: [{ targets: [`${LOOPBACK}:${metricsPort}`] }],
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
  },
  { timeout: DEADLINE_MS },
);

after(async () => {
  const child = prometheus;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  if (child !== undefined && running()) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (running()) child.kill('SIGKILL');
  }
  await new Promise<void>((resolve) => {
    metricsServer.close(() => {
      resolve();
    });
  });
  await rm(dir, { recursive: true, force: true });
});

describe('Prometheus scraping the operator', () => {
  it('reports the target up', { timeout: DEADLINE_MS + 5_000 }, async () => {
    interface Target {
      health: string;
      labels: Record<string, string>;
    }
    const target = await waitFor('the target to be up', async () => {
      const data = await api<{ activeTargets: Target[] }>('/api/v1/targets');
      return data.activeTargets.find((t) => t.health === 'up');
    });
    assert.equal(target.labels['job'], 'gdpr-jitsi-operator');
  });

  it('stores the controller-runtime metric names', { timeout: DEADLINE_MS + 5_000 }, async () => {
    const names = await waitFor('the metric names', async () => {
      const values = await api<string[]>('/api/v1/label/__name__/values');
      return EXPECTED_NAMES.every((n) => values.includes(n)) ? values : undefined;
    });
    for (const name of EXPECTED_NAMES) assert.ok(names.includes(name), `${name} is missing`);
  });

  it('answers a query over the scraped data', { timeout: DEADLINE_MS + 5_000 }, async () => {
    interface Sample {
      metric: Record<string, string>;
      value: [number, string];
    }
    const query = encodeURIComponent('controller_runtime_reconcile_total{result="success"}');
    const result = await waitFor('a query result', async () => {
      const data = await api<{ result: Sample[] }>(`/api/v1/query?query=${query}`);
      return data.result.length > 0 ? data.result : undefined;
    });
    const [first] = result;
    assert.ok(first);
    assert.equal(first.value[1], '1');
    assert.equal(first.metric['controller'], 'gdprjitsimeet');
  });
});
