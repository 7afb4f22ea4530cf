/**
 * Organisational evidence (OG-01 to OG-06). The operator cannot observe these, so each check is
 * `not-applicable` and its message names who has to provide the evidence. The generated
 * documents give the controller a starting point for several of them.
 */
import { evidence, notApplicable } from '../evidence.ts';
import { viewOf } from '../view.ts';
import type { CheckDefinition } from '../types.ts';

export const ORGANISATIONAL_CHECKS: CheckDefinition[] = [
  {
    id: 'OG-01',
    title: 'Legal notice and privacy notice reachable',
    category: 'OG',
    enforceable: false,
    owner: 'controller',
    goal: 'transparency',
    basis: 'Art. 12–14; DSK guidance on video conferencing §3.5.1',
    measure:
      'A legal notice (Impressum) and a privacy notice are linked from the welcome and pre-join pages.',
    evaluate: (ctx) => {
      const web = viewOf(ctx).web();
      const privacy = web.ok
        ? (web.value.config['legalUrls'] as Record<string, unknown> | undefined)?.['privacy']
        : undefined;
      return notApplicable(
        'the controller must publish a legal notice and a privacy notice at the linked address',
        [
          evidence(
            web.ok ? web.file.source : 'web configuration',
            'config.legalUrls.privacy',
            privacy,
          ),
        ],
      );
    },
  },
  {
    id: 'OG-02',
    title: 'Record of processing activities is current',
    category: 'OG',
    enforceable: false,
    owner: 'controller',
    goal: 'transparency',
    basis: 'Art. 30',
    measure: 'The record of processing activities matches the running configuration.',
    evaluate: () =>
      notApplicable(
        'the operator regenerates the record from the current state; the controller must review and adopt it',
      ),
  },
  {
    id: 'OG-03',
    title: 'DPIA threshold assessed and refreshed on change',
    category: 'OG',
    enforceable: false,
    owner: 'controller',
    goal: 'transparency',
    basis: 'Art. 35(1), Art. 35(11); WP248 rev.01',
    measure:
      'The DPIA threshold is assessed and the DPIA reviewed whenever features, authentication or regions change.',
    evaluate: () =>
      notApplicable(
        'the controller must assess the DPIA threshold; the generated DPIA input lists the criteria and the review triggers',
      ),
  },
  {
    id: 'OG-04',
    title: 'Processor contracts and sub-processors',
    category: 'OG',
    enforceable: false,
    owner: 'controller',
    goal: 'confidentiality',
    basis: 'Art. 28',
    measure:
      'Data processing agreements cover hosting, log storage and backups, with all sub-processors in the EU/EEA.',
    evaluate: () =>
      notApplicable(
        'the controller must hold data processing agreements with the hosting, log storage and backup providers',
      ),
  },
  {
    id: 'OG-05',
    title: 'Breach process',
    category: 'OG',
    enforceable: false,
    owner: 'controller',
    goal: 'intervenability',
    basis: 'Art. 33, Art. 34',
    measure: 'A runbook and contacts exist for reporting a personal data breach within 72 hours.',
    evaluate: () => notApplicable('the controller must keep a breach runbook with contacts'),
  },
  {
    id: 'OG-06',
    title: 'Operator audit trail',
    category: 'OG',
    enforceable: false,
    owner: 'platform',
    goal: 'integrity',
    basis: 'Art. 5(2), Art. 24',
    measure:
      'Every applied configuration is recorded with its hash and time, and the record is kept tamper-evident.',
    evaluate: () =>
      notApplicable(
        'the operator records each applied configuration hash in an Event and in the report’s audit trail; the platform must keep Events and audit logs tamper-evident',
      ),
  },
];
