/**
 * The relaxation table against the real generator and checks. Each field changes the rendered
 * configuration so that its check really fails, and the engine reports exactly that check as
 * relaxed. `setBy` names the field managers of a real API server response.
 *
 * `test/fixtures/managed-fields.json` was read back with
 * `kubectl get gjm meet -o json --show-managed-fields` from the local control plane
 * (Kubernetes 1.37.2) after these writes: `kubectl apply --server-side --field-manager=alice`
 * of a spec with `auth.mode`, `privacy.webAccessLog` and `privacy.peerToPeer`; the same with
 * `--field-manager=bob` for `privacy.logging` and `privacy.webAccessLog`; `kubectl patch --type
 * merge` of `privacy.recentMeetings`; and a status patch by the operator's field manager.
 * test/e2e/relaxations.test.ts repeats those writes against the running API server.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { GdprJitsiMeetSpec } from '../../../src/api/types.ts';
import { withDefaults } from '../../../src/api/with-defaults.ts';
import { checkById } from '../../../src/compliance/registry.ts';
import {
  fieldOwners,
  RELAXATION_FIELDS,
  relaxationsFor,
  type ManagedFieldsEntry,
} from '../../../src/compliance/relaxations.ts';
import { runCheck, runChecks, type ComplianceReport } from '../../../src/compliance/run.ts';
import type { ComplianceContext } from '../../../src/compliance/types.ts';
import { renderedWith } from './fixtures.ts';

/** Render time of every row; the troubleshooting windows below are open at this time. */
const NOW = new Date('2026-09-01T10:00:00Z');
const UNTIL = '2026-09-02T10:00:00Z';

interface Row {
  field: string;
  /** Spec fields of the comparison render; default none. */
  base?: Partial<GdprJitsiMeetSpec>;
  /** Spec fields that turn the relaxation on, on top of `base`. */
  relaxed: Partial<GdprJitsiMeetSpec>;
  /** Checks that flip from pass to relaxed. */
  flips: string[];
}

const P2P_ON = { peerToPeer: { enabled: true } };

const ROWS: Row[] = [
  { field: 'spec.auth.mode', relaxed: { auth: { mode: 'None' } }, flips: ['AC-01'] },
  {
    field: 'spec.privacy.peerToPeer.enabled',
    relaxed: { privacy: P2P_ON },
    flips: ['CL-09'],
  },
  {
    field: 'spec.privacy.peerToPeer.stunServers',
    base: { privacy: P2P_ON },
    relaxed: { privacy: { peerToPeer: { enabled: true, stunServers: ['stun.example.org:3478'] } } },
    flips: ['TP-01'],
  },
  {
    field: 'spec.privacy.logging.prosody',
    relaxed: { privacy: { logging: { prosody: 'Debug', until: UNTIL } } },
    flips: ['LG-03'],
  },
  {
    field: 'spec.privacy.logging.videobridge',
    relaxed: { privacy: { logging: { videobridge: 'Info', until: UNTIL } } },
    flips: ['LG-04'],
  },
  {
    field: 'spec.privacy.logging.jicofo',
    relaxed: { privacy: { logging: { jicofo: 'Debug', until: UNTIL } } },
    flips: ['LG-05'],
  },
  {
    field: 'spec.privacy.webAccessLog',
    relaxed: { privacy: { webAccessLog: true } },
    flips: ['LG-01'],
  },
  {
    field: 'spec.privacy.recentMeetings',
    relaxed: { privacy: { recentMeetings: true } },
    flips: ['CL-01'],
  },
  {
    field: 'spec.privacy.requireDisplayName',
    relaxed: { privacy: { requireDisplayName: true } },
    flips: ['CL-08'],
  },
];

/** Merges the `privacy` and `auth` sections of two partial specs. */
function merge(
  base: Partial<GdprJitsiMeetSpec>,
  extra: Partial<GdprJitsiMeetSpec>,
): Partial<GdprJitsiMeetSpec> {
  return {
    ...base,
    ...extra,
    auth: { ...base.auth, ...extra.auth },
    privacy: { ...base.privacy, ...extra.privacy },
  };
}

