/**
 * A small reader for the HOCON subset that Jitsi's `jvb.conf` and `jicofo.conf` overrides use:
 * dotted keys, `=`/`:` separators, nested `{}` objects, `[]` arrays, quoted and unquoted strings,
 * `#` and `//` comments and `include` lines. Substitutions (`${...}`) are kept as text, because
 * the checks only compare literal values. Later keys override earlier ones, as in HOCON.
 */

/** A HOCON value as read: objects are flattened into paths, arrays keep their elements. */
export type HoconValue = string | number | boolean | null | HoconValue[] | HoconObject;
export interface HoconObject {
  [key: string]: HoconValue;
}

export interface HoconDocument {
  /** Dotted path to value, for every leaf and every array; objects inside arrays stay nested. */
  values: Map<string, HoconValue>;
  /** Targets of `include` lines, in order. */
  includes: string[];
}

type Token =
  | { kind: 'string'; text: string; quoted: boolean; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'newline'; line: number };

const PUNCT = new Set(['{', '}', '[', ']', ',', '=', ':']);

/** Reads HOCON text; throws an error naming the line when the text is not the supported subset. */
export function readHocon(text: string): HoconDocument {
  const parser = new Parser(tokenize(text));
  const values = new Map<string, HoconValue>();
  const includes: string[] = [];
  parser.readFields([], values, includes, false);
  return { values, includes };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      tokens.push({ kind: 'newline', line });
      line += 1;
      i += 1;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
    } else if (c === '#' || text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i);
      if (end === -1) throw new Error(`unterminated substitution on line ${line}`);
      tokens.push({ kind: 'string', text: text.slice(i, end + 1), quoted: false, line });
      i = end + 1;
    } else if (text.startsWith('+=', i)) {
      tokens.push({ kind: 'punct', text: '=', line });
      i += 2;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i += 1;
    } else if (text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      if (end === -1) throw new Error(`unterminated """ string on line ${line}`);
      const body = text.slice(i + 3, end);
      tokens.push({ kind: 'string', text: body, quoted: true, line });
      line += body.split('\n').length - 1;
      i = end + 3;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') throw new Error(`unterminated string on line ${line}`);
        j += text[j] === '\\' ? 2 : 1;
      }
      if (j >= text.length) throw new Error(`unterminated string on line ${line}`);
      tokens.push({
        kind: 'string',
        text: JSON.parse(text.slice(i, j + 1)) as string,
        quoted: true,
        line,
      });
      i = j + 1;
    } else {
      let j = i;
      while (
        j < text.length &&
        !/[\s{}[\],=:#"]/.test(text[j] as string) &&
        !text.startsWith('//', j)
      )
        j += 1;
      tokens.push({ kind: 'string', text: text.slice(i, j), quoted: false, line });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  /** Reads `key = value` fields until `}` (nested) or the end (root). */
  readFields(
    prefix: string[],
    out: Map<string, HoconValue>,
    includes: string[],
    nested: boolean,
  ): void {
    for (;;) {
      this.skipSeparators();
      const token = this.tokens[this.pos];
      if (token === undefined) {
        if (nested) throw new Error('missing } at the end of the file');
        return;
      }
      if (token.kind === 'punct' && token.text === '}') {
        if (!nested) throw new Error(`unexpected } on line ${token.line}`);
        this.pos += 1;
        return;
      }
      const path = this.readKey();
      if (path.length === 1 && path[0] === 'include' && this.peekString()) {
        includes.push(this.readIncludeTarget());
        continue;
      }
      const full = [...prefix, ...path];
      const next = this.tokens[this.pos];
      if (next?.kind === 'punct' && (next.text === '=' || next.text === ':')) this.pos += 1;
      const start = this.tokens[this.pos];
      if (start?.kind === 'punct' && start.text === '{') {
        this.pos += 1;
        this.readFields(full, out, includes, true);
      } else {
        const value = this.readValue();
        for (const key of [...out.keys()]) {
          if (key.startsWith(`${full.join('.')}.`)) out.delete(key);
        }
        out.set(full.join('.'), value);
      }
    }
  }

  private skipSeparators(): void {
    for (;;) {
      const t = this.tokens[this.pos];
      if (t?.kind === 'newline' || (t?.kind === 'punct' && t.text === ',')) this.pos += 1;
      else return;
    }
  }

  private peekString(): boolean {
    return this.tokens[this.pos]?.kind === 'string';
  }

  private readIncludeTarget(): string {
    const parts: string[] = [];
    while (this.tokens[this.pos]?.kind === 'string') {
      parts.push((this.tokens[this.pos] as { text: string }).text);
      this.pos += 1;
    }
    return parts.join(' ');
  }

  /** Reads a key: one unquoted path (`a.b.c`) or quoted segments joined by dots. */
  private readKey(): string[] {
    const token = this.tokens[this.pos];
    if (token?.kind !== 'string') {
      throw new Error(`expected a key on line ${token?.line ?? 'end'}, found ${describe(token)}`);
    }
    this.pos += 1;
    return token.quoted ? [token.text] : token.text.split('.').filter((s) => s !== '');
  }

  private readValue(): HoconValue {
    const token = this.tokens[this.pos];
    if (token === undefined || token.kind === 'newline') {
      throw new Error(`missing value on line ${token?.line ?? 'end'}`);
    }
    if (token.kind === 'punct') {
      if (token.text === '[') {
        this.pos += 1;
        return this.readArray();
      }
      if (token.text === '{') {
        this.pos += 1;
        const inner = new Map<string, HoconValue>();
        this.readFields([], inner, [], true);
        return unflatten(inner);
      }
      throw new Error(`unexpected ${token.text} on line ${token.line}`);
    }
    const parts: Token[] = [];
    while (this.tokens[this.pos]?.kind === 'string') {
      parts.push(this.tokens[this.pos] as Token);
      this.pos += 1;
    }
    if (parts.length === 1 && parts[0]?.kind === 'string' && !parts[0].quoted) {
      return scalar(parts[0].text);
    }
    return parts.map((p) => (p.kind === 'string' ? p.text : '')).join(' ');
  }

  private readArray(): HoconValue[] {
    const items: HoconValue[] = [];
    for (;;) {
      this.skipSeparators();
      const token = this.tokens[this.pos];
      if (token === undefined) throw new Error('missing ] at the end of the file');
      if (token.kind === 'punct' && token.text === ']') {
        this.pos += 1;
        return items;
      }
      items.push(this.readValue());
    }
  }
}

function scalar(text: string): HoconValue {
  if (text === 'true' || text === 'yes' || text === 'on') return true;
  if (text === 'false' || text === 'no' || text === 'off') return false;
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function unflatten(values: Map<string, HoconValue>): HoconObject {
  const root: HoconObject = {};
  for (const [path, value] of values) {
    const segments = path.split('.');
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      const child = node[segment];
      if (typeof child !== 'object' || child === null || Array.isArray(child)) node[segment] = {};
      node = node[segment] as HoconObject;
    }
    node[segments[segments.length - 1] as string] = value;
  }
  return root;
}

function describe(token: Token | undefined): string {
  if (token === undefined) return 'the end of the file';
  if (token.kind === 'newline') return 'a line break';
  return `"${token.text}"`;
}
