/**
 * A reader for Prosody configuration files, which are Lua: top-level `name = value` options,
 * `VirtualHost "host"` and `Component "host" "module"` sections, `Include "file"` lines, and
 * table constructors. Values that are not literals (concatenations, function calls) are kept as
 * their source text. Every string literal is also listed with the option it belongs to, so the
 * host scan can name it.
 */

export type LuaValue =
  | string
  | number
  | boolean
  | null
  | LuaValue[]
  | { [key: string]: LuaValue }
  | { expression: string };

export interface LuaAssignment {
  /** `''` for the global section, else the section line, e.g. `VirtualHost "meet.jitsi"`. */
  section: string;
  name: string;
  value: LuaValue;
}

export interface LuaDocument {
  assignments: LuaAssignment[];
  /** Every string literal with its key, e.g. `log.levels.min`. */
  strings: { key: string; text: string }[];
  includes: string[];
}

type Token =
  | { kind: 'name'; text: string; start: number }
  | { kind: 'string'; text: string; start: number }
  | { kind: 'number'; text: string; start: number }
  | { kind: 'op'; text: string; start: number };

const SECTION_WORDS = new Set(['VirtualHost', 'Component']);
const BINARY_OPS = new Set(['..', '+', '-', '*', '/', '%', '^', '==', '~=', '<', '>', '<=', '>=']);

/** Reads Prosody Lua; throws an error naming the offset when a literal is malformed. */
export function readLua(text: string): LuaDocument {
  return new LuaParser(text, tokenize(text)).parse();
}

/** Returns the value of the last global assignment to `name`, or undefined. */
export function globalOption(doc: LuaDocument, name: string): LuaValue | undefined {
  let found: LuaValue | undefined;
  for (const a of doc.assignments) if (a.section === '' && a.name === name) found = a.value;
  return found;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const long = /^\[(=*)\[/.exec(text.slice(i, i + 10));
    if (/\s/.test(c)) {
      i += 1;
    } else if (text.startsWith('--', i)) {
      const block = /^--\[(=*)\[/.exec(text.slice(i, i + 12));
      if (block) {
        const close = `]${block[1] ?? ''}]`;
        const end = text.indexOf(close, i);
        i = end === -1 ? text.length : end + close.length;
      } else {
        while (i < text.length && text[i] !== '\n') i += 1;
      }
    } else if (long) {
      const close = `]${long[1] ?? ''}]`;
      const end = text.indexOf(close, i + long[0].length);
      if (end === -1) throw new Error(`unterminated long string at offset ${i}`);
      tokens.push({ kind: 'string', text: text.slice(i + long[0].length, end), start: i });
      i = end + close.length;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n') throw new Error(`unterminated string at offset ${i}`);
        if (text[j] === '\\') {
          const next = text[j + 1] ?? '';
          value += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[next] ?? next;
          j += 2;
        } else {
          value += text.charAt(j);
          j += 1;
        }
      }
      if (j >= text.length) throw new Error(`unterminated string at offset ${i}`);
      tokens.push({ kind: 'string', text: value, start: i });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'name', text: m[0], start: i });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?)/.exec(
        text.slice(i),
      ) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0], start: i });
      i += m[0].length;
    } else {
      const op = ['...', '..', '==', '~=', '<=', '>='].find((o) => text.startsWith(o, i)) ?? c;
      tokens.push({ kind: 'op', text: op, start: i });
      i += op.length;
    }
  }
  return tokens;
}

class LuaParser {
  private pos = 0;
  private section = '';
  private readonly doc: LuaDocument = { assignments: [], strings: [], includes: [] };
  private readonly text: string;
  private readonly tokens: Token[];

  constructor(text: string, tokens: Token[]) {
    this.text = text;
    this.tokens = tokens;
  }

  parse(): LuaDocument {
    while (this.pos < this.tokens.length) this.statement();
    return this.doc;
  }

