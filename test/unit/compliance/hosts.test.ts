import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { findHosts, isAllowedHost } from '../../../src/compliance/hosts.ts';

const POLICY = { domain: 'meet.example.eu', ownHosts: [] };

describe('host detection', () => {
  const found: [string, string[]][] = [
    ['https://www.gravatar.com/avatar/', ['www.gravatar.com']],
    ['stun:stun.l.google.com:19302', ['stun.l.google.com']],
    ['turns:[2001:db8::1]:443', ['2001:db8::1']],
    ['meet-jit-si-turnrelay.jitsi.net:443', ['meet-jit-si-turnrelay.jitsi.net']],
    ['rtmp://a.rtmp.youtube.com/live2', ['a.rtmp.youtube.com']],
    ['//cdn.example.org/lib.js', ['cdn.example.org']],
    ['alerts@example.org', ['example.org']],
    ['8x8.vc', ['8x8.vc']],
    ['jit.si', ['jit.si']],
    ['WWW.EXAMPLE.COM', ['www.example.com']],
    ['8.8.8.8', ['8.8.8.8']],
    ['169.254.169.254', ['169.254.169.254']],
    ['2001:4860:4860::8888', ['2001:4860:4860::8888']],
    ['x.sh:443', ['x.sh']],
    ["connect-src 'self' wss://meet.example.eu blob: data:", ['meet.example.eu']],
  ];
  for (const [text, hosts] of found) {
    it(`finds ${hosts.join(', ')} in ${text}`, () => {
      assert.deepEqual(findHosts(text), hosts);
    });
  }

  const none = [
    'config.js',
    'custom-interface_config.js',
    '/usr/share/jitsi-meet/config.js',
    'window.location.hostname',
    'config.p2p.enabled',
    'interfaceConfig.SHOW_POWERED_BY',
    'application/json',
    'image/svg+xml',
    'java.util.logging.ConsoleHandler',
    'org.jitsi.utils.logging2.JitsiLogFormatter',
    'logging.properties',
    'privacy.cfg.lua',
    'README.md',
    'run.sh',
    "'self' 'unsafe-inline' 'wasm-unsafe-eval' blob: data:",
    '%Y-%m-%d %X',
    '12:30:00',
    '10.0.0.0/8',
    'v1.2.3.4',
    'stable-11146-2',
    'file:///etc/hosts',
  ];
  for (const text of none) {
    it(`finds no host in ${text}`, () => {
      assert.deepEqual(findHosts(text), []);
    });
  }
});

describe('allowed hosts', () => {
  const allowed = [
    'meet.example.eu',
    'meet-prosody.jitsi.svc',
    'meet-prosody.jitsi.svc.cluster.local',
    'meet.jitsi',
    'muc.meet.jitsi',
    'localhost',
    '127.0.0.1',
    '0.0.0.0',
    '::1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    'meet-prosody',
  ];
  for (const host of allowed) {
    it(`allows ${host}`, () => {
      assert.equal(isAllowedHost(host, POLICY), true);
    });
  }

  const foreign = [
    'www.example.eu',
    'example.eu',
    'meet.example.eu.evil.org',
    '169.254.169.254',
    '8.8.8.8',
    'jitsi.net',
    'meet.jitsi.evil.org',
  ];
  for (const host of foreign) {
    it(`rejects ${host}`, () => {
      assert.equal(isAllowedHost(host, POLICY), false);
    });
  }

  it('allows a host listed as the instance’s own', () => {
    assert.equal(
      isAllowedHost('turn.example.eu', {
        domain: 'meet.example.eu',
        ownHosts: ['turn.example.eu'],
      }),
      true,
    );
  });
});
