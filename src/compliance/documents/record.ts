/**
 * The record of processing activities (Art. 30(1) GDPR) for one instance. Fields the objects can
 * show are filled from them, with the check ids that back them. Fields that need a person
 * (controller, legal basis, DPO, recipients outside the deployment) are marked OPEN.
 */
import type { HostScan } from '../host-scan.ts';
import type { DeploymentFacts } from './facts.ts';
import { resultOf } from './facts.ts';
import { adequacyCountries, describeAdequacyRegions, describePlacement } from '../residency.ts';
import {
  code,
  list,
  open,
  paragraph,
  plainText,
  table,
  type Document,
  type Text,
} from './model.ts';

/** Purposes of processing, one per feature that is on; features that are off are named as such. */
export function purposes(facts: DeploymentFacts): Text[] {
  const off = (id: string, feature: string): Text =>
    resultOf(facts, id) === 'pass'
      ? `${feature}: not a purpose, the feature is off (${id})`
      : [
          `${feature}: `,
          open(`the feature may be on (${id} ${resultOf(facts, id)}); state the purpose`),
        ];
  return [
    [`Holding audio and video meetings at `, code(`https://${facts.domain}`)],
    'Operating and securing the service (component logs at warning level)',
    off('RS-01', 'Recording'),
    off('RS-02', 'Transcription'),
    off('TP-11', 'Live streaming'),
  ];
}

export function dataSubjects(facts: DeploymentFacts): Text[] {
  return [
    facts.authenticationOn
      ? facts.guestsAllowed
        ? 'Hosts, who sign in, and guests'
        : 'Hosts and participants, who all sign in'
      : 'Participants of meetings; hosts and guests are not told apart because no authentication is configured',
    'People visible or audible in a participant’s camera, microphone or shared screen',
    'Dial-in callers: none, no telephone gateway is deployed',
  ];
}

export function dataCategories(facts: DeploymentFacts): Text[] {
  const r = (id: string) => `${id} ${resultOf(facts, id)}`;
  return [
    `Audio, video and screen content: forwarded by the videobridge, not stored (${r('RS-01')}, ${r('RS-02')}, ${r('EX-06')})`,
    `Display name, freely chosen and not required (${r('CL-08')}); no e-mail field in the settings (${r('CL-03')})`,
    'Room names, chosen by participants',
    'Technical identifiers: XMPP addresses, endpoint ids and statistics ids',
    `IP addresses and ports of signalling and media connections; logged only at warning level (${r('LG-01')}, ${r('LG-03')}, ${r('LG-04')}, ${r('LG-05')})`,
    `Chat messages, polls and reactions, in Prosody’s memory until the meeting ends (${r('RS-04')})`,
    `Items in the participant’s browser storage: settings, statistics id, device id (${r('CL-01')}, CL-10)`,
    facts.hostAccounts
      ? 'Accounts of hosts: user name and password hash, on the Prosody volume until an administrator deletes them'
      : facts.authenticationOn
        ? 'Account or token data of hosts'
        : 'Account data: none, no authentication is configured',
  ];
}

export function recipients(facts: DeploymentFacts, scan: HostScan): Text[] {
  const external =
    scan.findings.length === 0
      ? `none: the host scan found no host outside the instance in ${scan.scanned.files} configuration files, ${scan.scanned.envVars} environment variables and ${scan.scanned.objects} Ingress, HTTPRoute and Service objects`
      : `hosts named in the configuration: ${[...new Set(scan.findings.map((f) => f.host))].join(', ')}`;
  return [
    'Other participants of the same meeting',
    [`Administrators of the operator and the cluster: `, open('names or roles')],
    [
      `Hosting provider (processor) running the nodes: `,
      open('legal entity, parent company and contract (K8-02, OG-04)'),
    ],
    [`Cluster log pipeline and its storage: `, open('provider and retention (LG-06)')],
    `Certificates: ${facts.certificates}`,
    `Container registries the nodes pull images from (node addresses only, no participant data): ${facts.registries.join(', ')}`,
    `External endpoints in the configuration: ${external}`,
  ];
}

