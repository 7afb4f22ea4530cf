/**
 * Input for the data protection impact assessment (Art. 35(7) GDPR): the threshold criteria of
 * the WP29 guidelines (WP248 rev.01), a systematic description of the deployment, the risks
 * Jitsi brings with the measures that address them, and the review triggers. Likelihood,
 * severity, the DPO's advice and the decision stay OPEN: they are the controller's.
 */
import type { HostScan } from '../host-scan.ts';
import { viewOf } from '../view.ts';
import { sdmGoalName, type ComplianceContext } from '../types.ts';
import type { DeploymentFacts } from './facts.ts';
import { resultOf } from './facts.ts';
import {
  code,
  heading,
  list,
  open,
  paragraph,
  table,
  type Block,
  type Document,
  type Inline,
  type Text,
} from './model.ts';
import { CRITERIA, RISKS, type Criterion } from './dpia-tables.ts';
import { dataCategories, placementTransfer, purposes, recipients } from './record.ts';
import { describeAdequacyRegions } from '../residency.ts';

export function buildDpia(
  context: ComplianceContext,
  facts: DeploymentFacts,
  scan: HostScan,
): Document {
  const blocks: Block[] = [
    heading(3, '1. Threshold assessment (WP248 rev.01)'),
    table(
      ['Criterion', 'Assessment', 'Reason'],
      CRITERIA.map((c) => criterionRow(facts, c)),
    ),
    paragraph(thresholdResult(facts)),
    heading(3, '2. Systematic description (Art. 35(7)(a))'),
    paragraph('Purposes:'),
    list(purposes(facts)),
    paragraph('Personal data:'),
    list(dataCategories(facts)),
    paragraph('Recipients:'),
    list(recipients(facts, scan)),
    paragraph('Assets:'),
    table(['Kind', 'Name', 'Detail'], assets(context)),
    paragraph('Data flows:'),
    table(['From', 'To', 'Protocol and port', 'Data'], flows(context, facts, scan)),
    paragraph(peerToPeerNote(context, facts)),
    heading(3, '3. Necessity and proportionality (Art. 35(7)(b))'),
    list(proportionality(facts)),
    heading(3, '4. Risks to the rights and freedoms of data subjects (Art. 35(7)(c))'),
    table(
      ['Risk', 'Source', 'SDM goal', 'Measures (check: result)', 'Likelihood', 'Severity'],
      RISKS.map((r) => [
        [r.risk],
        [r.source],
        [sdmGoalName(r.goal)],
        measures(facts, r.checks),
        [open('rate')],
        [open('rate')],
      ]),
    ),
    heading(3, '5. Measures (Art. 35(7)(d))'),
    paragraph(
      'The measures are the rows of the TOM document; each risk above names their check ids. Residual risk and its acceptance: ',
      open('controller'),
    ),
    heading(3, '6. Advice and views'),
    list([
      [`Advice of the data protection officer (Art. 35(2)): `, open('advice')],
      [
        `Views of data subjects or their representatives, e.g. the works council (Art. 35(9)): `,
        open('where appropriate'),
      ],
    ]),
    heading(3, '7. Prior consultation (Art. 36)'),
    paragraph(open('needed if a high residual risk remains')),
    heading(3, '8. Review (Art. 35(11))'),
    paragraph('Review the assessment when one of these changes; the current values are:'),
    list(reviewTriggers(facts)),
    paragraph(`Next review: `, open('date')),
    heading(3, '9. Sign-off'),
    paragraph(
      `Generated from configuration `,
      code(facts.configHash),
      ` and evidence `,
      code(facts.evidenceHash),
      `. Signed off by: `,
      open('name, role, date'),
    ),
  ];
  return {
    id: 'dpia',
    title: 'Input for the data protection impact assessment (Art. 35 GDPR)',
    blocks,
  };
}

function criterionRow(facts: DeploymentFacts, c: Criterion): Text[] {
  if (c.checks.length === 0)
    return [c.name, open('depends on how and by whom the service is used'), ''];
  const failing = c.checks.filter((id) => resultOf(facts, id) !== 'pass');
  if (failing.length > 0)
    return [c.name, open('checks do not pass'), `${failing.join(', ')} not passing`];
  return [c.name, 'not met by the configuration', `${c.reason} (${c.checks.join(', ')} pass)`];
}

