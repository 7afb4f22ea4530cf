/* eslint-disable @typescript-eslint/no-unsafe-member-access -- the tests edit untyped manifests in place */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { scanHosts } from '../../../src/compliance/host-scan.ts';
import type { ComplianceContext } from '../../../src/compliance/types.ts';
import { appendFile, editFile, editObject, rendered, setEnv } from './fixtures.ts';

interface Plant {
  name: string;
  plant: (context: ComplianceContext) => ComplianceContext;
  source: string;
  key: string;
  host: string;
}

const PLANTS: Plant[] = [
  {
    name: 'a STUN server in config.js',
    plant: (c) =>
      appendFile(
        c,
        'custom-config.js',
        "config.p2p.stunServers = [{ urls: 'stun:stun.l.google.com:19302' }];\n",
      ),
    source: 'ConfigMap meet-web-config/custom-config.js',
    key: 'config.p2p.stunServers.urls',
    host: 'stun.l.google.com',
  },
  {
    name: 'a support link in interface_config.js',
    plant: (c) =>
      appendFile(
        c,
        'custom-interface_config.js',
        "interfaceConfig.SUPPORT_URL = 'https://community.jitsi.org/';\n",
      ),
    source: 'ConfigMap meet-web-config/custom-interface_config.js',
    key: 'interfaceConfig.SUPPORT_URL',
    host: 'community.jitsi.org',
  },
  {
    name: 'a proxy target in the nginx snippet',
    plant: (c) =>
      appendFile(
        c,
        'custom-meet.conf',
        'location /t {\n  proxy_pass https://tracker.example.com/collect;\n}\n',
      ),
    source: 'ConfigMap meet-web-config/custom-meet.conf',
    key: 'location /t > proxy_pass',
    host: 'tracker.example.com',
  },
  {
    name: 'a key server in Prosody Lua',
    plant: (c) =>
      appendFile(c, 'privacy.cfg.lua', 'asap_key_server = "https://jaas-public-keys.jitsi.net"\n'),
    source: 'ConfigMap meet-prosody-config/privacy.cfg.lua',
    key: 'asap_key_server',
    host: 'jaas-public-keys.jitsi.net',
  },
  {
    name: 'a STUN address in the videobridge HOCON',
    plant: (c) =>
      appendFile(
        c,
        'custom-jvb.conf',
        'ice4j.harvest.mapping.stun.addresses = [ "meet-jit-si-turnrelay.jitsi.net:443" ]\n',
      ),
    source: 'ConfigMap meet-jvb-config/custom-jvb.conf',
    key: 'ice4j.harvest.mapping.stun.addresses',
    host: 'meet-jit-si-turnrelay.jitsi.net',
  },
  {
    name: 'a transcription URL in the Jicofo HOCON',
    plant: (c) =>
      appendFile(
        c,
        'custom-jicofo.conf',
        'jicofo {\n  transcription.url-template = "wss://api.openai.com/v1/realtime"\n}\n',
      ),
    source: 'ConfigMap meet-jicofo-config/custom-jicofo.conf',
    key: 'jicofo.transcription.url-template',
    host: 'api.openai.com',
  },
  {
    name: 'a Sentry DSN in logging.properties',
    plant: (c) =>
      appendFile(
        c,
        'logging.properties',
        'io.sentry.jul.SentryHandler.dsn=https://key@o1.ingest.sentry.io/1\n',
        'jicofo',
      ),
    source: 'ConfigMap meet-jicofo-config/logging.properties',
    key: 'io.sentry.jul.SentryHandler.dsn',
    host: 'o1.ingest.sentry.io',
  },
  {
    name: 'a STUN server in the environment',
    plant: (c) => setEnv(c, 'jvb', 'JVB_STUN_SERVERS', 'stun.l.google.com:19302'),
    source: 'StatefulSet meet-jvb/jvb env',
    key: 'JVB_STUN_SERVERS',
    host: 'stun.l.google.com',
  },
  {
    name: 'an auth URL in an Ingress annotation',
    plant: (c) =>
      editObject(c, 'Ingress', (ing) => {
        ing['metadata']['annotations']['nginx.ingress.kubernetes.io/auth-url'] =
          'https://auth.example.com/verify';
      }),
    source: 'Ingress meet-web',
    key: 'metadata.annotations.nginx.ingress.kubernetes.io/auth-url',
    host: 'auth.example.com',
  },
  {
    name: 'another host on the Ingress',
    plant: (c) =>
      editObject(c, 'Ingress', (ing) => {
        ing['spec']['rules'][0]['host'] = 'meet.example.org';
      }),
    source: 'Ingress meet-web',
    key: 'spec.rules[0].host',
    host: 'meet.example.org',
  },
  {
    name: 'a host in a file of unknown format',
    plant: (c) =>
      editObject(
        c,
        'ConfigMap',
        (cm) => {
          cm['data']['welcome.html'] =
            '<p>see</p>\n<img src="https://fonts.googleapis.com/x.png">\n';
        },
        'web',
      ),
    source: 'ConfigMap meet-web-config/welcome.html',
    key: 'line 2',
    host: 'fonts.googleapis.com',
  },
];

