/**
 * Installs the chart on the local control plane, runs the operator as a local process under the
 * chart's ServiceAccount and RBAC, and checks in the audit log that the rules are exactly what
 * the operator needs: no request is forbidden, and every granted rule is used or listed below
 * with the reason it was not. Each mode gets fresh namespaces and a namespace-scoped operator,
 * because the demo operator or other tests may reconcile other namespaces at the same time.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import {
  ensureCluster,
  waitFor,
  withTestNamespace,
  type Cluster,
  type TestNamespace,
} from '../helpers/cluster.ts';
import { evaluateHealth } from '../helpers/argocd.ts';
import { CHART_PATH, grantsOf, parseManifests, rulesOf, type Grant } from '../helpers/chart.ts';
import {
  covers,
  helmCommand,
  operatorInvocation,
  serviceAccountKubeconfig,
  usedGrants,
} from '../helpers/install.ts';
import { readAudit, startOperatorProcess, type AuditEntry } from '../helpers/operator.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLI = join(ROOT, 'src/cli/main.ts');
const JOB_CONTROLLER = 'system:serviceaccount:kube-system:job-controller';
const RELEASE = 'gjo';
const SERVICE_ACCOUNT = `${RELEASE}-gdpr-jitsi-operator`;

/**
 * Granted rules a short run may not use, with the reason. Some depend on timing (a lagging
 * cache, a repeated Event), so a listed rule that is used is only reported as a diagnostic.
 * Every run uses the rules of data deletion, so they are not listed. For the instance with
 * policy Delete the operator patches the finalizer, deletes the StatefulSets first (their pods
 * keep the claims in use), and then lists and deletes the claims. The uninstall hook's command
 * lists and patches instances.
 */
const UNUSED_WITH_REASON: Record<Grant, string> = {
  'gdprmeet.io gdprjitsimeets/finalizers update':
    'checked by the OwnerReferencesPermissionEnforcement admission plugin, never sent as a ' +
    'request; the local API server does not enable that plugin',
  'core secrets get': 'only when creating the credentials Secret finds it exists (cache lag)',
  'core secrets patch': 'only when a newer operator version adds a credentials key',
  'apps deployments delete': 'only when an immutable field changes',
  'events.k8s.io events patch': 'only when the same Event repeats',
  'gateway.networking.k8s.io httproutes list': 'the local cluster serves no Gateway API',
  'gateway.networking.k8s.io httproutes watch': 'the local cluster serves no Gateway API',
  'gateway.networking.k8s.io httproutes create': 'the local cluster serves no Gateway API',
  'gateway.networking.k8s.io httproutes patch': 'the local cluster serves no Gateway API',
  'monitoring.coreos.com podmonitors list': 'the local cluster serves no prometheus-operator',
  'monitoring.coreos.com podmonitors watch': 'the local cluster serves no prometheus-operator',
  'monitoring.coreos.com podmonitors create': 'the local cluster serves no prometheus-operator',
  'monitoring.coreos.com podmonitors patch': 'the local cluster serves no prometheus-operator',
};

/** Finalizer the operator puts on instances with dataDeletionPolicy Delete. */
const DATA_DELETION_FINALIZER = 'gdprmeet.io/data-deletion';

interface HookJob {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    template: {
      spec: { serviceAccountName: string; containers: { command?: string[]; args?: string[] }[] };
    };
  };
}

interface Instance {
  metadata: { generation: number; finalizers?: string[] };
  status?: {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason: string }[];
  };
}

interface Mode {
  name: string;
  /** Values for `helm install`. */
  values: (watched: string[]) => Record<string, unknown>;
  /** Values for `helm upgrade`, and a check of the upgraded release. */
  upgrade: (watched: string[]) => Record<string, unknown>;
  checkUpgrade: (cluster: Cluster, release: TestNamespace, watched: string[]) => Promise<void>;
  /** Extra operator arguments; the cluster-wide mode narrows the local process to the test. */
  extraArgs: (watched: string[]) => string[];
  /** Arguments of the uninstall hook's container as the chart renders them. */
  hookArgs: (watched: string[]) => string[];
}

