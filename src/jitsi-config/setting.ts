import { RELAXATION_FIELDS } from '../compliance/relaxations.ts';
import type { PrivacyCheckId } from './checks.ts';

/** A value a configuration format can hold: JSON-like, so each renderer can serialise it. */
export type ConfigValue =
  | string
  | number
  | boolean
  | null
  | readonly ConfigValue[]
  | { readonly [key: string]: ConfigValue };

/**
 * One setting of one configuration file or environment. The same record drives the rendered
 * file and the evidence, so the evidence cannot drift from what is rendered.
 */
export interface Setting {
  /** Privacy checks this setting satisfies; empty for settings Jitsi needs to work. */
  checks: readonly PrivacyCheckId[];
  /** Variable name, dotted path or directive, as the target format spells it. */
  key: string;
  /** `undefined` removes the key; only the JavaScript renderer accepts it. */
  value: ConfigValue | undefined;
  /** One line on why, rendered as a comment where the format has comments. */
  note?: string;
  /**
   * The spec field whose relaxation chose this value; such a setting is rendered whatever
   * checks are enforced, and `relaxes` names the checks it switches off.
   */
  relaxedBy?: string;
  relaxes?: readonly PrivacyCheckId[];
}

/** Creates a setting that Jitsi needs to work, tied to no privacy check. */
export function functional(key: string, value: ConfigValue, note?: string): Setting {
  return note === undefined ? { checks: [], key, value } : { checks: [], key, value, note };
}

/** Creates a setting that satisfies the given privacy checks. */
export function privacy(
  checks: readonly PrivacyCheckId[],
  key: string,
  value: ConfigValue | undefined,
  note?: string,
): Setting {
  return note === undefined ? { checks, key, value } : { checks, key, value, note };
}

/**
 * Creates a setting whose value the relaxation of `check` chose, e.g. `p2p.enabled = true` when
 * `spec.privacy.peerToPeer.enabled` relaxes CL-09. The field comes from the relaxation table.
 */
export function relaxed(
  check: PrivacyCheckId,
  key: string,
  value: ConfigValue,
  note?: string,
): Setting {
  const entry = RELAXATION_FIELDS.find((f) => f.checks.includes(check));
  if (entry === undefined) {
    throw new Error(
      `no field of spec.privacy or spec.auth relaxes ${check}; add it to RELAXATION_FIELDS`,
    );
  }
  const setting: Setting = { checks: [], key, value, relaxedBy: entry.field, relaxes: [check] };
  return note === undefined ? setting : { ...setting, note };
}

/**
 * Keeps settings Jitsi needs and settings that serve at least one enforced check. A setting that
 * serves two checks stays while either is enforced.
 */
export function selectSettings(
  settings: readonly Setting[],
  enforced: ReadonlySet<PrivacyCheckId>,
): Setting[] {
  return settings.filter((s) => s.checks.length === 0 || s.checks.some((c) => enforced.has(c)));
}

/** Renders a plain value for evidence and environment variables. */
export function displayValue(value: ConfigValue | undefined): string {
  if (value === undefined) return '(removed)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Comment line for a setting: its check ids and note, e.g. `TP-01, CL-09: peer-to-peer off`,
 * or for a relaxed value `CL-09 relaxed by spec.privacy.peerToPeer.enabled`. Undefined when the
 * setting has neither ids nor a note.
 */
export function commentText(setting: Setting): string | undefined {
  const label =
    setting.relaxedBy === undefined
      ? setting.checks.join(', ')
      : `${(setting.relaxes ?? []).join(', ')} relaxed by ${setting.relaxedBy}`;
  if (label === '') return setting.note;
  return setting.note === undefined ? label : `${label}: ${setting.note}`;
}
