import type { Setting } from './setting.ts';

/** One generated file before rendering: its settings and the renderer of its format. */
export interface FilePlan {
  /** ConfigMap key, also the `subPath` of the mount. */
  key: string;
  /** Absolute path in the container. */
  mountPath: string;
  settings: Setting[];
  render: (settings: readonly Setting[]) => string;
}

/** Everything one component gets, as settings, before the enforced checks are applied. */
export interface ComponentPlan {
  /** Plain environment variables; every value is a string. */
  env: Setting[];
  /** Environment variable name to key in the instance Secret. */
  secretEnv: Record<string, string>;
  files: FilePlan[];
}

/**
 * Boolean for an environment variable, as `1` or `0`. The web start-up scripts compare flags
 * numerically (`[[ $DISABLE_HTTPS -ne 1 ]]`), where `true` would count as 0, and the templates
 * read them with `toBool`, which accepts both forms.
 */
export function flag(on: boolean): string {
  return on ? '1' : '0';
}
