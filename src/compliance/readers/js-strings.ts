/**
 * Lists the string literals of a JavaScript file with the config path each one is assigned to,
 * e.g. `config.p2p.stunServers.urls` for the string in `config.p2p.stunServers = [{urls: '...'}]`.
 * Host names can only appear in JavaScript as strings (everything else is code, such as
 * `window.location.hostname` or `config.p2p`), so the host scan reads these strings only.
 *
 * The lexer handles strings, template literals, comments and regular expression literals. It is
 * not a parser: the key is a best guess from the nearest assignment and object property, and
 * `line N` when there is none.
 */

export interface JsString {
  key: string;
  text: string;
  line: number;
}

interface Frame {
  open: string;
  /** Assignment target seen inside this frame (a function body, say). */
  target?: string;
  /** Current property name, for `{` frames. */
  prop?: string;
}

const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '**',
]; // prettier-ignore

/** Tokens after which a `/` starts a regular expression rather than a division. */
const REGEX_PRECEDERS = new Set([
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '&&',
  '||',
  '??',
  '=>',
  'return',
  'typeof',
  '+',
  '-',
  '*',
  '%',
  '==',
  '===',
  '!=',
  '!==',
]);

export function jsStrings(source: string): JsString[] {
  const out: JsString[] = [];
  const stack: Frame[] = [];
  let rootTarget: string | undefined;
  let chain: string[] = [];
  let previous = ';';
  let line = 1;
  let i = 0;

  const setTarget = (target: string | undefined) => {
    const frame = stack[stack.length - 1];
    if (frame) frame.target = target;
    else rootTarget = target;
  };
  const keyHere = (): string | undefined => {
    let parts: string[] = rootTarget ? [rootTarget] : [];
    for (const frame of stack) {
      if (frame.target) parts = [frame.target];
      if (frame.open === '{' && frame.prop) parts.push(frame.prop);
    }
    return parts.length > 0 ? parts.join('.') : undefined;
  };
  const nextSignificant = (from: number): string => {
    let j = from;
    while (j < source.length && /\s/.test(source[j] as string)) j += 1;
    return source[j] ?? '';
  };

  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') {
      line += 1;
      i += 1;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      line += countLines(source.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(source, i);
      const raw = source.slice(i + 1, end);
      const text = c === '`' ? raw : unescapeJs(raw);
      const isProperty = nextSignificant(end + 1) === ':' && stack[stack.length - 1]?.open === '{';
      if (isProperty) {
        (stack[stack.length - 1] as Frame).prop = text;
      } else {
        out.push({ key: keyHere() ?? `line ${line}`, text, line });
      }
      if (previous === '[' && chain.length > 0) chain.push(text);
      line += countLines(raw);
      previous = 'string';
      i = end + 1;
      continue;
    }
    if (c === '/' && REGEX_PRECEDERS.has(previous)) {
      i = regexEnd(source, i) + 1;
      previous = 'regex';
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(source.slice(i, i + 256))?.[0];
    if (word !== undefined) {
      const frame = stack[stack.length - 1];
      if (frame?.open === '{' && nextSignificant(i + word.length) === ':' && previous !== '?') {
        frame.prop = word;
      }
      chain = previous === '.' || previous === '?.' ? [...chain, word] : [word];
      previous = word;
      i += word.length;
      continue;
    }
    const number = /^\d[\w.]*/.exec(source.slice(i, i + 64))?.[0];
    if (number !== undefined) {
      previous = 'number';
      i += number.length;
      continue;
    }
    const punct = PUNCTUATORS.find((p) => source.startsWith(p, i)) ?? c;
    if (punct === '=' || (punct.endsWith('=') && punct.length > 1 && !/^[=!<>]=/.test(punct))) {
      if (chain.length > 0) setTarget(chain.join('.'));
    }
    if (punct === '{' || punct === '[' || punct === '(') stack.push({ open: punct });
    else if (punct === '}' || punct === ']' || punct === ')') stack.pop();
    else if (punct === ';') setTarget(undefined);
    else if (punct === ',' && stack[stack.length - 1]?.open === '{') {
      (stack[stack.length - 1] as Frame).prop = undefined;
    }
    if (punct !== '.' && punct !== '?.' && punct !== '[' && punct !== ']') chain = [];
    previous = punct;
    i += punct.length;
  }
  return out;
}

function stringEnd(source: string, start: number): number {
  const quote = source[start];
  let j = start + 1;
  while (j < source.length && source[j] !== quote) {
    if (quote !== '`' && source[j] === '\n') break;
    j += source[j] === '\\' ? 2 : 1;
  }
  return Math.min(j, source.length);
}

function regexEnd(source: string, start: number): number {
  let j = start + 1;
  let inClass = false;
  while (j < source.length && source[j] !== '\n') {
    const c = source[j];
    if (c === '\\') j += 1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    j += 1;
  }
  while (j + 1 < source.length && /[a-z]/.test(source[j + 1] as string)) j += 1;
  return j;
}

function unescapeJs(raw: string): string {
  return raw.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|.)/g,
    (_, esc: string) => {
      if (esc.startsWith('x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
      if (esc.startsWith('u{')) return String.fromCodePoint(parseInt(esc.slice(2, -1), 16));
      if (esc.startsWith('u')) return String.fromCharCode(parseInt(esc.slice(1), 16));
      return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[esc] ?? esc;
    },
  );
}

function countLines(text: string): number {
  return text.split('\n').length - 1;
}
