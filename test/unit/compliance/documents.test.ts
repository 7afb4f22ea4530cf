import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { plainText, type Block, type Document } from '../../../src/compliance/documents/model.ts';
import { buildReport } from '../../../src/compliance/documents/report.ts';
import { CHECKS } from '../../../src/compliance/registry.ts';
import { renderMarkdown } from '../../../src/compliance/render/markdown.ts';
import { renderedContext } from '../../../src/compliance/offline-context.ts';
import { basicInstance, rendered, renderedWith, withLive, withoutKinds } from './fixtures.ts';

function doc(id: string, context = rendered()): Document {
  const found = buildReport(context).documents.find((d) => d.id === id);
  if (found === undefined) throw new Error(`no document ${id}`);
  return found;
}

/** Joins the text of a document, one line per block or table row. */
function textOf(document: Document): string {
  return document.blocks.map(blockText).join('\n');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return block.text;
    case 'paragraph':
      return plainText(block.text);
    case 'list':
      return block.items.map(plainText).join('\n');
    case 'table':
      return block.rows.map((r) => r.map(plainText).join(' | ')).join('\n');
  }
}

const LIVE = {
  pods: [
    { name: 'meet-jvb-0', component: 'jvb', node: 'node-fra-1', region: 'eu-central-1' },
    { name: 'meet-web-5d9f', component: 'web', node: 'node-fra-2', region: 'eu-central-1' },
  ],
  nodeRegions: { 'node-fra-1': 'eu-central-1', 'node-fra-2': 'eu-central-1' },
};

describe('document set', () => {
  it('contains the TOM, record, DPIA input and retention matrix', () => {
    const ids = buildReport(rendered()).documents.map((d) => d.id);
    assert.deepEqual(ids, [
      'overview',
      'reach',
      'tom',
      'record',
      'dpia',
      'retention',
      'checks',
      'host-scan',
      'audit-trail',
    ]);
  });

  it('renders the same bytes twice', () => {
    assert.equal(renderMarkdown(buildReport(rendered())), renderMarkdown(buildReport(rendered())));
  });

  it('prints no date unless one is passed', () => {
    const plain = renderMarkdown(buildReport(rendered()));
    assert.doesNotMatch(plain, /\b20\d\d-\d\d-\d\d/);
    const dated = renderMarkdown(buildReport(rendered(), { generatedAt: '2026-09-01T10:00:00Z' }));
    assert.match(dated, /\| Generated \| 2026-09-01T10:00:00Z \|/);
    assert.match(dated, /\| Date \| 2026-09-01T10:00:00Z \|/);
  });

  it('states where the operator’s reach ends', () => {
    const text = textOf(doc('reach'));
    assert.match(text, /log pipeline collects, stores and deletes them/);
    assert.match(text, /ingress controller or gateway terminates TLS/);
    assert.match(text, /Backups of etcd and of persistent volumes/);
  });

  it('names the authentication mode', () => {
    assert.match(
      textOf(doc('overview')),
      /Authentication \| authentication is on \(internal\); guests may join/,
    );
    assert.match(textOf(doc('dpia')), /Authentication: authentication is on \(internal\)/);
  });

  it('says honestly when no authentication is configured', () => {
    const open = renderedWith({ auth: { mode: 'None' } });
    assert.match(
      textOf(doc('overview', open)),
      /no authentication is configured: anyone who can reach https:\/\/meet\.example\.eu can create and join rooms/,
    );
    assert.match(textOf(doc('dpia', open)), /Authentication: no authentication is configured/);
  });

  it('lists a relaxed check with its field', () => {
    const text = textOf(doc('overview', renderedWith({ privacy: { webAccessLog: true } })));
    assert.match(text, /Checks: \d+ pass, 0 fail, 1 relaxed/);
    assert.match(text, /Compliant: True \(PassWithRelaxations\)/);
    assert.match(
      text,
      /LG-01 relaxed: relaxed by spec\.privacy\.webAccessLog: access_log is \(unset\)/,
    );
  });
});

