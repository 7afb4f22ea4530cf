/** Helpers that write CEL source text. */

/** Quotes a value as a CEL string literal in single quotes. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Writes a CEL list literal of strings, e.g. `['a', 'b']`. */
export function celList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}
