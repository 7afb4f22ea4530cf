/**
 * The technical and organisational measures (Art. 32, Art. 25), grouped by the protection goals
 * of the Standard-Datenschutzmodell. Every measure is a check of the catalogue: its row names the
 * check id, the observed evidence and the current result, so no measure is stated without proof.
 */
import { CHECKS } from '../registry.ts';
import { truncate } from '../text.ts';
import { RESULT_LABELS, sdmGoalName, type CheckDefinition, type SdmGoal } from '../types.ts';
import type { DeploymentFacts } from './facts.ts';
import {
  code,
  heading,
  open,
  paragraph,
  table,
  type Block,
  type Document,
  type Inline,
} from './model.ts';

/** Evidence entries shown per measure; the full list is in the check results. */
const EVIDENCE_PER_ROW = 3;
/** Characters of one evidence entry in a measure row. */
const EVIDENCE_LENGTH = 100;

/** Order of the goals in the document. */
const GOAL_ORDER: readonly SdmGoal[] = [
  'dataMinimisation',
  'availability',
  'integrity',
  'confidentiality',
  'unlinkability',
  'transparency',
  'intervenability',
];

/** Organisational measures: the OG checks and the privacy notice entry (CL-10). */
export function measureType(check: CheckDefinition): 'technical' | 'organisational' {
  return check.category === 'OG' || check.id === 'CL-10' ? 'organisational' : 'technical';
}

export function buildTom(facts: DeploymentFacts, generatedAt: string | undefined): Document {
  const blocks: Block[] = [
    table(
      ['Field', 'Value'],
      [
        ['Service', [`Jitsi Meet video conferencing at `, code(`https://${facts.domain}`)]],
        ['Instance', [code(`${facts.namespace}/${facts.instance}`)]],
        ['Controller', [open('name and contact of the controller')]],
        ['Processor', [open('name and contact, if the service is run on behalf of others')]],
        [
          'Version',
          [`configuration `, code(facts.configHash), `, evidence `, code(facts.evidenceHash)],
        ],
        ['Date', [generatedAt ?? open('date of adoption')]],
        ['Reviewer', [open('name of the reviewer')]],
        [
          'Protection level',
          [
            open(
              'normal, high or very high; it decides whether AC-01 needs two-factor authentication, EN-03 end-to-end encryption is mandatory and CL-09 peer-to-peer must stay off',
            ),
          ],
        ],
        [
          'Components',
          [facts.components.map((c) => `${c.component} (${c.images.join(', ')})`).join('; ')],
        ],
        ['Node regions', [regionsText(facts)]],
        [
          'Related documents',
          ['the record of processing activities, the DPIA input and the retention matrix below'],
        ],
      ],
    ),
    paragraph(
      `Each row is a check of the operator’s catalogue. "pass" means the objects prove the measure; "fail" means they show the opposite or lack proof; "relaxed" means it would fail and a spec field asked for that on purpose; "${RESULT_LABELS['not-applicable']}" means the objects cannot prove the measure, so it stays open until the owner named in the row provides the evidence (the API and status call this result not-applicable).`,
    ),
    paragraph(
      'The tables follow the seven protection goals of the Standard Data Protection Model (Standard-Datenschutzmodell, SDM), the method of the German data protection authorities for deriving measures from the GDPR. Each heading gives the English name and, in brackets, the German term the SDM uses.',
    ),
  ];
  for (const goal of GOAL_ORDER) {
    const checks = CHECKS.filter((c) => c.goal === goal);
    if (checks.length === 0) continue;
    blocks.push(heading(3, sdmGoalName(goal)));
    blocks.push(
      table(
        ['Check', 'Measure', 'Type', 'Basis', 'Evidence', 'Status', 'Owner', 'Next review'],
        checks.map((check) => measureRow(check, facts)),
      ),
    );
  }
  return { id: 'tom', title: 'Technical and organisational measures (Art. 32 GDPR)', blocks };
}

function measureRow(check: CheckDefinition, facts: DeploymentFacts): Inline[][] {
  const result = facts.results.get(check.id);
  const evidence: Inline[] = (result?.evidence ?? [])
    .slice(0, EVIDENCE_PER_ROW)
    .flatMap((e, i) => [
      ...(i === 0 ? [] : ['; ']),
      code(truncate(`${e.key} = ${e.value}`, EVIDENCE_LENGTH)),
    ]);
  const more = (result?.evidence.length ?? 0) - EVIDENCE_PER_ROW;
  if (more > 0) evidence.push(` (+${more} more)`);
  return [
    [code(check.id)],
    [check.measure],
    [measureType(check)],
    [check.basis],
    evidence.length > 0 ? evidence : [result?.message ?? ''],
    [result === undefined ? 'missing' : RESULT_LABELS[result.result]],
    [check.owner],
    [open('date')],
  ];
}

export function regionsText(facts: DeploymentFacts): string {
  const values = facts.allowedRegions.map((r) => r.value);
  const allowed =
    values.length <= 10
      ? values.join(', ')
      : `${values.length} regions, listed in the record of processing activities`;
  const inUse =
    facts.placements === undefined
      ? 'not observed (offline render)'
      : [...new Set(facts.placements.map((p) => p.region || '(no label)'))].sort().join(', ') ||
        'no pod scheduled yet';
  return `allowed (${facts.labelKey}): ${allowed}; in use: ${inUse}`;
}
