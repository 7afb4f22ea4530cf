/**
 * The one table of relaxations: each spec field that switches a privacy check off on purpose, and
 * the checks it relaxes. A user can relax a check only through one of these named fields. The
 * Jitsi configuration generator reads the table to render the relaxed settings, and the
 * compliance engine reads it to report the failing check as `relaxed`, naming the field and the
 * field manager that set it.
 */
import { logLevelsInForce, stunHost, type LoggedComponent } from '../api/privacy.ts';
import type { EffectiveSpec, LogLevel } from '../api/types.ts';
import type { Relaxation } from './types.ts';

/** Input of a relaxation field's test: the spec, and the log levels that count as requested. */
interface RequestInput {
  spec: EffectiveSpec;
  logLevels: Record<LoggedComponent, LogLevel>;
}

export interface RelaxationField {
  /** Path of the spec field, e.g. `spec.privacy.webAccessLog`. */
  field: string;
  /** Ids of the checks the field relaxes. */
  checks: readonly string[];
  /** True when the spec requests the relaxation. */
  requested: (input: RequestInput) => boolean;
  /**
   * Hosts outside the instance that the field names. The host scan reports them as relaxed by
   * the field rather than as failures, because the check the field relaxes reports them.
   */
  hosts?: (spec: EffectiveSpec) => string[];
}

function logged(component: LoggedComponent, check: string): RelaxationField {
  return {
    field: `spec.privacy.logging.${component}`,
    checks: [check],
    requested: ({ logLevels }) => logLevels[component] !== 'Warn',
  };
}

/** Every relaxation field, in the order of the spec. */
export const RELAXATION_FIELDS: readonly RelaxationField[] = [
  {
    field: 'spec.auth.mode',
    checks: ['AC-01'],
    requested: ({ spec }) => spec.auth.mode === 'None',
  },
  {
    field: 'spec.privacy.peerToPeer.enabled',
    checks: ['CL-09'],
    requested: ({ spec }) => spec.privacy.peerToPeer.enabled,
  },
  {
    field: 'spec.privacy.peerToPeer.stunServers',
    checks: ['TP-01'],
    requested: ({ spec }) =>
      spec.privacy.peerToPeer.enabled && spec.privacy.peerToPeer.stunServers.length > 0,
    hosts: (spec) => spec.privacy.peerToPeer.stunServers.map(stunHost),
  },
  logged('prosody', 'LG-03'),
  logged('videobridge', 'LG-04'),
  logged('jicofo', 'LG-05'),
  {
    field: 'spec.privacy.webAccessLog',
    checks: ['LG-01'],
    requested: ({ spec }) => spec.privacy.webAccessLog,
  },
  {
    field: 'spec.privacy.recentMeetings',
    checks: ['CL-01'],
    requested: ({ spec }) => spec.privacy.recentMeetings,
  },
  {
    field: 'spec.privacy.requireDisplayName',
    checks: ['CL-08'],
    requested: ({ spec }) => spec.privacy.requireDisplayName,
  },
];

/**
 * One entry of `metadata.managedFields`, as the API server returns it. The fields are optional
 * because the input comes from outside; `time` is a string in JSON and a `Date` once
 * `@kubernetes/client-node` has read it.
 */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string | Date;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/** Returns the relaxation fields the spec requests at the time the configuration is rendered for. */
export function requestedRelaxationFields(
  spec: EffectiveSpec,
  now: Date | undefined,
): RelaxationField[] {
  const input = { spec, logLevels: logLevelsInForce(spec.privacy.logging, now) };
  return RELAXATION_FIELDS.filter((f) => f.requested(input));
}

/**
 * Returns the ids of the checks the spec relaxes at `now`, the checks whose relaxed settings the
 * generator renders. Without `now`, the troubleshooting window counts as closed.
 */
export function relaxedCheckIds(spec: EffectiveSpec, now: Date | undefined): Set<string> {
  return new Set(requestedRelaxationFields(spec, now).flatMap((f) => [...f.checks]));
}

