import type { ConfigValue } from './setting.ts';

/**
 * Serialises a value as JSON with object keys sorted, so equal values give equal bytes. Line and
 * paragraph separators are escaped, because ES5 string literals, which the web image's
 * `config.js` must stay within, cannot contain them.
 */
export function stableJson(value: ConfigValue): string {
  return JSON.stringify(sortKeys(value))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sortKeys(value: ConfigValue): ConfigValue {
  if (Array.isArray(value)) return value.map((item: ConfigValue) => sortKeys(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, ConfigValue> = {};
    const record = value as Readonly<Record<string, ConfigValue>>;
    for (const key of Object.keys(record).sort()) out[key] = sortKeys(record[key] as ConfigValue);
    return out;
  }
  return value;
}
