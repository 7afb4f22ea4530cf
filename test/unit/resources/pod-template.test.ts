/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- assertions walk built objects, which are untyped mappings */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildObjectsFromConfig } from '../../../src/resources/build.ts';
import { IMAGE_FACTS } from '../../../src/resources/image-facts.ts';
import { buildInput, effectiveSpec, renderedConfig } from './fixtures.ts';
import { allContainers, find, podTemplates, type Tree } from './helpers.ts';

const COMPONENT_OF: Record<string, 'web' | 'prosody' | 'jicofo' | 'jvb'> = {
  'basic-web': 'web',
  'basic-prosody': 'prosody',
  'basic-jicofo': 'jicofo',
  'basic-jvb': 'jvb',
};

function build(spec = effectiveSpec(), rendered = renderedConfig()) {
  return buildObjectsFromConfig(buildInput({ spec }), rendered);
}

function terms(template: Tree): Tree[] {
  return template['spec']['affinity']['nodeAffinity'][
    'requiredDuringSchedulingIgnoredDuringExecution'
  ]['nodeSelectorTerms'] as Tree[];
}

describe('pod templates', () => {
  it('builds one template per component', () => {
    const names = podTemplates(build())
      .map(([name]) => name)
      .sort();
    assert.deepEqual(names, ['basic-jicofo', 'basic-jvb', 'basic-prosody', 'basic-web']);
  });

  const regionCases = [
    {
      name: 'two regions, unsorted',
      regions: ['eu-west-1', 'eu-central-1'],
      expected: ['eu-central-1', 'eu-west-1'],
    },
    { name: 'one region', regions: ['eu-north-1'], expected: ['eu-north-1'] },
    { name: 'duplicates', regions: ['fr-par', 'de-fra', 'fr-par'], expected: ['de-fra', 'fr-par'] },
  ];
  for (const c of regionCases) {
    it(`requires the allowed regions on every pod (${c.name})`, () => {
      const base = effectiveSpec();
      const spec = effectiveSpec({
        residency: {
          ...base.residency,
          labelKey: 'node-restriction.kubernetes.io/region',
          allowedRegions: c.regions,
        },
      });
      for (const [name, template] of podTemplates(build(spec))) {
        const selectorTerms = terms(template);
        assert.equal(selectorTerms.length, 1, `${name}: exactly one node selector term`);
        assert.deepEqual(
          selectorTerms[0]?.['matchExpressions'],
          [{ key: 'node-restriction.kubernetes.io/region', operator: 'In', values: c.expected }],
          name,
        );
      }
    });
  }

  it('ANDs the node selector into the residency term', () => {
    const spec = effectiveSpec({
      scheduling: {
        tolerations: [],
        nodeSelector: { 'pool.example.eu/media': 'true', 'disk.example.eu/class': 'ssd' },
        imagePullSecrets: [],
      },
    });
    for (const [name, template] of podTemplates(build(spec))) {
      const selectorTerms = terms(template);
      assert.equal(selectorTerms.length, 1, `${name}: no second, ORed term`);
      assert.deepEqual(selectorTerms[0]?.['matchExpressions'], [
        {
          key: 'topology.kubernetes.io/region',
          operator: 'In',
          values: ['eu-central-1', 'eu-west-1'],
        },
        { key: 'disk.example.eu/class', operator: 'In', values: ['ssd'] },
        { key: 'pool.example.eu/media', operator: 'In', values: ['true'] },
      ]);
      assert.equal(
        template['spec']['nodeSelector'],
        undefined,
        `${name}: no separate nodeSelector`,
      );
    }
  });

  it('keeps residency beside tolerations', () => {
    const spec = effectiveSpec({
      scheduling: {
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'jitsi', effect: 'NoSchedule' },
        ],
        nodeSelector: {},
        priorityClassName: 'meetings',
        imagePullSecrets: [{ name: 'registry-eu' }],
      },
    });
    for (const [name, template] of podTemplates(build(spec))) {
      const podSpec = template['spec'] as Tree;
      assert.deepEqual(podSpec['tolerations'], [
        { key: 'dedicated', operator: 'Equal', value: 'jitsi', effect: 'NoSchedule' },
      ]);
      assert.equal(podSpec['priorityClassName'], 'meetings', name);
      assert.deepEqual(podSpec['imagePullSecrets'], [{ name: 'registry-eu' }], name);
      assert.equal(terms(template).length, 1, name);
    }
  });

  it('rejects an empty region list', () => {
    const base = effectiveSpec();
    const spec = effectiveSpec({ residency: { ...base.residency, allowedRegions: [] } });
    assert.throws(() => build(spec), /spec\.residency\.allowedRegions is empty/);
  });

  it('applies restricted security to every pod and container', () => {
    for (const [name, template] of podTemplates(build())) {
      const podSpec = template['spec'] as Tree;
      assert.deepEqual(
        podSpec['securityContext'],
        {
          fsGroup: 1000,
          fsGroupChangePolicy: 'OnRootMismatch',
          runAsGroup: 1000,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        name,
      );
      for (const container of allContainers(podSpec)) {
        const where = `${name}/${String(container['name'])}`;
        const sc = container['securityContext'] as Tree;
        assert.equal(sc['allowPrivilegeEscalation'], false, where);
        assert.deepEqual(sc['capabilities'], { drop: ['ALL'] }, where);
        assert.equal(sc['privileged'], false, where);
        assert.equal(sc['readOnlyRootFilesystem'], true, where);
        assert.equal(sc['runAsNonRoot'], true, where);
        assert.equal(sc['runAsUser'], 1000, where);
        assert.deepEqual(sc['seccompProfile'], { type: 'RuntimeDefault' }, where);
      }
    }
  });

  it('mounts writable emptyDirs for /config, /run and /tmp', () => {
    for (const [name, template] of podTemplates(build())) {
      const podSpec = template['spec'] as Tree;
      const container = (podSpec['containers'] as Tree[])[0] as Tree;
      const mounts = new Map(
        (container['volumeMounts'] as Tree[]).map((m) => [m['mountPath'], m['name']]),
      );
      const emptyDirs = new Set(
        (podSpec['volumes'] as Tree[])
          .filter((v) => v['emptyDir'] !== undefined)
          .map((v) => v['name']),
      );
      for (const path of ['/config', '/run', '/tmp']) {
        assert.ok(emptyDirs.has(mounts.get(path)), `${name}: ${path} is an emptyDir`);
      }
      const env = (container['env'] as Tree[]).find((e) => e['name'] === 'S6_READ_ONLY_ROOT');
      assert.equal(env?.['value'], '1', name);
    }
  });

  it('mounts the prepared prosody data directory', () => {
    const template = find(build(), 'StatefulSet', 'basic-prosody')['spec']['template'] as Tree;
    const init =
      (template['spec']['initContainers'] as Tree[])[0] ??
      assert.fail('prosody has no init container');
    assert.deepEqual(init['command'], ['mkdir', '-p', '-m', '0750', '/mnt/prosody-volume/prosody']);
    assert.equal(init['image'], 'ghcr.io/jitsi/prosody:stable-11146-2');
    const mount = (template['spec']['containers'][0]['volumeMounts'] as Tree[]).find(
      (m) => m['mountPath'] === '/var/lib/prosody',
    );
    assert.deepEqual(mount, { name: 'data', mountPath: '/var/lib/prosody', subPath: 'prosody' });
  });

  it('mounts no service account token', () => {
    for (const [name, template] of podTemplates(build())) {
      assert.equal(template['spec']['automountServiceAccountToken'], false, name);
      assert.equal(template['spec']['serviceAccountName'], 'basic-jitsi', name);
    }
  });

  it('probes the health endpoints from the image facts', () => {
    for (const [name, template] of podTemplates(build())) {
      const component = COMPONENT_OF[name] ?? assert.fail(`unexpected workload ${name}`);
      const health = IMAGE_FACTS[component].health;
      const container = template['spec']['containers'][0] as Tree;
      const port = (container['ports'] as Tree[]).find((p) => p['name'] === health.port);
      assert.ok(port, `${name}: probe port ${health.port} is declared`);
      const httpGet = { path: health.path, port: health.port };
      assert.deepEqual(container['readinessProbe']['httpGet'], httpGet, `${name} readiness`);
      if (health.livenessTcpOnly === true) {
        assert.deepEqual(container['livenessProbe']['tcpSocket'], { port: health.port }, name);
        assert.equal(container['livenessProbe']['httpGet'], undefined, name);
      } else {
        assert.deepEqual(container['livenessProbe']['httpGet'], httpGet, `${name} liveness`);
      }
      assert.equal(
        container['startupProbe'] !== undefined,
        health.slowStart,
        `${name} startup probe`,
      );
    }
  });

  it('checks jicofo liveness by TCP only', () => {
    const objects = buildObjectsFromConfig(buildInput(), renderedConfig());
    const container = find(objects, 'StatefulSet', 'basic-jicofo')['spec']['template']['spec'][
      'containers'
    ][0] as Tree;
    assert.deepEqual(container['livenessProbe']['tcpSocket'], { port: 'http' });
    assert.deepEqual(container['readinessProbe']['httpGet'], {
      path: '/about/health',
      port: 'http',
    });
  });

  it('serves each probe on the documented port', () => {
    const expected = { web: 8000, prosody: 5280, jicofo: 8888, jvb: 8080 };
    for (const [name, template] of podTemplates(build())) {
      const component = COMPONENT_OF[name] ?? assert.fail(`unexpected workload ${name}`);
      const container = template['spec']['containers'][0] as Tree;
      const port = (container['ports'] as Tree[]).find((p) => p['name'] === 'http');
      assert.equal(port?.['containerPort'], expected[component], name);
    }
  });

  it('rejects a jicofo configuration without REST', () => {
    const rendered = renderedConfig();
    rendered.jicofo.env = { XMPP_SERVER: 'basic-prosody.jitsi.svc' };
    assert.throws(() => build(effectiveSpec(), rendered), /JICOFO_ENABLE_REST/);
  });

  it('sorts env with Secret references', () => {
    const container = find(build(), 'StatefulSet', 'basic-jvb')['spec']['template']['spec'][
      'containers'
    ][0] as Tree;
    const env = container['env'] as Tree[];
    const names = env.map((e) => String(e['name']));
    assert.deepEqual(names, [...names].sort());
    assert.deepEqual(
      env.find((e) => e['name'] === 'JVB_AUTH_PASSWORD'),
      {
        name: 'JVB_AUTH_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'basic-credentials', key: 'jvb-auth-password' } },
      },
    );
    assert.deepEqual(
      env.find((e) => e['name'] === 'VIDEOBRIDGE_MAX_MEMORY'),
      {
        name: 'VIDEOBRIDGE_MAX_MEMORY',
        value: '768m',
      },
    );
  });

  it('rejects an environment variable defined twice', () => {
    const rendered = renderedConfig();
    rendered.web.secretEnv = { PUBLIC_URL: 'jvb-auth-password' };
    assert.throws(() => build(effectiveSpec(), rendered), /PUBLIC_URL of web is defined twice/);
  });

  it('rejects a variable the builder owns', () => {
    const rendered = renderedConfig();
    rendered.jicofo.env['JICOFO_MAX_MEMORY'] = '3072m';
    assert.throws(
      () => build(effectiveSpec(), rendered),
      /JICOFO_MAX_MEMORY of jicofo is defined twice/,
    );
  });

  it('rejects a Secret key the writer never creates', () => {
    const rendered = renderedConfig();
    rendered.prosody.secretEnv = { JWT_APP_SECRET: 'jwt-secret' };
    assert.throws(() => build(effectiveSpec(), rendered), /Secret key "jwt-secret"/);
  });

  it('rejects two files at one path', () => {
    const rendered = renderedConfig();
    rendered.web.files.push({
      key: 'other.js',
      mountPath: '/config/custom-config.js',
      content: '',
    });
    assert.throws(() => build(effectiveSpec(), rendered), /already mounted/);
  });

  it('rejects a file over a writable directory', () => {
    const rendered = renderedConfig();
    rendered.jvb.files = [{ key: 'x', mountPath: '/tmp', content: '' }];
    assert.throws(() => build(effectiveSpec(), rendered), /already mounted/);
  });

  it('rejects a file over prosody data', () => {
    const rendered = renderedConfig();
    rendered.prosody.files = [{ key: 'x', mountPath: '/var/lib/prosody', content: '' }];
    assert.throws(() => build(effectiveSpec(), rendered), /already mounted/);
  });

  it('mounts each rendered file read-only from the ConfigMap', () => {
    const template = find(build(), 'Deployment', 'basic-web')['spec']['template'] as Tree;
    const mount = (template['spec']['containers'][0]['volumeMounts'] as Tree[]).find(
      (m) => m['mountPath'] === '/config/custom-config.js',
    );
    assert.deepEqual(mount, {
      name: 'jitsi-config',
      mountPath: '/config/custom-config.js',
      subPath: 'custom-config.js',
      readOnly: true,
    });
    const volume = (template['spec']['volumes'] as Tree[]).find(
      (v) => v['name'] === 'jitsi-config',
    );
    assert.deepEqual(volume, { name: 'jitsi-config', configMap: { name: 'basic-web-config' } });
  });

  it('takes resources from the spec', () => {
    const container = find(build(), 'StatefulSet', 'basic-jicofo')['spec']['template']['spec'][
      'containers'
    ][0] as Tree;
    assert.deepEqual(container['resources'], {
      requests: { cpu: '200m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
  });
});