function results(report: ComplianceReport): Map<string, string> {
  return new Map(report.results.map((r) => [r.id, r.result]));
}

function withoutRelaxations(context: ComplianceContext): ComplianceContext {
  return { ...context, relaxations: {} };
}

describe('relaxation table', () => {
  it('has one test row per field', () => {
    assert.deepEqual(
      ROWS.map((r) => r.field),
      RELAXATION_FIELDS.map((f) => f.field),
    );
    for (const row of ROWS) {
      const entry = RELAXATION_FIELDS.find((f) => f.field === row.field);
      assert.deepEqual(entry?.checks, row.flips, row.field);
    }
  });

  it('relaxes each check through one field only', () => {
    const ids = RELAXATION_FIELDS.flatMap((f) => [...f.checks]);
    assert.equal(new Set(ids).size, ids.length, `a check appears twice: ${ids.join(', ')}`);
    for (const id of ids) assert.ok(checkById(id).enforceable, `${id} is not enforceable`);
  });

  for (const row of ROWS) {
    describe(row.field, () => {
      const base = renderedWith(row.base ?? {}, NOW);
      const relaxed = renderedWith(merge(row.base ?? {}, row.relaxed), NOW);
      const before = runChecks(base);
      const after = runChecks(relaxed);

      it('starts from a render where the checks pass', () => {
        for (const id of row.flips) assert.equal(results(before).get(id), 'pass', id);
      });

      it('flips exactly its checks to relaxed', () => {
        const changed = [...results(after)].filter(([id, r]) => results(before).get(id) !== r);
        assert.deepEqual(
          changed,
          row.flips.map((id) => [id, 'relaxed']),
        );
      });

      it('names the field on each relaxed check', () => {
        for (const id of row.flips) {
          const result = after.results.find((r) => r.id === id);
          assert.equal(result?.relaxedBy, row.field, id);
          assert.match(
            result.message,
            new RegExp(`^relaxed by ${row.field.replaceAll('.', '\\.')}: `),
          );
        }
      });

      it('renders a configuration on which the checks fail', () => {
        const plain = withoutRelaxations(relaxed);
        for (const id of row.flips) {
          const result = runCheck(checkById(id), plain);
          assert.equal(result.result, 'fail', `${id}: ${result.message}`);
        }
      });

      it('leaves the host scan result as it was', () => {
        assert.equal(after.hostScan.result, before.hostScan.result);
        assert.equal(after.hostScan.result, 'pass');
      });
    });
  }
});

describe('relaxation edge cases', () => {
  it('keeps TP-01 passing with a STUN server on the instance domain', () => {
    const context = renderedWith(
      { privacy: { peerToPeer: { enabled: true, stunServers: ['meet.example.eu:3478'] } } },
      NOW,
    );
    const tp01 = runChecks(context).results.find((r) => r.id === 'TP-01');
    assert.equal(tp01?.result, 'pass', tp01?.message);
    assert.equal(context.relaxations['TP-01']?.field, 'spec.privacy.peerToPeer.stunServers');
  });

  it('marks a STUN host in the host scan as relaxed', () => {
    const context = renderedWith(
      { privacy: { peerToPeer: { enabled: true, stunServers: ['stun.example.org'] } } },
      NOW,
    );
    const scan = runChecks(context).hostScan;
    assert.deepEqual(
      scan.findings.map((f) => [f.host, f.relaxedBy]),
      [['stun.example.org', 'spec.privacy.peerToPeer.stunServers']],
    );
    assert.equal(scan.result, 'pass');
  });

  it('fails the host scan for the STUN host without the relaxation', () => {
    const context = renderedWith(
      { privacy: { peerToPeer: { enabled: true, stunServers: ['stun.example.org'] } } },
      NOW,
    );
    assert.equal(runChecks(withoutRelaxations(context)).hostScan.result, 'fail');
  });

  it('ends verbose logging when the window has passed', () => {
    const spec = { privacy: { logging: { prosody: 'Debug' as const, until: UNTIL } } };
    const later = new Date('2026-09-02T10:00:01Z');
    const context = renderedWith(spec, later);
    assert.deepEqual(context.relaxations, {});
    assert.deepEqual(context.objects, renderedWith({}, later).objects);
  });

  it('renders the private levels without a render time', () => {
    const context = renderedWith({ privacy: { logging: { jicofo: 'Info', until: UNTIL } } });
    assert.equal(runChecks(context).results.find((r) => r.id === 'LG-05')?.result, 'pass');
  });

  it('rejects a window longer than seven days', () => {
    assert.throws(
      () =>
        renderedWith(
          { privacy: { logging: { prosody: 'Info', until: '2026-09-08T10:00:01Z' } } },
          NOW,
        ),
      /spec\.privacy\.logging\.until: '2026-09-08T10:00:01Z' is more than 168 hours \(7 days\) ahead/,
    );
  });

  it('counts a verbose level as relaxed when no time is known', () => {
    const spec = withDefaults({
      domain: 'meet.example.eu',
      privacy: { logging: { videobridge: 'Debug', until: UNTIL } },
    });
    assert.deepEqual(relaxationsFor(spec), {
      'LG-04': { field: 'spec.privacy.logging.videobridge' },
    });
    assert.deepEqual(relaxationsFor(spec, undefined, new Date('2026-09-03T00:00:00Z')), {});
  });
});

