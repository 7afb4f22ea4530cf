import assert from 'node:assert/strict';
import { access, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prune, type PruneCounts } from '../../../src/retention/index.ts';
import { file, link, NOW, removeDir, tempDir } from './tree.ts';

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the standard tree: expired and recent files, a protected file, nested directories the run
 * empties, a directory that was empty before, and links to files and directories inside and
 * outside the tree.
 */
async function buildTree(root: string, outside: string): Promise<void> {
  await file(root, 'old.txt', 10, 100);
  await file(root, 'new.txt', 1, 7);
  await file(root, 'auth%2emeet%2ejitsi/accounts/focus.dat', 30, 5);
  await file(root, 'nested/a/b/old.log', 9, 50);
  await file(root, 'mixed/old.txt', 8, 20);
  await file(root, 'mixed/new.txt', 2, 3);
  await mkdir(join(root, 'empty-before'));
  await file(root, 'keepme/target.txt', 1, 4);
  await file(outside, 'secret.txt', 40, 9);
  await file(outside, 'dir/also-old.txt', 40, 9);
  await link(root, 'links/to-inside-file', '../keepme/target.txt', 10);
  await link(root, 'links/to-outside-file', join(outside, 'secret.txt'), 1);
  await link(root, 'links/to-outside-dir', join(outside, 'dir'), 1);
  await link(root, 'links/to-inside-dir', '../mixed', 1);
  await link(root, 'links/dangling', 'does-not-exist', 10);
}

const EXPECTED: PruneCounts = {
  deleted: { files: 3, bytes: 170, symlinks: 2, directories: 3 },
  kept: { files: 3, bytes: 14, symlinks: 3, protected: 1 },
  skipped: { unreadable: 0, otherFileSystem: 0, special: 0 },
  failed: { deletions: 0 },
};

describe('prune', () => {
  let root: string;
  let outside: string;
  let counts: PruneCounts;

  before(async () => {
    root = await tempDir('retention');
    outside = await tempDir('outside');
    await buildTree(root, outside);
    counts = await prune({
      root,
      maxAgeDays: 7,
      now: NOW,
      dryRun: false,
      keep: ['auth%2emeet%2ejitsi/accounts/*'],
    });
  });

  after(async () => {
    await removeDir(root);
    await removeDir(outside);
  });

  it('counts what it deleted and kept', () => {
    assert.deepEqual(counts, EXPECTED);
  });

  it('deletes expired files', async () => {
    assert.equal(await exists(join(root, 'old.txt')), false);
    assert.equal(await exists(join(root, 'mixed/old.txt')), false);
  });

  it('keeps recent files', async () => {
    assert.equal(await exists(join(root, 'new.txt')), true);
    assert.equal(await exists(join(root, 'mixed/new.txt')), true);
  });

  it('keeps protected files whatever their age', async () => {
    assert.equal(await exists(join(root, 'auth%2emeet%2ejitsi/accounts/focus.dat')), true);
  });

  it('removes directories it emptied', async () => {
    assert.equal(await exists(join(root, 'nested')), false);
  });

  it('keeps directories that were empty before', async () => {
    assert.equal(await exists(join(root, 'empty-before')), true);
  });

  it('keeps the root', async () => {
    assert.equal(await exists(root), true);
  });

  it('deletes an expired link but not its target', async () => {
    assert.equal(await exists(join(root, 'links/to-inside-file')), false);
    assert.equal(await exists(join(root, 'keepme/target.txt')), true);
  });

  it('deletes an expired dangling link', async () => {
    assert.equal(await exists(join(root, 'links/dangling')), false);
  });

  it('never deletes through links', async () => {
    assert.equal(await exists(join(outside, 'secret.txt')), true);
    assert.equal(await exists(join(outside, 'dir/also-old.txt')), true);
    assert.equal(await exists(join(root, 'links/to-outside-dir')), true);
    assert.equal(await exists(join(root, 'links/to-inside-dir')), true);
  });
});

describe('prune in dry-run mode', () => {
  it('deletes nothing but counts the same', async () => {
    const root = await tempDir('retention-dry');
    const outside = await tempDir('outside-dry');
    try {
      await buildTree(root, outside);
      const before = (await readdir(root, { recursive: true })).sort();
      const counts = await prune({
        root,
        maxAgeDays: 7,
        now: NOW,
        dryRun: true,
        keep: ['auth%2emeet%2ejitsi/accounts/*'],
      });
      assert.deepEqual(counts, EXPECTED);
      assert.deepEqual((await readdir(root, { recursive: true })).sort(), before);
    } finally {
      await removeDir(root);
      await removeDir(outside);
    }
  });
});

describe('prune root checks', () => {
  it('rejects a missing root', async () => {
    const options = { maxAgeDays: 7, now: NOW, dryRun: true, keep: [] };
    await assert.rejects(prune({ ...options, root: '/nonexistent/gdpr-jitsi' }), /ENOENT/);
  });

  it('rejects a root that is a link', async () => {
    const base = await tempDir('retention-link-root');
    try {
      await mkdir(join(base, 'real'));
      await link(base, 'alias', join(base, 'real'), 1);
      const options = { maxAgeDays: 7, now: NOW, dryRun: true, keep: [] };
      await assert.rejects(prune({ ...options, root: join(base, 'alias') }), /not a directory/);
    } finally {
      await removeDir(base);
    }
  });

  it('rejects a zero max age', async () => {
    const root = await tempDir('retention-zero');
    try {
      const options = { root, now: NOW, dryRun: true, keep: [] };
      await assert.rejects(prune({ ...options, maxAgeDays: 0 }), /max age 0 is invalid/);
      await access(root);
    } finally {
      await removeDir(root);
    }
  });
});
