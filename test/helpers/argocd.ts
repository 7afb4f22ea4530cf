/**
 * Runs the Argo CD health check in deploy/argocd/health.lua with gopher-lua, through the Go
 * program in test/argocd (built into the user's cache folder by test/argocd/build.sh).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

export const HEALTH_SCRIPT = join(ROOT, 'deploy', 'argocd', 'health.lua');

export interface HealthCase {
  name: string;
  object: Record<string, unknown>;
}

export interface HealthResult {
  name: string;
  status: string;
  message: string;
  /** The Lua error, when the script failed. */
  error?: string;
}

let runnerPromise: Promise<string> | undefined;

/** Builds the runner once per process; resolves to its path. */
function runner(): Promise<string> {
  runnerPromise ??= run(join(ROOT, 'test', 'argocd', 'build.sh'), [], { timeout: 540_000 }).then(
    ({ stdout }) => stdout.trim(),
  );
  return runnerPromise;
}

/** Runs the health script on each object and returns Argo CD's reading of the result. */
export async function evaluateHealth(
  cases: HealthCase[],
  script = readFileSync(HEALTH_SCRIPT, 'utf8'),
): Promise<HealthResult[]> {
  const child = run(await runner(), [], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  child.child.stdin?.end(JSON.stringify({ script, cases }));
  const { stdout } = await child;
  const results = (JSON.parse(stdout) as { results: HealthResult[] }).results;
  if (results.length !== cases.length) {
    throw new Error(`the health runner returned ${results.length} results for ${cases.length}`);
  }
  return results;
}
