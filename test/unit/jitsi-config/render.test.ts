import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { COMPONENTS } from '../../../src/api/types.ts';
import {
  buildPlans,
  CHECKS_ENFORCED_ELSEWHERE,
  ENFORCED_CHECKS,
  PRIVACY_CHECK_IDS,
  renderJitsiConfig,
  renderPlan,
  renderPrivacyEvidence,
  type PrivacyCheckId,
} from '../../../src/jitsi-config/index.ts';
import { SECRET_KEYS } from '../../../src/resources/names.ts';
import { RELAXATION_FIELDS } from '../../../src/compliance/relaxations.ts';
import {
  basicInput,
  fileOf,
  inputWith,
  relaxedInput,
  RELAXED_NOW,
  renderBasic,
  renderRelaxed,
} from './fixtures.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

describe('renderJitsiConfig', () => {
  it('renders byte-identical output for the same input', () => {
    const first = JSON.stringify(renderJitsiConfig(basicInput()));
    const second = JSON.stringify(renderJitsiConfig(basicInput()));
    assert.equal(first, second);
  });

  it('renders every component with sorted env and files', () => {
    const config = renderBasic();
    assert.deepEqual(Object.keys(config).sort(), [...COMPONENTS].sort());
    for (const component of COMPONENTS) {
      const envNames = Object.keys(config[component].env);
      assert.deepEqual(envNames, [...envNames].sort(), `${component} env is not sorted`);
      const keys = config[component].files.map((f) => f.key);
      assert.deepEqual(keys, [...keys].sort(), `${component} files are not sorted`);
    }
  });

  it('mounts files where the images read them', () => {
    const mounts = Object.fromEntries(
      COMPONENTS.map((c) => [c, renderBasic()[c].files.map((f) => `${f.key} ${f.mountPath}`)]),
    );
    assert.deepEqual(mounts, {
      web: [
        'custom-config.js /config/custom-config.js',
        'custom-interface_config.js /config/custom-interface_config.js',
        'custom-meet.conf /config/nginx/custom-meet.conf',
      ],
      prosody: ['privacy.cfg.lua /config/conf.d/privacy.cfg.lua'],
      jicofo: [
        'custom-jicofo.conf /config/custom-jicofo.conf',
        'logging.properties /defaults/logging.properties',
      ],
      jvb: [
        'custom-jvb.conf /config/custom-jvb.conf',
        'logging.properties /defaults/logging.properties',
      ],
    });
  });

  it('refers only to generated Secret keys', () => {
    const known = new Set<string>(Object.values(SECRET_KEYS));
    const config = renderBasic();
    for (const component of COMPONENTS) {
      for (const [name, key] of Object.entries(config[component].secretEnv)) {
        assert.ok(known.has(key), `${component} ${name} refers to unknown Secret key ${key}`);
      }
    }
    assert.equal(config.prosody.secretEnv['JICOFO_AUTH_PASSWORD'], SECRET_KEYS.jicofoAuthPassword);
    assert.equal(config.prosody.secretEnv['JVB_AUTH_PASSWORD'], SECRET_KEYS.jvbAuthPassword);
    assert.equal(config.jicofo.secretEnv['JICOFO_AUTH_PASSWORD'], SECRET_KEYS.jicofoAuthPassword);
    assert.equal(config.jvb.secretEnv['JVB_AUTH_PASSWORD'], SECRET_KEYS.jvbAuthPassword);
  });

  it('puts no password into plain env', () => {
    for (const component of COMPONENTS) {
      for (const name of Object.keys(renderBasic()[component].env)) {
        assert.doesNotMatch(name, /PASSWORD|SECRET|DSN/, `${component} sets ${name} in plain env`);
      }
    }
  });

  it('points every component at the Prosody Service', () => {
    const config = renderBasic();
    for (const component of COMPONENTS) {
      assert.equal(config[component].env['XMPP_SERVER'], 'meet-prosody.jitsi.svc');
      assert.equal(config[component].env['PUBLIC_URL'], 'https://meet.example.eu');
      assert.equal(config[component].env['XMPP_DOMAIN'], 'meet.jitsi');
    }
    assert.equal(config.web.env['XMPP_BOSH_URL_BASE'], 'http://meet-prosody.jitsi.svc:5280');
  });

  it('serves plain HTTP behind the ingress', () => {
    const env = renderBasic().web.env;
    assert.equal(env['DISABLE_HTTPS'], '1');
    assert.equal(env['ENABLE_HTTP_REDIRECT'], '0');
    assert.equal(env['ENABLE_LETSENCRYPT'], '0');
  });

  it('opens the Jicofo REST server for the probe', () => {
    const config = renderBasic();
    assert.equal(config.jicofo.env['JICOFO_ENABLE_REST'], '1');
    assert.match(
      fileOf(config.jicofo, 'custom-jicofo.conf').content,
      /^jicofo\.rest\.host = "0\.0\.0\.0"$/m,
    );
  });

  it('keeps the JVB environment private', () => {
    const env = renderBasic().jvb.env;
    assert.equal(env['JVB_ADVERTISE_PRIVATE_CANDIDATES'], '0');
    assert.equal(env['JVB_DISABLE_STUN'], 'true');
    assert.equal(env['JVB_STUN_SERVERS'], '');
    assert.equal(env['COLIBRI_REST_ENABLED'], '0');
    assert.equal(env['JVB_PORT'], '10000');
  });

  it('uses the spec UDP port', () => {
    const config = renderJitsiConfig(inputWith({ jvb: { udpPort: 31000 } }));
    assert.equal(config.jvb.env['JVB_PORT'], '31000');
    assert.match(
      fileOf(config.jvb, 'custom-jvb.conf').content,
      /^videobridge\.ice\.udp\.port = 31000$/m,
    );
  });

  it('sets Prosody logging to warn', () => {
    assert.equal(renderBasic().prosody.env['LOG_LEVEL'], 'warn');
  });

  it('rejects a domain with nginx syntax', () => {
    assert.throws(
      () => renderJitsiConfig(inputWith({ domain: 'meet.example.eu; return 200' })),
      /spec\.domain "meet\.example\.eu; return 200" is not a lower-case DNS name/,
    );
  });

  it('rejects an upper-case domain', () => {
    assert.throws(
      () => renderJitsiConfig(inputWith({ domain: 'Meet.Example.eu' })),
      /spec\.domain/,
    );
  });

  it('rejects a UDP port out of range', () => {
    assert.throws(
      () => renderJitsiConfig(inputWith({ jvb: { udpPort: 70000 } })),
      /spec\.jvb\.udpPort 70000 is not a port number/,
    );
  });
});

