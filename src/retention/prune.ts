import type { Stats } from 'node:fs';
import { lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { globMatcher } from './glob.ts';

/**
 * Deletes the files under a directory that are older than a maximum age, for the retention
 * CronJobs. The rules, each tested in test/unit/retention:
 * - Age is the modification time (mtime). An entry is expired when its mtime is more than
 *   `maxAgeDays` × 24 hours before `now`.
 * - Regular files and symbolic links are the entries that get deleted. A link is judged by its
 *   own mtime (`lstat`) and removing it never touches its target. Links are never followed, so
 *   nothing outside the tree and nothing under a linked directory is deleted or even counted.
 * - Paths matching a `keep` pattern are never deleted.
 * - Directories are entered only on the root's file system (same `st_dev`); a mount point below
 *   the root is counted and left alone.
 * - A directory that this run emptied is removed; the root never is, and a directory that was
 *   empty before the run stays.
 * - Entries that cannot be read are counted and skipped; sockets, FIFOs and devices too.
 * - Nothing identifying an entry is returned or logged: file names carry room and user names.
 *
 * NOTE: Node.js has no `openat`, so a directory swapped for a symbolic link while the walk is
 * inside it can still redirect the walk. The walk checks each directory's identity before and
 * after listing it, which narrows that window but cannot close it. The CronJob's only writable
 * mount is the data volume, so such a redirect cannot delete anything outside it.
 */

/** Kinds of data a retention run prunes; the value labels the summary only. */
export const RETENTION_CATEGORIES = ['logs', 'prosody-data', 'recordings', 'transcripts'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  /** Directory to prune; must be a real directory, not a symbolic link. */
  root: string;
  /** Maximum age in days, a whole number of at least 1. */
  maxAgeDays: number;
  /** Reference time for ages. */
  now: Date;
  /** Count what would be deleted without deleting anything. */
  dryRun: boolean;
  /** Glob patterns of paths relative to `root` that are never deleted (see glob.ts). */
  keep: readonly string[];
}

/** Counts of one run. Bytes are file sizes as `lstat` reports them. */
export interface PruneCounts {
  deleted: { files: number; bytes: number; symlinks: number; directories: number };
  kept: { files: number; bytes: number; symlinks: number; protected: number };
  skipped: { unreadable: number; otherFileSystem: number; special: number };
  failed: { deletions: number };
}

/** What happened to one entry, as its parent directory needs to know. */
type Outcome = 'removed' | 'kept' | 'gone';

interface Walk {
  options: PruneOptions;
  cutoffMs: number;
  rootDevice: number;
  isKept: (relativePath: string) => boolean;
  counts: PruneCounts;
}

/** Prunes `options.root`; throws when the root is missing, not a directory, or a link. */
export async function prune(options: PruneOptions): Promise<PruneCounts> {
  if (!Number.isInteger(options.maxAgeDays) || options.maxAgeDays < 1) {
    throw new Error(`max age ${options.maxAgeDays} is invalid; use a whole number of days >= 1`);
  }
  const rootStats = await lstat(options.root);
  if (rootStats.isSymbolicLink() || !rootStats.isDirectory()) {
    throw new Error(`${options.root} is not a directory (symbolic links are not followed)`);
  }
  const walk: Walk = {
    options,
    cutoffMs: options.now.getTime() - options.maxAgeDays * DAY_MS,
    rootDevice: rootStats.dev,
    isKept: globMatcher(options.keep),
    counts: emptyCounts(),
  };
  await walkDirectory(walk, options.root, '', rootStats);
  return walk.counts;
}

export function emptyCounts(): PruneCounts {
  return {
    deleted: { files: 0, bytes: 0, symlinks: 0, directories: 0 },
    kept: { files: 0, bytes: 0, symlinks: 0, protected: 0 },
    skipped: { unreadable: 0, otherFileSystem: 0, special: 0 },
    failed: { deletions: 0 },
  };
}

/**
 * Visits every entry of one directory. Returns how many entries remain in it and whether the
 * run removed any, so the caller can remove a directory that the run emptied.
 */
async function walkDirectory(
  walk: Walk,
  path: string,
  relativePath: string,
  expected: Stats,
): Promise<{ remaining: number; removedAny: boolean }> {
  let names: string[];
  try {
    names = (await readdir(path)).sort();
    const after = await lstat(path);
    if (after.isSymbolicLink() || after.ino !== expected.ino || after.dev !== expected.dev) {
      walk.counts.skipped.unreadable++;
      return { remaining: 1, removedAny: false };
    }
  } catch (err) {
    if (isMissing(err)) return { remaining: 0, removedAny: false };
    walk.counts.skipped.unreadable++;
    return { remaining: 1, removedAny: false };
  }
  let remaining = 0;
  let removedAny = false;
  for (const name of names) {
    const child = relativePath === '' ? name : `${relativePath}/${name}`;
    const outcome = await visit(walk, join(path, name), child);
    if (outcome === 'removed') removedAny = true;
    if (outcome === 'kept') remaining++;
  }
  return { remaining, removedAny };
}

async function visit(walk: Walk, path: string, relativePath: string): Promise<Outcome> {
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (err) {
    if (isMissing(err)) return 'gone';
    walk.counts.skipped.unreadable++;
    return 'kept';
  }
  if (stats.dev !== walk.rootDevice) {
    walk.counts.skipped.otherFileSystem++;
    return 'kept';
  }
  if (stats.isDirectory()) return visitDirectory(walk, path, relativePath, stats);
  if (stats.isFile() || stats.isSymbolicLink()) return visitLeaf(walk, path, relativePath, stats);
  walk.counts.skipped.special++;
  return 'kept';
}

async function visitDirectory(
  walk: Walk,
  path: string,
  relativePath: string,
  stats: Stats,
): Promise<Outcome> {
  const { remaining, removedAny } = await walkDirectory(walk, path, relativePath, stats);
  if (remaining > 0 || !removedAny) return 'kept';
  if (!walk.options.dryRun) {
    try {
      await rmdir(path);
    } catch (err) {
      if (isMissing(err)) return 'gone';
      // A file created meanwhile keeps the directory; that is not a failure.
      if (hasCode(err, 'ENOTEMPTY') || hasCode(err, 'EEXIST')) return 'kept';
      walk.counts.failed.deletions++;
      return 'kept';
    }
  }
  walk.counts.deleted.directories++;
  return 'removed';
}

async function visitLeaf(
  walk: Walk,
  path: string,
  relativePath: string,
  stats: Stats,
): Promise<Outcome> {
  const { counts } = walk;
  const link = stats.isSymbolicLink();
  if (walk.isKept(relativePath)) {
    counts.kept.protected++;
    return 'kept';
  }
  if (stats.mtimeMs >= walk.cutoffMs) {
    if (link) {
      counts.kept.symlinks++;
    } else {
      counts.kept.files++;
      counts.kept.bytes += stats.size;
    }
    return 'kept';
  }
  if (!walk.options.dryRun) {
    try {
      await unlink(path);
    } catch (err) {
      if (isMissing(err)) return 'gone';
      counts.failed.deletions++;
      return 'kept';
    }
  }
  if (link) {
    counts.deleted.symlinks++;
  } else {
    counts.deleted.files++;
    counts.deleted.bytes += stats.size;
  }
  return 'removed';
}

function isMissing(err: unknown): boolean {
  return hasCode(err, 'ENOENT');
}

function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