  private statement(): void {
    const token = this.tokens[this.pos] as Token;
    if (token.kind !== 'name') {
      this.pos += 1;
      return;
    }
    let name = token.text;
    this.pos += 1;
    while (this.isOp('.') && this.tokens[this.pos + 1]?.kind === 'name') {
      name += `.${(this.tokens[this.pos + 1] as Token).text}`;
      this.pos += 2;
    }
    if (this.isOp('=')) {
      this.pos += 1;
      const prefix = this.section === '' ? name : `${this.section} > ${name}`;
      this.doc.assignments.push({ section: this.section, name, value: this.expression(prefix) });
      return;
    }
    const args: string[] = [];
    while (this.tokens[this.pos]?.kind === 'string') {
      const arg = (this.tokens[this.pos] as Token).text;
      this.doc.strings.push({ key: name, text: arg });
      args.push(arg);
      this.pos += 1;
    }
    if (SECTION_WORDS.has(name) && args.length > 0) {
      this.section = `${name} ${args.map((a) => JSON.stringify(a)).join(' ')}`;
    } else if (name === 'Include' && args[0] !== undefined) {
      this.doc.includes.push(args[0]);
    } else if (this.isOp('(')) {
      this.expressionTail(name);
    }
  }

  /** Reads a literal or a table, and keeps the source text of any longer expression. */
  private expression(key: string): LuaValue {
    const start = this.tokens[this.pos]?.start ?? this.text.length;
    const first = this.primary(key);
    if (!this.continuesExpression()) return first;
    this.expressionTail(key);
    const end = this.tokens[this.pos]?.start ?? this.text.length;
    return { expression: this.text.slice(start, end).trim() };
  }

  private continuesExpression(): boolean {
    const t = this.tokens[this.pos];
    if (t === undefined) return false;
    if (t.kind === 'op') return BINARY_OPS.has(t.text) || ['(', '.', ':', '['].includes(t.text);
    return t.kind === 'name' && (t.text === 'and' || t.text === 'or');
  }

  /** Skips operators, calls and indexing after a primary, recording strings on the way. */
  private expressionTail(key: string): void {
    while (this.continuesExpression()) {
      const t = this.tokens[this.pos] as Token;
      this.pos += 1;
      if (t.text === '(' || t.text === '[') this.skipBalanced(key, t.text === '(' ? ')' : ']');
      else if (t.text !== '.' && t.text !== ':') this.primary(key);
      else this.pos += 1;
    }
  }

  private skipBalanced(key: string, close: string): void {
    while (this.pos < this.tokens.length && !this.isOp(close)) {
      if (this.isOp(',')) this.pos += 1;
      else this.expression(key);
    }
    this.pos += 1;
  }

  private primary(key: string): LuaValue {
    const t = this.tokens[this.pos];
    if (t === undefined) throw new Error(`missing value for ${key} at the end of the file`);
    this.pos += 1;
    if (t.kind === 'string') {
      this.doc.strings.push({ key, text: t.text });
      return t.text;
    }
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'name') {
      if (t.text === 'true' || t.text === 'false') return t.text === 'true';
      if (t.text === 'nil') return null;
      if (t.text === 'not') return { expression: `not ${JSON.stringify(this.primary(key))}` };
      return { expression: t.text };
    }
    if (t.text === '{') return this.table(key);
    if (t.text === '(') {
      this.skipBalanced(key, ')');
      return { expression: '(...)' };
    }
    if (t.text === '-') return this.primary(key);
    return { expression: t.text };
  }

  private table(key: string): LuaValue {
    const list: LuaValue[] = [];
    const record: Record<string, LuaValue> = {};
    while (this.pos < this.tokens.length && !this.isOp('}')) {
      if (this.isOp(',') || this.isOp(';')) {
        this.pos += 1;
        continue;
      }
      const t = this.tokens[this.pos] as Token;
      const next = this.tokens[this.pos + 1];
      if (t.kind === 'name' && next?.kind === 'op' && next.text === '=') {
        this.pos += 2;
        record[t.text] = this.expression(`${key}.${t.text}`);
      } else if (t.kind === 'op' && t.text === '[') {
        this.pos += 1;
        const index = this.expression(key);
        const label =
          typeof index === 'string' || typeof index === 'number'
            ? String(index)
            : JSON.stringify(index);
        this.pos += 2;
        record[label] = this.expression(`${key}.${label}`);
      } else {
        list.push(this.expression(key));
      }
    }
    this.pos += 1;
    if (Object.keys(record).length === 0) return list;
    list.forEach((value, index) => (record[String(index + 1)] = value));
    return record;
  }

  private isOp(text: string): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === 'op' && t.text === text;
  }
}
