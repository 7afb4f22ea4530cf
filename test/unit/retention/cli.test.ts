import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PruneCounts } from '../../../src/retention/index.ts';
import {
  daysAgo,
  file,
  NOW,
  removeDir,
  runRetention,
  tempDir,
  type CommandResult,
} from './tree.ts';

const run = promisify(execFile);
const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'run-cli.ts');
const NOBODY = 65534;

/** Runs the command in a child process; `wrap` prefixes the command line (e.g. unshare). */
async function runChild(
  args: string[],
  options: { uid?: number; gid?: number; wrap?: string[] } = {},
): Promise<CommandResult> {
  const argv = [...(options.wrap ?? []), process.execPath, ENTRY, ...args];
  const [command, ...rest] = argv as [string, ...string[]];
  try {
    const { stdout, stderr } = await run(command, rest, {
      env: { ...process.env, RETENTION_TEST_NOW: NOW.toISOString() },
      uid: options.uid,
      gid: options.gid,
      timeout: 60_000,
    });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw err;
    return { status: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The summary line as the command prints it: pino's fields plus the counts. */
type Summary = PruneCounts & { msg: string; category: string; dryRun: boolean; maxAgeDays: number };

function summary(result: CommandResult): Summary {
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `expected one summary line, got: ${result.stdout}`);
  return JSON.parse(lines[0] ?? '') as Summary;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

const isRoot = process.getuid?.() === 0;

describe('retention command', () => {
  it('prints one summary line without names', async () => {
    const root = await tempDir('retention-cli');
    try {
      await file(root, 'room-secretroom/alice.dat', 10, 30);
      await file(root, 'room-secretroom/bob.dat', 1, 12);
      const result = await runRetention([
        '--path',
        root,
        '--max-age-days',
        '7',
        '--category',
        'prosody-data',
      ]);
      assert.equal(result.status, 0);
      assert.equal(result.stderr, '');
      const line = summary(result);
      assert.equal(line.msg, 'retention run finished');
      assert.equal(line.category, 'prosody-data');
      assert.equal(line.dryRun, false);
      assert.equal(line.maxAgeDays, 7);
      assert.deepEqual(line.deleted, { files: 1, bytes: 30, symlinks: 0, directories: 0 });
      assert.deepEqual(line.kept, { files: 1, bytes: 12, symlinks: 0, protected: 0 });
      for (const name of ['secretroom', 'alice', 'bob', root]) {
        assert.ok(!result.stdout.includes(name), `the summary contains "${name}"`);
      }
    } finally {
      await removeDir(root);
    }
  });

  it('keeps files matching --keep', async () => {
    const root = await tempDir('retention-keep');
    try {
      await file(root, 'auth%2emeet%2ejitsi/accounts/jvb.dat', 100);
      await file(root, 'certs/auth.meet.jitsi.crt', 100);
      const result = await runRetention([
        '--path',
        root,
        '--max-age-days',
        '7',
        '--category',
        'prosody-data',
        '--keep',
        'auth%2emeet%2ejitsi/accounts/*',
        '--keep',
        '**/*.crt',
      ]);
      assert.equal(result.status, 0);
      assert.equal(summary(result).kept.protected, 2);
      assert.equal(await exists(join(root, 'auth%2emeet%2ejitsi/accounts/jvb.dat')), true);
      assert.equal(await exists(join(root, 'certs/auth.meet.jitsi.crt')), true);
    } finally {
      await removeDir(root);
    }
  });

  it('deletes nothing with --dry-run', async () => {
    const root = await tempDir('retention-dry-cli');
    try {
      await file(root, 'old.txt', 10);
      const result = await runRetention([
        '--path',
        root,
        '--max-age-days',
        '7',
        '--category',
        'logs',
        '--dry-run',
      ]);
      assert.equal(result.status, 0);
      assert.equal(summary(result).deleted.files, 1);
      assert.equal(summary(result).dryRun, true);
      assert.equal(await exists(join(root, 'old.txt')), true);
    } finally {
      await removeDir(root);
    }
  });

  it('prints help', async () => {
    const result = await runRetention(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: gdpr-jitsi retention/);
  });

  const invalid: { name: string; args: string[]; message: RegExp }[] = [
    {
      name: 'missing path',
      args: ['--max-age-days', '7', '--category', 'logs'],
      message: /--path is missing/,
    },
    {
      name: 'zero days',
      args: ['--path', '/tmp', '--max-age-days', '0', '--category', 'logs'],
      message: /"0" is invalid/,
    },
    {
      name: 'fractional days',
      args: ['--path', '/tmp', '--max-age-days', '7.5', '--category', 'logs'],
      message: /"7.5" is invalid/,
    },
    {
      name: 'too many days',
      args: ['--path', '/tmp', '--max-age-days', '3651', '--category', 'logs'],
      message: /"3651" is invalid/,
    },
    {
      name: 'unknown category',
      args: ['--path', '/tmp', '--max-age-days', '7', '--category', 'photos'],
      message: /"photos" is unknown/,
    },
    {
      name: 'unknown option',
      args: ['--path', '/tmp', '--max-age-days', '7', '--category', 'logs', '--force'],
      message: /--force/,
    },
    {
      name: 'absolute keep',
      args: ['--path', '/tmp', '--max-age-days', '7', '--category', 'logs', '--keep', '/etc/*'],
      message: /absolute/,
    },
    {
      name: 'missing root',
      args: ['--path', '/nonexistent/gdpr-jitsi', '--max-age-days', '7', '--category', 'logs'],
      message: /failed/,
    },
  ];
  for (const row of invalid) {
    it(`rejects ${row.name}`, async () => {
      const result = await runRetention(row.args);
      assert.equal(result.status, 1);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, row.message);
    });
  }
});

describe('retention command limits', () => {
  it('skips and counts unreadable directories', async () => {
    const root = await tempDir('retention-locked');
    try {
      await file(root, 'old.txt', 10);
      await file(root, 'locked/old.txt', 10);
      // Root ignores permission bits, so as root the command runs as nobody on an open tree.
      await chmod(root, 0o777);
      await chmod(join(root, 'locked'), 0o000);
      const args = ['--path', root, '--max-age-days', '7', '--category', 'logs'];
      const result = isRoot
        ? await runChild(args, { uid: NOBODY, gid: NOBODY })
        : await runRetention(args);
      assert.equal(result.status, 2, result.stderr);
      const line = summary(result);
      assert.equal(line.skipped.unreadable, 1);
      assert.equal(line.deleted.files, 1);
      await chmod(join(root, 'locked'), 0o755);
      assert.equal(await exists(join(root, 'locked/old.txt')), true);
      assert.equal(await exists(join(root, 'old.txt')), false);
    } finally {
      await chmod(join(root, 'locked'), 0o755).catch(() => undefined);
      await removeDir(root);
    }
  });

  it('does not enter another file system', async (t) => {
    if (!isRoot) {
      t.skip('mounting a tmpfs needs root (unshare --mount)');
      return;
    }
    const root = await tempDir('retention-mount');
    try {
      await file(root, 'old.txt', 10);
      await file(root, 'mnt/placeholder', 1);
      const epoch = Math.floor(daysAgo(10).getTime() / 1000);
      // A private mount namespace: the tmpfs exists only for the child and vanishes with it.
      const script = [
        'mount -t tmpfs tmpfs "$1/mnt"',
        `touch -d @${epoch} "$1/mnt/old-on-tmpfs"`,
        'shift',
        'exec "$@"',
      ].join(' && ');
      const wrap = [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        script,
        'sh',
        root,
      ];
      const result = await runChild(['--path', root, '--max-age-days', '7', '--category', 'logs'], {
        wrap,
      });
      assert.equal(result.status, 0, result.stderr);
      const line = summary(result);
      assert.equal(line.skipped.otherFileSystem, 1);
      assert.equal(line.deleted.files, 1);
      assert.equal(await exists(join(root, 'mnt/placeholder')), true);
    } finally {
      await removeDir(root);
    }
  });
});
