/**
 * Reader for nginx configuration snippets: directives with arguments, `{}` blocks, quoted
 * arguments and `#` comments. Each directive carries the block lines it sits in, so
 * `location /x { proxy_pass ...; }` reads as `proxy_pass` inside `location /x`.
 */

export interface NginxDirective {
  /** Enclosing blocks, outermost first, e.g. `['location /http-bind']`. */
  blocks: string[];
  name: string;
  args: string[];
}

/** Reads nginx directives; throws an error naming the line on unbalanced braces or quotes. */
export function readNginx(text: string): NginxDirective[] {
  const out: NginxDirective[] = [];
  const blocks: string[] = [];
  let words: string[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (/\s/.test(c)) {
      i += 1;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === ';') {
      if (words.length > 0) out.push(directive(blocks, words));
      words = [];
      i += 1;
    } else if (c === '{') {
      if (words.length === 0) throw new Error(`block without a directive on line ${line}`);
      out.push(directive(blocks, words));
      blocks.push(words.join(' '));
      words = [];
      i += 1;
    } else if (c === '}') {
      if (blocks.length === 0) throw new Error(`unexpected } on line ${line}`);
      if (words.length > 0) throw new Error(`missing ; before } on line ${line}`);
      blocks.pop();
      i += 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text.charAt(j + 1);
          j += 2;
          continue;
        }
        if (text[j] === '\n') line += 1;
        value += text.charAt(j);
        j += 1;
      }
      if (j >= text.length) throw new Error(`unterminated quoted argument on line ${line}`);
      words.push(value);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s;{}]/.test(text[j] as string)) j += 1;
      words.push(text.slice(i, j));
      i = j;
    }
  }
  if (words.length > 0) throw new Error(`missing ; at the end (line ${line})`);
  if (blocks.length > 0) throw new Error(`missing } for "${blocks[blocks.length - 1]}"`);
  return out;
}

function directive(blocks: string[], words: string[]): NginxDirective {
  return { blocks: [...blocks], name: words[0] as string, args: words.slice(1) };
}

/** Builds a readable key for a directive; header directives include the header name. */
export function directiveKey(d: NginxDirective): string {
  const headerDirective = d.name === 'add_header' || d.name.endsWith('_set_header');
  const own = headerDirective && d.args[0] !== undefined ? `${d.name} ${d.args[0]}` : d.name;
  return [...d.blocks, own].join(' > ');
}