describe('setBy from managed fields', () => {
  const recorded = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/managed-fields.json'), 'utf8'),
  ) as { metadata: { managedFields: ManagedFieldsEntry[] }; spec: GdprJitsiMeetSpec };
  const managed = recorded.metadata.managedFields;
  const spec = withDefaults(recorded.spec);
  const relaxations = relaxationsFor(spec, managed, new Date('2026-12-05T12:00:00Z'));

  it('names the applier of a field', () => {
    assert.deepEqual(relaxations['AC-01'], {
      field: 'spec.auth.mode',
      setBy: 'alice via Apply at 2026-12-04T16:03:45Z',
    });
    assert.equal(
      relaxations['TP-01']?.setBy,
      'alice via Apply at 2026-12-04T16:03:45Z',
      'an atomic list is owned as a whole',
    );
  });

  it('names every manager of a shared field', () => {
    assert.equal(
      relaxations['LG-01']?.setBy,
      'alice via Apply at 2026-12-04T16:03:45Z, bob via Apply at 2026-12-04T16:03:46Z',
    );
  });

  it('names a nested field and an update', () => {
    assert.equal(relaxations['LG-03']?.setBy, 'bob via Apply at 2026-12-04T16:03:46Z');
    assert.equal(relaxations['CL-01']?.setBy, 'kubectl-patch via Update at 2026-12-04T16:03:46Z');
  });

  it('relaxes only what the recorded spec asks for', () => {
    assert.deepEqual(Object.keys(relaxations).sort(), [
      'AC-01',
      'CL-01',
      'CL-09',
      'LG-01',
      'LG-03',
      'TP-01',
    ]);
  });

  it('skips the status subresource', () => {
    const status = managed.filter((m) => m.subresource === 'status');
    assert.equal(status.length, 1, 'the fixture holds a status write');
    assert.equal(fieldOwners(status, 'status.observedGeneration'), undefined);
  });

  it('leaves setBy out when no entry owns the field', () => {
    assert.equal(fieldOwners(managed, 'spec.privacy.requireDisplayName'), undefined);
    assert.equal(fieldOwners(managed, 'spec.privacy.logging.videobridge'), undefined);
  });

  it('reads times as @kubernetes/client-node returns them', () => {
    const entry = { ...managed[0], time: new Date('2026-12-04T16:03:45Z') };
    assert.equal(fieldOwners([entry], 'spec.auth.mode'), 'alice via Apply at 2026-12-04T16:03:45Z');
  });

  it('ignores malformed entries', () => {
    const odd = [null, 'x', { fieldsV1: 'f:spec' }, { fieldsType: 'FieldsV2', fieldsV1: {} }];
    assert.equal(fieldOwners(odd as unknown as ManagedFieldsEntry[], 'spec.auth.mode'), undefined);
  });
});