describe('TOM', () => {
  it('grouped by the seven SDM goals', () => {
    const headings = doc('tom')
      .blocks.filter((b) => b.kind === 'heading')
      .map((b) => (b as { text: string }).text);
    assert.deepEqual(headings, [
      'Data minimisation (Datenminimierung)',
      'Availability (Verfügbarkeit)',
      'Integrity (Integrität)',
      'Confidentiality (Vertraulichkeit)',
      'Unlinkability (Nichtverkettung)',
      'Transparency (Transparenz)',
      'Intervenability (Intervenierbarkeit)',
    ]);
    assert.match(
      textOf(doc('tom')),
      /Standard Data Protection Model \(Standard-Datenschutzmodell, SDM\)/,
    );
    assert.match(textOf(doc('dpia')), /\| Confidentiality \(Vertraulichkeit\) \| `?EN-03`?: pass/);
  });

  it('ties every measure to a check id with its result', () => {
    const tables = doc('tom')
      .blocks.filter((b) => b.kind === 'table')
      .slice(1);
    const rows = tables.flatMap((t) => t.rows);
    assert.deepEqual(rows.map((r) => plainText(r[0] ?? '')).sort(), CHECKS.map((c) => c.id).sort());
    for (const row of rows)
      assert.match(
        plainText(row[5] ?? ''),
        /^(pass|fail|relaxed|open \(needs evidence from outside the cluster\))$/,
      );
  });

  it('shows not-applicable as open evidence', () => {
    const text = textOf(doc('tom'));
    assert.match(
      text,
      /`?K8-02`? \|.*\| open \(needs evidence from outside the cluster\) \| controller \|/,
    );
    assert.doesNotMatch(text, /\| not-applicable \|/);
    assert.doesNotMatch(textOf(doc('checks')), /not-applicable/);
    assert.match(
      textOf(doc('overview')),
      /\d+ open because they need evidence from outside the cluster/,
    );
  });

  it('leaves the controller, reviewer and protection level OPEN', () => {
    const text = textOf(doc('tom'));
    assert.match(text, /Controller \| OPEN: name and contact/);
    assert.match(text, /Reviewer \| OPEN/);
    assert.match(text, /Protection level \| OPEN: normal, high or very high/);
  });

  it('states regions in use and nodes when live', () => {
    const text = textOf(doc('tom', withLive(rendered(), LIVE)));
    assert.match(text, /in use: eu-central-1/);
    assert.match(
      textOf(doc('dpia', withLive(rendered(), LIVE))),
      /meet-jvb-0 \| node node-fra-1, region eu-central-1/,
    );
  });

  it('says offline renders observe no nodes', () => {
    assert.match(textOf(doc('tom')), /in use: not observed \(offline render\)/);
  });
});

describe('record of processing activities', () => {
  it('marks fields that need a person as OPEN', () => {
    const text = textOf(doc('record'));
    assert.match(text, /\(a\) Controller, joint controllers, representative \| OPEN/);
    assert.match(text, /\(a\) Data protection officer \| OPEN/);
    assert.match(text, /Legal basis per purpose \| OPEN/);
    assert.match(text, /Administrators of the operator and the cluster: OPEN/);
    assert.match(text, /Hosting provider \(processor\) running the nodes: OPEN/);
  });

  it('lists the allowed regions with their location', () => {
    assert.match(textOf(doc('record')), /eu-central-1 \| AWS, Frankfurt, DE \(Germany\)/);
  });

  it('names the certificate source and the registry', () => {
    const text = textOf(doc('record'));
    assert.match(text, /Certificates: Secret meet-example-eu-tls/);
    assert.match(text, /pull images from .*: ghcr\.io/);
  });

  it('takes the date of last change from the audit trail', () => {
    const set = buildReport(rendered(), {
      appliedHistory: [
        { hash: 'aaaa', time: '2026-08-30T09:00:00Z' },
        { hash: 'bbbb', time: '2026-08-31T12:00:00Z' },
      ],
    });
    const record = set.documents.find((d) => d.id === 'record') as Document;
    assert.match(textOf(record), /Date of last change \| 2026-08-31T12:00:00Z/);
    const audit = set.documents.find((d) => d.id === 'audit-trail') as Document;
    assert.match(textOf(audit), /aaaa \| 2026-08-30T09:00:00Z\nbbbb \| 2026-08-31T12:00:00Z/);
  });
});

