/** Small text helpers with locale-independent results, so output is the same on every machine. */

/** Orders strings by UTF-16 code units, unlike `localeCompare`, whose order depends on the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Cuts `text` to at most `max` characters, ending in an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
