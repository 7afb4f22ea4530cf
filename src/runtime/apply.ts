import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError, type KubeClient, type KubeObject } from './kube-client.ts';

/** Annotation holding a hash of the desired object, so removed fields are noticed as changes. */
export const DESIRED_HASH_ANNOTATION = 'gdprmeet.io/desired-hash';

export type ApplyResult = 'created' | 'updated' | 'unchanged' | 'recreated';

/**
 * The only writer of child objects: server-side apply under one field manager, skipped when the
 * live object already matches. A desired object "matches" when every field it sets has the same
 * value in the live object and the live desired-hash annotation equals the new hash; the hash
 * catches fields that the operator stopped setting, which a subset comparison cannot see.
 */
export class Applier {
  private readonly client: KubeClient;
  private readonly fieldManager: string;
  private readonly log: Logger;

  constructor(client: KubeClient, fieldManager: string, log: Logger) {
    this.client = client;
    this.fieldManager = fieldManager;
    this.log = log;
  }

  /** Applies `desired` unless `live` (from the informer cache) already matches it. */
  async apply(desired: KubeObject, live: KubeObject | undefined): Promise<ApplyResult> {
    const stamped = withDesiredHash(desired);
    if (live && isSubset(stamped, live)) return 'unchanged';
    if (live) {
      this.log.debug(
        { kind: desired.kind, name: desired.metadata.name, path: firstDifference(stamped, live) },
        'live object differs from the desired one',
      );
    }
    try {
      await this.client.apply(stamped, { fieldManager: this.fieldManager, force: true });
      return live ? 'updated' : 'created';
    } catch (err) {
      if (!live || !isImmutableFieldError(err)) throw err;
      // StatefulSet selectors, serviceName and volumeClaimTemplates cannot change. Delete the
      // object but orphan its pods and PVCs, then create it again: the new object adopts them.
      this.log.info(
        { kind: desired.kind, name: desired.metadata.name },
        'immutable field changed; recreating object and orphaning its pods',
      );
      await this.client.delete(
        {
          apiVersion: desired.apiVersion,
          kind: desired.kind,
          namespace: desired.metadata.namespace,
          name: desired.metadata.name,
        },
        'Orphan',
      );
      await this.client.apply(stamped, { fieldManager: this.fieldManager, force: true });
      return 'recreated';
    }
  }
}

function isImmutableFieldError(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    err.code === 422 &&
    /immutable|Forbidden: updates to/.test(err.message)
  );
}

export function withDesiredHash(obj: KubeObject): KubeObject {
  const hash = hashObject(obj);
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: { ...obj.metadata.annotations, [DESIRED_HASH_ANNOTATION]: hash },
    },
  };
}

/** sha256 of the canonical JSON (keys sorted), first 16 hex characters. */
export function hashObject(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether every field set in `desired` has an equal value in `live`. Lists must have the same
 * length and match element by element; objects in `live` may carry extra fields (server
 * defaults, other managers). Quantities compare by value, so `0.5` equals `500m`.
 */
export function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === undefined || desired === null) return true;
  if (live === undefined && isEmptyValue(desired)) return true;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    return desired.every((item, i) => isSubset(item, live[i]));
  }
  if (typeof desired === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
    const liveRecord = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([key, value]) =>
      isSubset(value, liveRecord[key]),
    );
  }
  if (desired === live) return true;
  if (typeof desired === 'string' && typeof live === 'string') return sameQuantity(desired, live);
  return false;
}

/**
 * Tells whether the API server stores `value` as an absent field: Go's `omitempty` drops empty
 * strings, false, zero, and empty lists and maps, so applying them again changes nothing.
 */
function isEmptyValue(value: unknown): boolean {
  if (value === '' || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/**
 * Path of the first field where `isSubset(desired, live)` fails, e.g. `spec.template.spec.
 * containers[0].env[3].value`; undefined when it holds. For debug logs only.
 */
export function firstDifference(desired: unknown, live: unknown, path = ''): string | undefined {
  if (desired === undefined || desired === null) return undefined;
  if (live === undefined && isEmptyValue(desired)) return undefined;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return path || '.';
    for (const [i, item] of desired.entries()) {
      const found = firstDifference(item, live[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof desired === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return path || '.';
    for (const [key, value] of Object.entries(desired as Record<string, unknown>)) {
      const child = path === '' ? key : `${path}.${key}`;
      const found = firstDifference(value, (live as Record<string, unknown>)[key], child);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return isSubset(desired, live) ? undefined : path || '.';
}

const QUANTITY = /^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const FACTORS: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

function sameQuantity(a: string, b: string): boolean {
  const qa = QUANTITY.exec(a);
  const qb = QUANTITY.exec(b);
  if (!qa || !qb) return false;
  const va = Number(qa[1]) * (FACTORS[qa[2] ?? ''] ?? 1);
  const vb = Number(qb[1]) * (FACTORS[qb[2] ?? ''] ?? 1);
  return Number.isFinite(va) && Math.abs(va - vb) <= Math.abs(va) * 1e-9;
}
