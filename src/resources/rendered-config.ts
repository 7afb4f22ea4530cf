import type { Component } from '../api/types.ts';

/** One configuration file: stored under `key` in the component's ConfigMap, mounted at `mountPath`. */
export interface RenderedFile {
  key: string;
  mountPath: string;
  content: string;
}

/**
 * Output of the Jitsi configuration generator for one component. The builders depend on this
 * shape only, so they can be tested with hand-written configuration.
 */
export interface RenderedComponentConfig {
  /** Plain environment variables, name to value. */
  env: Record<string, string>;
  /** Environment variables read from the instance Secret, name to Secret key. */
  secretEnv: Record<string, string>;
  files: RenderedFile[];
}

export type RenderedConfig = Record<Component, RenderedComponentConfig>;
