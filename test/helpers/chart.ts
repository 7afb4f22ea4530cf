/**
 * Renders the Helm chart for tests and reads RBAC rules as (API group, resource, verb) grants,
 * so rules can be compared with config/rbac.yaml and with the requests in the audit log.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { CHART_DIR, ROOT, findHelm } from '../../scripts/install-manifests.ts';

const run = promisify(execFile);

export const CHART_PATH = join(ROOT, CHART_DIR);

/** A rendered object; tests read its fields by path. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface RenderOptions {
  release?: string;
  namespace?: string;
  values?: Record<string, unknown>;
  extraArgs?: string[];
}

let helmPromise: Promise<string> | undefined;

/** The helm binary, built with the local control plane's binaries on first use. */
export function helm(): Promise<string> {
  helmPromise ??= findHelm();
  return helmPromise;
}

/** Runs `helm template` with `values` written to a file; resolves to the raw output. */
export async function templateChart(options: RenderOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gdpr-jitsi-chart-'));
  try {
    const valuesFile = join(dir, 'values.json');
    // JSON is YAML, so helm reads the file as a values file.
    await writeFile(valuesFile, JSON.stringify(options.values ?? {}));
    const { stdout } = await run(
      await helm(),
      [
        'template',
        options.release ?? 'gdpr-jitsi-operator',
        CHART_PATH,
        '--namespace',
        options.namespace ?? 'gdpr-jitsi-system',
        '--values',
        valuesFile,
        ...(options.extraArgs ?? []),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renders the chart and parses every object. */
export async function renderChart(options: RenderOptions = {}): Promise<Manifest[]> {
  return parseManifests(await templateChart(options));
}

export function parseManifests(text: string): Manifest[] {
  return loadAll(text).filter(
    (doc): doc is Manifest => typeof doc === 'object' && doc !== null && 'kind' in doc,
  );
}

/** The objects of one kind. */
export function ofKind(objects: Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}

/** The single object of a kind; fails when there are none or several. */
export function single(objects: Manifest[], kind: string): Manifest {
  const found = ofKind(objects, kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, found ${found.length}`);
  }
  return found[0] as Manifest;
}

export const rulesOf = (role: Manifest): PolicyRule[] =>
  (role['rules'] as PolicyRule[] | undefined) ?? [];

/**
 * One permission: `apiGroup resource verb`, with the subresource after a slash and the object
 * name after a hash when the rule lists resourceNames, e.g. `coordination.k8s.io leases update
 * #gdpr-jitsi-operator-leader`.
 */
export type Grant = string;

export function grantOf(apiGroup: string, resource: string, verb: string, name?: string): Grant {
  return `${apiGroup === '' ? 'core' : apiGroup} ${resource} ${verb}${name ? ` #${name}` : ''}`;
}

/** Expands rules into single grants, sorted; fails on wildcards and non-resource URLs. */
export function grantsOf(rules: PolicyRule[]): Grant[] {
  const grants = new Set<Grant>();
  for (const rule of rules) {
    if (rule.nonResourceURLs) throw new Error('unexpected nonResourceURLs rule');
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        for (const verb of rule.verbs) {
          if ([group, resource, verb].includes('*')) {
            throw new Error(`wildcard in rule ${JSON.stringify(rule)}`);
          }
          const names = rule.resourceNames ?? [];
          if (names.length === 0) grants.add(grantOf(group, resource, verb));
          for (const name of names) grants.add(grantOf(group, resource, verb, name));
        }
      }
    }
  }
  return [...grants].sort();
}
