/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- assertions walk rendered manifests, which are untyped mappings */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { load, loadAll } from 'js-yaml';
import { OPERATOR_IMAGE_REPOSITORY } from '../../../src/resources/retention.ts';
import {
  CHART_PATH,
  grantOf,
  grantsOf,
  helm,
  ofKind,
  renderChart,
  rulesOf,
  single,
  templateChart,
  parseManifests,
  type Manifest,
  type PolicyRule,
} from '../../helpers/chart.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

// Reads nested fields of rendered objects without a type per kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tree = any;

const parseManifestsOfRoles = (text: string): Manifest[] =>
  parseManifests(text).filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');

const podSpec = (objects: Manifest[]): Tree =>
  (single(objects, 'Deployment') as Tree).spec.template.spec;
const container = (objects: Manifest[]): Tree => podSpec(objects).containers[0];
const envValue = (objects: Manifest[], name: string): Tree =>
  (container(objects).env as Tree[]).find((e) => e.name === name);

/** Value sets that exercise every branch of the templates. */
const VALUE_SETS: Record<string, Record<string, unknown>> = {
  defaults: {},
  namespaced: { watchNamespaces: ['team-a', 'team-b'] },
  'two replicas with monitoring': {
    replicaCount: 2,
    image: { digest: `sha256:${'a'.repeat(64)}` },
    metrics: { serviceMonitor: { enabled: true, labels: { release: 'prometheus' } } },
    networkPolicy: {
      apiServer: { cidrs: ['10.0.0.1/32'] },
      metrics: { namespaceSelector: { 'kubernetes.io/metadata.name': 'monitoring' } },
      probes: { cidrs: ['192.168.0.0/16'] },
    },
  },
};

describe('helm chart', () => {
  test('helm lint passes in strict mode', async () => {
    const { stdout } = await run(await helm(), ['lint', '--strict', CHART_PATH]);
    assert.match(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  for (const [name, values] of Object.entries(VALUE_SETS)) {
    test(`template is byte-identical twice: ${name}`, async () => {
      const first = await templateChart({ values });
      const second = await templateChart({ values });
      assert.ok(first.length > 0);
      assert.ok(first === second, 'two renders of the same values differ');
    });
  }

  test('templates call no random, time or lookup function', async () => {
    const dir = join(CHART_PATH, 'templates');
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), 'utf8');
      for (const call of ['lookup', 'rand', 'uuid', 'now', 'genCA', 'genPrivateKey', 'date']) {
        assert.doesNotMatch(text, new RegExp(`\\b${call}\\w*\\s`), `${file} calls ${call}`);
      }
    }
  });

  test('versions follow package.json', async () => {
    const chart = load(await readFile(join(CHART_PATH, 'Chart.yaml'), 'utf8')) as Tree;
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(chart.version, pkg.version);
    assert.equal(chart.appVersion, pkg.version);
  });

  test('default image is the release image', async () => {
    const chart = load(await readFile(join(CHART_PATH, 'Chart.yaml'), 'utf8')) as Tree;
    const image = container(await renderChart()).image;
    assert.equal(image, `${OPERATOR_IMAGE_REPOSITORY}:${String(chart.appVersion)}`);
  });
});

describe('chart values schema', () => {
  const rejects = async (values: Record<string, unknown>, message: RegExp) => {
    await assert.rejects(templateChart({ values }), (err: Error & { stderr?: string }) => {
      assert.match(err.stderr ?? err.message, message);
      return true;
    });
  };

  test('rejects an unknown key', async () => {
    await rejects({ replicas: 2 }, /additional properties 'replicas' not allowed/);
  });

  test('rejects an unknown nested key', async () => {
    await rejects({ operator: { logLevl: 'debug' } }, /logLevl/);
  });

  test('rejects a log level outside the enum', async () => {
    await rejects({ operator: { logLevel: 'verbose' } }, /logLevel.*must be one of/);
  });

  test('rejects a string replica count', async () => {
    await rejects({ replicaCount: '2' }, /replicaCount.*(integer|type)/);
  });

  test('rejects an invalid namespace name', async () => {
    await rejects({ watchNamespaces: ['Team_A'] }, /watchNamespaces\/0/);
  });

  test('rejects a malformed digest', async () => {
    await rejects({ image: { digest: 'latest' } }, /digest/);
  });

  test('rejects a ServiceMonitor without the Service', async () => {
    await rejects(
      { metrics: { service: { enabled: false }, serviceMonitor: { enabled: true } } },
      /metrics\.service\.enabled is false/,
    );
  });
});

