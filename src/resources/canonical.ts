/**
 * Canonical form of built objects: mapping keys sorted, `undefined`, `null`, empty lists and
 * empty mappings dropped, so that the same input always gives the same bytes and no object
 * carries fields the API server would fill in differently. Empty strings stay, because an empty
 * environment variable or file differs from a missing one; builders leave out optional strings
 * themselves.
 *
 * Keys listed in `KEEP_EMPTY` keep an empty mapping, because there the empty mapping carries
 * meaning (`emptyDir: {}` requests a volume).
 */
const KEEP_EMPTY = new Set(['emptyDir']);

export function canonicalize<T>(value: T): T {
  const result = canonicalValue(value, false);
  return (result === undefined ? {} : result) as T;
}

function canonicalValue(value: unknown, keepEmpty: boolean): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalValue(item, false)).filter((i) => i !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = canonicalValue((value as Record<string, unknown>)[key], KEEP_EMPTY.has(key));
      if (child !== undefined) out[key] = child;
    }
    return Object.keys(out).length === 0 && !keepEmpty ? undefined : out;
  }
  return value;
}

/** Returns a copy of `record` with its entries sorted by key. */
export function sortedRecord<V>(record: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as V;
  return out;
}

/** Orders strings by UTF-16 code units, independent of the process locale. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