describe('privacy evidence', () => {
  it('lists evidence for every enforced check', () => {
    const evidence = renderPrivacyEvidence(basicInput());
    for (const id of PRIVACY_CHECK_IDS) {
      assert.ok(evidence[id].length > 0, `${id} (${ENFORCED_CHECKS[id]}) has no evidence`);
    }
  });

  it('keeps enforced and elsewhere checks apart', () => {
    const overlap = Object.keys(CHECKS_ENFORCED_ELSEWHERE).filter((id) => id in ENFORCED_CHECKS);
    assert.deepEqual(overlap, []);
  });

  it('records values as rendered', () => {
    const config = renderBasic();
    const evidence = renderPrivacyEvidence(basicInput());
    for (const id of PRIVACY_CHECK_IDS) {
      for (const entry of evidence[id]) {
        if (entry.source === 'env') {
          assert.equal(config[entry.component].env[entry.key], entry.value, `${id} ${entry.key}`);
        } else if (entry.source === 'secretEnv') {
          assert.equal(config[entry.component].secretEnv[entry.key], entry.value);
        } else {
          const file = fileOf(config[entry.component], entry.source);
          assert.equal(file.mountPath, entry.mountPath);
          assert.ok(file.content.includes(entry.key), `${id}: ${entry.key} not in ${entry.source}`);
        }
      }
    }
  });

  it('names the STUN settings for TP-02', () => {
    const keys = renderPrivacyEvidence(basicInput())['TP-02'].map((e) => `${e.source} ${e.key}`);
    assert.ok(keys.includes('custom-jvb.conf ice4j.harvest.mapping.stun.addresses'));
    assert.ok(keys.includes('env JVB_DISABLE_STUN'));
  });
});

