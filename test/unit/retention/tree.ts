/**
 * Temporary directory trees with set ages for the retention tests. Ages are whole days before
 * `NOW`, applied with `utimes` (files, directories) and `lutimes` (symbolic links themselves).
 */
import { lutimes, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { retentionCommand } from '../../../src/cli/retention.ts';

export const NOW = new Date('2026-09-01T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gdpr-jitsi-${prefix}-`));
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

export async function file(
  root: string,
  relative: string,
  ageDays: number,
  bytes = 10,
): Promise<void> {
  const path = join(root, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'x'.repeat(bytes));
  await utimes(path, daysAgo(ageDays), daysAgo(ageDays));
}

export async function link(
  root: string,
  relative: string,
  target: string,
  ageDays: number,
): Promise<void> {
  const path = join(root, relative);
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, path);
  await lutimes(path, daysAgo(ageDays), daysAgo(ageDays));
}

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `gdpr-jitsi retention` in this process with `NOW` as the time. */
export async function runRetention(argv: string[]): Promise<CommandResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = collector(out);
  const stderr = collector(err);
  const status = await retentionCommand(argv, { stdout, stderr, now: () => NOW });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

function collector(chunks: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}
