import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { environmentProblem } from '../../../src/cli/commands.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const NODE = join(ROOT, 'node_modules/.bin/node');
const CLI = join(ROOT, 'src/cli/main.ts');

describe('environment errors', () => {
  test('port in use names the fix', () => {
    const err = Object.assign(new Error('listen EADDRINUSE: address already in use :::8080'), {
      code: 'EADDRINUSE',
    });
    assert.match(environmentProblem(err) ?? '', /pass --listen with a free port/);
  });

  test('unreachable server names the cause', () => {
    const err = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    assert.match(
      environmentProblem(err) ?? '',
      /cannot reach the Kubernetes API server \(ECONNREFUSED\)/,
    );
  });

  test('programming errors are not hidden', () => {
    assert.equal(environmentProblem(new RangeError('index out of range')), undefined);
  });

  test('missing kubeconfig prints one line', () => {
    const result = spawnSync(
      NODE,
      [CLI, 'check', '--live', 'meet', '--kubeconfig', '/nonexistent'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^error: .*\/nonexistent.*--kubeconfig/);
  });

  test('closed pipe ends quietly', () => {
    const result = spawnSync(
      'bash',
      ['-c', `"${NODE}" "${CLI}" report -f "${join(ROOT, 'examples/basic.yaml')}" | head -c 10`],
      { encoding: 'utf8' },
    );
    assert.equal(result.stderr, '');
  });
});

describe('retention path guard', () => {
  for (const path of ['/', '/etc', '/usr/', '/var/../var']) {
    test(`rejects ${path}`, () => {
      const result = spawnSync(
        NODE,
        [
          CLI,
          'retention',
          '--path',
          path,
          '--max-age-days',
          '7',
          '--category',
          'logs',
          '--dry-run',
        ],
        { encoding: 'utf8' },
      );
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /is the system folder/);
    });
  }
});
