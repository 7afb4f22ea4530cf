/**
 * Helpers for the tests that run Prometheus's own tools (Debian package `prometheus`, which
 * installs `/usr/bin/prometheus` and `/usr/bin/promtool`).
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import type { DesiredObject } from '../../../src/resources/context.ts';
import { SCRAPE_CONFIG_KEY } from '../../../src/resources/monitoring.ts';

export const run = promisify(execFile);

/** The repository root, so tests read dashboards and docs wherever they are started from. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Absolute path of a program on PATH; throws with the install command when it is missing. */
export async function requireProgram(name: string): Promise<string> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not in this directory; try the next one.
    }
  }
  throw new Error(
    `${name} not found on PATH; install Debian's prometheus package ` +
      '(apt-get install -y --no-install-recommends prometheus)',
  );
}

/** Returns the `scrape_configs` list from the scrape ConfigMap the builder emits. */
export function scrapeConfigsOf(configMap: DesiredObject): unknown[] {
  const data = configMap['data'] as Record<string, string>;
  const text = data[SCRAPE_CONFIG_KEY];
  if (text === undefined) throw new Error(`ConfigMap has no ${SCRAPE_CONFIG_KEY} key`);
  return (load(text) as { scrape_configs: unknown[] }).scrape_configs;
}