describe('chart RBAC', () => {
  const rbacFile = async () =>
    loadAll(await readFile(join(ROOT, 'config', 'rbac.yaml'), 'utf8')) as Manifest[];

  test('cluster-wide rules equal config/rbac.yaml', async () => {
    const expected = single(await rbacFile(), 'ClusterRole');
    const role = single(await renderChart(), 'ClusterRole');
    assert.deepEqual(grantsOf(rulesOf(role)), grantsOf(rulesOf(expected)));
  });

  test('every rendered rule has a comment and no wildcard', async () => {
    for (const values of [VALUE_SETS['defaults'], VALUE_SETS['namespaced'], { replicaCount: 2 }]) {
      const text = await templateChart({ values });
      for (const doc of text.split(/^---$/m)) {
        if (!/^kind: (Cluster)?Role$/m.test(doc)) continue;
        const lines = doc.split('\n');
        const rules = lines.flatMap((line, index) =>
          /^ {2}- apiGroups:/.test(line) ? [index] : [],
        );
        assert.ok(rules.length > 0, doc);
        for (const index of rules) {
          assert.match(
            lines[index - 1] ?? '',
            /^ {2}# /,
            `rule without a comment: ${lines[index] ?? ''}`,
          );
        }
      }
      for (const role of parseManifestsOfRoles(text)) grantsOf(rulesOf(role));
    }
  });

  test('namespaced mode renders Roles per namespace', async () => {
    const objects = await renderChart({ values: VALUE_SETS['namespaced'] });
    const clusterWide = grantsOf(rulesOf(single(await rbacFile(), 'ClusterRole')));
    const nodeGrants = [grantOf('', 'nodes', 'list'), grantOf('', 'nodes', 'watch')];
    const roles = ofKind(objects, 'Role');
    assert.deepEqual(roles.map((r) => r.metadata.namespace).sort(), ['team-a', 'team-b']);
    for (const role of roles) {
      assert.deepEqual(
        grantsOf(rulesOf(role)),
        clusterWide.filter((g) => !nodeGrants.includes(g)),
        `Role in ${String(role.metadata.namespace)}`,
      );
    }
    const clusterRole = single(objects, 'ClusterRole');
    assert.deepEqual(grantsOf(rulesOf(clusterRole)), nodeGrants.sort());
    const bindings = ofKind(objects, 'RoleBinding');
    assert.deepEqual(bindings.map((b) => b.metadata.namespace).sort(), ['team-a', 'team-b']);
    for (const binding of bindings) {
      assert.deepEqual((binding as Tree).subjects, [
        { kind: 'ServiceAccount', name: 'gdpr-jitsi-operator', namespace: 'gdpr-jitsi-system' },
      ]);
    }
    assert.deepEqual(envValue(objects, 'WATCH_NAMESPACES'), {
      name: 'WATCH_NAMESPACES',
      value: 'team-a,team-b',
    });
  });

  test('cluster-wide mode sets no WATCH_NAMESPACES', async () => {
    assert.equal(envValue(await renderChart(), 'WATCH_NAMESPACES'), undefined);
  });

  test('cluster-scoped names include namespace and release', async () => {
    const objects = await renderChart({ release: 'blue', namespace: 'ops' });
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
      assert.equal(single(objects, kind).metadata.name, 'ops:blue-gdpr-jitsi-operator');
    }
  });

  test('lease Role only with leader election', async () => {
    assert.equal(ofKind(await renderChart(), 'Role').length, 0);
    const objects = await renderChart({ values: { replicaCount: 2 } });
    const role = single(objects, 'Role');
    assert.equal(role.metadata.namespace, 'gdpr-jitsi-system');
    const leaseName = 'gdpr-jitsi-operator-leader';
    assert.deepEqual(grantsOf(rulesOf(role)), [
      grantOf('coordination.k8s.io', 'leases', 'create'),
      grantOf('coordination.k8s.io', 'leases', 'get', leaseName),
      grantOf('coordination.k8s.io', 'leases', 'update', leaseName),
    ]);
    assert.ok((container(objects).args as string[]).includes(`--lease-name=${leaseName}`));
  });

  test('grants reject wildcards', () => {
    const rule: PolicyRule = { apiGroups: [''], resources: ['*'], verbs: ['get'] };
    assert.throws(() => grantsOf([rule]), /wildcard/);
  });
});

