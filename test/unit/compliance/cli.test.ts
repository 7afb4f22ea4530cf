import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { checkCommand, type Output } from '../../../src/cli/check.ts';
import { isRfc3339Date, reportCommand } from '../../../src/cli/report.ts';
import { EXAMPLES_DIR } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'gdpr-jitsi-check-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function capture(): Output & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

function manifest(name: string, spec: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `apiVersion: gdprmeet.io/v1alpha1\nkind: GdprJitsiMeet\nmetadata:\n  name: ${name}\nspec:\n${spec}`,
  );
  return path;
}

const BASIC = join(EXAMPLES_DIR, 'basic.yaml');

describe('check command', () => {
  it('prints a table and exits 0 when no check fails', async () => {
    const io = capture();
    assert.equal(await checkCommand(['-f', BASIC, '-n', 'jitsi'], io), 0);
    assert.match(io.stdout, /^jitsi\/meet \(meet\.example\.eu\)\nID {5}RESULT {1}MESSAGE\n/);
    assert.match(io.stdout, /\nAC-01 {2}pass {3}only hosts who sign in \(internal\) create rooms/);
    assert.match(io.stdout, /\nTP-01 {2}pass {3}peer-to-peer is off\n/);
    assert.match(io.stdout, /\nK8-02 {2}open {3}the operator sees region labels, not contracts/);
    assert.doesNotMatch(io.stdout, /not-applicable/);
    assert.match(
      io.stdout,
      /\d+ pass, 0 fail, 0 relaxed, \d+ open \(need evidence from outside the cluster\); host scan pass \(0 foreign hosts\)\n$/,
    );
  });

  it('shows a relaxed check with its field and exits 0', async () => {
    const io = capture();
    const path = manifest(
      'open',
      '  domain: meet.example.eu\n  tls:\n    secretName: tls\n  auth:\n    mode: None\n',
    );
    assert.equal(await checkCommand(['-f', path], io), 0);
    assert.match(
      io.stdout,
      /\nAC-01 {2}relaxed {1}relaxed by spec\.auth\.mode: anyone who reaches https:\/\/meet\.example\.eu can create rooms/,
    );
    assert.match(io.stdout, /\d+ pass, 0 fail, 1 relaxed, /);
  });

  it('exits 1 while a check fails', async () => {
    const io = capture();
    const path = manifest(
      'jaas-stun',
      '  domain: meet.example.eu\n  tls:\n    secretName: tls\n  privacy:\n    peerToPeer:\n' +
        '      enabled: true\n      stunServers: [meet-jit-si-turnrelay.jitsi.net:443]\n',
    );
    assert.equal(await checkCommand(['-f', path], io), 1);
    assert.match(
      io.stdout,
      /\nTP-01 {2}relaxed {1}relaxed by spec\.privacy\.peerToPeer\.stunServers/,
    );
    assert.match(io.stdout, /\nTP-16 {2}fail {4}.*meet-jit-si-turnrelay\.jitsi\.net/);
    assert.match(
      io.stdout,
      /\nHOSTS {2}relaxed {1}ConfigMap jaas-stun-web-config\/custom-config\.js config\.p2p\.stunServers(\.urls)?: meet-jit-si-turnrelay\.jitsi\.net \(relaxed by spec\.privacy\.peerToPeer\.stunServers\)/,
    );
    assert.match(io.stdout, /host scan pass \(1 foreign hosts\)\n$/);
  });

  it('prints JSON reports', async () => {
    const io = capture();
    await checkCommand(['-f', BASIC, '-o', 'json'], io);
    const reports = JSON.parse(io.stdout) as {
      instance: { namespace: string };
      results: unknown[];
    }[];
    const [report] = reports;
    assert.ok(report !== undefined);
    assert.equal(reports.length, 1);
    assert.equal(report.instance.namespace, 'default');
    assert.equal(report.results.length, 73);
  });

  it('exits 2 on a missing file', async () => {
    const io = capture();
    assert.equal(await checkCommand(['-f', join(dir, 'absent.yaml')], io), 2);
    assert.match(io.stderr, /^error: cannot read .*absent\.yaml/);
  });

  it('exits 2 on an invalid resource and names the field', async () => {
    const io = capture();
    assert.equal(await checkCommand(['-f', manifest('bad', '  domain: "not a domain"\n')], io), 2);
    assert.match(io.stderr, /GdprJitsiMeet bad is invalid:\n {2}spec\.domain/);
  });

  it('names an invalid field once', async () => {
    const io = capture();
    assert.equal(await checkCommand(['-f', manifest('bad', '  domain: "not a domain"\n')], io), 2);
    assert.match(io.stderr, /\n {2}spec\.domain: 'not a domain' is invalid/);
    assert.doesNotMatch(io.stderr, /spec\.domain: spec\.domain/);
  });

  it('exits 2 without -f', async () => {
    const io = capture();
    assert.equal(await checkCommand([], io), 2);
    assert.match(io.stderr, /missing -f FILE/);
  });
});

