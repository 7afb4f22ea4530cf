/**
 * Renders the document set as one self-contained HTML page: inline styles only, no scripts, no
 * external fonts, stylesheets or images, and a Content-Security-Policy that forbids loading
 * anything, so opening the report contacts no server. All text is HTML-escaped.
 */
import type { ComplianceDocumentSet } from '../documents/report.ts';
import type { Block, Inline, Text } from '../documents/model.ts';

const STYLE = [
  'body{font-family:system-ui,sans-serif;line-height:1.45;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}',
  'table{border-collapse:collapse;margin:0.5rem 0 1rem;width:100%;font-size:0.9rem}',
  'th,td{border:1px solid #c8c8c8;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}',
  'th{background:#f0f0f0}',
  'code{font-family:ui-monospace,monospace;font-size:0.85em;background:#f5f5f5;padding:0 0.2em;word-break:break-all}',
  'h2{border-bottom:1px solid #c8c8c8;margin-top:2.5rem}',
].join('\n');

export function renderHtml(set: ComplianceDocumentSet): string {
  const nav = set.documents
    .map((d) => `<li><a href="#${escapeHtml(d.id)}">${escapeHtml(d.title)}</a></li>`)
    .join('\n');
  const sections = set.documents.map((d) =>
    [
      `<section id="${escapeHtml(d.id)}">`,
      `<h2>${escapeHtml(d.title)}</h2>`,
      ...d.blocks.map(renderBlock),
      '</section>',
    ].join('\n'),
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(set.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(set.title)}</h1>`,
    `<nav><ul>\n${nav}\n</ul></nav>`,
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level + 1}>${escapeHtml(block.text)}</h${block.level + 1}>`;
    case 'paragraph':
      return `<p>${renderText(block.text)}</p>`;
    case 'list':
      return `<ul>\n${block.items.map((i) => `<li>${renderText(i)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const head = `<tr>${block.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
      const rows = block.rows.map(
        (r) => `<tr>${r.map((c) => `<td>${renderText(c)}</td>`).join('')}</tr>`,
      );
      return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
  }
}

function renderText(text: Text): string {
  const items: readonly Inline[] = Array.isArray(text) ? text : [text as Inline];
  return items
    .map((i) => (typeof i === 'string' ? escapeHtml(i) : `<code>${escapeHtml(i.code)}</code>`))
    .join('');
}

/** Escapes the five characters with meaning in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