describe('host scan', () => {
  it('passes the clean render', () => {
    const scan = scanHosts(rendered());
    assert.deepEqual(scan.findings, []);
    assert.equal(scan.result, 'pass');
    assert.ok(scan.scanned.files >= 8, `scanned ${scan.scanned.files} files`);
    assert.ok(scan.scanned.envVars > 50, `scanned ${scan.scanned.envVars} variables`);
  });

  for (const plant of PLANTS) {
    it(`reports ${plant.name}`, () => {
      const scan = scanHosts(plant.plant(rendered()));
      assert.equal(scan.result, 'fail');
      assert.deepEqual(scan.findings, [{ source: plant.source, key: plant.key, host: plant.host }]);
    });
  }

  it('scans a file its reader cannot parse line by line', () => {
    const base = rendered();
    const context = appendFile(base, 'custom-meet.conf', 'proxy_pass https://broken.example.com\n');
    const content = base.objects.flatMap((o) =>
      Object.entries((o['data'] ?? {}) as Record<string, string>),
    );
    const lines = (content.find(([k]) => k === 'custom-meet.conf')?.[1] ?? '').split('\n').length;
    assert.deepEqual(scanHosts(context).findings, [
      {
        source: 'ConfigMap meet-web-config/custom-meet.conf',
        key: `line ${lines}`,
        host: 'broken.example.com',
      },
    ]);
  });

  it('ignores hosts in comments', () => {
    let context = appendFile(
      rendered(),
      'custom-config.js',
      '// https://jitsi.org/meet\n/* www.gravatar.com */\n',
    );
    context = appendFile(context, 'custom-meet.conf', '# see https://nginx.org/en/docs/\n');
    context = appendFile(context, 'privacy.cfg.lua', '-- https://prosody.im/doc\n');
    context = appendFile(
      context,
      'custom-jvb.conf',
      '# https://github.com/jitsi/jitsi-videobridge\n',
    );
    context = appendFile(context, 'logging.properties', '# https://docs.oracle.com/\n', 'jvb');
    assert.deepEqual(scanHosts(context).findings, []);
  });

  it('ignores the instance and cluster-internal hosts', () => {
    let context = appendFile(
      rendered(),
      'custom-config.js',
      "config.hosts = { domain: 'meet.jitsi', muc: 'muc.meet.jitsi' };\nconfig.bosh = 'https://meet.example.eu/http-bind';\nconfig.x = window.location.hostname + '/config.js';\n",
    );
    context = setEnv(
      context,
      'web',
      'XMPP_BOSH_URL_BASE',
      'http://meet-prosody.jitsi.svc.cluster.local:5280',
    );
    assert.deepEqual(scanHosts(context).findings, []);
  });

  it('names every host of a file once per key', () => {
    const context = editFile(
      rendered(),
      'custom-config.js',
      (c) => `${c}config.a = 'https://x.example.com/1';\nconfig.a = 'https://x.example.com/2';\n`,
    );
    assert.deepEqual(
      scanHosts(context).findings.map((f) => f.host),
      ['x.example.com'],
    );
  });
});
