/**
 * Jitsi configuration generator: the environment and files each Jitsi component gets, private
 * by default. Pure functions of the instance name, namespace and effective spec.
 */
import { COMPONENTS, type Component, type EffectiveSpec } from '../api/types.ts';
import { compareStrings, sortedRecord } from '../resources/canonical.ts';
import { relaxedCheckIds } from '../compliance/relaxations.ts';
import { enforcedChecks, type PrivacyCheckId } from './checks.ts';
import { collectEvidence, type PrivacyEvidence } from './evidence.ts';
import { instanceFacts } from './instance.ts';
import { jicofoPlan } from './jicofo.ts';
import { jvbPlan } from './jvb.ts';
import type { ComponentPlan } from './plan.ts';
import { prosodyPlan } from './prosody.ts';
import { selectSettings } from './setting.ts';
import { webPlan } from './web.ts';

export {
  CHECKS_ENFORCED_ELSEWHERE,
  ENFORCED_CHECKS,
  PRIVACY_CHECK_IDS,
  type PrivacyCheckId,
} from './checks.ts';
export type { EvidenceEntry, PrivacyEvidence } from './evidence.ts';

/** One file: stored under `key` in the component's ConfigMap and mounted at `mountPath`. */
export interface ConfigFile {
  key: string;
  mountPath: string;
  content: string;
}

export interface ComponentConfig {
  /** Non-secret environment variables, sorted by name. */
  env: Record<string, string>;
  /** Environment variable name to key in the instance Secret (`SECRET_KEYS`). */
  secretEnv: Record<string, string>;
  /** Files sorted by key. */
  files: ConfigFile[];
}

export interface JitsiConfigInput {
  name: string;
  namespace: string;
  spec: EffectiveSpec;
  /**
   * Time the configuration is rendered for. It decides whether the troubleshooting window of
   * `spec.privacy.logging` is open; without it the window counts as closed and every component
   * logs at its private level.
   */
  now?: Date;
}

/** Renders the environment and files of every component. */
export function renderJitsiConfig(input: JitsiConfigInput): Record<Component, ComponentConfig> {
  const plans = buildPlans(input);
  const enforced = enforcedChecks(relaxedCheckIds(input.spec, input.now));
  const out = {} as Record<Component, ComponentConfig>;
  for (const component of COMPONENTS) out[component] = renderPlan(plans[component], enforced);
  return out;
}

/**
 * Lists, per privacy check, the settings that enforce it in the rendered configuration, and for
 * a relaxed check the settings whose values its relaxation field chose.
 */
export function renderPrivacyEvidence(input: JitsiConfigInput): PrivacyEvidence {
  return collectEvidence(buildPlans(input), enforcedChecks(relaxedCheckIds(input.spec, input.now)));
}

/** Builds the unrendered plan of every component. Exported for tests of relaxed checks. */
export function buildPlans(input: JitsiConfigInput): Record<Component, ComponentPlan> {
  const facts = instanceFacts(input.name, input.namespace, input.spec, input.now);
  return {
    web: webPlan(facts),
    prosody: prosodyPlan(facts),
    jicofo: jicofoPlan(facts),
    jvb: jvbPlan(facts),
  };
}

/** Renders one plan, keeping the settings of the given checks and those Jitsi needs. */
export function renderPlan(
  plan: ComponentPlan,
  enforced: ReadonlySet<PrivacyCheckId>,
): ComponentConfig {
  const env: Record<string, string> = {};
  for (const setting of selectSettings(plan.env, enforced)) {
    if (typeof setting.value !== 'string') {
      throw new Error(`environment variable ${setting.key} has a non-string value`);
    }
    if (setting.key in env) {
      throw new Error(`environment variable ${setting.key} is set twice; set it in one place`);
    }
    env[setting.key] = setting.value;
  }
  const files = plan.files
    .map((file) => ({
      key: file.key,
      mountPath: file.mountPath,
      content: file.render(selectSettings(file.settings, enforced)),
    }))
    .sort((a, b) => compareStrings(a.key, b.key));
  return { env: sortedRecord(env), secretEnv: sortedRecord(plan.secretEnv), files };
}
