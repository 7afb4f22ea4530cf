import { dump } from 'js-yaml';

import type { DesiredObject } from './context.ts';

/**
 * Multi-document YAML of `objects` in the given order, for the CLI's `render` command. Mapping
 * keys are sorted and lines never folded, so the same objects always give the same text.
 */
export function renderYaml(objects: readonly DesiredObject[]): string {
  return objects
    .map((object) => `---\n${dump(sortKeys(object), { lineWidth: -1, noRefs: true })}`)
    .join('');
}

/**
 * Copy of `value` with mapping keys sorted at every level. js-yaml 5 deprecates its `sortKeys`
 * option, so the sorting happens before the dump.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    out[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return out;
}
