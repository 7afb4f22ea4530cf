/**
 * Checks the retention CronJob that the operator creates on the local control plane, and then
 * what its container does. kwok never runs containers, so the second half takes the command and
 * arguments from the live CronJob, points the data path at a temporary tree in place of the
 * Prosody volume, and runs them through the CLI as the pod's user. The tree holds files of
 * set ages, files the keep patterns protect, symbolic links and an unreadable directory.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  chmod,
  lchown,
  lstat,
  lutimes,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { retentionMinute } from '../../src/resources/retention.ts';
import { ensureCluster, waitFor, withTestNamespace, type Cluster } from '../helpers/cluster.ts';
import {
  operatorKubeconfig,
  startOperatorProcess,
  type OperatorProcess,
} from '../helpers/operator.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLI = join(ROOT, 'src/cli/main.ts');
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

interface PodSpec {
  nodeName?: string;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  affinity?: {
    nodeAffinity?: unknown;
    podAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        labelSelector: { matchLabels?: Record<string, string> };
        topologyKey: string;
        namespaces?: string[];
      }[];
    };
  };
}

interface CronJob {
  spec: {
    schedule: string;
    timeZone?: string;
    concurrencyPolicy: string;
    startingDeadlineSeconds?: number;
    successfulJobsHistoryLimit: number;
    failedJobsHistoryLimit: number;
    jobTemplate: {
      spec: {
        backoffLimit: number;
        activeDeadlineSeconds: number;
        template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
      };
    };
  };
}

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  spec: PodSpec;
}

interface StatefulSet {
  spec: { template: { spec: PodSpec } };
}

interface Claim {
  spec: { accessModes: string[] };
  status?: { phase?: string };
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface NetworkPolicy {
  metadata: { name: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes: string[];
    ingress?: unknown[];
    egress?: unknown[];
  };
}

/** Tests whether a Kubernetes label selector matches a set of labels. */
function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const value = labels[key];
    const matched = {
      In: value !== undefined && values.includes(value),
      NotIn: value === undefined || !values.includes(value),
      Exists: value !== undefined,
      DoesNotExist: value === undefined,
    }[operator];
    if (matched !== true) return false;
  }
  return true;
}

interface Instance {
  spec: { retention?: { prosodyData?: { maxAgeDays?: number } } };
}

/** What the retention run must do with one entry of the test tree. */
type Expectation = 'deleted' | 'kept' | 'protected' | 'unreadable';

interface Entry {
  /** Path under the data directory. The names carry room and person names on purpose. */
  path: string;
  /** Age as a function of the maximum age in hours. */
  ageHours: (maxAgeHours: number) => number;
  bytes: number;
  expect: Expectation;
  /** Target of a symbolic link, relative to the folder outside the tree. */
  linkTo?: string;
}

/** The test tree. Service accounts, host accounts and certificates are old but protected. */
const ENTRIES: Entry[] = [
  {
    path: 'auth%2emeet%2ejitsi/accounts/focus.dat',
    ageHours: (h) => h + 720,
    bytes: 11,
    expect: 'protected',
  },
  {
    path: 'auth%2emeet%2ejitsi/roster/focus.dat',
    ageHours: (h) => h + 720,
    bytes: 12,
    expect: 'protected',
  },
  {
    path: 'meet%2ejitsi/accounts/alice.dat',
    ageHours: (h) => h + 720,
    bytes: 13,
    expect: 'protected',
  },
  {
    path: 'meet%2ejitsi/account_roles/alice.dat',
    ageHours: (h) => h + 720,
    bytes: 14,
    expect: 'protected',
  },
  { path: 'certs/meet.example.eu.crt', ageHours: (h) => h + 720, bytes: 15, expect: 'protected' },
  { path: 'certs/meet.example.eu.key', ageHours: (h) => h + 720, bytes: 16, expect: 'protected' },
  // One hour on either side of the maximum age.
  {
    path: 'conference%2emeet%2ejitsi/secretroom/history-alice.dat',
    ageHours: (h) => h + 1,
    bytes: 101,
    expect: 'deleted',
  },
  {
    path: 'conference%2emeet%2ejitsi/secretroom/history-bob.dat',
    ageHours: (h) => h - 1,
    bytes: 57,
    expect: 'kept',
  },
  // The only file of its folder, so the folder goes too.
  {
    path: 'conference%2emeet%2ejitsi/oldroom/carol.dat',
    ageHours: (h) => 3 * h,
    bytes: 203,
    expect: 'deleted',
  },
  { path: 'meet%2ejitsi/offline/dave.dat', ageHours: (h) => h + 48, bytes: 33, expect: 'deleted' },
  // Links are judged by their own age, and their targets outside the tree are never touched.
  {
    path: 'links/erin-old',
    ageHours: (h) => h + 24,
    bytes: 0,
    expect: 'deleted',
    linkTo: 'erin.dat',
  },
  { path: 'links/frank-fresh', ageHours: () => 1, bytes: 0, expect: 'kept', linkTo: 'frank' },
  // Inside a directory the job's user cannot read.
  { path: 'locked/grace.dat', ageHours: (h) => h + 240, bytes: 17, expect: 'unreadable' },
];

