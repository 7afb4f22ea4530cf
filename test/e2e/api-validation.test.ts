/**
 * Runs the invalid-spec table through the real API server with server-side dry-run, so the CEL
 * rules and schema of the generated CRD are checked by the component that enforces them. The
 * offline validator runs the same table in test/unit/api/validate.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { CRD_NAME } from '../../src/api/crd.ts';
import { API_GROUP, API_VERSION, KIND, PLURAL } from '../../src/api/types.ts';
import { INVALID_SPECS, VALID_SPECS, type SpecInput } from '../fixtures/invalid-specs.ts';
import { ensureCluster, waitFor, withTestNamespace } from '../helpers/cluster.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

/** The `Status` body of a rejected request, as far as the test reads it. */
interface Status {
  code?: number;
  message?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

type Outcome =
  { accepted: true } | { accepted: false; code: number; fields: string[]; message: string };

function parseStatus(body: unknown): Status {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as Status;
    } catch {
      return { message: body };
    }
  }
  if (body === null || typeof body !== 'object') return {};
  return body;
}

/**
 * Fields the API server names: the causes of a validation error, plus the fields of a strict
 * decoding error, which appear only in the message (`unknown field "spec.x"`).
 */
function namedFields(status: Status): string[] {
  const fromCauses = (status.details?.causes ?? []).map((c) => c.field ?? '');
  const fromMessage = [...(status.message ?? '').matchAll(/unknown field "([^"]+)"/gu)].map(
    (m) => m[1] ?? '',
  );
  return [...fromCauses, ...fromMessage].filter((f) => f !== '');
}

describe('API server validation of GdprJitsiMeet', { timeout: 5 * 60_000 }, () => {
  let api: CustomObjectsApi;
  let namespace: string;
  let cleanup: (() => Promise<void>) | undefined;
  let kubectl: (args: string[]) => Promise<string>;

  const dryRunCreate = async (spec: unknown, name = 'demo'): Promise<Outcome> => {
    const body = {
      apiVersion: `${API_GROUP}/${API_VERSION}`,
      kind: KIND,
      metadata: { name, namespace },
      spec,
    };
    try {
      await api.createNamespacedCustomObject({
        group: API_GROUP,
        version: API_VERSION,
        namespace,
        plural: PLURAL,
        body,
        dryRun: 'All',
        fieldValidation: 'Strict',
      });
      return { accepted: true };
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      const status = parseStatus(error.body);
      return {
        accepted: false,
        code: error.code,
        fields: namedFields(status),
        message: status.message ?? '',
      };
    }
  };

  before(async () => {
    const cluster = await ensureCluster();
    kubectl = (args) => cluster.kubectl(args);
    // The cluster may hold the CRD from a Helm install. This test checks the CRD of the working
    // tree, so it takes over the fields Helm manages.
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(ROOT, 'crds')]);
    await kubectl(['wait', '--for=condition=Established', `crd/${CRD_NAME}`, '--timeout=60s']);
    const ns = await withTestNamespace('api-validation');
    namespace = ns.name;
    cleanup = ns.cleanup;
    api = cluster.kubeconfig.makeApiClient(CustomObjectsApi);
  });

  after(async () => {
    await cleanup?.();
  });

  describe('rejects invalid specs', () => {
    for (const row of INVALID_SPECS) {
      test(row.name, async () => {
        const outcome = await dryRunCreate(row.spec, row.objectName);
        assert.equal(outcome.accepted, false, `accepted: ${JSON.stringify(row.spec)}`);
        assert.ok(
          outcome.fields.includes(row.field),
          `expected ${row.field}, API server named ${JSON.stringify(outcome.fields)}: ${outcome.message}`,
        );
      });
    }
  });

  describe('accepts valid specs', () => {
    const valid: { name: string; spec: SpecInput; objectName?: string }[] = [...VALID_SPECS];
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))) {
      const doc = load(readFileSync(join(EXAMPLES, file), 'utf8')) as {
        metadata: { name: string };
        spec: SpecInput;
      };
      valid.push({ name: `examples/${file}`, spec: doc.spec, objectName: doc.metadata.name });
    }
    for (const row of valid) {
      test(row.name, async () => {
        const outcome = await dryRunCreate(row.spec, row.objectName);
        assert.deepEqual(outcome, { accepted: true });
      });
    }
  });

  test('stores the schema defaults', async () => {
    const created = (await api.createNamespacedCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      namespace,
      plural: PLURAL,
      body: {
        apiVersion: `${API_GROUP}/${API_VERSION}`,
        kind: KIND,
        metadata: { name: 'defaults' },
        spec: { domain: 'meet.example.eu', tls: { secretName: 'tls' } },
      },
      dryRun: 'All',
    })) as { spec: Record<string, unknown> };
    assert.deepEqual(created.spec['residency'], {
      labelMode: 'Standard',
      allowAdequacyRegions: false,
    });
    assert.deepEqual(created.spec['jvb'], { udpPort: 10000 });
    assert.deepEqual(created.spec['ingress'], { mode: 'Ingress' });
    assert.deepEqual(created.spec['retention'], {
      logs: { maxAgeDays: 7 },
      prosodyData: { maxAgeDays: 7 },
    });
    assert.equal(created.spec['dataDeletionPolicy'], 'Retain');
    assert.equal(created.spec['image'], undefined, 'image defaults stay out of objects');
    assert.deepEqual(created.spec['auth'], { mode: 'Internal', allowGuests: true });
    assert.deepEqual(created.spec['privacy'], {
      peerToPeer: { enabled: false },
      logging: { prosody: 'Warn', videobridge: 'Warn', jicofo: 'Warn' },
      webAccessLog: false,
      recentMeetings: false,
      requireDisplayName: false,
    });
  });

  test('kubectl explain shows descriptions', async () => {
    // kubectl wraps descriptions at 80 columns, so whitespace is normalised before matching.
    const explain = async (field: string) =>
      (await kubectl(['explain', field])).replace(/\s+/gu, ' ');
    // The API server publishes a CRD's OpenAPI document a moment after the CRD changes.
    await waitFor(async () => /Default: 10000\./.test(await explain('gjm.spec.jvb.udpPort')), {
      timeoutMs: 30_000,
      description: 'kubectl explain to show the current GdprJitsiMeet schema',
    });
    const tree = await kubectl(['explain', 'gjm.spec', '--recursive']);
    for (const field of ['allowedRegions', 'customRegions', 'maxAgeDays', 'dataDeletionPolicy']) {
      assert.match(tree, new RegExp(`\\b${field}\\b`), field);
    }
    assert.match(
      await explain('gjm.spec.residency.allowedRegions'),
      /the built-in EU\/EEA list of the running operator version/,
    );
    assert.match(
      await explain('gjm.spec.resources.jvb.limits.memory'),
      /Memory in bytes .* Default: 1536Mi/,
    );
    assert.match(await explain('gjm.spec.privacy.webAccessLog'), /relaxes check LG-01/);
    assert.match(await explain('gjm.spec.auth.mode'), /Default: Internal\./);
  });

  test('applies basic example into a namespace', async () => {
    await kubectl(['-n', namespace, 'apply', '--server-side', '-f', join(EXAMPLES, 'basic.yaml')]);
    const table = await kubectl(['-n', namespace, 'get', 'gjm', 'meet']);
    assert.match(table, /^NAME\s+READY\s+DOMAIN\s+REGIONS\s+AGE\n/u);
    // READY and REGIONS stay empty because no operator runs in this test.
    assert.match(table, /\nmeet\s+(<none>\s+)?meet\.example\.eu\s/u);
  });
});
