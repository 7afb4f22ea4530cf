/**
 * Reader for Java `.properties` files (`java.util.Properties.load` rules): `#` and `!` comments,
 * `=`, `:` or whitespace between key and value, backslash line continuation and escapes. Later
 * keys override earlier ones.
 */
export function readProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const logical of logicalLines(text)) {
    const line = logical.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    let i = 0;
    while (i < line.length && !isKeyEnd(line[i] as string)) i += line[i] === '\\' ? 2 : 1;
    const key = unescape(line.slice(0, i));
    let rest = line.slice(i).replace(/^[ \t\f]+/, '');
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
    out.set(key, unescape(rest));
  }
  return out;
}

function isKeyEnd(c: string): boolean {
  return c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f';
}

/** Joins lines that end in an odd number of backslashes with the next one. */
function logicalLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let pending = '';
  for (const raw of lines) {
    const line = pending === '' ? raw : raw.replace(/^[ \t\f]+/, '');
    const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
    if (trailing % 2 === 1) {
      pending += line.slice(0, -1);
      continue;
    }
    out.push(pending + line);
    pending = '';
  }
  if (pending !== '') out.push(pending);
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) => {
    if (esc.startsWith('u') && esc.length === 5)
      return String.fromCharCode(parseInt(esc.slice(1), 16));
    const named: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };
    return named[esc] ?? esc;
  });
}