/** Folders the first run empties and removes: oldroom and offline. */
const EMPTIED_DIRECTORIES = 2;

/** Room and person names in the tree, which must never appear in the output. */
const NAMES = ['secretroom', 'oldroom', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];

interface Summary {
  msg: string;
  command: string;
  category: string;
  dryRun: boolean;
  maxAgeDays: number;
  deleted: { files: number; bytes: number; symlinks: number; directories: number };
  kept: { files: number; bytes: number; symlinks: number; protected: number };
  skipped: { unreadable: number; otherFileSystem: number; special: number };
  failed: { deletions: number };
}

interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as another user when this process is root, so file permissions apply. */
async function runCli(args: string[], user?: { uid: number; gid: number }): Promise<RunResult> {
  try {
    const { stdout, stderr } = await run(NODE, [CLI, ...args], {
      uid: user?.uid,
      gid: user?.gid,
      timeout: 60_000,
      cwd: ROOT,
    });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw err;
    return { status: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Sets the owner of a tree, links included, without following links. */
async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await lchown(path, uid, gid);
  const stats = await lstat(path);
  if (!stats.isDirectory()) return;
  for (const name of await readdir(path)) await chownTree(join(path, name), uid, gid);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

const isRoot = process.getuid?.() === 0;

describe('retention CronJob on the local cluster', { timeout: 10 * 60_000 }, () => {
  let cluster: Cluster;
  let ns: string;
  let cleanup: () => Promise<void>;
  let operator: OperatorProcess | undefined;
  let workDir: string;

  const kubectl = (args: string[], input?: string) => cluster.kubectl(['-n', ns, ...args], input);
  const getJson = async <T>(args: string[]): Promise<T> =>
    JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
  const basicSpec = () =>
    (load(readFileSync(join(ROOT, 'examples/basic.yaml'), 'utf8')) as { spec: object }).spec;

  /** Instance name → the spec it gets. `short` sets its own maximum age. */
  const instances: Record<string, object> = {
    meet: basicSpec(),
    short: { ...basicSpec(), retention: { prosodyData: { maxAgeDays: 2 } } },
  };

  before(async () => {
    cluster = await ensureCluster();
    const namespace = await withTestNamespace('retention-cronjob');
    ns = namespace.name;
    cleanup = namespace.cleanup;
    workDir = await mkdtemp(join(tmpdir(), 'gdpr-jitsi-retention-e2e-'));
    // The pod's user must reach the test trees inside.
    await chmod(workDir, 0o755);
    const kubeconfigPath = await operatorKubeconfig(cluster);
    operator = await startOperatorProcess({ kubeconfigPath, args: ['--namespaces', ns] });
    await operator.waitForLog((l) => l['msg'] === 'caches synced; starting workers', 60_000);
    for (const [name, spec] of Object.entries(instances)) {
      await kubectl(
        ['apply', '--server-side', '-f', '-'],
        JSON.stringify({
          apiVersion: 'gdprmeet.io/v1alpha1',
          kind: 'GdprJitsiMeet',
          metadata: { name, namespace: ns },
          spec,
        }),
      );
    }
  });

  after(async () => {
    await operator?.stop();
    await cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  /** The live CronJob of an instance, once the operator created it. */
  const liveCronJob = (name: string) =>
    waitFor(() => getJson<CronJob>(['get', 'cronjob', `${name}-retention-prosody`]), {
      timeoutMs: 90_000,
      description: `CronJob ${name}-retention-prosody`,
    });

  /** The instance's Prosody pod once the scheduler placed it. */
  const prosodyPod = (name: string) =>
    waitFor(
      async () => {
        const pod = await getJson<Pod>(['get', 'pod', `${name}-prosody-0`]);
        return pod.spec.nodeName !== undefined ? pod : undefined;
      },
      { timeoutMs: 120_000, description: `pod ${name}-prosody-0 scheduled` },
    );

  /** spec.retention.prosodyData.maxAgeDays as the API server stores it, defaults applied. */
  const maxAgeDaysOf = async (name: string) => {
    const instance = await getJson<Instance>(['get', 'gdprjitsimeet', name]);
    const days = instance.spec.retention?.prosodyData?.maxAgeDays;
    assert.ok(days !== undefined, `${name} has no spec.retention.prosodyData.maxAgeDays`);
    return days;
  };

  test('stored maximum ages: default and custom', async () => {
    assert.equal(await maxAgeDaysOf('meet'), 7, 'docs/retention.md names 7 days as default');
    assert.equal(await maxAgeDaysOf('short'), 2);
  });

  for (const name of Object.keys(instances)) {
    test(`${name}: schedule, concurrency and history`, async () => {
      const { spec } = await liveCronJob(name);
      assert.equal(spec.schedule, `${retentionMinute(ns, name)} * * * *`);
      assert.equal(spec.timeZone, 'Etc/UTC');
      assert.equal(spec.concurrencyPolicy, 'Forbid');
      assert.equal(spec.startingDeadlineSeconds, 3000);
      assert.equal(spec.successfulJobsHistoryLimit, 1);
      assert.equal(spec.failedJobsHistoryLimit, 3);
      assert.equal(spec.jobTemplate.spec.backoffLimit, 2);
      assert.equal(spec.jobTemplate.spec.activeDeadlineSeconds, 1800);
    });

    test(`${name}: restricted security context`, async () => {
      const pod = (await liveCronJob(name)).spec.jobTemplate.spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false);
      assert.equal(pod.restartPolicy, 'Never');
      assert.equal(pod.securityContext?.runAsNonRoot, true);
      assert.equal(pod.securityContext.seccompProfile?.type, 'RuntimeDefault');
      assert.ok((pod.securityContext.runAsUser ?? 0) > 0, 'a non-root uid');
      assert.equal(pod.containers.length, 1);
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const security = container.securityContext;
        assert.equal(security?.allowPrivilegeEscalation, false, container.name);
        assert.equal(security.readOnlyRootFilesystem, true, container.name);
        assert.deepEqual(security.capabilities?.drop, ['ALL'], container.name);
        assert.equal(security.capabilities.add, undefined, container.name);
        assert.notEqual(security.privileged, true, container.name);
      }
    });

    test(`${name}: mounts the Prosody data claim`, async () => {
      const pod = (await liveCronJob(name)).spec.jobTemplate.spec.template.spec;
      const prosody = await prosodyPod(name);
      const claimVolume = (pod.volumes ?? []).find((v) => v.persistentVolumeClaim !== undefined);
      assert.ok(claimVolume?.persistentVolumeClaim, 'the job pod mounts a claim');
      const claimName = claimVolume.persistentVolumeClaim.claimName;
      const prosodyClaims = (prosody.spec.volumes ?? []).flatMap((v) =>
        v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [],
      );
      assert.deepEqual(prosodyClaims, [claimName], "the Prosody pod's claim");
      const claim = await getJson<Claim>(['get', 'pvc', claimName]);
      assert.deepEqual(claim.spec.accessModes, ['ReadWriteOnce']);

      // The job's --path is the directory Prosody mounts as its data directory.
      const container = pod.containers[0];
      assert.ok(container);
      const mount = container.volumeMounts?.find((m) => m.name === claimVolume.name);
      assert.ok(mount, 'the container mounts the claim volume');
      const statefulSet = await getJson<StatefulSet>(['get', 'statefulset', `${name}-prosody`]);
      const prosodyMount = statefulSet.spec.template.spec.containers
        .flatMap((c) => c.volumeMounts ?? [])
        .find((m) => m.mountPath === '/var/lib/prosody');
      assert.ok(prosodyMount?.subPath, 'Prosody mounts a sub-path of its claim');
      const args = container.args ?? [];
      assert.equal(args[args.indexOf('--path') + 1], `${mount.mountPath}/${prosodyMount.subPath}`);
    });

    test(`${name}: scheduled onto the Prosody node`, async () => {
      const cronJob = await liveCronJob(name);
      const template = cronJob.spec.jobTemplate.spec.template;
      const prosody = await prosodyPod(name);
      const terms =
        template.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      assert.equal(terms?.length, 1, 'one required pod affinity term');
      const [term] = terms;
      assert.ok(term);
      assert.equal(term.topologyKey, 'kubernetes.io/hostname');
      const selector = Object.entries(term.labelSelector.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const selected = await getJson<{ items: Pod[] }>(['get', 'pods', '-l', selector]);
      assert.deepEqual(
        selected.items.map((p) => p.metadata.name),
        [prosody.metadata.name],
        "the affinity selects only this instance's Prosody pod",
      );
      const statefulSet = await getJson<StatefulSet>(['get', 'statefulset', `${name}-prosody`]);
      assert.deepEqual(
        template.spec.affinity?.nodeAffinity,
        statefulSet.spec.template.spec.affinity?.nodeAffinity,
        'the same EU/EEA node affinity as Prosody',
      );

      // docs/retention.md: the job needs no network, and the instance's policies give it none.
      const policies = await getJson<{ items: NetworkPolicy[] }>(['get', 'networkpolicies']);
      const selecting = policies.items.filter((p) =>
        selects(p.spec.podSelector, template.metadata.labels),
      );
      assert.ok(
        selecting.some((p) => p.metadata.name === `${name}-default-deny`),
        'the default deny selects the job pod',
      );
      for (const policy of selecting) {
        assert.deepEqual([...policy.spec.policyTypes].sort(), ['Egress', 'Ingress']);
        assert.equal(policy.spec.ingress, undefined, `${policy.metadata.name} admits traffic`);
        assert.equal(policy.spec.egress, undefined, `${policy.metadata.name} allows traffic`);
      }

      // The scheduler applies the affinity to a real Job made from the CronJob.
      const job = `${name}-retention-now`;
      await kubectl(['create', 'job', job, `--from=cronjob/${name}-retention-prosody`]);
      const jobPod = await waitFor(
        async () => {
          const pods = await getJson<{ items: Pod[] }>(['get', 'pods', '-l', `job-name=${job}`]);
          return pods.items.find((p) => p.spec.nodeName !== undefined);
        },
        { timeoutMs: 60_000, description: `a scheduled pod of Job ${job}` },
      );
      assert.equal(jobPod.spec.nodeName, prosody.spec.nodeName);
    });

    test(`${name}: container command prunes a test tree`, async () => {
      const maxAgeDays = await maxAgeDaysOf(name);
      const pod = (await liveCronJob(name)).spec.jobTemplate.spec.template.spec;
      const container = pod.containers[0];
      assert.ok(container);
      assert.deepEqual(container.command, ['gdpr-jitsi']);
      const args = container.args ?? [];
      assert.equal(args[0], 'retention');
      const claimVolume = (pod.volumes ?? []).find((v) => v.persistentVolumeClaim !== undefined);
      const mount = container.volumeMounts?.find((m) => m.name === claimVolume?.name);
      assert.ok(mount, 'the container mounts the claim volume');
      const pathIndex = args.indexOf('--path') + 1;
      const livePath = args[pathIndex] ?? '';
      assert.ok(livePath.startsWith(`${mount.mountPath}/`), `--path ${livePath} is on the mount`);

      // The volume root becomes <case>/volume, and the folder beside it is outside the tree.
      const caseDir = await mkdtemp(join(workDir, `${name}-`));
      await chmod(caseDir, 0o755);
      const volume = join(caseDir, 'volume');
      const outside = join(caseDir, 'outside');
      const dataDir = volume + livePath.slice(mount.mountPath.length);
      const localArgs = args.map((arg, i) => (i === pathIndex ? dataDir : arg));

      const now = Date.now();
      const maxAgeHours = maxAgeDays * 24;
      const ageOf = (entry: Entry) => new Date(now - entry.ageHours(maxAgeHours) * HOUR_MS);
      await mkdir(dataDir, { recursive: true });
      await mkdir(join(outside, 'frank'), { recursive: true });
      await writeFile(join(outside, 'erin.dat'), 'target');
      await writeFile(join(outside, 'frank', 'frank.dat'), 'target');
      const longAgo = new Date(now - (maxAgeDays + 30) * DAY_MS);
      await utimes(join(outside, 'erin.dat'), longAgo, longAgo);
      await utimes(join(outside, 'frank', 'frank.dat'), longAgo, longAgo);
      for (const entry of ENTRIES) {
        const path = join(dataDir, entry.path);
        await mkdir(dirname(path), { recursive: true });
        if (entry.linkTo === undefined) {
          await writeFile(path, 'x'.repeat(entry.bytes));
          await utimes(path, ageOf(entry), ageOf(entry));
        } else {
          await symlink(join(outside, entry.linkTo), path);
          await lutimes(path, ageOf(entry), ageOf(entry));
        }
      }

      // Root ignores permission bits, so as root the command runs as the pod's user on a tree
      // that user owns, as Prosody's files on the volume are.
      const podUser = pod.securityContext?.runAsUser;
      const podGroup = pod.securityContext?.runAsGroup ?? podUser;
      assert.ok(podUser !== undefined, 'the pod sets runAsUser');
      assert.ok(podGroup !== undefined, 'the pod sets runAsGroup');
      const user = isRoot ? { uid: podUser, gid: podGroup } : undefined;
      if (user) await chownTree(volume, user.uid, user.gid);
      await chmod(join(dataDir, 'locked'), 0o000);

      const first = await runCli(localArgs, user);
      assert.equal(first.status, 2, `exit status 2 for an unreadable entry; ${first.stderr}`);
      assert.equal(first.stderr, '');
      const lines = first.stdout.trim().split('\n');
      assert.equal(lines.length, 1, `one summary line: ${first.stdout}`);
      const summary = JSON.parse(lines[0] ?? '') as Summary;
      const count = (expect: Expectation, link = false) =>
        ENTRIES.filter((e) => e.expect === expect && (e.linkTo !== undefined) === link);
      const bytes = (entries: Entry[]) => entries.reduce((sum, e) => sum + e.bytes, 0);
      assert.equal(summary.msg, 'retention run finished');
      assert.equal(summary.category, 'prosody-data');
      assert.equal(summary.maxAgeDays, maxAgeDays);
      assert.equal(summary.dryRun, false);
      assert.deepEqual(summary.deleted, {
        files: count('deleted').length,
        bytes: bytes(count('deleted')),
        symlinks: count('deleted', true).length,
        directories: EMPTIED_DIRECTORIES,
      });
      assert.deepEqual(summary.kept, {
        files: count('kept').length,
        bytes: bytes(count('kept')),
        symlinks: count('kept', true).length,
        protected: count('protected').length,
      });
      assert.deepEqual(summary.skipped, { unreadable: 1, otherFileSystem: 0, special: 0 });
      assert.deepEqual(summary.failed, { deletions: 0 });
      for (const text of [...NAMES, caseDir]) {
        assert.ok(!first.stdout.includes(text), `the output contains "${text}"`);
      }

      await chmod(join(dataDir, 'locked'), 0o750);
      for (const entry of ENTRIES) {
        const present = await exists(join(dataDir, entry.path));
        assert.equal(present, entry.expect !== 'deleted', `${entry.path} (${entry.expect})`);
      }
      for (const folder of ['conference%2emeet%2ejitsi/oldroom', 'meet%2ejitsi/offline']) {
        assert.equal(await exists(join(dataDir, folder)), false, `${folder} is removed`);
      }
      assert.ok(await exists(join(outside, 'erin.dat')), "the old link's target stays");
      assert.ok(
        await exists(join(outside, 'frank', 'frank.dat')),
        'a linked folder is not entered',
      );

      // Readable again, the expired file in the locked folder goes on the next run.
      const second = await runCli(localArgs, user);
      assert.equal(second.status, 0, second.stderr);
      const again = JSON.parse(second.stdout) as Summary;
      const unreadable = count('unreadable');
      assert.deepEqual(again.deleted, {
        files: unreadable.length,
        bytes: bytes(unreadable),
        symlinks: 0,
        directories: 1,
      });
      assert.equal(again.skipped.unreadable, 0);
      assert.equal(await exists(join(dataDir, 'locked')), false);
    });
  }
});