const MODES: Mode[] = [
  {
    name: 'cluster-wide',
    values: () => ({ replicaCount: 2 }),
    upgrade: () => ({ replicaCount: 1, operator: { logLevel: 'debug' } }),
    checkUpgrade: async (cluster, release) => {
      const deployment = JSON.parse(
        await cluster.kubectl([
          '-n',
          release.name,
          'get',
          'deployment',
          SERVICE_ACCOUNT,
          '-o',
          'json',
        ]),
      ) as { spec: { replicas: number; template: { spec: { containers: { args: string[] }[] } } } };
      const args = deployment.spec.template.spec.containers[0]?.args ?? [];
      assert.equal(deployment.spec.replicas, 1);
      assert.ok(args.includes('--log-level=debug'), args.join(' '));
      assert.ok(!args.includes('--leader-elect'), args.join(' '));
      const pdbs = await cluster.kubectl(['-n', release.name, 'get', 'pdb', '-o', 'name']);
      assert.equal(pdbs.trim(), '', 'the PodDisruptionBudget is gone with one replica');
    },
    // The Deployment would watch every namespace; the local process watches only the test's,
    // so it never competes with another operator for other namespaces.
    extraArgs: (watched) => ['--namespaces', watched.join(',')],
    hookArgs: () => ['release-finalizers'],
  },
  {
    name: 'namespaced',
    values: (watched) => ({ watchNamespaces: watched }),
    upgrade: (watched) => ({ watchNamespaces: watched.slice(0, 1) }),
    checkUpgrade: async (cluster, release, watched) => {
      const roleName = `${release.name}:${SERVICE_ACCOUNT}`;
      const [kept, dropped] = watched;
      assert.ok(kept, 'a kept namespace');
      assert.ok(dropped, 'a dropped namespace');
      const keptRoles = await cluster.kubectl(['-n', kept, 'get', 'role', '-o', 'name']);
      assert.ok(keptRoles.includes(roleName), keptRoles);
      const droppedRoles = await cluster.kubectl(['-n', dropped, 'get', 'role', '-o', 'name']);
      assert.ok(!droppedRoles.includes(roleName), droppedRoles);
    },
    extraArgs: () => [],
    hookArgs: (watched) => ['release-finalizers', `--namespaces=${watched.join(',')}`],
  },
];