function thresholdResult(facts: DeploymentFacts): string {
  const recordingOn = ['RS-01', 'RS-02'].filter((id) => resultOf(facts, id) !== 'pass');
  const context = CRITERIA.filter((c) => c.checks.length === 0).length;
  const base = `${context} criteria depend on the use and are OPEN. A DPIA is required when two or more criteria apply or the processing is on the national list of the German supervisory authorities (DSK Muss-Liste); the controller decides.`;
  if (recordingOn.length > 0)
    return `A DPIA is required: recording or transcription may be on (${recordingOn.join(', ')}). ${base}`;
  return `Recording and transcription are off (RS-01, RS-02 pass). ${base}`;
}

function measures(facts: DeploymentFacts, ids: string[]): Inline[] {
  return ids.flatMap((id, i) => [...(i === 0 ? [] : [', ']), code(id), `: ${resultOf(facts, id)}`]);
}

function assets(context: ComplianceContext): Text[][] {
  const view = viewOf(context);
  // Workloads include the retention CronJobs, so CronJobs are not listed again below.
  const rows: Text[][] = view.workloads.map((w) => {
    const object = view.objectsOfKind(w.kind).find((o) => o.metadata.name === w.name);
    const extra = object === undefined ? '' : detail(object);
    const component = `component ${w.component ?? '?'}`;
    return [w.kind, [code(w.name)], extra === '' ? component : `${component}, ${extra}`];
  });
  for (const kind of ['Service', 'Ingress', 'HTTPRoute', 'ConfigMap', 'NetworkPolicy']) {
    for (const o of view.objectsOfKind(kind)) rows.push([kind, [code(o.metadata.name)], detail(o)]);
  }
  for (const pod of context.live?.pods ?? [])
    rows.push(['Pod', [code(pod.name)], `node ${pod.node}, region ${pod.region || '(no label)'}`]);
  return rows;
}

interface AssetSpec {
  type?: string;
  ports?: { port: number; protocol?: string }[];
  schedule?: string;
  ingressClassName?: string;
  rules?: { host?: string }[];
  tls?: { secretName?: string }[];
  hostnames?: string[];
  parentRefs?: { name?: string; namespace?: string }[];
  podSelector?: { matchLabels?: Record<string, string> };
  policyTypes?: string[];
}

