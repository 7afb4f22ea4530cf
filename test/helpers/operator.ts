import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';

export const OPERATOR_NAMESPACE = 'gdpr-jitsi-system';
export const OPERATOR_SERVICE_ACCOUNT = 'gdpr-jitsi-operator';
export const OPERATOR_USER = `system:serviceaccount:${OPERATOR_NAMESPACE}:${OPERATOR_SERVICE_ACCOUNT}`;

const ROOT = new URL('../../', import.meta.url).pathname;

interface ClusterAccess {
  kubeconfigPath: string;
  kubectl: (args: string[], input?: string) => Promise<string>;
}

interface KubeconfigFile {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
}

/**
 * Applies the CRD and the operator's RBAC, mints a token for its ServiceAccount and writes a
 * kubeconfig that authenticates as that account, so tests exercise the operator's real
 * permissions instead of the admin's.
 */
export async function operatorKubeconfig(cluster: ClusterAccess): Promise<string> {
  await cluster.kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(ROOT, 'crds')]);
  await cluster.kubectl(['wait', '--for=condition=Established', 'crd/gdprjitsimeets.gdprmeet.io']);
  await cluster.kubectl(['apply', '--server-side', '-f', join(ROOT, 'config/rbac.yaml')]);
  return tokenKubeconfig(
    cluster,
    OPERATOR_NAMESPACE,
    OPERATOR_SERVICE_ACCOUNT,
    join(ROOT, '.cluster', 'operator.kubeconfig'),
  );
}

/**
 * Mints a token for a ServiceAccount and writes a kubeconfig at `path` that authenticates with
 * it against the local cluster, so a process runs with that account's RBAC instead of the admin's.
 */
export async function tokenKubeconfig(
  cluster: ClusterAccess,
  namespace: string,
  serviceAccount: string,
  path: string,
): Promise<string> {
  const token = (
    await cluster.kubectl(['-n', namespace, 'create', 'token', serviceAccount, '--duration=2h'])
  ).trim();
  const admin = load(readFileSync(cluster.kubeconfigPath, 'utf8')) as KubeconfigFile;
  const server = admin.clusters[0]?.cluster;
  if (!server) throw new Error(`no cluster in ${cluster.kubeconfigPath}`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: server }],
    users: [{ name: serviceAccount, user: { token } }],
    contexts: [{ name: serviceAccount, context: { cluster: 'local', user: serviceAccount } }],
    'current-context': serviceAccount,
  };
  writeFileSync(path, dump(config), { mode: 0o600 });
  return path;
}

export interface OperatorProcess {
  child: ChildProcess;
  port: number;
  /** Every log line the operator printed so far, parsed from its JSON output. */
  logs: Record<string, unknown>[];
  /** Exit code, or the signal's name; resolves once the process has exited. */
  exited: Promise<number | string | null>;
  /** SIGTERM, then wait for exit; SIGKILL after 20 s. */
  stop: () => Promise<number | string | null>;
  /** SIGKILL, then wait for exit. */
  kill: () => Promise<void>;
  /** Resolves when a log line matches. */
  waitForLog: (
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ) => Promise<Record<string, unknown>>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Operators started by this test process; killed when it exits, so none outlives a run. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `gdpr-jitsi run` as a child process on a free loopback port. */
export async function startOperatorProcess(options: {
  kubeconfigPath: string;
  args?: string[];
  env?: Record<string, string>;
}): Promise<OperatorProcess> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, 'node_modules/.bin/node'),
    [
      join(ROOT, 'src/cli/main.ts'),
      'run',
      '--kubeconfig',
      options.kubeconfigPath,
      '--listen',
      `127.0.0.1:${port}`,
      '--log-level',
      'debug',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    predicate: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(signal ?? code);
    }),
  );
  running.add(child);
  const waitForLog = (
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs = 30_000,
  ) => {
    const found = logs.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `no matching operator log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`,
          ),
        );
      }, timeoutMs);
      waiters.push({
        predicate,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  };
  return {
    child,
    port,
    logs,
    waitForLog,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface AuditEntry {
  verb: string;
  user: { username: string };
  objectRef?: {
    resource?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
  };
  stage: string;
  requestReceivedTimestamp: string;
  responseStatus?: { code?: number };
}

/** Audit log entries at stage ResponseComplete, optionally only those of one user after a time. */
export function readAudit(
  auditLogPath: string,
  filter: { user?: string; since?: Date } = {},
): AuditEntry[] {
  const text = readFileSync(auditLogPath, 'utf8');
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as AuditEntry;
    if (entry.stage !== 'ResponseComplete') continue;
    if (filter.user && entry.user.username !== filter.user) continue;
    if (filter.since && new Date(entry.requestReceivedTimestamp) < filter.since) continue;
    entries.push(entry);
  }
  return entries;
}

export const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete']);
