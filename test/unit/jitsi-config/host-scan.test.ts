import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Component } from '../../../src/api/types.ts';
import type { ComponentConfig } from '../../../src/jitsi-config/index.ts';
import { renderBasic } from './fixtures.ts';
import { foreignHosts, scanConfig } from './host-scan.ts';

const DOMAIN = 'meet.example.eu';
const PLANTED = 'meet-jit-si-turnrelay.jitsi.net';

function plantInFile(
  config: Record<Component, ComponentConfig>,
  component: Component,
  text: string,
): Record<Component, ComponentConfig> {
  const copy = structuredClone(config);
  const file = copy[component].files[0];
  assert.ok(file !== undefined, `${component} renders no file`);
  file.content += text;
  return copy;
}

describe('host scan', () => {
  it('finds only the instance and internal names', () => {
    assert.deepEqual(scanConfig(renderBasic(), DOMAIN), []);
  });

  it('finds a STUN host planted in the JVB file', () => {
    const config = plantInFile(
      renderBasic(),
      'jvb',
      `ice4j.harvest.mapping.stun.addresses = ["${PLANTED}:443"]\n`,
    );
    assert.deepEqual(scanConfig(config, DOMAIN), [
      { component: 'jvb', source: 'custom-jvb.conf', host: PLANTED },
    ]);
  });

  it('finds a STUN URL planted in config.js', () => {
    const config = plantInFile(
      renderBasic(),
      'web',
      `config.p2p.stunServers = [{ urls: 'stun:${PLANTED}:443' }];\n`,
    );
    assert.deepEqual(
      scanConfig(config, DOMAIN).map((f) => f.host),
      [PLANTED],
    );
  });

  it('finds a host planted in the environment', () => {
    const config = structuredClone(renderBasic());
    config.jvb.env['JVB_STUN_SERVERS'] = `${PLANTED}:443`;
    assert.deepEqual(scanConfig(config, DOMAIN), [
      { component: 'jvb', source: 'env', host: PLANTED },
    ]);
  });

  it('finds a host in a comment', () => {
    assert.deepEqual(foreignHosts(`# see ${PLANTED}\n`, DOMAIN), [PLANTED]);
  });

  it('finds another subdomain of the instance domain', () => {
    assert.deepEqual(foreignHosts('https://stats.meet.example.eu/x', DOMAIN), [
      'stats.meet.example.eu',
    ]);
  });

  it('ignores Java class and JavaScript property names', () => {
    const text = [
      'handlers=java.util.logging.ConsoleHandler',
      'config.p2p.enabled = false;',
      'interfaceConfig.SUPPORT_URL = "";',
    ].join('\n');
    assert.deepEqual(foreignHosts(text, DOMAIN), []);
  });

  it('allows cluster-internal names', () => {
    const text =
      'http://meet-prosody.jitsi.svc:5280 jvbbrewery@internal-muc.meet.jitsi wss://meet.example.eu/x';
    assert.deepEqual(foreignHosts(text, DOMAIN), []);
  });
});