/**
 * Maps each check the spec relaxes to its field and, when `managedFields` are given, to the field
 * managers that own that field (`setBy`, e.g. `alice via Apply at 2026-09-01T10:00:00Z`).
 * `setBy` is undefined when no entry owns the field or `managedFields` are absent (offline).
 *
 * With `now`, a verbose log level counts only inside its troubleshooting window. Without `now`
 * the window is not judged, so a caller that does not know the time still gets the relaxation
 * while the configuration it reads may contain the verbose level.
 */
export function relaxationsFor(
  spec: EffectiveSpec,
  managedFields?: readonly ManagedFieldsEntry[],
  now?: Date,
): Record<string, Relaxation> {
  const logLevels =
    now === undefined
      ? {
          prosody: spec.privacy.logging.prosody,
          videobridge: spec.privacy.logging.videobridge,
          jicofo: spec.privacy.logging.jicofo,
        }
      : logLevelsInForce(spec.privacy.logging, now);
  const out: Record<string, Relaxation> = {};
  for (const entry of RELAXATION_FIELDS) {
    if (!entry.requested({ spec, logLevels })) continue;
    const setBy = managedFields === undefined ? undefined : fieldOwners(managedFields, entry.field);
    for (const check of entry.checks) {
      out[check] = setBy === undefined ? { field: entry.field } : { field: entry.field, setBy };
    }
  }
  return out;
}

/**
 * Hosts named by relaxation fields whose checks are relaxed in `relaxations`, with the field
 * that names each.
 */
export function relaxedHosts(
  spec: EffectiveSpec,
  relaxations: Readonly<Record<string, Relaxation>>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of RELAXATION_FIELDS) {
    if (entry.hosts === undefined) continue;
    if (!entry.checks.every((c) => relaxations[c]?.field === entry.field)) continue;
    for (const host of entry.hosts(spec)) out.set(host.toLowerCase(), entry.field);
  }
  return out;
}

/**
 * Names the field managers that own a spec field, e.g. `alice via Apply at 2026-09-01T10:00:00Z`,
 * joined by commas in the order of `managedFields`, or returns undefined when none does. Ownership is read
 * from `fieldsV1`, where the path `spec.privacy.webAccessLog` is the key chain
 * `f:spec` → `f:privacy` → `f:webAccessLog`. Entries of the status subresource never own a spec
 * field and are skipped.
 */
export function fieldOwners(
  managedFields: readonly ManagedFieldsEntry[],
  field: string,
): string | undefined {
  const keys = field.split('.').map((segment) => `f:${segment}`);
  // The entries come from the API server, so malformed ones are skipped rather than trusted.
  const owners = managedFields
    .filter(
      (entry: unknown): entry is ManagedFieldsEntry => typeof entry === 'object' && entry !== null,
    )
    .filter((entry) => entry.subresource === undefined || entry.subresource === '')
    .filter((entry) => entry.fieldsType === undefined || entry.fieldsType === 'FieldsV1')
    .filter((entry) => ownsPath(entry.fieldsV1, keys))
    .map(describeOwner);
  return owners.length === 0 ? undefined : owners.join(', ');
}

function ownsPath(fieldsV1: unknown, keys: readonly string[]): boolean {
  let node = fieldsV1;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

function describeOwner(entry: ManagedFieldsEntry): string {
  const manager =
    entry.manager === undefined || entry.manager === '' ? 'an unnamed manager' : entry.manager;
  const operation = entry.operation === undefined ? '' : ` via ${entry.operation}`;
  const time = formatTime(entry.time);
  return `${manager}${operation}${time === undefined ? '' : ` at ${time}`}`;
}

/** Writes a managed-fields time as the API server does, to the second (`2026-09-01T10:00:00Z`). */
function formatTime(time: string | Date | undefined): string | undefined {
  if (time === undefined) return undefined;
  if (typeof time === 'string') return time;
  if (Number.isNaN(time.getTime())) return undefined;
  return time.toISOString().replace(/\.\d{3}Z$/u, 'Z');
}