describe('chart Deployment', () => {
  test('meets the restricted pod security standard', async () => {
    const objects = await renderChart();
    assert.deepEqual(podSpec(objects).securityContext, {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(container(objects).securityContext, {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('leaves the user to the platform on request', async () => {
    const objects = await renderChart({
      values: { podSecurityContext: { runAsUser: null, runAsGroup: null } },
    });
    assert.deepEqual(podSpec(objects).securityContext, {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('probes /healthz and /readyz on 8080', async () => {
    const c = container(await renderChart());
    assert.deepEqual(c.ports, [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
    assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
    assert.deepEqual(c.startupProbe.httpGet, { path: '/healthz', port: 'http' });
    assert.ok((c.args as string[]).includes('--listen=0.0.0.0:8080'));
  });

  test('one replica: no leader election, Recreate', async () => {
    const objects = await renderChart();
    assert.ok(!(container(objects).args as string[]).includes('--leader-elect'));
    assert.equal((single(objects, 'Deployment') as Tree).spec.strategy.type, 'Recreate');
    assert.equal(ofKind(objects, 'PodDisruptionBudget').length, 0);
  });

  test('two replicas: leader election and a PDB', async () => {
    const objects = await renderChart({ values: { replicaCount: 2 } });
    assert.ok((container(objects).args as string[]).includes('--leader-elect'));
    assert.equal((single(objects, 'Deployment') as Tree).spec.strategy.type, 'RollingUpdate');
    const pdb = single(objects, 'PodDisruptionBudget') as Tree;
    assert.equal(pdb.spec.maxUnavailable, 1);
    assert.deepEqual(pdb.spec.selector.matchLabels, {
      'app.kubernetes.io/name': 'gdpr-jitsi-operator',
      'app.kubernetes.io/instance': 'gdpr-jitsi-operator',
    });
    assert.equal(podSpec(objects).topologySpreadConstraints.length, 1);
  });

  test('leader election on request with one replica', async () => {
    const objects = await renderChart({ values: { leaderElection: { enabled: true } } });
    assert.ok((container(objects).args as string[]).includes('--leader-elect'));
    assert.equal(ofKind(objects, 'PodDisruptionBudget').length, 0);
  });

  test('POD_NAMESPACE comes from the downward API', async () => {
    assert.deepEqual(envValue(await renderChart(), 'POD_NAMESPACE'), {
      name: 'POD_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
  });

  test('OPERATOR_IMAGE equals the container image', async () => {
    for (const values of Object.values(VALUE_SETS)) {
      const objects = await renderChart({ values });
      assert.equal(envValue(objects, 'OPERATOR_IMAGE').value, container(objects).image);
    }
    const digest = `sha256:${'b'.repeat(64)}`;
    const objects = await renderChart({ values: { image: { digest } } });
    assert.equal(container(objects).image, `${OPERATOR_IMAGE_REPOSITORY}@${digest}`);
  });

  test('ServiceMonitor scrapes the metrics Service', async () => {
    assert.equal(ofKind(await renderChart(), 'ServiceMonitor').length, 0);
    const objects = await renderChart({ values: VALUE_SETS['two replicas with monitoring'] });
    const monitor = single(objects, 'ServiceMonitor') as Tree;
    const service = single(objects, 'Service') as Tree;
    assert.equal(monitor.metadata.labels.release, 'prometheus');
    assert.equal(monitor.spec.endpoints[0].port, service.spec.ports[0].name);
    assert.equal(monitor.spec.endpoints[0].path, '/metrics');
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels as object)) {
      assert.equal(service.metadata.labels[key], value);
    }
    assert.equal(service.spec.ports[0].targetPort, 'http');
  });
});

describe('chart uninstall hook', () => {
  const HOOK_LABEL = 'helm.sh/hook';
  const hookJob = (objects: Manifest[]): Tree => single(objects, 'Job');
  const hookPod = (objects: Manifest[]): Tree => hookJob(objects).spec.template.spec;
  const policyOf = (objects: Manifest[], hook: boolean): Tree[] =>
    ofKind(objects, 'NetworkPolicy').filter(
      (p) => (p.metadata.annotations?.[HOOK_LABEL] !== undefined) === hook,
    );
  const selects = (matchLabels: Record<string, string>, labels: Record<string, string>) =>
    Object.entries(matchLabels).every(([key, value]) => labels[key] === value);

  test('pre-delete Job runs release-finalizers', async () => {
    const objects = await renderChart();
    const job = hookJob(objects);
    assert.equal(job.metadata.annotations[HOOK_LABEL], 'pre-delete');
    assert.equal(
      job.metadata.annotations['helm.sh/hook-delete-policy'],
      'before-hook-creation,hook-succeeded',
    );
    assert.equal(job.spec.backoffLimit, 2);
    // Below Helm's default hook timeout of 300 seconds, so the Job reports its own failure.
    assert.ok(job.spec.activeDeadlineSeconds < 300, String(job.spec.activeDeadlineSeconds));
    const pod = hookPod(objects);
    assert.equal(pod.serviceAccountName, single(objects, 'ServiceAccount').metadata.name);
    assert.equal(pod.automountServiceAccountToken, true);
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(pod.containers.length, 1);
    assert.deepEqual(pod.containers[0].command, ['gdpr-jitsi']);
    assert.deepEqual(pod.containers[0].args, ['release-finalizers']);
    assert.equal(pod.containers[0].image, container(objects).image);
  });

  test('namespaced mode limits the hook', async () => {
    const pod = hookPod(await renderChart({ values: VALUE_SETS['namespaced'] }));
    assert.deepEqual(pod.containers[0].args, ['release-finalizers', '--namespaces=team-a,team-b']);
  });

  test('hook meets the restricted standard', async () => {
    for (const values of [{}, { podSecurityContext: { runAsUser: null, runAsGroup: null } }]) {
      const objects = await renderChart({ values });
      const pod = hookPod(objects);
      assert.deepEqual(pod.securityContext, podSpec(objects).securityContext);
      assert.deepEqual(pod.containers[0].securityContext, container(objects).securityContext);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
      assert.ok(pod.containers[0].resources.limits.memory, 'a memory limit');
    }
  });

  test('hook pod is outside the operator selectors', async () => {
    const objects = await renderChart({ values: { replicaCount: 2 } });
    const labels: Record<string, string> = hookJob(objects).spec.template.metadata.labels;
    const service = single(objects, 'Service') as Tree;
    assert.ok(!selects(service.spec.selector, labels), 'the metrics Service selects the hook');
    const pdb = single(objects, 'PodDisruptionBudget') as Tree;
    assert.ok(!selects(pdb.spec.selector.matchLabels, labels), 'the PDB selects the hook');
    const [operatorPolicy] = policyOf(objects, false);
    assert.ok(!selects(operatorPolicy.spec.podSelector.matchLabels, labels));
    const [hookPolicy] = policyOf(objects, true);
    assert.ok(selects(hookPolicy.spec.podSelector.matchLabels, labels));
  });

  test('hook NetworkPolicy precedes the Job', async () => {
    const objects = await renderChart();
    const [hookPolicy] = policyOf(objects, true);
    const [operatorPolicy] = policyOf(objects, false);
    assert.equal(hookPolicy.metadata.annotations[HOOK_LABEL], 'pre-delete');
    assert.ok(
      Number(hookPolicy.metadata.annotations['helm.sh/hook-weight']) <
        Number(hookJob(objects).metadata.annotations['helm.sh/hook-weight']),
      'Helm creates the policy before the Job',
    );
    assert.deepEqual(hookPolicy.spec.policyTypes, ['Ingress', 'Egress']);
    assert.equal(hookPolicy.spec.ingress, undefined);
    assert.deepEqual(hookPolicy.spec.egress, operatorPolicy.spec.egress);
  });

  test('toggle off renders no hook', async () => {
    const objects = await renderChart({ values: { uninstall: { releaseFinalizers: false } } });
    assert.equal(ofKind(objects, 'Job').length, 0);
    assert.equal(policyOf(objects, true).length, 0);
    assert.equal(policyOf(objects, false).length, 1);
  });

  test('no hook policy without NetworkPolicies', async () => {
    const objects = await renderChart({ values: { networkPolicy: { enabled: false } } });
    assert.equal(ofKind(objects, 'Job').length, 1);
    assert.equal(ofKind(objects, 'NetworkPolicy').length, 0);
  });

  test('schema rejects a string toggle', async () => {
    await assert.rejects(
      templateChart({ values: { uninstall: { releaseFinalizers: 'yes' } } }),
      (err: Error & { stderr?: string }) => {
        assert.match(err.stderr ?? err.message, /uninstall\/releaseFinalizers/);
        return true;
      },
    );
  });
});
