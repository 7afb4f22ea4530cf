/**
 * Hashes that identify the state a report was generated from. The configuration hash uses the
 * same input and algorithm as the operator's `status.configHash` (the ConfigMaps' names and
 * data, canonical JSON, SHA-256, first 16 hex digits), so the two can be compared.
 */
import { createHash } from 'node:crypto';

import { compareText } from './text.ts';
import type { KubeObject } from './types.ts';

/** JSON with object keys sorted and undefined fields left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** First 16 hex digits of the SHA-256 of the value's canonical JSON. */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/** Hash of all rendered configuration: every ConfigMap's name and data, in object order. */
export function configurationHash(objects: readonly KubeObject[]): string {
  return shortHash(
    objects
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => ({ name: o.metadata.name, data: o['data'] })),
  );
}
