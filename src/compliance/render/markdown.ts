/**
 * Renders the document set as GitHub-flavoured Markdown. Text is escaped so that values read
 * from the cluster (keys, URLs, messages) can never turn into links, HTML or table breaks.
 */
import type { ComplianceDocumentSet } from '../documents/report.ts';
import type { Block, Inline, Text } from '../documents/model.ts';

export function renderMarkdown(set: ComplianceDocumentSet): string {
  const out: string[] = [`# ${escapeText(set.title)}`, ''];
  for (const doc of set.documents) {
    out.push(`## ${escapeText(doc.title)}`, '');
    for (const block of doc.blocks) out.push(...renderBlock(block), '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderBlock(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return [`${'#'.repeat(block.level)} ${escapeText(block.text)}`];
    case 'paragraph':
      return [renderText(block.text, false)];
    case 'list':
      return block.items.map((item) => `- ${renderText(item, false)}`);
    case 'table': {
      const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
      return [
        row(block.header.map((h) => escapeText(h))),
        row(block.header.map(() => '---')),
        ...block.rows.map((cells) => row(cells.map((c) => renderText(c, true)))),
      ];
    }
  }
}

function renderText(text: Text, inTable: boolean): string {
  const items: readonly Inline[] = Array.isArray(text) ? text : [text as Inline];
  const rendered = items
    .map((i) => (typeof i === 'string' ? escapeText(i) : codeSpan(i.code)))
    .join('');
  const oneLine = rendered.replace(/\r?\n/g, ' ');
  return inTable ? oneLine.replace(/(?<!\\)\|/g, '\\|') : escapeLineStart(oneLine);
}

/** Backslash-escapes the characters that start Markdown or HTML syntax inside a line. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** Escapes what would start a heading, list, quote or rule at the beginning of a line. */
function escapeLineStart(line: string): string {
  return line.replace(
    /^(\s*)([#+\-=>]|\d+[.)])/,
    (_, space: string, mark: string) => `${space}\\${mark}`,
  );
}

/** Wraps text in a code span whose fence is longer than any backtick run inside (CommonMark). */
function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  if (flat === '') return '` `';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' '))
      ? ' '
      : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