export function buildRecord(
  facts: DeploymentFacts,
  scan: HostScan,
  lastChange: string | undefined,
): Document {
  const transfers = transferEvidence(facts, scan);
  const rows: [string, Text][] = [
    ['(a) Controller, joint controllers, representative', open('names and contact details')],
    ['(a) Data protection officer', open('name and contact details')],
    ['(b) Purposes', purposes(facts).map(plainText).join('; ')],
    [
      'Legal basis per purpose',
      open('Art. 6(1) letter per purpose; Art. 88 GDPR with §26 BDSG where employees take part'),
    ],
    ['(c) Categories of data subjects', dataSubjects(facts).map(plainText).join('; ')],
    ['(c) Categories of personal data', 'see the list below'],
    ['(d) Recipients', 'see the list below'],
    ['(e) Transfers to third countries', transfers],
    [
      '(f) Time limits for erasure',
      `see the retention and deletion matrix; logs ${facts.logsDays} days, Prosody volume ${facts.prosodyDays} days, media and chat never stored`,
    ],
    [
      '(g) Technical and organisational measures',
      [`see the TOM document, evidence `, code(facts.evidenceHash)],
    ],
    [
      'Systems',
      facts.components.map((c) => `${c.kind} ${c.name}: ${c.images.join(', ')}`).join('; '),
    ],
    ['Data sources', 'the participants themselves, through their browsers'],
    ['DPIA reference', open('reference to the DPIA or the threshold assessment')],
    ['Date of last change', lastChange ?? open('date')],
  ];
  return {
    id: 'record',
    title: 'Record of processing activities (Art. 30(1) GDPR)',
    blocks: [
      table(
        ['Field', 'Content'],
        rows.map(([field, content]) => [field, content]),
      ),
      paragraph('(c) Categories of personal data:'),
      list(dataCategories(facts)),
      paragraph('(d) Recipients:'),
      list(recipients(facts, scan)),
      paragraph(`Allowed node regions (label ${facts.labelKey}):`),
      table(
        ['Region', 'Location'],
        facts.allowedRegions.map((r) => [[code(r.value)], r.description]),
      ),
      paragraph(
        'If this instance is run on behalf of customers, the processor’s record (Art. 30(2)) needs each controller and its data protection officer: ',
        open('one entry per customer'),
      ),
    ],
  };
}

function transferEvidence(facts: DeploymentFacts, scan: HostScan): string {
  const thirdParty = [...facts.results.values()].filter((r) => r.id.startsWith('TP-'));
  const failing = thirdParty.filter((r) => r.result === 'fail').map((r) => r.id);
  const checks =
    failing.length === 0
      ? `all ${thirdParty.length} third-party checks (TP-01 to TP-21) pass`
      : `third-party checks failing: ${failing.join(', ')}`;
  const hosts =
    scan.findings.length === 0
      ? 'the host scan found no external host'
      : `the host scan found ${scan.findings.length} external host entries`;
  return `${placementTransfer(facts)}; ${checks}; ${hosts}`;
}

/**
 * States where the pods may run and what transfer that is: none within the EU/EEA, one under an
 * adequacy decision for opted-in regions, and an unintended one when K8-01 fails.
 */
export function placementTransfer(facts: DeploymentFacts): string {
  const placement = `K8-01 ${resultOf(facts, 'K8-01')}`;
  if (facts.podsOutsideRegions.length > 0) {
    const pods = facts.podsOutsideRegions.map(describePlacement).join(', ');
    return `an unintended transfer, to be investigated: pods run outside the allowed regions, ${pods} (${placement})`;
  }
  if (resultOf(facts, 'K8-01') === 'fail') {
    const finding = facts.results.get('K8-01')?.message ?? '';
    return `a possible unintended transfer, to be investigated: the pod templates do not keep pods in the allowed regions, ${finding} (${placement})`;
  }
  const regions = facts.adequacyRegions;
  if (regions.length === 0) {
    return `none intended; pods are pinned to the ${facts.allowedRegions.length} allowed EU/EEA regions (${placement})`;
  }
  const optIn = facts.allowAdequacyRegions
    ? 'allowed by spec.residency.allowAdequacyRegions'
    : 'although spec.residency.allowAdequacyRegions is false';
  const others = facts.allowedRegions.length - regions.length;
  const rest =
    others === 0
      ? ''
      : others === 1
        ? '; the other allowed region is in the EU/EEA'
        : `; the other ${others} allowed regions are in the EU/EEA`;
  return `to ${adequacyCountries(regions).join(', ')}: pods may run in ${describeAdequacyRegions(regions)}, ${optIn}, and the transfer rests on an adequacy decision of the European Commission (Art. 45 GDPR)${rest} (${placement})`;
}
