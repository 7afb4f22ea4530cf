import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..', '..');

test('run rejects an invalid lease name', () => {
  const result = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'node'),
    [join(ROOT, 'src', 'cli', 'main.ts'), 'run', '--lease-name', 'Leader_1'],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 1);
  assert.match(result.stderr, /invalid --lease-name "Leader_1"/);
  assert.match(result.stderr, /lower-case letters/);
});