describe('transfers to third countries', () => {
  const adequacy = () =>
    renderedWith({
      residency: { allowAdequacyRegions: true, allowedRegions: ['eu-west-1', 'eu-west-2'] },
    });
  const transferRow = (context = rendered()): string =>
    textOf(doc('record', context))
      .split('\n')
      .find((line) => line.startsWith('(e) Transfers to third countries')) ?? '';

  it('states none for EU/EEA regions', () => {
    assert.match(
      transferRow(),
      /^\(e\) Transfers to third countries \| none intended; pods are pinned to the \d+ allowed EU\/EEA regions \(K8-01 pass\)/,
    );
  });

  it('names the adequacy country and Art. 45', () => {
    const row = transferRow(adequacy());
    assert.match(
      row,
      /\| to GB \(United Kingdom\): pods may run in eu-west-2 in GB \(United Kingdom\)/,
    );
    assert.match(row, /allowed by spec\.residency\.allowAdequacyRegions/);
    assert.match(row, /adequacy decision of the European Commission \(Art\. 45 GDPR\)/);
    assert.match(row, /the other allowed region is in the EU\/EEA \(K8-01 pass\)/);
    assert.doesNotMatch(row, /none intended/);
  });

  it('puts the adequacy transfer in the DPIA', () => {
    const text = textOf(doc('dpia', adequacy()));
    assert.match(text, /Transfers to third countries: to GB \(United Kingdom\)/);
    assert.match(text, /regions in adequacy countries: eu-west-2 in GB \(United Kingdom\)/);
  });

  it('flags pods outside the regions', () => {
    const context = withLive(rendered(), {
      pods: [
        { name: 'meet-web-5d9f', component: 'web', node: 'node-fra-1', region: 'eu-central-1' },
        { name: 'meet-jvb-0', component: 'jvb', node: 'node-us-1', region: 'us-east-1' },
        { name: 'meet-jicofo-0', component: 'jicofo', node: 'node-x', region: '' },
      ],
    });
    const row = transferRow(context);
    assert.match(
      row,
      /an unintended transfer, to be investigated: pods run outside the allowed regions/,
    );
    assert.match(
      row,
      /meet-jicofo-0 on node node-x \(no region label\), meet-jvb-0 on node node-us-1 \(region us-east-1\) \(K8-01 fail\)/,
    );
    assert.doesNotMatch(row, /meet-web-5d9f/);
    assert.doesNotMatch(row, /none intended/);
  });
});

describe('retention matrix', () => {
  it('states the retention values of the spec', () => {
    const instance = basicInstance();
    instance.spec.retention = { logs: { maxAgeDays: 14 }, prosodyData: { maxAgeDays: 3 } };
    const text = textOf(doc('retention', renderedContext(instance, '0.1.0')));
    assert.match(text, /14 days \(spec\.retention\.logs\.maxAgeDays\)/);
    assert.match(text, /3 days \(spec\.retention\.prosodyData\.maxAgeDays\)/);
  });

  it('says when nothing deletes the Prosody data', () => {
    const text = textOf(doc('retention', withoutKinds(rendered(), ['CronJob'])));
    assert.match(text, /not enforced \(RS-06 fail\): no CronJob deletes data/);
  });
});

describe('DPIA input', () => {
  it('answers only the criteria the configuration decides', () => {
    const text = textOf(doc('dpia'));
    assert.match(text, /Evaluation or scoring \| not met by the configuration/);
    assert.match(text, /Sensitive data \(Art\. 9, Art\. 10\) \| OPEN/);
    assert.match(text, /Recording and transcription are off/);
  });

  it('omits the peer-to-peer flow when off', () => {
    const text = textOf(doc('dpia'));
    assert.doesNotMatch(text, /other participants directly/);
    assert.match(
      text,
      /No media flows directly between participants’ browsers: peer-to-peer is off/,
    );
  });

  it('lists the peer-to-peer flow when on', () => {
    const context = renderedWith({ privacy: { peerToPeer: { enabled: true } } });
    const text = textOf(doc('dpia', context));
    assert.match(
      text,
      /Participant’s browser \| other participants directly, in calls of two \| .* CL-09: relaxed/,
    );
    assert.match(text, /Peer-to-peer is on \(spec\.privacy\.peerToPeer\.enabled\)/);
  });

  it('lists each asset once with detail', () => {
    const assets = doc('dpia')
      .blocks.filter((b) => b.kind === 'table')
      .find((b) => (b as { header: readonly string[] }).header.includes('Detail')) as Extract<
      Block,
      { kind: 'table' }
    >;
    const keys = assets.rows.map((r) => `${plainText(r[0] ?? '')} ${plainText(r[1] ?? '')}`);
    assert.deepEqual(keys, [...new Set(keys)]);
    for (const row of assets.rows)
      assert.notEqual(plainText(row[2] ?? ''), '', plainText(row[1] ?? ''));
    const text = textOf(doc('dpia'));
    assert.match(text, /CronJob \| meet-retention-prosody \| component retention, schedule /);
    assert.match(
      text,
      /Ingress \| meet-web \| class nginx, hosts meet\.example\.eu, certificate Secret meet-example-eu-tls/,
    );
  });

  it('leaves likelihood and severity to the controller', () => {
    const risks = doc('dpia')
      .blocks.filter((b) => b.kind === 'table')
      .find((b) => (b as { header: readonly string[] }).header.includes('Likelihood')) as Extract<
      Block,
      { kind: 'table' }
    >;
    for (const row of risks.rows) {
      assert.equal(plainText(row[4] ?? ''), 'OPEN: rate');
      assert.equal(plainText(row[5] ?? ''), 'OPEN: rate');
    }
  });
});
