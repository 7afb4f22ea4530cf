/**
 * Runs the programs that read the generated files: nginx, the Lua 5.4 compiler and interpreter,
 * and Java with Typesafe Config. Shared by the tests in this folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Typesafe Config release pinned for the tests, with the SHA-256 of its Maven Central jar. */
const TYPESAFE_CONFIG = {
  artifact: 'com.typesafe:config:1.4.3',
  jar: 'config-1.4.3.jar',
  sha256: '8ada4c185ce72416712d63e0b5afdc5f009c0cdf405e5f26efecdf156aa5dfb6',
} as const;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; gives up after `timeoutMs`. */
export function run(command: string, args: readonly string[], timeoutMs = 120_000): RunResult {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs });
  if (result.error !== undefined) {
    return { status: null, stdout: '', stderr: String(result.error) };
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Reports whether `command` is on the PATH. */
export function hasCommand(command: string): boolean {
  return run('sh', ['-c', `command -v "$0"`, command]).status === 0;
}

/** Per-user cache of downloaded and compiled test tools. */
export function cacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  const dir = join(base, 'gdpr-jitsi-operator');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Path of the Typesafe Config jar, downloaded once from Maven Central with `mvn` and checked
 * against the pinned SHA-256.
 */
export function typesafeConfigJar(): string {
  const target = join(cacheDir(), TYPESAFE_CONFIG.jar);
  if (!existsSync(target)) {
    const staging = mkdtempSync(join(cacheDir(), 'download-'));
    const result = run(
      'mvn',
      [
        '-q',
        '-B',
        'dependency:copy',
        `-Dartifact=${TYPESAFE_CONFIG.artifact}`,
        `-DoutputDirectory=${staging}`,
      ],
      600_000,
    );
    const downloaded = join(staging, TYPESAFE_CONFIG.jar);
    if (result.status !== 0 || !existsSync(downloaded)) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(
        `mvn could not download ${TYPESAFE_CONFIG.artifact} (exit ${result.status}): ` +
          `${result.stderr}${result.stdout}; install Maven or place the jar at ${target}`,
      );
    }
    renameSync(downloaded, target);
    rmSync(staging, { recursive: true, force: true });
  }
  const actual = sha256(target);
  if (actual !== TYPESAFE_CONFIG.sha256) {
    throw new Error(
      `${target} has SHA-256 ${actual}, expected ${TYPESAFE_CONFIG.sha256}; delete it to download again`,
    );
  }
  return target;
}

/** Compiles `java/ConfigDump.java` once per source version; returns the class directory. */
function configDumpClasses(jar: string): string {
  const source = join(HERE, 'java', 'ConfigDump.java');
  const version = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const target = join(cacheDir(), `config-dump-${version}`);
  if (existsSync(join(target, 'ConfigDump.class'))) return target;
  const staging = mkdtempSync(join(cacheDir(), 'compile-'));
  const result = run('javac', ['-cp', jar, '-d', staging, source]);
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`javac failed for ${source}: ${result.stderr}`);
  }
  try {
    renameSync(staging, target);
  } catch {
    // Another test process compiled the same source first; its classes are identical.
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/**
 * Parses `file` the way a Jitsi Java component does and returns it as plain data: `hocon` with
 * Typesafe Config, `properties` with `java.util.Properties`, `logging` through
 * `java.util.logging` (whether the Jitsi loggers log FINE, INFO and WARNING).
 */
export function javaParse(
  mode: 'hocon' | 'properties' | 'logging',
  file: string,
): Record<string, unknown> {
  const jar = typesafeConfigJar();
  const classes = configDumpClasses(jar);
  const result = run('java', ['-cp', `${jar}:${classes}`, 'ConfigDump', mode, file]);
  if (result.status !== 0) {
    throw new Error(`Java could not parse ${file} as ${mode}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** Reads a dotted path from parsed configuration; undefined when a segment is missing. */
export function pathValue(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
