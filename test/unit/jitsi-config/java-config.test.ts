/**
 * Parses the HOCON and logging files with the libraries the videobridge and Jicofo use:
 * Typesafe Config (`com.typesafe:config` from Maven Central, cached under
 * `${XDG_CACHE_HOME:-~/.cache}/gdpr-jitsi-operator`) and `java.util.logging`, on the
 * installed JDK. The stand-ins for the image's rendered `jvb.conf` and `jicofo.conf` carry the
 * template values the custom files must override, and end with the image's include line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { fileOf, renderBasic, renderRelaxed } from './fixtures.ts';
import { hasCommand, javaParse, pathValue } from './tools.ts';

const SKIP =
  hasCommand('java') && hasCommand('javac')
    ? false
    : 'a JDK is not installed (apt-get install openjdk-17-jdk-headless)';

// Reference defaults first (jitsi-videobridge and ice4j reference.conf), then what the image's
// jvb.conf template renders with its defaults, including the 8x8 STUN server.
const IMAGE_JVB_CONF = `
videobridge.rest.debug.enabled = true
videobridge.http-servers.private.host = 127.0.0.1
ice4j.harvest.mapping.aws.enabled = true
videobridge {
    ice {
        udp { port = 10000 }
        tcp { enabled = false, port = 4443 }
        advertise-private-candidates = true
    }
    apis {
        xmpp-client {
            configs {
                shard {
                    HOSTNAME = "meet-prosody.jitsi.svc"
                    DOMAIN = "auth.meet.jitsi"
                    MUC_JIDS = "jvbbrewery@internal-muc.meet.jitsi"
                }
            }
        }
        rest { enabled = true }
    }
    rest { shutdown { enabled = true } }
    websockets { enabled = true, domain = "meet.example.eu", tls = true }
    http-servers {
        private { host = 0.0.0.0 }
        public { host = 0.0.0.0, port = 9090 }
    }
}
ice4j {
    harvest {
        mapping {
            stun { addresses = [ "meet-jit-si-turnrelay.jitsi.net:443" ] }
            static-mappings = []
        }
    }
}
include "custom-jvb.conf"
`;

const IMAGE_JICOFO_CONF = `
jicofo {
    rest { host = "127.0.0.1", port = 8888, debug { enabled = true } }
    conference { shared-document { use-random-name = false } }
    bridge { brewery-jid = "jvbbrewery@internal-muc.meet.jitsi" }
    xmpp { client { hostname = "meet-prosody.jitsi.svc", port = "5222" } }
}
include "custom-jicofo.conf"
`;

/**
 * The private render, and one with every relaxation on: sign-in off, every component at Debug
 * (java.util.logging FINE), client addresses still redacted.
 */
const RENDERS = [
  { name: 'private defaults', render: renderBasic, verbose: false },
  { name: 'every relaxation on', render: renderRelaxed, verbose: true },
];

