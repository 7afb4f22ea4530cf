import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { code, paragraph, table, type Document } from '../../../src/compliance/documents/model.ts';
import {
  buildReport,
  type ComplianceDocumentSet,
} from '../../../src/compliance/documents/report.ts';
import { escapeHtml, renderHtml } from '../../../src/compliance/render/html.ts';
import { renderMarkdown } from '../../../src/compliance/render/markdown.ts';
import { appendFile, rendered } from './fixtures.ts';

const HOSTILE = `<script>alert("x")</script> & 'quote' | *bold* [link](https://evil.example.com) \`tick\``;

/** Builds a set with one document that puts the hostile text in every kind of position. */
function hostileSet(): ComplianceDocumentSet {
  const base = buildReport(rendered());
  const document: Document = {
    id: 'x"><script>',
    title: HOSTILE,
    blocks: [paragraph(HOSTILE, code(HOSTILE)), table([HOSTILE], [[HOSTILE], [[code(HOSTILE)]]])],
  };
  return { ...base, title: HOSTILE, documents: [document] };
}

describe('HTML renderer', () => {
  it('escapes text, code, headings and ids', () => {
    const html = renderHtml(hostileSet());
    assert.doesNotMatch(html, /<script/);
    assert.ok(!html.includes('"><'), 'attribute broken out of');
    assert.match(
      html,
      /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;quote&#39;/,
    );
    assert.match(html, /<code>&lt;script&gt;/);
  });

  it('escapes a value read from the configuration', () => {
    const context = appendFile(
      rendered(),
      'custom-config.js',
      `config.callStatsID = '<img src=x onerror=alert(1)>';\n`,
    );
    const html = renderHtml(buildReport(context));
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /callStatsID is &lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('loads nothing from outside', () => {
    const html = renderHtml(buildReport(rendered()));
    assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b/i);
    assert.doesNotMatch(html, /@import|url\(/i);
    for (const match of html.matchAll(/\b(?:src|href)="([^"]*)"/g))
      assert.match(match[1] ?? '', /^#/);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/,
    );
  });

  it('escapes all five special characters', () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('Markdown renderer', () => {
  it('keeps hostile text from forming links, HTML or table cells', () => {
    const md = renderMarkdown(hostileSet());
    // Drops escaped backticks first, then the padded code spans the renderer makes for this text.
    const outsideCode = md.replace(/\\`/g, '').replace(/(`{2,}) .*? \1/g, '');
    assert.ok(!outsideCode.includes('<script>'), 'raw HTML outside code spans');
    assert.ok(!outsideCode.includes('[link]('), 'link syntax outside code spans');
    assert.match(md, /\\<script\\>/);
    const tableRows = md.split('\n').filter((l) => l.startsWith('| '));
    for (const row of tableRows) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      assert.equal(cells, 1, `row has ${cells} cells: ${row}`);
    }
  });

  it('fences code that contains backticks', () => {
    const md = renderMarkdown(hostileSet());
    assert.match(md, /`` <script>.*`tick` ``/);
  });
});