describe('helm chart on the local cluster', { timeout: 20 * 60_000 }, () => {
  let cluster: Cluster;
  let workDir: string;

  before(async () => {
    cluster = await ensureCluster();
    workDir = mkdtempSync(join(tmpdir(), 'gdpr-jitsi-helm-'));
    // The documented upgrade step: the CRD from this checkout, whatever an earlier run installed.
    await cluster.kubectl([
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      join(ROOT, 'crds'),
    ]);
  });

  after(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  test('install.yaml passes a server-side dry run', async (t) => {
    const namespace = await withTestNamespace(t);
    const text = readFileSync(join(ROOT, 'deploy', 'install.yaml'), 'utf8').replaceAll(
      'gdpr-jitsi-system',
      namespace.name,
    );
    const file = join(workDir, 'install.yaml');
    writeFileSync(file, text);
    const { stdout, stderr } = await run(
      join(cluster.binDir, 'kubectl'),
      [
        '--kubeconfig',
        cluster.kubeconfigPath,
        'apply',
        '--server-side',
        '--dry-run=server',
        '-f',
        file,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    assert.equal(stderr, '', 'no warnings, PodSecurity ones included');
    const applied = stdout.trim().split('\n');
    assert.equal(applied.length, parseManifests(text).length, stdout);
    for (const line of applied) assert.match(line, /serverside-applied \(server dry run\)$/);
  });

  for (const mode of MODES) {
    test(`${mode.name}: install, reconcile, audit, upgrade, uninstall`, async (t) => {
      await installAndExercise(t, mode);
    });
  }

  async function installAndExercise(t: TestContext, mode: Mode): Promise<void> {
    const release = await withTestNamespace(
      t.name.includes('cluster') ? 'helm-cluster' : 'helm-ns',
    );
    t.after(release.cleanup);
    const instances = await withTestNamespace(t);
    const second = await withTestNamespace(`${t.name.slice(0, 20)}-second`);
    t.after(second.cleanup);
    const watched = [instances.name, second.name];

    const valuesFile = join(workDir, `${release.name}-values.json`);
    writeFileSync(valuesFile, JSON.stringify(mode.values(watched)));
    await helmCommand(cluster, [
      'install',
      RELEASE,
      CHART_PATH,
      '--namespace',
      release.name,
      '--values',
      valuesFile,
      '--wait',
      '--timeout',
      '3m',
      // Other tests apply the shared CRD with kubectl; Helm 4 would conflict with that owner.
      '--force-conflicts',
    ]);
    const manifest = parseManifests(
      await helmCommand(cluster, ['get', 'manifest', RELEASE, '--namespace', release.name]),
    );
    const granted = grantsOf(
      manifest.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap(rulesOf),
    );

    const kubeconfigPath = await serviceAccountKubeconfig(
      cluster,
      release.name,
      SERVICE_ACCOUNT,
      workDir,
    );
    const deployment = JSON.parse(
      await cluster.kubectl([
        '-n',
        release.name,
        'get',
        'deployment',
        SERVICE_ACCOUNT,
        '-o',
        'json',
      ]),
    ) as Parameters<typeof operatorInvocation>[0];
    const invocation = operatorInvocation(deployment);
    const since = new Date(Date.now() - 1000);
    const operator = await startOperatorProcess({
      kubeconfigPath,
      args: [...invocation.args, ...mode.extraArgs(watched)],
      env: invocation.env,
    });
    try {
      await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers', 60_000);
      await reconcileAndDelete(cluster, instances.name);
      for (const namespace of watched) await createDeleteInstance(cluster, namespace, 'orphan');
    } finally {
      await operator.stop();
    }
    await releaseWithHookCommand(cluster, release.name, watched, mode, workDir);
    // The audit backend writes each event before the response returns; this margin covers
    // the Lease release sent while the process stops.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const user = `system:serviceaccount:${release.name}:${SERVICE_ACCOUNT}`;
    const requests = usedGrants(readAudit(cluster.auditLogPath, { user, since }));
    assert.ok(requests.length > 0, `no audit entries for ${user}`);
    const forbidden = requests.filter((r) => r.code === 403);
    assert.deepEqual(forbidden, [], 'requests the chart RBAC forbade');
    const uncovered = requests.filter((r) => !granted.some((g) => covers(g, r)));
    assert.deepEqual(uncovered, [], 'requests no rule of the chart grants');
    const allowedNamespaces = new Set([release.name, ...watched]);
    const elsewhere = requests.filter((r) => r.namespace && !allowedNamespaces.has(r.namespace));
    assert.deepEqual(elsewhere, [], 'requests outside the release and watched namespaces');

    const unused = granted.filter(
      (g) => !requests.some((r) => covers(g, r)) && !(g in UNUSED_WITH_REASON),
    );
    assert.deepEqual(unused, [], 'granted rules the operator never used');
    for (const grant of Object.keys(UNUSED_WITH_REASON)) {
      if (requests.some((r) => r.grant === grant)) {
        t.diagnostic(`${grant} was used in this run`);
      }
    }

    writeFileSync(valuesFile, JSON.stringify(mode.upgrade(watched)));
    await helmCommand(cluster, [
      'upgrade',
      RELEASE,
      CHART_PATH,
      '--namespace',
      release.name,
      '--values',
      valuesFile,
      '--wait',
      '--timeout',
      '3m',
    ]);
    await mode.checkUpgrade(cluster, release, watched);

    // kwok marks the hook Job's pod Succeeded without running it, so Helm's hook cycle runs
    // through: create the Job, wait for it, delete it, then delete the release's objects.
    const uninstallStart = new Date(Date.now() - 1000);
    await helmCommand(cluster, [
      'uninstall',
      RELEASE,
      '--namespace',
      release.name,
      '--wait',
      '--timeout',
      '3m',
    ]);
    checkHookOrder(readAudit(cluster.auditLogPath, { since: uninstallStart }), release.name);
    const clusterRoles = await cluster.kubectl(['get', 'clusterrole', '-o', 'name']);
    assert.ok(!clusterRoles.includes(`${release.name}:`), 'a ClusterRole of the release remains');
    for (const namespace of [release.name, ...watched]) {
      const left = await cluster.kubectl([
        '-n',
        namespace,
        'get',
        'deployment,serviceaccount,role,rolebinding,service,networkpolicy,job',
        '-l',
        `app.kubernetes.io/instance=${RELEASE}`,
        '-o',
        'name',
      ]);
      assert.equal(left.trim(), '', `objects of the release remain in ${namespace}`);
    }
    await cluster.kubectl(['get', 'crd', 'gdprjitsimeets.gdprmeet.io']);
  }
});

/**
 * Applies examples/basic.yaml, waits until it is Ready for its generation, switches it to
 * dataDeletionPolicy Delete and deletes it, so the deletion path's permissions are used too.
 */
async function reconcileAndDelete(cluster: Cluster, namespace: string): Promise<void> {
  await cluster.kubectl([
    '-n',
    namespace,
    'apply',
    '--server-side',
    '-f',
    join(ROOT, 'examples', 'basic.yaml'),
  ]);
  const get = async () =>
    JSON.parse(
      await cluster.kubectl(['-n', namespace, 'get', 'gdprjitsimeet', 'meet', '-o', 'json']),
    ) as Instance;
  const observed = (instance: Instance) =>
    instance.status?.observedGeneration === instance.metadata.generation;
  const readyInstance = await waitFor(
    async () => {
      const instance = await get();
      const ready = instance.status?.conditions?.find((c) => c.type === 'Ready');
      return observed(instance) && ready?.status === 'True' ? instance : undefined;
    },
    { timeoutMs: 180_000, description: `GdprJitsiMeet meet in ${namespace} Ready` },
  );
  // The Argo CD health check reads the status the operator really wrote as Healthy.
  const [health] = await evaluateHealth([
    { name: 'ready instance', object: readyInstance as unknown as Record<string, unknown> },
  ]);
  assert.equal(health?.error, undefined, health?.error);
  assert.equal(health?.status, 'Healthy', health?.message);
  await cluster.kubectl([
    '-n',
    namespace,
    'patch',
    'gdprjitsimeet',
    'meet',
    '--type=merge',
    '-p',
    '{"spec":{"dataDeletionPolicy":"Delete"}}',
  ]);
  await waitFor(async () => observed(await get()), {
    timeoutMs: 60_000,
    description: 'dataDeletionPolicy Delete observed',
  });
  await cluster.kubectl([
    '-n',
    namespace,
    'delete',
    'gdprjitsimeet',
    'meet',
    '--wait',
    '--timeout=120s',
  ]);
}

/**
 * Applies examples/basic.yaml as `name` with dataDeletionPolicy Delete, and waits until the
 * operator added the data deletion finalizer and the Prosody claim exists.
 */
async function createDeleteInstance(
  cluster: Cluster,
  namespace: string,
  name: string,
): Promise<void> {
  const basic = load(readFileSync(join(ROOT, 'examples', 'basic.yaml'), 'utf8')) as {
    spec: object;
  };
  await cluster.kubectl(
    ['-n', namespace, 'apply', '--server-side', '-f', '-'],
    JSON.stringify({
      apiVersion: 'gdprmeet.io/v1alpha1',
      kind: 'GdprJitsiMeet',
      metadata: { name, namespace },
      spec: { ...basic.spec, dataDeletionPolicy: 'Delete' },
    }),
  );
  await waitFor(
    async () => {
      const instance = JSON.parse(
        await cluster.kubectl(['-n', namespace, 'get', 'gdprjitsimeet', name, '-o', 'json']),
      ) as Instance;
      const claims = await cluster.kubectl([
        '-n',
        namespace,
        'get',
        'pvc',
        '-l',
        `gdprmeet.io/instance=${name}`,
        '-o',
        'name',
      ]);
      return instance.metadata.finalizers?.includes(DATA_DELETION_FINALIZER) === true &&
        claims.trim() !== ''
        ? true
        : undefined;
    },
    { timeoutMs: 120_000, description: `finalizer and claim of ${namespace}/${name}` },
  );
}

/**
 * Runs the command of the release's pre-delete hook Job as a local process with a token of the
 * hook's ServiceAccount, while the operator is stopped, as Helm would before it deletes the
 * release. The freed `orphan` instances must then go at once, and their claims must follow
 * through the StatefulSets' claim retention policy, without the operator.
 */
async function releaseWithHookCommand(
  cluster: Cluster,
  releaseNamespace: string,
  watched: string[],
  mode: Mode,
  workDir: string,
): Promise<void> {
  const hooks = parseManifests(
    await helmCommand(cluster, ['get', 'hooks', RELEASE, '--namespace', releaseNamespace]),
  ) as unknown as HookJob[];
  const job = hooks.find(
    (h) => h.kind === 'Job' && h.metadata.annotations?.['helm.sh/hook'] === 'pre-delete',
  );
  assert.ok(job, 'the release has a pre-delete hook Job');
  const pod = job.spec.template.spec;
  assert.equal(pod.serviceAccountName, SERVICE_ACCOUNT);
  const [container] = pod.containers;
  assert.ok(container);
  assert.deepEqual(container.command, ['gdpr-jitsi']);
  const args = container.args ?? [];
  assert.deepEqual(args, mode.hookArgs(watched));

  const kubeconfigPath = await serviceAccountKubeconfig(
    cluster,
    releaseNamespace,
    pod.serviceAccountName,
    workDir,
  );
  // As for the operator, the cluster-wide mode narrows the command to the test's namespaces,
  // because instances of other tests may carry the finalizer at the same time.
  const { stdout } = await run(NODE, [CLI, ...args, ...mode.extraArgs(watched)], {
    env: { ...process.env, KUBECONFIG: kubeconfigPath },
  });
  for (const namespace of watched) {
    assert.match(stdout, new RegExp(`^released ${namespace}/orphan$`, 'm'));
  }
  assert.match(stdout, new RegExp(`removed the finalizer from ${watched.length} instance`));

  for (const namespace of watched) {
    await cluster.kubectl([
      '-n',
      namespace,
      'delete',
      'gdprjitsimeet',
      'orphan',
      '--wait',
      '--timeout=15s',
    ]);
  }
  for (const namespace of watched) {
    await waitFor(
      async () => {
        const claims = await cluster.kubectl([
          '-n',
          namespace,
          'get',
          'pvc',
          '-l',
          'gdprmeet.io/instance=orphan',
          '-o',
          'name',
        ]);
        return claims.trim() === '';
      },
      { timeoutMs: 120_000, description: `claims of ${namespace}/orphan deleted` },
    );
  }
}

/**
 * Checks in the audit log of `helm uninstall` that Helm ran the hooks before it deleted the
 * release: its NetworkPolicy, then the Job, whose pod passed admission (which rejects a pod
 * whose ServiceAccount is missing) before Helm deleted the ServiceAccount. Helm then deleted
 * the succeeded Job.
 */
function checkHookOrder(entries: AuditEntry[], namespace: string): void {
  const jobName = `${SERVICE_ACCOUNT}-release-finalizers`;
  const inRelease = (entry: AuditEntry, resource: string, verb: string) =>
    entry.verb === verb &&
    entry.objectRef?.resource === resource &&
    entry.objectRef.subresource === undefined &&
    entry.objectRef.namespace === namespace;

  // Helm 4 creates hooks with a server-side apply, a patch that returns 201 Created.
  const created = (entry: AuditEntry, resource: string) =>
    (inRelease(entry, resource, 'patch') || inRelease(entry, resource, 'create')) &&
    entry.objectRef?.name === jobName &&
    entry.responseStatus?.code === 201;
  const policyCreated = entries.findIndex((e) => created(e, 'networkpolicies'));
  const jobCreated = entries.findIndex((e) => created(e, 'jobs'));

  const podCreated = entries.findIndex(
    (e) =>
      inRelease(e, 'pods', 'create') &&
      e.user.username === JOB_CONTROLLER &&
      e.responseStatus?.code === 201,
  );
  const accountDeleted = entries.findIndex(
    (e) => inRelease(e, 'serviceaccounts', 'delete') && e.objectRef?.name === SERVICE_ACCOUNT,
  );
  // The first delete is the before-hook-creation policy's, which finds no Job (404).
  const jobDeleted = entries.findIndex(
    (e) =>
      inRelease(e, 'jobs', 'delete') &&
      e.objectRef?.name === jobName &&
      e.responseStatus?.code === 200,
  );

  assert.ok(jobCreated >= 0, `Helm created the hook Job ${jobName}`);
  assert.ok(policyCreated >= 0, 'Helm created the hook NetworkPolicy');
  assert.ok(policyCreated < jobCreated, 'the hook NetworkPolicy came before the Job');
  assert.ok(podCreated > jobCreated, 'the hook pod was admitted after the Job was created');
  assert.ok(accountDeleted > podCreated, 'the ServiceAccount outlived the hook pod admission');
  assert.ok(jobDeleted > podCreated, 'Helm deleted the succeeded hook Job');
}
