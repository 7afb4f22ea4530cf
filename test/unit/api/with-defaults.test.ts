import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileAjv } from '../../../src/api/ajv-schema.ts';
import { IMAGE_DEFAULTS, RESOURCE_DEFAULTS } from '../../../src/api/defaults.ts';
import { EU_EEA_REGION_VALUES } from '../../../src/api/regions.ts';
import { SPEC_SCHEMA } from '../../../src/api/schema.ts';
import type { GdprJitsiMeetSpec } from '../../../src/api/types.ts';
import { effectiveLabelKey, withDefaults } from '../../../src/api/with-defaults.ts';
import { VALID_SPECS } from '../../fixtures/invalid-specs.ts';

const MINIMAL: GdprJitsiMeetSpec = { domain: 'meet.example.eu', tls: { secretName: 'tls' } };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('withDefaults', () => {
  test('fills every default of a minimal spec', () => {
    const e = withDefaults(MINIMAL);
    assert.equal(e.residency.labelMode, 'Standard');
    assert.equal(e.residency.labelKey, 'topology.kubernetes.io/region');
    assert.deepEqual(e.residency.allowedRegions, [...EU_EEA_REGION_VALUES]);
    assert.equal(e.residency.allowAdequacyRegions, false);
    assert.equal(e.jvb.udpPort, 10000);
    assert.equal(e.ingress.mode, 'Ingress');
    assert.equal(e.retention.logs.maxAgeDays, 7);
    assert.equal(e.dataDeletionPolicy, 'Retain');
    assert.equal(e.image.pullPolicy, 'IfNotPresent');
    assert.deepEqual(e.resources, RESOURCE_DEFAULTS);
  });

  test('pins every image to the registry and stable tag', () => {
    const { refs } = withDefaults(MINIMAL).image;
    assert.equal(IMAGE_DEFAULTS.tag, 'stable-11146-2');
    assert.deepEqual(refs, {
      web: 'ghcr.io/jitsi/web:stable-11146-2',
      prosody: 'ghcr.io/jitsi/prosody:stable-11146-2',
      jicofo: 'ghcr.io/jitsi/jicofo:stable-11146-2',
      jvb: 'ghcr.io/jitsi/jvb:stable-11146-2',
    });
  });

  test('applies registry, tag and per-component overrides', () => {
    const { refs } = withDefaults({
      ...MINIMAL,
      image: {
        registry: 'registry.example.eu/jitsi',
        tag: 'stable-11031',
        overrides: {
          jvb: { repository: 'registry.example.eu/hardened/jvb' },
          web: { tag: 'custom-1' },
        },
      },
    }).image;
    assert.equal(refs.prosody, 'registry.example.eu/jitsi/prosody:stable-11031');
    assert.equal(refs.jvb, 'registry.example.eu/hardened/jvb:stable-11031');
    assert.equal(refs.web, 'registry.example.eu/jitsi/web:custom-1');
  });

  test('keeps defaults for resource values not set', () => {
    const e = withDefaults({ ...MINIMAL, resources: { jvb: { requests: { cpu: '2' } } } });
    assert.equal(e.resources.jvb.requests.cpu, '2');
    assert.equal(e.resources.jvb.requests.memory, RESOURCE_DEFAULTS.jvb.requests.memory);
    assert.equal(e.resources.web.limits.memory, RESOURCE_DEFAULTS.web.limits.memory);
  });

  test('lowers a default request to a smaller user limit', () => {
    const e = withDefaults({ ...MINIMAL, resources: { jvb: { limits: { memory: '512Mi' } } } });
    assert.equal(e.resources.jvb.requests.memory, '512Mi');
    assert.equal(e.resources.jvb.limits.memory, '512Mi');
  });

  test('raises a default limit to a larger user request', () => {
    const e = withDefaults({ ...MINIMAL, resources: { web: { requests: { cpu: '3' } } } });
    assert.equal(e.resources.web.limits.cpu, '3');
  });

  test('adds custom regions to the default list', () => {
    const e = withDefaults({
      ...MINIMAL,
      residency: { customRegions: [{ value: 'ber-dc1', country: 'DE' }] },
    });
    assert.ok(e.residency.allowedRegions.includes('ber-dc1'));
    assert.ok(e.residency.allowedRegions.includes('eu-central-1'));
  });

  test('uses an explicit region list as given, sorted', () => {
    const e = withDefaults({ ...MINIMAL, residency: { allowedRegions: ['nbg1', 'fsn1'] } });
    assert.deepEqual(e.residency.allowedRegions, ['fsn1', 'nbg1']);
  });

  test('picks the label key of the mode', () => {
    assert.equal(
      effectiveLabelKey({ labelMode: 'Restricted' }),
      'node-restriction.kubernetes.io/region',
    );
    assert.equal(
      effectiveLabelKey({
        labelMode: 'Restricted',
        labelKey: 'node-restriction.kubernetes.io/site',
      }),
      'node-restriction.kubernetes.io/site',
    );
    assert.equal(effectiveLabelKey({ labelMode: 'Custom' }), undefined);
  });

  test('rejects Custom mode without a label key', () => {
    assert.throws(
      () => withDefaults({ ...MINIMAL, residency: { labelMode: 'Custom' } }),
      /spec\.residency\.labelKey/,
    );
  });

  test('defaults the issuer kind and group', () => {
    const e = withDefaults({ domain: 'meet.example.eu', tls: { issuerRef: { name: 'le' } } });
    assert.deepEqual(e.tls, {
      issuerRef: { name: 'le', kind: 'Issuer', group: 'cert-manager.io' },
    });
  });

  test('does not change its input', () => {
    const spec = deepFreeze(
      structuredClone(VALID_SPECS.at(-1)?.spec),
    ) as unknown as GdprJitsiMeetSpec;
    const e = withDefaults(spec);
    e.scheduling.tolerations.push({ operator: 'Exists' });
    assert.equal((spec.scheduling?.tolerations ?? []).length, 3);
  });

  test('gives the same result with or without the schema defaults stored', () => {
    // Objects from the API server carry the schema defaults; files rendered offline do not.
    const defaulting = compileAjv(SPEC_SCHEMA);
    for (const row of VALID_SPECS) {
      const stored = structuredClone(row.spec);
      assert.ok(defaulting(stored), row.name);
      const spec = row.spec as unknown as GdprJitsiMeetSpec;
      assert.deepEqual(
        withDefaults(stored as unknown as GdprJitsiMeetSpec),
        withDefaults(spec),
        row.name,
      );
    }
  });
});
