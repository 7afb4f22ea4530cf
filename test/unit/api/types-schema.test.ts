import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileAjv } from '../../../src/api/ajv-schema.ts';
import { SPEC_SCHEMA } from '../../../src/api/schema.ts';
import type { SchemaNode } from '../../../src/api/schema-node.ts';
import type { GdprJitsiMeetSpec } from '../../../src/api/types.ts';

/** Every optional field made required, so the compiler demands a value for each field of types.ts. */
type DeepRequired<T> = T extends (infer U)[]
  ? DeepRequired<U>[]
  : T extends object
    ? { [K in keyof T]-?: DeepRequired<T[K]> }
    : T;

const resources = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '1', memory: '256Mi' },
};
const image = { repository: 'registry.example.eu/jitsi/x', tag: 'stable-11146-2' };

/**
 * A spec with every field of `GdprJitsiMeetSpec` set. The compiler rejects fields that types.ts
 * lacks; ajv (with additionalProperties: false) rejects fields the schema lacks. Cross-field
 * rules are not applied: the spec sets mutually exclusive fields on purpose.
 */
const FULL: DeepRequired<GdprJitsiMeetSpec> = {
  domain: 'meet.example.eu',
  image: {
    registry: 'ghcr.io/jitsi',
    tag: 'stable-11146-2',
    pullPolicy: 'IfNotPresent',
    overrides: { web: image, prosody: image, jicofo: image, jvb: image },
  },
  residency: {
    labelMode: 'Restricted',
    labelKey: 'node-restriction.kubernetes.io/region',
    allowedRegions: ['fsn1'],
    customRegions: [{ value: 'ber-dc1', country: 'DE' }],
    allowAdequacyRegions: false,
  },
  resources: { web: resources, prosody: resources, jicofo: resources, jvb: resources },
  jvb: { udpPort: 10000 },
  ingress: {
    mode: 'Ingress',
    className: 'nginx',
    annotations: { 'example.com/a': 'b' },
    gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
    controller: { namespace: 'ingress-nginx', podSelector: { matchLabels: { app: 'nginx' } } },
  },
  tls: {
    issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    secretName: 'meet-tls',
  },
  retention: { logs: { maxAgeDays: 7 }, prosodyData: { maxAgeDays: 7 } },
  monitoring: { namespace: 'monitoring' },
  scheduling: {
    tolerations: [
      { key: 'media', operator: 'Equal', value: 'x', effect: 'NoExecute', tolerationSeconds: 30 },
    ],
    nodeSelector: { 'node.example.com/media': 'true' },
    priorityClassName: 'jitsi',
    imagePullSecrets: [{ name: 'pull' }],
  },
  dataDeletionPolicy: 'Retain',
  auth: { mode: 'Internal', allowGuests: true },
  privacy: {
    peerToPeer: { enabled: true, stunServers: ['stun.example.eu:3478'] },
    logging: {
      prosody: 'Debug',
      videobridge: 'Info',
      jicofo: 'Info',
      until: '2026-09-01T18:00:00Z',
    },
    webAccessLog: true,
    recentMeetings: true,
    requireDisplayName: true,
  },
};

/** Paths of declared properties missing from `value`. */
function missingFields(node: SchemaNode, value: unknown, path: string): string[] {
  if (node.type === 'array') {
    const [first] = value as unknown[];
    return node.items ? missingFields(node.items, first, `${path}[0]`) : [];
  }
  if (!node.properties) return [];
  const record = value as Record<string, unknown>;
  return Object.entries(node.properties).flatMap(([key, child]) =>
    key in record ? missingFields(child, record[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

test('types.ts has every schema field', () => {
  assert.deepEqual(missingFields(SPEC_SCHEMA, FULL, 'spec'), []);
});

test('schema has every types.ts field', () => {
  const validate = compileAjv(SPEC_SCHEMA);
  const valid = validate(structuredClone(FULL));
  assert.ok(valid, JSON.stringify(validate.errors));
});
