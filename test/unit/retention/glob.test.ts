import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, globMatcher } from '../../../src/retention/index.ts';

describe('keep patterns', () => {
  const rows: { pattern: string; path: string; matches: boolean }[] = [
    { pattern: 'accounts/*', path: 'accounts/focus.dat', matches: true },
    { pattern: 'accounts/*', path: 'accounts/sub/focus.dat', matches: false },
    { pattern: 'accounts/*', path: 'other/accounts/focus.dat', matches: false },
    { pattern: '**/*.crt', path: 'auth.meet.jitsi.crt', matches: true },
    { pattern: '**/*.crt', path: 'a/b/c.crt', matches: true },
    { pattern: '**/*.crt', path: 'a/b/c.crt.bak', matches: false },
    { pattern: 'a/**', path: 'a/b/c', matches: true },
    { pattern: 'file?.log', path: 'file1.log', matches: true },
    { pattern: 'file?.log', path: 'file12.log', matches: false },
    {
      pattern: 'auth%2emeet%2ejitsi/roster/*',
      path: 'auth%2emeet%2ejitsi/roster/focus.dat',
      matches: true,
    },
    { pattern: 'a.b', path: 'axb', matches: false },
    { pattern: '*', path: '.hidden', matches: true },
    { pattern: 'Data/*', path: 'data/x', matches: false },
  ];
  for (const row of rows) {
    it(`${row.matches ? 'matches' : 'misses'} ${row.path} with ${row.pattern}`, () => {
      assert.equal(compileGlob(row.pattern).test(row.path), row.matches);
    });
  }

  it('matches when any pattern matches', () => {
    const isKept = globMatcher(['a/*', 'b/*']);
    assert.equal(isKept('b/x'), true);
    assert.equal(isKept('c/x'), false);
  });

  it('rejects absolute patterns', () => {
    assert.throws(() => compileGlob('/etc/*'), /absolute/);
  });

  it('rejects patterns leaving the root', () => {
    assert.throws(() => compileGlob('../x/*'), /"\.\."/);
  });

  it('rejects empty patterns', () => {
    assert.throws(() => compileGlob(''), /empty/);
  });
});