describe('relaxed checks', () => {
  const allBut = (id: PrivacyCheckId) => new Set(PRIVACY_CHECK_IDS.filter((c) => c !== id));

  it('drops only the settings of a relaxed check', () => {
    const plans = buildPlans(basicInput());
    const web = renderPlan(plans.web, allBut('TP-04'));
    const content = fileOf(web, 'custom-config.js').content;
    assert.doesNotMatch(content, /config\.gravatar/);
    assert.match(content, /config\.disableThirdPartyRequests = true;/);
  });

  it('keeps a setting another enforced check needs', () => {
    const web = renderPlan(buildPlans(basicInput()).web, allBut('TP-01'));
    const content = fileOf(web, 'custom-config.js').content;
    assert.match(content, /config\.p2p\.enabled = false;/, 'CL-09 still needs peer-to-peer off');
    assert.doesNotMatch(content, /stunServers/);
    assert.equal(web.env['ENABLE_P2P'], '0');
  });

  it('records the settings a relaxation field chose', () => {
    const evidence = renderPrivacyEvidence(relaxedInput());
    for (const { field, checks } of RELAXATION_FIELDS) {
      for (const id of checks as PrivacyCheckId[]) {
        for (const entry of evidence[id])
          assert.equal(entry.relaxedBy, field, `${id} ${entry.key}`);
      }
    }
    assert.deepEqual(
      evidence['AC-01'].map((e) => `${e.component} ${e.source} ${e.key}=${e.value}`),
      [
        'jicofo custom-jicofo.conf jicofo.authentication.enabled=false',
        'jicofo env ENABLE_AUTH=0',
        'prosody env ENABLE_AUTH=0',
        'web env ENABLE_AUTH=0',
      ],
    );
    assert.deepEqual(evidence['LG-01'], [], 'the access log setting is left out, not replaced');
  });

  it('renders the same bytes for the same spec and time', () => {
    assert.equal(JSON.stringify(renderRelaxed()), JSON.stringify(renderRelaxed()));
  });

  it('keeps address redaction while the videobridge logs verbosely', () => {
    const jvb = renderRelaxed().jvb;
    const conf = fileOf(jvb, 'custom-jvb.conf').content;
    assert.match(conf, /^videobridge\.redact-remote-addresses = true$/m);
    assert.match(conf, /^ice4j\.redact-remote-addresses = true$/m);
    assert.match(fileOf(jvb, 'logging.properties').content, /^\.level=FINE$/m);
  });

  it('turns sign-in off everywhere with mode None', () => {
    const config = renderRelaxed();
    for (const component of ['web', 'prosody', 'jicofo'] as const) {
      assert.equal(config[component].env['ENABLE_AUTH'], '0', component);
      assert.equal(config[component].env['AUTH_TYPE'], undefined, component);
    }
    assert.equal(config.prosody.env['ENABLE_GUESTS'], '0');
  });

  it('asks every participant to sign in without guests', () => {
    const base = basicInput();
    const config = renderJitsiConfig({
      ...base,
      spec: { ...base.spec, auth: { mode: 'Internal', allowGuests: false } },
    });
    assert.equal(config.prosody.env['ENABLE_AUTH'], '1');
    assert.equal(config.prosody.env['ENABLE_GUESTS'], '0');
    assert.equal(config.web.env['ENABLE_GUESTS'], '0');
  });

  it('renders the private levels once the window has passed', () => {
    const base = basicInput();
    const logging = {
      prosody: 'Debug',
      videobridge: 'Info',
      jicofo: 'Info',
      until: '2026-09-02T10:00:00Z',
    } as const;
    const spec = { ...base.spec, privacy: { ...base.spec.privacy, logging } };
    const during = renderJitsiConfig({ ...base, spec, now: RELAXED_NOW });
    const after = renderJitsiConfig({ ...base, spec, now: new Date('2026-09-02T10:00:00Z') });
    assert.equal(during.prosody.env['LOG_LEVEL'], 'debug');
    assert.equal(JSON.stringify(after), JSON.stringify(renderBasic()));
  });

  it('keeps settings Jitsi needs', () => {
    const jvb = renderPlan(buildPlans(basicInput()).jvb, new Set());
    assert.equal(jvb.env['JVB_PORT'], '10000');
    assert.equal(jvb.env['JVB_DISABLE_STUN'], undefined);
    assert.match(fileOf(jvb, 'logging.properties').content, /^handlers=/m);
  });
});

describe('documentation', () => {
  it('documents every enforced check', () => {
    const doc = readFileSync(join(HERE, '../../../docs/jitsi-config.md'), 'utf8');
    for (const id of PRIVACY_CHECK_IDS) {
      assert.match(
        doc,
        new RegExp(`^\\| ${id} \\|`, 'm'),
        `${id} has no row in docs/jitsi-config.md`,
      );
    }
  });
});
