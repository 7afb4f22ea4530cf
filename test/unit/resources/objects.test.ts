/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- assertions walk built objects, which are untyped mappings */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildObjectsFromConfig } from '../../../src/resources/build.ts';
import { LABELS } from '../../../src/resources/labels.ts';
import { buildInput, effectiveSpec, renderedConfig } from './fixtures.ts';
import { find, podTemplates, type Tree } from './helpers.ts';

const build = (spec = effectiveSpec()) =>
  buildObjectsFromConfig(buildInput({ spec }), renderedConfig());

describe('built objects', () => {
  it('lists every child in kind and name order', () => {
    const list = build().map((o) => `${o.kind}/${o.metadata.name}`);
    assert.deepEqual(list, [
      'NetworkPolicy/basic-default-deny',
      'NetworkPolicy/basic-dns',
      'NetworkPolicy/basic-jicofo',
      'NetworkPolicy/basic-jvb',
      'NetworkPolicy/basic-prosody',
      'NetworkPolicy/basic-web',
      'ServiceAccount/basic-jitsi',
      'ConfigMap/basic-jicofo-config',
      'ConfigMap/basic-jvb-config',
      'ConfigMap/basic-prosody-config',
      'ConfigMap/basic-web-config',
      'Service/basic-jicofo',
      'Service/basic-jicofo-headless',
      'Service/basic-jvb',
      'Service/basic-jvb-headless',
      'Service/basic-prosody',
      'Service/basic-prosody-headless',
      'Service/basic-web',
      'Deployment/basic-web',
      'StatefulSet/basic-jicofo',
      'StatefulSet/basic-jvb',
      'StatefulSet/basic-prosody',
      'CronJob/basic-retention-prosody',
      'Ingress/basic-web',
    ]);
  });

  it('gives every object the controller owner reference', () => {
    for (const object of build()) {
      assert.deepEqual(
        object.metadata.ownerReferences,
        [
          {
            apiVersion: 'gdprmeet.io/v1alpha1',
            kind: 'GdprJitsiMeet',
            name: 'basic',
            uid: '4f1d2c3b-0000-4000-8000-000000000001',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        `${object.kind}/${object.metadata.name}`,
      );
      assert.equal(object.metadata.namespace, 'jitsi');
    }
  });

  it('leaves out owners without a uid', () => {
    const input = buildInput({ instance: { name: 'basic', namespace: 'jitsi', uid: '' } });
    for (const object of buildObjectsFromConfig(input, renderedConfig())) {
      assert.equal(object.metadata.ownerReferences, undefined, object.metadata.name);
    }
  });

  it('labels objects without Argo CD tracking', () => {
    for (const object of build()) {
      const labels = object.metadata.labels ?? {};
      const where = `${object.kind}/${object.metadata.name}`;
      assert.equal(labels[LABELS.instance], 'basic', where);
      assert.equal(labels['app.kubernetes.io/name'], 'jitsi-meet', where);
      assert.equal(labels['app.kubernetes.io/managed-by'], 'gdpr-jitsi-operator', where);
      assert.equal(labels['app.kubernetes.io/part-of'], 'gdpr-jitsi-meet', where);
      assert.equal(labels['app.kubernetes.io/instance'], undefined, where);
      assert.equal(labels[LABELS.operatorVersion], '0.1.0', where);
    }
  });

  it('keeps operator version out of templates', () => {
    const text = JSON.stringify(
      build().flatMap((o) => [
        (o as Tree)['spec']?.['template'],
        (o as Tree)['spec']?.['volumeClaimTemplates'],
      ]),
    );
    assert.ok(!text.includes(LABELS.operatorVersion));
  });

  it('selects pods by name, instance and component only', () => {
    for (const workload of build().filter(
      (o) => o.kind === 'Deployment' || o.kind === 'StatefulSet',
    )) {
      const component = workload.metadata.labels?.[LABELS.component];
      assert.deepEqual((workload as Tree)['spec']['selector'], {
        matchLabels: {
          'app.kubernetes.io/component': component,
          'app.kubernetes.io/name': 'jitsi-meet',
          [LABELS.instance]: 'basic',
        },
      });
    }
  });

  it('creates a service account without a token', () => {
    const sa = find(build(), 'ServiceAccount', 'basic-jitsi');
    assert.equal(sa['automountServiceAccountToken'], false);
  });

  it('stores rendered files in the component ConfigMap', () => {
    assert.deepEqual(find(build(), 'ConfigMap', 'basic-prosody-config')['data'], {
      'extra.cfg.lua': '-- extra\n',
    });
  });

  const servicePorts = [
    { name: 'basic-web', ports: [['http', 8000, 'TCP']] },
    {
      name: 'basic-prosody',
      ports: [
        ['xmpp-c2s', 5222, 'TCP'],
        ['http', 5280, 'TCP'],
        ['xmpp-component', 5347, 'TCP'],
      ],
    },
    { name: 'basic-jicofo', ports: [['http', 8888, 'TCP']] },
    {
      name: 'basic-jvb',
      ports: [
        ['media', 10000, 'UDP'],
        ['http', 8080, 'TCP'],
      ],
    },
  ];
  for (const c of servicePorts) {
    it(`publishes the ports of ${c.name}`, () => {
      const service = find(build(), 'Service', c.name);
      assert.equal(service['spec']['type'], 'ClusterIP');
      const ports = (service['spec']['ports'] as Tree[]).map((p) => [
        p['name'],
        p['port'],
        p['protocol'],
      ]);
      assert.deepEqual(ports, c.ports);
      for (const p of service['spec']['ports'] as Tree[]) assert.equal(p['targetPort'], p['name']);
    });
  }

  it('uses the configured UDP port for media', () => {
    const objects = build(effectiveSpec({ jvb: { udpPort: 31000 } }));
    const media = (find(objects, 'Service', 'basic-jvb')['spec']['ports'] as Tree[])[0];
    assert.deepEqual(media, { name: 'media', port: 31000, targetPort: 'media', protocol: 'UDP' });
    const container = find(objects, 'StatefulSet', 'basic-jvb')['spec']['template']['spec'][
      'containers'
    ][0];
    assert.deepEqual((container['ports'] as Tree[])[1], {
      name: 'media',
      containerPort: 31000,
      protocol: 'UDP',
    });
  });

  it('names a headless Service for every StatefulSet', () => {
    const objects = build();
    for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
      const serviceName = String((sts as Tree)['spec']['serviceName']);
      const headless = find(objects, 'Service', serviceName);
      assert.equal(headless['spec']['clusterIP'], 'None', serviceName);
      assert.deepEqual(
        headless['spec']['selector'],
        (sts as Tree)['spec']['selector']['matchLabels'],
      );
    }
  });

  it('runs one replica of each workload', () => {
    for (const [name] of podTemplates(build())) {
      const workload = build().find(
        (o) => o.metadata.name === name && (o.kind === 'Deployment' || o.kind === 'StatefulSet'),
      ) as Tree;
      assert.equal(workload['spec']['replicas'], 1, name);
    }
  });

  it('claims 1Gi without a storage class', () => {
    const sts = find(build(), 'StatefulSet', 'basic-prosody');
    const [claim] = sts['spec']['volumeClaimTemplates'] as Tree[];
    assert.deepEqual(claim?.['spec'], {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    assert.equal(claim['metadata']['name'], 'data');
  });

  const retention = [
    { policy: 'Retain' as const, whenDeleted: 'Retain' },
    { policy: 'Delete' as const, whenDeleted: 'Delete' },
  ];
  for (const c of retention) {
    it(`maps dataDeletionPolicy ${c.policy} to retention`, () => {
      const sts = find(
        build(effectiveSpec({ dataDeletionPolicy: c.policy })),
        'StatefulSet',
        'basic-prosody',
      );
      assert.deepEqual(sts['spec']['persistentVolumeClaimRetentionPolicy'], {
        whenDeleted: c.whenDeleted,
        whenScaled: 'Retain',
      });
    });
  }

  it('produces the same objects for the same input', () => {
    assert.equal(JSON.stringify(build()), JSON.stringify(build()));
  });
});

describe('routing', () => {
  it('routes the domain to the web Service over TLS', () => {
    const ingress = find(build(), 'Ingress', 'basic-web');
    assert.equal(ingress['apiVersion'], 'networking.k8s.io/v1');
    assert.equal(ingress['spec']['ingressClassName'], 'nginx');
    assert.deepEqual(ingress['spec']['tls'], [
      { hosts: ['meet.example.eu'], secretName: 'basic-web-tls' },
    ]);
    assert.deepEqual(ingress['spec']['rules'][0], {
      host: 'meet.example.eu',
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: 'basic-web', port: { name: 'http' } } },
          },
        ],
      },
    });
  });

  it('sets websocket timeouts and the cluster issuer', () => {
    const annotations = find(build(), 'Ingress', 'basic-web')['metadata']['annotations'];
    assert.deepEqual(annotations, {
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
    });
  });

  const issuers = [
    {
      name: 'namespaced issuer',
      ref: { name: 'ca' },
      expected: { 'cert-manager.io/issuer': 'ca' },
    },
    {
      name: 'external issuer',
      ref: {
        name: 'pca',
        kind: 'AWSPCAClusterIssuer' as 'Issuer',
        group: 'awspca.cert-manager.io',
      },
      expected: {
        'cert-manager.io/issuer': 'pca',
        'cert-manager.io/issuer-group': 'awspca.cert-manager.io',
        'cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer',
      },
    },
  ];
  for (const c of issuers) {
    it(`annotates for a ${c.name}`, () => {
      const annotations = find(
        build(effectiveSpec({ tls: { issuerRef: c.ref } })),
        'Ingress',
        'basic-web',
      )['metadata']['annotations'] as Record<string, string>;
      for (const [key, value] of Object.entries(c.expected))
        assert.equal(annotations[key], value, key);
      assert.equal(annotations['cert-manager.io/cluster-issuer'], undefined);
    });
  }

  it('uses a given TLS secret without cert-manager', () => {
    const ingress = find(
      build(effectiveSpec({ tls: { secretName: 'meet-cert' } })),
      'Ingress',
      'basic-web',
    );
    assert.deepEqual(ingress['spec']['tls'], [
      { hosts: ['meet.example.eu'], secretName: 'meet-cert' },
    ]);
    const keys = Object.keys(ingress['metadata']['annotations'] as object);
    assert.ok(keys.every((k) => !k.startsWith('cert-manager.io/')));
  });

  it('lets user annotations override the timeouts', () => {
    const base = effectiveSpec();
    const spec = effectiveSpec({
      ingress: {
        ...base.ingress,
        annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '7200' },
      },
    });
    const annotations = find(build(spec), 'Ingress', 'basic-web')['metadata']['annotations'];
    assert.equal(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'], '7200');
  });

  it('attaches an HTTPRoute to the gateway', () => {
    const spec = effectiveSpec({
      ingress: {
        mode: 'HTTPRoute',
        annotations: {},
        controller: {},
        gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
      },
    });
    const objects = build(spec);
    assert.equal(objects.filter((o) => o.kind === 'Ingress').length, 0);
    const route = find(objects, 'HTTPRoute', 'basic-web');
    assert.equal(route['apiVersion'], 'gateway.networking.k8s.io/v1');
    assert.deepEqual(route['spec'], {
      hostnames: ['meet.example.eu'],
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'public',
          namespace: 'gateways',
          sectionName: 'https',
        },
      ],
      rules: [
        {
          backendRefs: [{ name: 'basic-web', port: 8000 }],
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        },
      ],
    });
  });

  it('rejects HTTPRoute mode without a gateway', () => {
    const spec = effectiveSpec({ ingress: { mode: 'HTTPRoute', annotations: {}, controller: {} } });
    assert.throws(() => build(spec), /spec\.ingress\.gateway is not set/);
  });

  it('builds no route in mode None', () => {
    const spec = effectiveSpec({ ingress: { mode: 'None', annotations: {}, controller: {} } });
    const kinds = build(spec).map((o) => o.kind);
    assert.ok(!kinds.includes('Ingress'));
    assert.ok(!kinds.includes('HTTPRoute'));
  });
});
