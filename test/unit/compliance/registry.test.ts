import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHECKS, checkById } from '../../../src/compliance/registry.ts';
import { runCheck } from '../../../src/compliance/run.ts';
import {
  CHECKS_ENFORCED_ELSEWHERE,
  ENFORCED_CHECKS,
  PRIVACY_CHECK_IDS,
  type PrivacyCheckId,
} from '../../../src/jitsi-config/index.ts';
import { complete, renderedWithout } from './fixtures.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every id of the GDPR check catalogue, by group: 21 TP, 10 CL, 8 LG, 7 EX, 3 EN, 7 AC, 6 RS, 5 K8, 6 OG. */
const CATALOGUE = [
  ...range('TP', 21),
  ...range('CL', 10),
  ...range('LG', 8),
  ...range('EX', 7),
  ...range('EN', 3),
  ...range('AC', 7),
  ...range('RS', 6),
  ...range('K8', 5),
  ...range('OG', 6),
];

function range(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * Checks that still pass when the generator leaves their settings out, and why: the upstream
 * default is already safe, or a setting shared with another check stays.
 */
const SAFE_WHEN_RELAXED: Partial<Record<PrivacyCheckId, string>> = {
  'TP-01': 'p2p.enabled=false stays for CL-09',
  'TP-05': 'the analytics object stays for TP-06',
  'TP-06': 'the analytics object stays for TP-05; rtcstats is off by default',
  'TP-08': 'callstats was removed upstream; no key is emitted',
  'TP-10': 'toolbarButtons without sharedvideo stays for other checks',
  'TP-11': 'toolbarButtons stays; live streaming is off by default',
  'TP-12': 'no integration key is emitted by default',
  'TP-13': 'Giphy is off by default',
  'TP-15': 'no branding URL is emitted by default',
  'TP-16': 'ENABLE_JAAS_COMPONENTS defaults to 0',
  'TP-17': 'the whiteboard is off by default',
  'TP-18': 'the banner is off by default',
  'TP-19': 'the Content-Security-Policy stays for TP-10',
  'TP-21': 'no Sentry DSN is set by default',
  'CL-06': 'faceLandmarks stays for TP-06; screenshot capture is off by default',
  'CL-08': 'requireDisplayName defaults to false',
  'CL-09': 'p2p.enabled=false stays for TP-01',
  'EX-07': 'the 11146 images have no colibri websockets; SCTP is the default',
  'EN-02': 'Prosody requires encryption by default',
  'EN-03': 'E2EE is available by default',
  'AC-02': 'the lobby is on by default',
  'AC-03': 'kicking is allowed by default',
  'AC-07': 'passwords always come from the Secret; relaxing removes no reference',
  'RS-01': 'recording is off by default',
  'RS-02': 'transcription is off by default',
  'RS-05': 'no pad server is configured by default',
  'K8-05': 'ENABLE_LETSENCRYPT defaults to 0',
};

describe('check registry', () => {
  it('has every catalogue id once, in catalogue order', () => {
    assert.deepEqual(
      CHECKS.map((c) => c.id),
      CATALOGUE,
    );
  });

  it('gives every check a title, measure and basis', () => {
    for (const check of CHECKS) {
      assert.ok(check.title.length > 0, check.id);
      assert.ok(check.measure.endsWith('.'), `${check.id} measure is a sentence`);
      assert.ok(check.basis.length > 0, check.id);
    }
  });

  it('marks the checks the generator enforces as enforceable', () => {
    for (const id of Object.keys(ENFORCED_CHECKS))
      assert.equal(checkById(id).enforceable, true, id);
  });

  it('covers the checks the generator leaves to others', () => {
    for (const id of Object.keys(CHECKS_ENFORCED_ELSEWHERE)) assert.ok(CATALOGUE.includes(id), id);
  });

  it('lists every check in docs/compliance.md', () => {
    const doc = readFileSync(join(HERE, '../../../docs/compliance.md'), 'utf8');
    for (const check of CHECKS)
      assert.match(doc, new RegExp(`\\| ${check.id} +\\| ${escape(check.title)} +\\|`), check.id);
  });

  it('rejects an unknown id', () => {
    assert.throws(() => checkById('XX-99'), /unknown check id XX-99/);
  });

  it('passes every check the generator enforces on its render', () => {
    const context = complete();
    for (const id of PRIVACY_CHECK_IDS) {
      const result = runCheck(checkById(id), context);
      assert.equal(result.result, 'pass', `${id}: ${result.message}`);
    }
  });

  for (const id of PRIVACY_CHECK_IDS) {
    const reason = SAFE_WHEN_RELAXED[id];
    it(`${id} ${reason === undefined ? 'fails' : 'still passes'} when the generator relaxes it`, () => {
      const result = runCheck(checkById(id), renderedWithout(id));
      assert.equal(
        result.result,
        reason === undefined ? 'fail' : 'pass',
        `${id}: ${result.message}`,
      );
    });
  }
});
