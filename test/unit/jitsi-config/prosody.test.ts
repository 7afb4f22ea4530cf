/**
 * Checks the Prosody snippet with Lua 5.4, the Lua version Prosody 13 runs on in the image:
 * `luac5.4 -p` for syntax, and `lua/prosody-config.lua`, which loads files the way Prosody's
 * configuration manager does, for the values. The stand-ins for the image's `prosody.cfg.lua`
 * and `conf.d/jitsi-meet.cfg.lua` carry the options the snippet must override.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PROSODY_PRIVACY_FILE } from '../../../src/jitsi-config/prosody.ts';
import { fileOf, renderBasic, renderRelaxed } from './fixtures.ts';
import { hasCommand, run } from './tools.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const HARNESS = join(HERE, 'lua', 'prosody-config.lua');
const SKIP =
  hasCommand('luac5.4') && hasCommand('lua5.4')
    ? false
    : 'Lua 5.4 is not installed (apt-get install lua5.4)';

// What the image renders with PROSODY_ENABLE_S2S=1 and LOG_LEVEL=info.
const IMAGE_MAIN = `
admins = { }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "http_health"; }
modules_disabled = {
    "offline"; -- Store offline messages
    "register";
};
allow_registration = false;
c2s_require_encryption = true;
log = {
	{ levels = {min = "info"}, timestamps = "%Y-%m-%d %X", to = "console"};
}
Include "conf.d/*.cfg.lua"
`;

const IMAGE_SITE = `
plugin_paths = { "/prosody-plugins/", "/prosody-plugins-custom" }
VirtualHost "meet.jitsi"
    authentication = "jitsi-anonymous"
    modules_enabled = { "bosh"; "ping"; }
Component "muc.meet.jitsi" "muc"
    storage = "memory"
`;

type Options = Record<string, Record<string, unknown>>;

/** The private render, and one with every relaxation on (Prosody at debug). */
const RENDERS = [
  { name: 'private defaults', render: renderBasic, level: 'warn' },
  { name: 'every relaxation on', render: renderRelaxed, level: 'debug' },
];

for (const { name, render, level } of RENDERS)
  describe(`prosody privacy.cfg.lua, ${name}`, { skip: SKIP }, () => {
    let dir = '';
    let snippet = '';

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'gdpr-jitsi-prosody-'));
      snippet = join(dir, PROSODY_PRIVACY_FILE);
      writeFileSync(snippet, fileOf(render().prosody, PROSODY_PRIVACY_FILE).content);
      writeFileSync(join(dir, 'prosody.cfg.lua'), IMAGE_MAIN);
      writeFileSync(join(dir, 'jitsi-meet.cfg.lua'), IMAGE_SITE);
    });

    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    function load(...files: string[]): Options {
      const result = run('lua5.4', [HARNESS, ...files.map((f) => join(dir, f))]);
      assert.equal(result.status, 0, `Lua could not load ${files.join(', ')}:\n${result.stderr}`);
      return JSON.parse(result.stdout) as Options;
    }

    it('compiles with luac5.4', () => {
      const result = run('luac5.4', ['-p', snippet]);
      assert.equal(result.status, 0, result.stderr);
    });

    it('rejects a broken file with luac5.4', () => {
      const broken = join(dir, 'broken.cfg.lua');
      writeFileSync(broken, 'log = { levels = { min = "warn" }\n');
      assert.notEqual(run('luac5.4', ['-p', broken]).status, 0);
    });

    for (const order of [
      ['prosody.cfg.lua', 'jitsi-meet.cfg.lua', PROSODY_PRIVACY_FILE],
      ['prosody.cfg.lua', PROSODY_PRIVACY_FILE, 'jitsi-meet.cfg.lua'],
    ]) {
      it(`overrides globals when included as ${order.slice(1).join(' then ')}`, () => {
        const global = load(...order)['*'] ?? {};
        assert.deepEqual(global['log'], [
          { levels: { min: level }, timestamps: '%Y-%m-%d %X', to: 'console' },
        ]);
        assert.deepEqual(global['modules_disabled'], ['offline', 'register', 's2s']);
        assert.equal(global['allow_registration'], false, 'image options stay');
      });
    }

    it('sets nothing on the virtual hosts', () => {
      const options = load('prosody.cfg.lua', 'jitsi-meet.cfg.lua', PROSODY_PRIVACY_FILE);
      assert.equal(options['meet.jitsi']?.['log'], undefined);
      assert.equal(options['muc.meet.jitsi']?.['modules_disabled'], undefined);
      assert.equal(options['muc.meet.jitsi']?.['storage'], 'memory');
    });
  });
