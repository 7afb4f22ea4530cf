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
 * Comment line for a setting: its check ids and note, e.g. `TP-01, CL-09: peer-to-peer off`.
 * Undefined when the setting has neither.
 */
export function commentText(setting: Setting): string | undefined {
  const label = setting.checks.join(', ');
  if (label === '') return setting.note;
  return setting.note === undefined ? label : `${label}: ${setting.note}`;
}
