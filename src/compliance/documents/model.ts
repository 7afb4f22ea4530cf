/**
 * A small document model that the Markdown and HTML renderers share, so both show the same content
 * and escaping lives in the renderers only. Text is plain strings plus code spans for keys,
 * values and ids.
 */

/** Plain text, or a code span (rendered as `code` in Markdown and <code> in HTML). */
export type Inline = string | { code: string };
/** One piece of inline content or a run of them. */
export type Text = Inline | readonly Inline[];

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: Text }
  | { kind: 'list'; items: readonly Text[] }
  | { kind: 'table'; header: readonly string[]; rows: readonly (readonly Text[])[] };

/** One generated document: the TOM, the record of processing activities, and so on. */
export interface Document {
  /** Stable id, used for anchors, e.g. `tom`. */
  id: string;
  title: string;
  blocks: Block[];
}

/** Marks a field that a person has to fill in; the generator never guesses these. */
export const OPEN = 'OPEN';

export function code(text: string | number | boolean): Inline {
  return { code: String(text) };
}

export function heading(level: 1 | 2 | 3, text: string): Block {
  return { kind: 'heading', level, text };
}

export function paragraph(...text: Inline[]): Block {
  return { kind: 'paragraph', text };
}

export function list(items: readonly Text[]): Block {
  return { kind: 'list', items };
}

export function table(header: readonly string[], rows: readonly (readonly Text[])[]): Block {
  return { kind: 'table', header, rows };
}

/** `OPEN: what is needed`, for fields a person must supply. */
export function open(needed: string): Inline {
  return `${OPEN}: ${needed}`;
}

/** Joins inline runs with a separator, e.g. a list of code spans separated by commas. */
export function joinInline(items: readonly Inline[], separator: string): Inline[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

/** Joins inline content into plain text, for tables of text and for tests. */
export function plainText(text: Text): string {
  const items: readonly Inline[] = Array.isArray(text) ? text : [text as Inline];
  return items.map((i) => (typeof i === 'string' ? i : i.code)).join('');
}