describe('report command', () => {
  it('writes Markdown to stdout', async () => {
    const io = capture();
    assert.equal(await reportCommand(['-f', BASIC], io), 0);
    assert.match(io.stdout, /^# GDPR documentation for Jitsi Meet at meet\.example\.eu\n/);
  });

  it('writes HTML to a file with the given date', async () => {
    const out = join(dir, 'report.html');
    assert.equal(
      await reportCommand(
        ['-f', BASIC, '--format', 'html', '-o', out, '--date', '2026-09-01'],
        capture(),
      ),
      0,
    );
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<td>Generated<\/td><td>2026-09-01<\/td>/);
  });

  it('asks for --name when the file holds several resources', async () => {
    const path = join(dir, 'two.yaml');
    writeFileSync(
      path,
      `${readFileSync(manifest('one', '  domain: one.example.eu\n  tls:\n    secretName: one-tls\n'), 'utf8')}---\n${readFileSync(manifest('two', '  domain: two.example.eu\n  tls:\n    secretName: two-tls\n'), 'utf8')}`,
    );
    const io = capture();
    assert.equal(await reportCommand(['-f', path], io), 2);
    assert.match(io.stderr, /several resources \(one, two\); pick one with --name/);
    const picked = capture();
    assert.equal(await reportCommand(['-f', path, '--name', 'two'], picked), 0);
    assert.match(picked.stdout, /at two\.example\.eu/);
  });

  for (const date of ['yesterday', '2026-13-45', '2026-02-29', '2026-09-01T25:00:00Z']) {
    it(`rejects --date ${date}`, async () => {
      const io = capture();
      assert.equal(await reportCommand(['-f', BASIC, '--date', date], io), 2);
      assert.equal(io.stdout, '');
      assert.equal(
        io.stderr,
        `error: invalid --date "${date}"; use an RFC 3339 date or date-time, e.g. 2026-09-01 or 2026-09-01T10:00:00Z\n`,
      );
    });
  }

  it('accepts a date-time with an offset as --date', async () => {
    const io = capture();
    assert.equal(await reportCommand(['-f', BASIC, '--date', '2026-09-01T10:00:00+02:00'], io), 0);
    assert.match(io.stdout, /\| Generated \| 2026-09-01T10:00:00\+02:00 \|/);
  });

  it('rejects an unknown format', async () => {
    const io = capture();
    assert.equal(await reportCommand(['-f', BASIC, '--format', 'pdf'], io), 2);
    assert.match(io.stderr, /invalid --format "pdf"; use markdown or html/);
  });
});

describe('isRfc3339Date', () => {
  const valid = [
    '2026-09-01',
    '2028-02-29',
    '2026-09-01T10:00:00Z',
    '2026-09-01t10:00:00.123z',
    '2026-12-31T23:59:60-05:30',
  ];
  const invalid = [
    '',
    'yesterday',
    '2026-13-45',
    '2026-00-10',
    '2026-04-31',
    '2026-02-29',
    '2026-9-1',
    '2026-09-01T10:00Z',
    '2026-09-01T10:00:00',
    '2026-09-01T24:00:00Z',
    '2026-09-01T10:60:00Z',
    '2026-09-01T10:00:00+24:00',
    '2026-09-01 trailing',
  ];
  for (const text of valid) {
    it(`accepts ${text}`, () => {
      assert.equal(isRfc3339Date(text), true);
    });
  }
  for (const text of invalid) {
    it(`rejects "${text}"`, () => {
      assert.equal(isRfc3339Date(text), false);
    });
  }
});
