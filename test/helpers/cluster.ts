/**
 * Access to the local control plane for node:test files. Starts it (or reuses the running one)
 * through test/cluster/up.sh and gives typed and kubectl access as the cluster admin. Creates
 * per-file namespaces under restricted pod security, and mints client certificates for other
 * identities from the cluster CA.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';

const ROOT = new URL('../../', import.meta.url).pathname;
const STATE_DIR = join(ROOT, '.cluster');
const SCRIPTS_DIR = join(ROOT, 'test', 'cluster');

/** Runs kubectl with the given arguments and optional stdin; resolves to its stdout. */
export type Kubectl = (args: readonly string[], input?: string) => Promise<string>;

export interface Cluster {
  /** Admin kubeconfig (CN=admin, O=system:masters) with every certificate embedded. */
  kubeconfigPath: string;
  kubeconfig: KubeConfig;
  /** Folder with etcd, kube-apiserver, kubectl, kwok, helm and the other cluster binaries. */
  binDir: string;
  /** The API server's audit log: one JSON event per line, level Metadata. */
  auditLogPath: string;
  /** The cluster's state folder (.cluster/), holding pki/, logs/ and the kubeconfig. */
  stateDir: string;
  /** kubectl as the cluster admin; rejects with a CommandError on a non-zero exit. */
  kubectl: Kubectl;
}

export interface TestNamespace {
  name: string;
  /** Deletes the namespace and waits until it is gone. */
  cleanup: () => Promise<void>;
}

export interface WaitOptions {
  /** How long to keep polling, in milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Pause between polls, in milliseconds. Default 250. */
  intervalMs?: number;
  /** What is awaited, for the timeout message. */
  description?: string;
}

/** A child process that exited non-zero; carries its output for assertions and messages. */
export class CommandError extends Error {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(command: string, exitCode: number | null, stdout: string, stderr: string) {
    super(
      `${command} failed with exit code ${String(exitCode)}: ${stderr.trim() || stdout.trim()}`,
    );
    this.name = 'CommandError';
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

/** Runs a program without a shell; resolves to stdout, rejects with CommandError. */
export function runCommand(file: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new CommandError(`${file} ${args.join(' ')}`, code, stdout, stderr));
    });
    child.stdin.end(input ?? '');
  });
}

/** Returns a kubectl function bound to one kubeconfig, for identities other than the admin. */
export function createKubectl(binDir: string, kubeconfigPath: string): Kubectl {
  return (args, input) =>
    runCommand(join(binDir, 'kubectl'), [`--kubeconfig=${kubeconfigPath}`, ...args], input);
}

let clusterPromise: Promise<Cluster> | undefined;

/**
 * Starts the local control plane, or reuses the running one, and returns admin access to it.
 * Builds the binaries first when the cache has none for the current pins, which takes minutes
 * on a cold Go build cache. The result is shared by every caller in the process.
 */
export function ensureCluster(): Promise<Cluster> {
  clusterPromise ??= startCluster().catch((error: unknown) => {
    clusterPromise = undefined;
    throw error;
  });
  return clusterPromise;
}

async function startCluster(): Promise<Cluster> {
  const binDir = (await runCommand(join(SCRIPTS_DIR, 'build.sh'), [])).trim();
  await runCommand(join(SCRIPTS_DIR, 'up.sh'), []);
  const kubeconfigPath = join(STATE_DIR, 'kubeconfig');
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(kubeconfigPath);
  return {
    kubeconfigPath,
    kubeconfig,
    binDir,
    auditLogPath: join(STATE_DIR, 'logs', 'audit.log'),
    stateDir: STATE_DIR,
    kubectl: createKubectl(binDir, kubeconfigPath),
  };
}

/**
 * Polls `check` until it returns a value other than undefined, null or false, and resolves to
 * that value. Errors thrown by `check` count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.description ?? 'a condition'}${detail}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Turns a test or file name into a DNS-1123 label prefix of at most 50 characters. */
function namespacePrefix(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return label === '' ? 'test' : label;
}

/**
 * Creates a namespace named after the test (plus a random suffix, so reruns never meet a
 * namespace still terminating) that enforces, warns about and audits the `restricted` Pod
 * Security Standard. Given a TestContext, it also deletes the namespace after that test;
 * given a name, the caller runs `cleanup` itself.
 */
export async function withTestNamespace(context: string | TestContext): Promise<TestNamespace> {
  const cluster = await ensureCluster();
  const base = typeof context === 'string' ? context : context.name;
  const name = `${namespacePrefix(base)}-${randomBytes(3).toString('hex')}`;
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'gdprmeet.io/e2e': 'true',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
  await cluster.kubectl(['create', '-f', '-'], JSON.stringify(namespace));
  // --wait blocks until the namespace controller has removed every object and the namespace.
  const cleanup = async () => {
    await cluster.kubectl([
      'delete',
      'namespace',
      name,
      '--ignore-not-found',
      '--wait=true',
      '--timeout=120s',
    ]);
  };
  if (typeof context !== 'string') context.after(cleanup);
  return { name, cleanup };
}

export interface ClientIdentity {
  /** The certificate's common name, which the API server takes as the user name. */
  user: string;
  /** Organisations, which the API server takes as group names. */
  groups?: readonly string[];
}

/**
 * Mints a client certificate for `identity` from the cluster CA with openssl and writes a
 * kubeconfig for it under .cluster/identities/. Returns the kubeconfig's path.
 */
export async function clientCertificateKubeconfig(
  cluster: Cluster,
  identity: ClientIdentity,
): Promise<string> {
  const pki = join(cluster.stateDir, 'pki');
  const work = mkdtempSync(join(cluster.stateDir, 'identity-'));
  try {
    const subject = [
      ...(identity.groups ?? []).map((group) => `/O=${group}`),
      `/CN=${identity.user}`,
    ].join('');
    const key = join(work, 'client.key');
    const csr = join(work, 'client.csr');
    const crt = join(work, 'client.crt');
    const extensions = join(work, 'client.ext');
    writeFileSync(
      extensions,
      'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
    );
    await runCommand('openssl', [
      'ecparam',
      '-name',
      'prime256v1',
      '-genkey',
      '-noout',
      '-out',
      key,
    ]);
    await runCommand('openssl', ['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
    await runCommand('openssl', [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(pki, 'ca.crt'),
      '-CAkey',
      join(pki, 'ca.key'),
      '-CAcreateserial',
      '-CAserial',
      join(work, 'ca.srl'),
      '-days',
      '1',
      '-sha256',
      '-extfile',
      extensions,
      '-out',
      crt,
    ]);
    const admin = cluster.kubeconfig.getCurrentCluster();
    if (!admin) throw new Error(`no current cluster in ${cluster.kubeconfigPath}`);
    const base64 = (path: string) => readFileSync(path).toString('base64');
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'local',
          cluster: {
            server: admin.server,
            'certificate-authority-data': base64(join(pki, 'ca.crt')),
          },
        },
      ],
      users: [
        {
          name: identity.user,
          user: { 'client-certificate-data': base64(crt), 'client-key-data': base64(key) },
        },
      ],
      contexts: [{ name: identity.user, context: { cluster: 'local', user: identity.user } }],
      'current-context': identity.user,
    };
    const dir = join(cluster.stateDir, 'identities');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${identity.user.replace(/[^A-Za-z0-9.-]+/g, '_')}.kubeconfig`);
    // A kubeconfig is YAML, and JSON is valid YAML.
    writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
    return path;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
