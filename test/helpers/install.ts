/**
 * Helpers for the tests that install the chart on the local control plane: helm with the admin
 * kubeconfig, a token kubeconfig for the chart's ServiceAccount, the operator started with the
 * arguments of the installed Deployment, and the audit log read as RBAC grants.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Cluster } from './cluster.ts';
import { grantOf, type Grant } from './chart.ts';
import { tokenKubeconfig, type AuditEntry } from './operator.ts';

const run = promisify(execFile);

/** Runs helm against the local cluster as the admin; resolves to stdout. */
export async function helmCommand(cluster: Cluster, args: readonly string[]): Promise<string> {
  const { stdout } = await run(
    join(cluster.binDir, 'helm'),
    [...args, '--kubeconfig', cluster.kubeconfigPath],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/**
 * Writes a kubeconfig that authenticates with a fresh token of `serviceAccount` (valid for two
 * hours) into `dir`, and returns its path.
 */
export async function serviceAccountKubeconfig(
  cluster: Cluster,
  namespace: string,
  serviceAccount: string,
  dir: string,
): Promise<string> {
  return tokenKubeconfig(
    cluster,
    namespace,
    serviceAccount,
    join(dir, `${namespace}-${serviceAccount}.kubeconfig`),
  );
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

interface DeploymentJson {
  metadata: { namespace: string };
  spec: { template: { spec: { containers: { args?: string[]; env?: EnvVar[] }[] } } };
}

/**
 * The arguments and environment the installed Deployment gives the operator, for a local
 * process: `run` and `--listen` are dropped (the test helper sets both), and the downward API
 * reference to the pod's namespace becomes the Deployment's namespace.
 */
export function operatorInvocation(deployment: DeploymentJson): {
  args: string[];
  env: Record<string, string>;
} {
  const container = deployment.spec.template.spec.containers[0];
  if (!container) throw new Error('the Deployment has no container');
  const args = (container.args ?? []).filter((arg) => arg !== 'run' && !arg.startsWith('--listen'));
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') {
      env[variable.name] = deployment.metadata.namespace;
    } else {
      throw new Error(`environment variable ${variable.name} has a source the test cannot resolve`);
    }
  }
  return { args, env };
}

/** One request of the audit log as the grant it needed, with the object name when it had one. */
export interface UsedGrant {
  grant: Grant;
  name?: string;
  namespace?: string;
  code?: number;
}

/**
 * Maps audit entries to the grants they used. A server-side apply that created its object
 * (a patch that returned 201) needed create as well as patch: the API server checks create
 * inside the patch handler, so the audit log shows only the patch.
 */
export function usedGrants(entries: AuditEntry[]): UsedGrant[] {
  const used: UsedGrant[] = [];
  for (const entry of entries) {
    const ref = entry.objectRef;
    if (!ref?.resource) continue;
    const resource = ref.subresource ? `${ref.resource}/${ref.subresource}` : ref.resource;
    const base = {
      ...(ref.name ? { name: ref.name } : {}),
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      ...(entry.responseStatus?.code ? { code: entry.responseStatus.code } : {}),
    };
    used.push({ grant: grantOf(ref.apiGroup ?? '', resource, entry.verb), ...base });
    if (entry.verb === 'patch' && entry.responseStatus?.code === 201) {
      used.push({ grant: grantOf(ref.apiGroup ?? '', resource, 'create'), ...base });
    }
  }
  return used;
}

/** Whether a granted rule (possibly limited to one object name) covers a request. */
export function covers(granted: Grant, request: UsedGrant): boolean {
  const [rule, name] = granted.split(' #');
  if (rule !== request.grant) return false;
  return name === undefined || name === request.name;
}
