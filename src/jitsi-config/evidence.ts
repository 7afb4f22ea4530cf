import type { Component } from '../api/types.ts';
import { compareStrings } from '../resources/canonical.ts';
import { PRIVACY_CHECK_IDS, type PrivacyCheckId } from './checks.ts';
import type { ComponentPlan } from './plan.ts';
import { displayValue, selectSettings, type Setting } from './setting.ts';

/** Location and value of one enforced setting, for the compliance engine. */
export interface EvidenceEntry {
  component: Component;
  /** `env`, `secretEnv`, or the ConfigMap key of the file. */
  source: string;
  /** Mount path of the file; absent for environment variables. */
  mountPath?: string;
  key: string;
  /** The value as rendered; `(removed)` for a key the file deletes. */
  value: string;
  /** The spec field whose relaxation chose the value; only on relaxed checks. */
  relaxedBy?: string;
}

export type PrivacyEvidence = Record<PrivacyCheckId, EvidenceEntry[]>;

/**
 * Lists, for every check, the settings that enforce it. Built from the same settings the files
 * are rendered from, in component, source and key order. A relaxed check lists only the settings
 * its relaxation field chose (with `relaxedBy`), or none when the field only leaves settings out.
 */
export function collectEvidence(
  plans: Record<Component, ComponentPlan>,
  enforced: ReadonlySet<PrivacyCheckId>,
): PrivacyEvidence {
  const evidence = Object.fromEntries(PRIVACY_CHECK_IDS.map((id) => [id, []])) as unknown as Record<
    PrivacyCheckId,
    EvidenceEntry[]
  >;
  const add = (settings: readonly Setting[], entry: Omit<EvidenceEntry, 'key' | 'value'>) => {
    for (const setting of selectSettings(settings, enforced)) {
      const value = displayValue(setting.value);
      for (const check of setting.checks) {
        if (!enforced.has(check)) continue;
        evidence[check].push({ ...entry, key: setting.key, value });
      }
      for (const check of setting.relaxes ?? []) {
        evidence[check].push({ ...entry, key: setting.key, value, relaxedBy: setting.relaxedBy });
      }
    }
  };
  for (const component of Object.keys(plans).sort() as Component[]) {
    const plan = plans[component];
    add(plan.env, { component, source: 'env' });
    if (enforced.has('AC-07')) {
      for (const [name, secretKey] of Object.entries(plan.secretEnv).sort()) {
        evidence['AC-07'].push({ component, source: 'secretEnv', key: name, value: secretKey });
      }
    }
    for (const file of plan.files) {
      add(file.settings, { component, source: file.key, mountPath: file.mountPath });
    }
  }
  for (const entries of Object.values(evidence)) entries.sort(compareEntries);
  return evidence;
}

function compareEntries(a: EvidenceEntry, b: EvidenceEntry): number {
  const left = `${a.component}\u0000${a.source}\u0000${a.key}`;
  const right = `${b.component}\u0000${b.source}\u0000${b.key}`;
  return compareStrings(left, right);
}