for (const { name, render, verbose } of RENDERS)
  describe(`java component configuration, ${name}`, { skip: SKIP }, () => {
    let dir = '';

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'gdpr-jitsi-java-'));
      const config = render();
      writeFileSync(join(dir, 'custom-jvb.conf'), fileOf(config.jvb, 'custom-jvb.conf').content);
      writeFileSync(join(dir, 'jvb.conf'), IMAGE_JVB_CONF);
      const jicofoConf = fileOf(config.jicofo, 'custom-jicofo.conf').content;
      writeFileSync(join(dir, 'custom-jicofo.conf'), jicofoConf);
      writeFileSync(join(dir, 'jicofo.conf'), IMAGE_JICOFO_CONF);
      const jvbLogging = fileOf(config.jvb, 'logging.properties').content;
      writeFileSync(join(dir, 'jvb-logging.properties'), jvbLogging);
      const jicofoLogging = fileOf(config.jicofo, 'logging.properties').content;
      writeFileSync(join(dir, 'jicofo-logging.properties'), jicofoLogging);
    });

    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('overrides the JVB template', () => {
      const jvb = javaParse('hocon', join(dir, 'jvb.conf'));
      const expected: Record<string, unknown> = {
        'ice4j.harvest.mapping.stun.addresses': [],
        'ice4j.harvest.mapping.stun.enabled': false,
        'ice4j.harvest.mapping.aws.enabled': false,
        'ice4j.redact-remote-addresses': true,
        'videobridge.ice.advertise-private-candidates': false,
        'videobridge.ice.udp.port': 10000,
        'videobridge.apis.rest.enabled': false,
        'videobridge.rest.debug.enabled': false,
        'videobridge.rest.shutdown.enabled': false,
        'videobridge.websockets.enabled': false,
        'videobridge.http-servers.private.host': '0.0.0.0',
        'videobridge.http-servers.private.port': 8080,
        'videobridge.http-servers.public.port': -1,
        'videobridge.redact-remote-addresses': true,
      };
      for (const [path, value] of Object.entries(expected)) {
        assert.deepEqual(pathValue(jvb, path), value, path);
      }
    });

    it('keeps the JVB template connection settings', () => {
      const jvb = javaParse('hocon', join(dir, 'jvb.conf'));
      const shard = 'videobridge.apis.xmpp-client.configs.shard';
      assert.equal(pathValue(jvb, `${shard}.HOSTNAME`), 'meet-prosody.jitsi.svc');
      assert.equal(pathValue(jvb, `${shard}.MUC_JIDS`), 'jvbbrewery@internal-muc.meet.jitsi');
      assert.equal(pathValue(jvb, 'videobridge.ice.tcp.enabled'), false);
    });

    it('overrides the Jicofo template', () => {
      const jicofo = javaParse('hocon', join(dir, 'jicofo.conf'));
      assert.equal(pathValue(jicofo, 'jicofo.rest.host'), '0.0.0.0');
      assert.equal(pathValue(jicofo, 'jicofo.rest.port'), 8888);
      assert.equal(pathValue(jicofo, 'jicofo.rest.debug.enabled'), false);
      assert.equal(pathValue(jicofo, 'jicofo.conference.shared-document.use-random-name'), true);
      assert.equal(pathValue(jicofo, 'jicofo.xmpp.client.hostname'), 'meet-prosody.jitsi.svc');
      assert.equal(pathValue(jicofo, 'jicofo.authentication.enabled'), !verbose);
      if (!verbose) {
        assert.equal(pathValue(jicofo, 'jicofo.authentication.type'), 'XMPP');
        assert.equal(pathValue(jicofo, 'jicofo.authentication.login-url'), 'meet.jitsi');
      }
    });

    it('rejects malformed HOCON', () => {
      const broken = join(dir, 'broken.conf');
      writeFileSync(broken, 'videobridge { ice { advertise-private-candidates = false }\n');
      assert.throws(() => javaParse('hocon', broken), /Java could not parse/);
    });

    for (const [component, program] of [
      ['jvb', 'JVB'],
      ['jicofo', 'Jicofo'],
    ] as const) {
      it(`parses the ${component} logging properties`, () => {
        const properties = javaParse('properties', join(dir, `${component}-logging.properties`));
        assert.equal(properties['.level'], verbose ? 'FINE' : 'WARNING');
        assert.equal(properties['handlers'], 'java.util.logging.ConsoleHandler');
        assert.equal(properties['io.sentry.jul.SentryHandler.level'], 'OFF');
        assert.equal(properties['org.jitsi.utils.logging2.JitsiLogFormatter.programname'], program);
      });

      it(`logs ${component} ${verbose ? 'at FINE' : 'warnings but not info'}`, () => {
        const levels = javaParse('logging', join(dir, `${component}-logging.properties`));
        for (const logger of ['org.jitsi.videobridge', 'org.jitsi.jicofo']) {
          assert.equal(levels[`${logger} FINE`], verbose, `${logger} FINE`);
          assert.equal(levels[`${logger} INFO`], verbose, `${logger} INFO`);
          assert.equal(levels[`${logger} WARNING`], true, `${logger} drops WARNING`);
        }
      });
    }

    it(`turns Jicofo XMPP packet logging ${verbose ? 'on with the root level' : 'off'}`, () => {
      const levels = javaParse('logging', join(dir, 'jicofo-logging.properties'));
      assert.equal(levels['org.jitsi.impl.protocol.xmpp FINE'], verbose);
      assert.equal(levels['org.jitsi.impl.protocol.xmpp INFO'], verbose);
    });
  });
