/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- assertions walk built objects, which are untyped mappings */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EffectiveSpec } from '../../../src/api/types.ts';
import { canonicalize } from '../../../src/resources/canonical.ts';
import { instanceSelector, LABELS } from '../../../src/resources/labels.ts';
import {
  buildNetworkPolicies,
  ingressControllerPeers,
} from '../../../src/resources/network-policies.ts';
import type { Tree } from '../resources/helpers.ts';
import { effectiveSpec } from '../resources/fixtures.ts';

function build(overrides: Partial<EffectiveSpec> = {}, uid = 'uid-1'): Tree[] {
  const input = {
    instance: { name: 'meet', namespace: 'jitsi', uid },
    spec: effectiveSpec(overrides),
    operator: { version: '0.1.0' },
  };
  return buildNetworkPolicies(input).map((o) => canonicalize(o) as Tree);
}

function byName(policies: Tree[], name: string): Tree {
  const found = policies.find((p) => p['metadata']['name'] === name);
  assert.ok(found, `no NetworkPolicy ${name}`);
  return found;
}

describe('network policies', () => {
  it('builds one policy per flow group', () => {
    const names = build().map((p) => p['metadata']['name'] as string);
    assert.deepEqual(names, [
      'meet-default-deny',
      'meet-dns',
      'meet-web',
      'meet-prosody',
      'meet-jicofo',
      'meet-jvb',
    ]);
  });

  it('denies both directions for the whole instance', () => {
    const deny = byName(build(), 'meet-default-deny');
    assert.deepEqual(deny['spec'], {
      podSelector: { matchLabels: instanceSelector('meet') },
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it('keeps a peer list in every rule', () => {
    for (const policy of build()) {
      for (const rule of (policy['spec']['ingress'] as Tree[] | undefined) ?? []) {
        assert.ok(
          Array.isArray(rule['from']) && rule['from'].length > 0,
          policy['metadata']['name'],
        );
        for (const peer of rule['from'] as Tree[]) assert.ok(Object.keys(peer).length > 0);
      }
      for (const rule of (policy['spec']['egress'] as Tree[] | undefined) ?? []) {
        assert.ok(Array.isArray(rule['to']), policy['metadata']['name']);
        assert.ok(rule['to'].length > 0, policy['metadata']['name']);
        for (const peer of rule['to'] as Tree[]) assert.ok(Object.keys(peer).length > 0);
      }
    }
  });

  it('labels and owns every policy', () => {
    for (const policy of build()) {
      const metadata = policy['metadata'] as Tree;
      assert.equal(metadata['namespace'], 'jitsi');
      assert.equal(metadata['labels'][LABELS.instance], 'meet');
      assert.equal(metadata['ownerReferences'][0]['uid'], 'uid-1');
    }
  });

  it('leaves out owner references without a uid', () => {
    for (const policy of build({}, ''))
      assert.equal(policy['metadata']['ownerReferences'], undefined);
  });

  it('builds the same bytes twice', () => {
    assert.equal(JSON.stringify(build()), JSON.stringify(build()));
  });

  it('admits media on the configured UDP port', () => {
    const jvb = byName(build({ jvb: { udpPort: 20000 } }), 'meet-jvb');
    const media = (jvb['spec']['ingress'] as Tree[])[0] as Tree;
    assert.deepEqual(media['ports'], [{ port: 20000, protocol: 'UDP' }]);
    assert.deepEqual(media['from'], [
      { ipBlock: { cidr: '0.0.0.0/0' } },
      { ipBlock: { cidr: '::/0' } },
    ]);
  });

  it('isolates only the directions with rules', () => {
    const policies = build();
    assert.deepEqual(byName(policies, 'meet-prosody')['spec']['policyTypes'], ['Ingress']);
    assert.deepEqual(byName(policies, 'meet-jicofo')['spec']['policyTypes'], ['Egress']);
    assert.deepEqual(byName(policies, 'meet-dns')['spec']['policyTypes'], ['Egress']);
  });

  it('opens metrics ports only with a monitoring namespace', () => {
    const without = byName(build(), 'meet-jicofo');
    assert.equal(without['spec']['ingress'], undefined);
    const withNs = byName(build({ monitoring: { namespace: 'monitoring' } }), 'meet-jicofo');
    assert.deepEqual(withNs['spec']['ingress'], [
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
        ],
        ports: [{ port: 8888, protocol: 'TCP' }],
      },
    ]);
  });
});

describe('ingress controller peers', () => {
  const labels = { 'app.kubernetes.io/name': 'ingress-nginx' };
  const byNamespace = { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } };
  const everyNamespace = {
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }],
  };
  const rows = [
    {
      name: 'namespace and labels',
      controller: { namespace: 'ingress-nginx', podSelector: { matchLabels: labels } },
      peers: [{ namespaceSelector: byNamespace, podSelector: { matchLabels: labels } }],
    },
    {
      name: 'namespace only',
      controller: { namespace: 'ingress-nginx' },
      peers: [{ namespaceSelector: byNamespace }],
    },
    {
      name: 'labels only',
      controller: { podSelector: { matchLabels: labels } },
      peers: [{ namespaceSelector: everyNamespace, podSelector: { matchLabels: labels } }],
    },
    { name: 'neither', controller: {}, peers: [{ namespaceSelector: everyNamespace }] },
    {
      name: 'empty labels',
      controller: { namespace: 'ingress-nginx', podSelector: { matchLabels: {} } },
      peers: [{ namespaceSelector: byNamespace }],
    },
  ];
  for (const row of rows) {
    it(`selects peers for ${row.name}`, () => {
      assert.deepEqual(ingressControllerPeers(row.controller), row.peers);
    });
  }
});
