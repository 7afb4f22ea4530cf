import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { validateSpec, type Issue } from '../../../src/api/validate.ts';
import {
  BASE_SPEC,
  INVALID_SPECS,
  VALID_SPECS,
  type SpecInput,
} from '../../fixtures/invalid-specs.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

/** Returns the only issue of the list and fails the test when there are more or none. */
function only(issues: Issue[]): Issue {
  assert.equal(issues.length, 1, JSON.stringify(issues));
  const [issue] = issues;
  if (issue === undefined) throw new Error('no issue');
  return issue;
}

function resource(spec: SpecInput, name = 'demo'): Record<string, unknown> {
  return { apiVersion: 'gdprmeet.io/v1alpha1', kind: 'GdprJitsiMeet', metadata: { name }, spec };
}

describe('invalid specs', () => {
  for (const row of INVALID_SPECS) {
    test(`rejects ${row.name}`, () => {
      const issues = validateSpec(resource(row.spec, row.objectName));
      const fields = issues.map((i) => i.field);
      assert.ok(fields.includes(row.field), `expected ${row.field}, got ${JSON.stringify(fields)}`);
      assert.deepEqual([...new Set(fields)], [row.field], 'the row must break one rule only');
      for (const issue of issues)
        assert.ok(issue.message.startsWith(`${issue.field}: `), issue.message);
    });
  }
});

describe('valid specs', () => {
  for (const row of VALID_SPECS) {
    test(`accepts ${row.name}`, () => {
      assert.deepEqual(validateSpec(resource(row.spec)), []);
    });
  }

  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))) {
    test(`accepts examples/${file}`, () => {
      const doc = load(readFileSync(join(EXAMPLES, file), 'utf8'));
      assert.deepEqual(validateSpec(doc), []);
    });
  }
});

describe('validateSpec', () => {
  test('does not change its input', () => {
    const input = resource({ domain: 'meet.example.eu', tls: { secretName: 'x' } });
    const before = structuredClone(input);
    validateSpec(input);
    assert.deepEqual(input, before);
  });

  test('names the value and the fix', () => {
    const issue = only(
      validateSpec(resource({ ...BASE_SPEC, residency: { allowedRegions: ['eu-west-2'] } })),
    );
    assert.equal(issue.field, 'spec.residency.allowedRegions');
    assert.deepEqual(issue.value, ['eu-west-2']);
    assert.match(issue.message, /'eu-west-2' is London, GB \(United Kingdom\)/);
    assert.match(issue.message, /set allowAdequacyRegions: true/);
  });

  test('names every offending region', () => {
    const issue = only(
      validateSpec(
        resource({ ...BASE_SPEC, residency: { allowedRegions: ['fsn1', 'foo', 'bar'] } }),
      ),
    );
    assert.match(issue.message, /allowedRegions\[1\] 'foo'/);
    assert.match(issue.message, /allowedRegions\[2\] 'bar'/);
    assert.doesNotMatch(issue.message, /fsn1/);
  });

  test('names the provider region of a custom region', () => {
    const issue = only(
      validateSpec(
        resource({
          ...BASE_SPEC,
          residency: {
            allowedRegions: ['us-east-1'],
            customRegions: [{ value: 'us-east-1', country: 'DE' }],
          },
        }),
      ),
    );
    assert.equal(issue.field, 'spec.residency.customRegions');
    assert.match(issue.message, /customRegions\[0\] 'us-east-1'/);
    assert.match(issue.message, /AWS region N\. Virginia, US \(United States\)/);
    assert.match(issue.message, /declaring it as DE does not move its nodes/);
    assert.match(issue.message, /run the instance in an EU\/EEA region such as eu-central-1/);
  });

  test('names the scheme of an unlisted provider region', () => {
    const issue = only(
      validateSpec(
        resource({
          ...BASE_SPEC,
          residency: { customRegions: [{ value: 'westus9', country: 'FR' }] },
        }),
      ),
    );
    assert.match(issue.message, /'westus9' is named like a Microsoft Azure region in the US/);
  });

  test('does not point a US region to customRegions', () => {
    const issue = only(
      validateSpec(
        resource({
          ...BASE_SPEC,
          residency: { allowedRegions: ['us-east-1'], allowAdequacyRegions: true },
        }),
      ),
    );
    assert.match(issue.message, /'us-east-1' is the AWS region N\. Virginia/);
    assert.doesNotMatch(issue.message, /customRegions/);
  });

  test('points an unknown region to customRegions', () => {
    const issue = only(
      validateSpec(resource({ ...BASE_SPEC, residency: { allowedRegions: ['fra-dc1'] } })),
    );
    assert.match(issue.message, /'fra-dc1' is not in the built-in EU\/EEA region list/);
    assert.match(issue.message, /declare its label value in customRegions/);
  });

  test('names a country code that ISO 3166-1 does not assign', () => {
    const issue = only(
      validateSpec(
        resource({
          ...BASE_SPEC,
          residency: { customRegions: [{ value: 'dc-1', country: 'XX' }] },
        }),
      ),
    );
    assert.match(issue.message, /'XX', which is not an ISO 3166-1 alpha-2 country code/);
    assert.doesNotMatch(issue.message, /neither in the EU\/EEA/);
  });

  test('names a quantity above its maximum', () => {
    const issue = only(
      validateSpec(
        resource({ ...BASE_SPEC, resources: { jvb: { limits: { memory: '999999999Ei' } } } }),
      ),
    );
    assert.equal(issue.field, 'spec.resources.jvb.limits.memory');
    assert.equal(issue.value, '999999999Ei');
    assert.match(issue.message, /memory '999999999Ei' exceeds the maximum of 1Ti/);
  });

  test('reports a missing field as required', () => {
    const issue = only(validateSpec(resource({ tls: { secretName: 'x' } })));
    assert.equal(issue.field, 'spec.domain');
    assert.equal(issue.value, undefined);
    assert.match(issue.message, /required/);
  });

  test('names a map entry by its key', () => {
    const issues = validateSpec(
      resource({ ...BASE_SPEC, ingress: { annotations: { 'example.com/x': 1 } } }),
    );
    assert.deepEqual(
      issues.map((i) => i.field),
      ['spec.ingress.annotations[example.com/x]'],
    );
  });

  test('skips cross-field rules after a blocking schema error', () => {
    // The API server skips CEL after enum, required, type and size errors; the tls rule would fire.
    const issues = validateSpec(
      resource({ domain: 'meet.example.eu', dataDeletionPolicy: 'Purge' }),
    );
    assert.deepEqual(
      issues.map((i) => i.field),
      ['spec.dataDeletionPolicy'],
    );
  });

  test('runs cross-field rules after a pattern error', () => {
    const issues = validateSpec(resource({ domain: 'Meet.example.eu' }));
    assert.deepEqual(
      issues.map((i) => i.field),
      ['spec.domain', 'spec.tls'],
    );
  });

  test('applies schema defaults before the rules', () => {
    // ingress.mode defaults to Ingress, which needs a certificate.
    assert.deepEqual(
      validateSpec(resource({ domain: 'meet.example.eu' })).map((i) => i.field),
      ['spec.tls'],
    );
  });

  test('ignores status and unknown metadata', () => {
    const doc = {
      ...resource(BASE_SPEC),
      metadata: { name: 'demo', namespace: 'jitsi', uid: 'u', managedFields: [{}] },
      status: { anything: true, conditions: [{ type: 'Ready' }] },
    };
    assert.deepEqual(validateSpec(doc), []);
  });
});
