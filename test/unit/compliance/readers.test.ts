import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readHocon } from '../../../src/compliance/readers/hocon.ts';
import { jsStrings } from '../../../src/compliance/readers/js-strings.ts';
import { globalOption, readLua } from '../../../src/compliance/readers/lua.ts';
import { directiveKey, readNginx } from '../../../src/compliance/readers/nginx.ts';
import { readProperties } from '../../../src/compliance/readers/properties.ts';
import { evaluateWebConfig, getPath } from '../../../src/compliance/readers/web-config.ts';

describe('HOCON reader', () => {
  it('reads dotted keys, nested objects and arrays', () => {
    const doc = readHocon(
      [
        '# comment',
        'videobridge.rest.debug.enabled = false',
        'ice4j {',
        '  harvest.mapping.stun {',
        '    addresses = [ "stun.example.org:3478", other ]',
        '  }',
        '}',
        'jicofo.rest.host: "127.0.0.1" // trailing comment',
        'include "custom-jvb.conf"',
      ].join('\n'),
    );
    assert.equal(doc.values.get('videobridge.rest.debug.enabled'), false);
    assert.deepEqual(doc.values.get('ice4j.harvest.mapping.stun.addresses'), [
      'stun.example.org:3478',
      'other',
    ]);
    assert.equal(doc.values.get('jicofo.rest.host'), '127.0.0.1');
    assert.deepEqual(doc.includes, ['custom-jvb.conf']);
  });

  it('lets a later key override an earlier one', () => {
    const doc = readHocon('a.b = 1\na { b = 2 }\n');
    assert.equal(doc.values.get('a.b'), 2);
  });

  it('keeps substitutions as text', () => {
    assert.equal(readHocon('x = ${?FOO}\n').values.get('x'), '${?FOO}');
  });

  it('rejects an unbalanced brace with the line', () => {
    assert.throws(() => readHocon('a {\n b = 1\n'), /missing \}/);
  });
});

describe('properties reader', () => {
  it('reads separators, comments and continuations', () => {
    const props = readProperties('# c\n! c\n.level=WARNING\nhandlers: a,\\\n  b\nkey value\n');
    assert.equal(props.get('.level'), 'WARNING');
    assert.equal(props.get('handlers'), 'a,b');
    assert.equal(props.get('key'), 'value');
    assert.equal(props.size, 3);
  });
});

describe('Lua reader', () => {
  it('reads options, tables and sections', () => {
    const doc = readLua(
      [
        '-- comment',
        'log = { { levels = { min = "warn" }, to = "console" } }',
        'modules_disabled = { "offline"; "s2s" }',
        'VirtualHost "meet.jitsi"',
        '  modules_enabled = { "ping" }',
        'Component "muc.meet.jitsi" "muc"',
        '  storage = "memory"',
        'Include "conf.d/*.cfg.lua"',
      ].join('\n'),
    );
    assert.deepEqual(globalOption(doc, 'log'), [{ levels: { min: 'warn' }, to: 'console' }]);
    assert.deepEqual(globalOption(doc, 'modules_disabled'), ['offline', 's2s']);
    assert.equal(globalOption(doc, 'modules_enabled'), undefined);
    const sectioned = doc.assignments.find((a) => a.name === 'storage');
    assert.equal(sectioned?.section, 'Component "muc.meet.jitsi" "muc"');
    assert.deepEqual(doc.includes, ['conf.d/*.cfg.lua']);
  });

  it('lists strings with their option path', () => {
    const doc = readLua(
      'asap_key_server = "https://keys.example.org/" .. "x"\nlog = { to = "console" }\n',
    );
    assert.deepEqual(doc.strings, [
      { key: 'asap_key_server', text: 'https://keys.example.org/' },
      { key: 'asap_key_server', text: 'x' },
      { key: 'log.to', text: 'console' },
    ]);
    assert.deepEqual(globalOption(doc, 'asap_key_server'), {
      expression: '"https://keys.example.org/" .. "x"',
    });
  });
});

describe('nginx reader', () => {
  it('reads directives with their blocks', () => {
    const directives = readNginx(
      'access_log off; # c\nadd_header Content-Security-Policy "default-src \'self\'" always;\nlocation /x {\n proxy_pass http://a;\n}\n',
    );
    assert.deepEqual(
      directives.map((d) => [directiveKey(d), d.args]),
      [
        ['access_log', ['off']],
        [
          'add_header Content-Security-Policy',
          ['Content-Security-Policy', "default-src 'self'", 'always'],
        ],
        ['location', ['/x']],
        ['location /x > proxy_pass', ['http://a']],
      ],
    );
  });

  it('rejects a missing semicolon', () => {
    assert.throws(() => readNginx('access_log off'), /missing ;/);
  });
});

describe('JavaScript strings', () => {
  it('names each string by its assignment and property', () => {
    const strings = jsStrings(
      [
        "// 'https://comment.example.org'",
        "config.p2p.stunServers = [{ urls: 'stun:stun.example.org:3478' }];",
        'config.legalUrls = {"privacy":"https://a.example.org/p"};',
        "if (typeof config.x !== 'object') config.x = {};",
        'var re = /"quoted"/g; interfaceConfig.SUPPORT_URL = `https://b.example.org`;',
      ].join('\n'),
    );
    assert.deepEqual(
      strings.map((s) => [s.key, s.text]),
      [
        ['config.p2p.stunServers.urls', 'stun:stun.example.org:3478'],
        ['config.legalUrls.privacy', 'https://a.example.org/p'],
        ['line 4', 'object'],
        ['interfaceConfig.SUPPORT_URL', 'https://b.example.org'],
      ],
    );
  });
});

describe('web config evaluation', () => {
  it('runs custom-config.js on top of the environment', () => {
    const web = evaluateWebConfig({
      customConfig: 'config.p2p.stunServers = [];',
      env: { ENABLE_P2P: 'true', P2P_STUN_SERVERS: 'stun.example.org:3478' },
      domain: 'meet.example.eu',
    });
    assert.equal(getPath(web.config, 'p2p.enabled'), true);
    assert.deepEqual(getPath(web.config, 'p2p.stunServers'), []);
  });

  it('seeds analytics keys from the environment', () => {
    const web = evaluateWebConfig({ env: { AMPLITUDE_ID: 'abc' }, domain: 'meet.example.eu' });
    assert.equal(getPath(web.config, 'analytics.amplitudeAPPKey'), 'abc');
  });

  it('gives the sandbox no process object', () => {
    assert.throws(
      () => evaluateWebConfig({ customConfig: 'config.x = process.env;', env: {}, domain: 'd.eu' }),
      /custom-config\.js does not run: process is not defined/,
    );
  });

  it('blocks code generation from strings', () => {
    assert.throws(
      () => evaluateWebConfig({ customConfig: "config.x = eval('1');", env: {}, domain: 'd.eu' }),
      /does not run/,
    );
  });

  it('stops a file that does not finish', () => {
    assert.throws(
      () => evaluateWebConfig({ customConfig: 'for (;;) {}', env: {}, domain: 'd.eu' }),
      /timed out/,
    );
  });

  it('offers window.location of the instance', () => {
    const web = evaluateWebConfig({
      customConfig: 'config.host = window.location.hostname;',
      env: {},
      domain: 'meet.example.eu',
    });
    assert.equal(web.config['host'], 'meet.example.eu');
  });
});