function detail(o: { kind: string; [key: string]: unknown }): string {
  const spec = (o['spec'] ?? {}) as AssetSpec;
  switch (o.kind) {
    case 'Service':
      return `${spec.type ?? 'ClusterIP'}, ports ${(spec.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port}`).join(', ')}`;
    case 'CronJob':
      return `schedule ${spec.schedule ?? '?'}`;
    case 'ConfigMap':
      return `keys ${Object.keys(o['data'] ?? {})
        .sort()
        .join(', ')}`;
    case 'Ingress':
      return ingressDetail(spec);
    case 'HTTPRoute':
      return `hosts ${(spec.hostnames ?? []).join(', ') || '(none)'}, gateway ${(spec.parentRefs ?? []).map((r) => (r.namespace === undefined ? (r.name ?? '?') : `${r.namespace}/${r.name ?? '?'}`)).join(', ')}`;
    case 'NetworkPolicy':
      return `policy types ${(spec.policyTypes ?? []).join(', ') || '(none)'}`;
    default:
      return '';
  }
}

function ingressDetail(spec: AssetSpec): string {
  const hosts = (spec.rules ?? []).map((r) => r.host ?? '*');
  const certificates = (spec.tls ?? []).map((t) =>
    t.secretName === undefined ? 'the ingress controller’s default' : `Secret ${t.secretName}`,
  );
  return [
    `class ${spec.ingressClassName ?? '(cluster default)'}`,
    `hosts ${hosts.join(', ') || '(none)'}`,
    certificates.length === 0 ? 'no TLS section' : `certificate ${certificates.join(', ')}`,
  ].join(', ');
}

function flows(context: ComplianceContext, facts: DeploymentFacts, scan: HostScan): Text[][] {
  const rows: Text[][] = [
    [
      'Participant’s browser',
      context.spec.ingress.mode === 'None'
        ? 'web Service (exposed by the platform)'
        : `${context.spec.ingress.mode} for ${facts.domain}, then the web pod`,
      'HTTPS, TCP/443',
      'page, configuration, signalling over WebSocket',
    ],
    [
      'web pod',
      'Prosody',
      'HTTP inside the cluster, TCP/5280',
      'signalling (XMPP over WebSocket and BOSH)',
    ],
    [
      'Jicofo and videobridge',
      'Prosody',
      'XMPP inside the cluster, TCP/5222',
      'conference control',
    ],
    [
      'Participant’s browser',
      'videobridge',
      `DTLS-SRTP, UDP/${context.spec.jvb.udpPort}`,
      'audio, video, screen share',
    ],
  ];
  // The direct flow exists only with peer-to-peer on; CL-09 failing means the configuration
  // turns it on although the spec does not.
  if (context.spec.privacy.peerToPeer.enabled || resultOf(facts, 'CL-09') !== 'pass') {
    rows.push([
      'Participant’s browser',
      'other participants directly, in calls of two',
      'peer-to-peer over ICE, DTLS-SRTP',
      `audio, video, screen share, and each side’s IP address; CL-09: ${resultOf(facts, 'CL-09')}`,
    ]);
  }
  const hosts = [...new Set(scan.findings.map((f) => f.host))];
  rows.push([
    'deployment',
    hosts.length === 0 ? 'no external host' : hosts.join(', '),
    '',
    `host scan: ${scan.result}; TP-01: ${resultOf(facts, 'TP-01')}; TP-02: ${resultOf(facts, 'TP-02')}`,
  ]);
  return rows;
}

function peerToPeerNote(context: ComplianceContext, facts: DeploymentFacts): string {
  const result = `CL-09 ${resultOf(facts, 'CL-09')}`;
  if (context.spec.privacy.peerToPeer.enabled) {
    return `Peer-to-peer is on (spec.privacy.peerToPeer.enabled), so in a call of two the browsers exchange media directly and learn each other’s IP address (${result}).`;
  }
  if (resultOf(facts, 'CL-09') !== 'pass') {
    return `Peer-to-peer is off in the spec, but the configuration does not keep it off (${result}), so the direct flow above may exist.`;
  }
  return `No media flows directly between participants’ browsers: peer-to-peer is off, so all media passes the videobridge (${result}).`;
}

function proportionality(facts: DeploymentFacts): Text[] {
  const feature = (id: string): Inline[] => [
    code(id),
    `: ${facts.results.get(id)?.message ?? 'missing'}`,
  ];
  return [
    [
      'Video and audio are the purpose; participants join muted and with the camera off: ',
      ...feature('CL-07'),
    ],
    ...['RS-01', 'RS-02', 'TP-11', 'TP-10', 'TP-17', 'RS-05', 'TP-05', 'CL-06'].map(feature),
    `Storage limitation: chat and rooms in memory only; logs ${facts.logsDays} days; Prosody volume ${facts.prosodyDays} days`,
    [`Information duties (OG-01): `, open('privacy notice and legal notice')],
    [`Data subject rights: `, open('how requests are received and answered')],
    [`Processors (OG-04): `, open('agreements with hosting, log storage and backup providers')],
    `Transfers to third countries: ${placementTransfer(facts)}; see the record of processing activities (e)`,
    `Authentication: ${facts.authentication}`,
  ];
}

function reviewTriggers(facts: DeploymentFacts): Text[] {
  const relaxed = [...facts.results.values()]
    .filter((r) => r.result === 'relaxed')
    .map((r) => r.id);
  return [
    `Features that record, transcribe or stream (RS-01 ${resultOf(facts, 'RS-01')}, RS-02 ${resultOf(facts, 'RS-02')}, TP-11 ${resultOf(facts, 'TP-11')})`,
    `Authentication mode: ${facts.authentication}`,
    `Regions: ${facts.allowedRegions.length} allowed; label ${facts.labelKey}; ${adequacyTrigger(facts)}`,
    `Images: ${[...new Set(facts.components.flatMap((c) => c.images))].join(', ')}`,
    `Relaxed checks: ${relaxed.length === 0 ? 'none' : relaxed.join(', ')}`,
  ];
}

function adequacyTrigger(facts: DeploymentFacts): string {
  const optIn = `spec.residency.allowAdequacyRegions ${String(facts.allowAdequacyRegions)}`;
  if (facts.adequacyRegions.length === 0) return `${optIn}, no region outside the EU/EEA`;
  return `${optIn}, regions in adequacy countries: ${describeAdequacyRegions(facts.adequacyRegions)}`;
}
