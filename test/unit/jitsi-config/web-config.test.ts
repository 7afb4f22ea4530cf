/**
 * Evaluates the generated web files the way the web image builds them: its `config.js` is the
 * rendered `system-config.js` (which starts with `var config = {};`) plus the rendered
 * `settings-config.js`, with `custom-config.js` appended; its `interface_config.js` is the
 * upstream file (`var interfaceConfig = { ... };`) with `custom-interface_config.js` appended.
 * The image stand-ins below carry what the templates emit when third-party features are
 * switched on through the environment, so every override has something to override.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';

import { parse } from 'acorn';

import { TOOLBAR_BUTTONS } from '../../../src/jitsi-config/web-config.ts';
import { fileOf, renderBasic, renderRelaxed } from './fixtures.ts';
import { foreignHosts } from './host-scan.ts';

const IMAGE_CONFIG_JS = `
// Jitsi Meet configuration.
var config = {};
if (!config.hasOwnProperty('hosts')) config.hosts = {};
config.hosts.domain = 'meet.jitsi';
config.hosts.muc = 'muc.meet.jitsi';
config.bosh = '/http-bind';
config.websocket = 'wss://meet.example.eu/xmpp-websocket';
if (!config.hasOwnProperty('p2p')) config.p2p = {};
config.p2p.enabled = true;
config.p2p.stunServers = [{ urls: 'stun:meet-jit-si-turnrelay.jitsi.net:443' }];
config.etherpad_base = 'https://meet.example.eu/etherpad/p/';
if (!config.hasOwnProperty('liveStreaming')) config.liveStreaming = {};
config.liveStreaming.enabled = true;
config.liveStreaming.termsLink = 'https://www.youtube.com/t/terms';
config.liveStreaming.dataPrivacyLink = 'https://policies.google.com/privacy';
config.dropbox = { appKey: 'dropbox-key' };
if (!config.hasOwnProperty('localRecording')) config.localRecording = {};
config.localRecording.disable = false;
config.localRecording.notifyAllParticipants = false;
if (!config.hasOwnProperty('analytics')) config.analytics = {};
config.analytics.amplitudeAPPKey = 'amplitude-key';
config.analytics.googleAnalyticsTrackingId = 'UA-1';
config.analytics.scriptURLs = [ 'https://analytics.example.com/a.js' ];
config.callStatsID = 'callstats-id';
config.callStatsSecret = 'callstats-secret';
config.enableStatsID = false;
config.dialInConfCodeUrl = 'https://conference-mapper.jitsi.net/v1/access';
config.dialInNumbersUrl = 'https://conference-mapper.jitsi.net/v1/access/dids';
config.enableCalendarIntegration = true;
config.googleApiApplicationClientID = 'google-client';
if (!config.hasOwnProperty('prejoinConfig')) config.prejoinConfig = {};
config.prejoinConfig.enabled = false;
config.prejoinConfig.hideDisplayName = false;
config.requireDisplayName = true;
config.chromeExtensionBanner = { url: 'https://chromewebstore.google.com/detail/x' };
config.disableProfile = false;
config.transcription = { enabled: true };
config.dynamicBrandingUrl = 'https://branding.example.com/b.json';
if (!config.hasOwnProperty('testing')) config.testing = {};
config.testing.capScreenshareBitrate = 1;
config.disableDeepLinking = false;
if (!config.hasOwnProperty('remoteVideoMenu')) config.remoteVideoMenu = {};
config.remoteVideoMenu.disabled = false;
config.remoteVideoMenu.disableKick = true;
if (!config.hasOwnProperty('whiteboard')) config.whiteboard = {};
config.whiteboard.enabled = true;
config.whiteboard.collabServerBaseUrl = 'https://excalidraw-backend.example.com';
`;

const IMAGE_INTERFACE_CONFIG_JS = `
var interfaceConfig = {
    APP_NAME: 'Jitsi Meet',
    BRAND_WATERMARK_LINK: '',
    GENERATE_ROOMNAMES_ON_WELCOME_PAGE: true,
    JITSI_WATERMARK_LINK: 'https://jitsi.org',
    LIVE_STREAMING_HELP_LINK: 'https://jitsi.org/live',
    MOBILE_APP_PROMO: true,
    MOBILE_DOWNLOAD_LINK_ANDROID: 'https://play.google.com/store/apps/details?id=org.jitsi.meet',
    MOBILE_DOWNLOAD_LINK_F_DROID: 'https://f-droid.org/en/packages/org.jitsi.meet/',
    MOBILE_DOWNLOAD_LINK_IOS: 'https://itunes.apple.com/us/app/jitsi-meet/id1165103905',
    MOBILE_DYNAMIC_LINK: { APN: 'org.jitsi.meet', CUSTOM_DOMAIN: undefined },
    RECENT_LIST_ENABLED: true,
    SHOW_CHROME_EXTENSION_BANNER: true,
    SHOW_POWERED_BY: false,
    SUPPORT_URL: 'https://community.jitsi.org/',
    TOOLBAR_TIMEOUT: 4000
};
`;

type Json = Record<string, unknown>;

/**
 * Runs `source` in a fresh context and returns the global `variable` as plain data. The value is
 * copied through JSON inside the context, so assertions compare objects of this realm.
 */
function evaluate(source: string, filename: string, variable: string): Json {
  const json: unknown = runInNewContext(
    `${source}\nJSON.stringify(${variable});`,
    {},
    {
      filename,
      timeout: 1000,
    },
  );
  return JSON.parse(String(json)) as Json;
}

type Render = typeof renderBasic;

function webFiles(render: Render = renderBasic): { config: string; interfaceConfig: string } {
  const web = render().web;
  return {
    config: fileOf(web, 'custom-config.js').content,
    interfaceConfig: fileOf(web, 'custom-interface_config.js').content,
  };
}

function servedConfig(render: Render = renderBasic): Json {
  const source = IMAGE_CONFIG_JS + webFiles(render).config;
  return evaluate(source, 'config.js', 'config');
}

function servedInterfaceConfig(render: Render = renderBasic): Json {
  const source = IMAGE_INTERFACE_CONFIG_JS + webFiles(render).interfaceConfig;
  return evaluate(source, 'interface_config.js', 'interfaceConfig');
}

describe('web config.js', () => {
  it('parses as ES5', () => {
    assert.doesNotThrow(() => parse(webFiles().config, { ecmaVersion: 5 }));
  });

  it('runs on an empty image config', () => {
    const config = evaluate(`var config = {};\n${webFiles().config}`, 'config.js', 'config');
    assert.equal(config['disableThirdPartyRequests'], true);
  });

  it('turns peer-to-peer off without STUN', () => {
    const p2p = servedConfig()['p2p'] as Json;
    assert.equal(p2p['enabled'], false);
    assert.deepEqual(p2p['stunServers'], []);
  });

  it('disables Gravatar and third-party requests', () => {
    const config = servedConfig();
    assert.equal(config['disableThirdPartyRequests'], true);
    assert.deepEqual(config['gravatar'], { disabled: true });
  });

  it('replaces analytics with a disabled block', () => {
    const analytics = servedConfig()['analytics'] as Json;
    assert.equal(analytics['disabled'], true);
    assert.equal(analytics['rtcstatsEnabled'], false);
    assert.equal(analytics['amplitudeAPPKey'], undefined);
    assert.equal(analytics['googleAnalyticsTrackingId'], undefined);
    assert.equal(analytics['scriptURLs'], undefined);
  });

  it('removes callstats, dial-in and cloud keys', () => {
    const config = servedConfig();
    for (const key of [
      'callStatsID',
      'callStatsSecret',
      'dialInNumbersUrl',
      'dialInConfCodeUrl',
      'dropbox',
      'googleApiApplicationClientID',
      'chromeExtensionBanner',
      'dynamicBrandingUrl',
      'etherpad_base',
    ]) {
      assert.equal(key in config, false, `${key} is still set`);
    }
    assert.equal(config['enableCalendarIntegration'], false);
  });

  it('disables deep links, live streaming, Giphy and whiteboard', () => {
    const config = servedConfig();
    assert.deepEqual(config['deeplinking'], { disabled: true });
    assert.equal(config['disableDeepLinking'], true);
    assert.deepEqual(config['liveStreaming'], { enabled: false });
    assert.deepEqual(config['giphy'], { enabled: false });
    assert.deepEqual(config['whiteboard'], { collabServerBaseUrl: '', enabled: false });
  });

  it('limits the toolbar to local features', () => {
    const buttons = servedConfig()['toolbarButtons'] as string[];
    const expected: string[] = [...TOOLBAR_BUTTONS];
    assert.deepEqual(buttons, expected);
    for (const external of ['sharedvideo', 'livestreaming', 'feedback', 'download', 'help']) {
      assert.equal(buttons.includes(external), false, `${external} is in the toolbar`);
    }
  });

  it('points legal links to the instance', () => {
    assert.deepEqual(servedConfig()['legalUrls'], {
      helpCentre: 'https://meet.example.eu',
      privacy: 'https://meet.example.eu',
      security: 'https://meet.example.eu',
      terms: 'https://meet.example.eu',
    });
  });

  it('applies the client-side minimisation', () => {
    const config = servedConfig();
    assert.equal(config['doNotStoreRoom'], true);
    assert.equal(config['hideEmailInSettings'], true);
    assert.equal(config['disableShowMoreStats'], true);
    assert.equal(config['enableSaveLogs'], false);
    assert.equal((config['localRecording'] as Json)['notifyAllParticipants'], true);
    assert.equal((config['localRecording'] as Json)['disable'], false, 'other keys stay');
    assert.equal((config['prejoinConfig'] as Json)['enabled'], true);
    assert.equal((config['prejoinConfig'] as Json)['hideDisplayName'], false);
    assert.equal(config['startWithAudioMuted'], true);
    assert.equal(config['startWithVideoMuted'], true);
    assert.equal(config['requireDisplayName'], false);
  });

  it('keeps E2EE, lobby and kick available', () => {
    const config = servedConfig();
    assert.equal((config['testing'] as Json)['disableE2EE'], false);
    assert.equal((config['testing'] as Json)['capScreenshareBitrate'], 1);
    assert.equal((config['securityUi'] as Json)['hideLobbyButton'], false);
    assert.equal((config['remoteVideoMenu'] as Json)['disableKick'], false);
  });

  it('keeps the image connection settings', () => {
    const config = servedConfig();
    assert.equal(config['websocket'], 'wss://meet.example.eu/xmpp-websocket');
    assert.deepEqual(config['hosts'], { domain: 'meet.jitsi', muc: 'muc.meet.jitsi' });
  });

  it('leaves no third-party host in the served config', () => {
    assert.deepEqual(foreignHosts(JSON.stringify(servedConfig()), 'meet.example.eu'), []);
  });
});

describe('web interface_config.js', () => {
  it('parses as ES5', () => {
    assert.doesNotThrow(() => parse(webFiles().interfaceConfig, { ecmaVersion: 5 }));
  });

  it('turns off app promotion and store links', () => {
    const ui = servedInterfaceConfig();
    assert.equal(ui['MOBILE_APP_PROMO'], false);
    assert.equal(ui['MOBILE_DOWNLOAD_LINK_ANDROID'], '');
    assert.equal(ui['MOBILE_DOWNLOAD_LINK_IOS'], '');
    assert.equal(ui['MOBILE_DOWNLOAD_LINK_F_DROID'], '');
    assert.equal('MOBILE_DYNAMIC_LINK' in ui, false);
    assert.equal(ui['SHOW_CHROME_EXTENSION_BANNER'], false);
  });

  it('stores no recent meetings', () => {
    assert.equal(servedInterfaceConfig()['RECENT_LIST_ENABLED'], false);
  });

  it('keeps unrelated upstream values', () => {
    assert.equal(servedInterfaceConfig()['TOOLBAR_TIMEOUT'], 4000);
  });

  it('leaves no third-party host in the served interface config', () => {
    const ui = servedInterfaceConfig();
    assert.equal(ui['SUPPORT_URL'], 'https://meet.example.eu');
    assert.deepEqual(foreignHosts(JSON.stringify(ui), 'meet.example.eu'), []);
  });
});

describe('web files with every relaxation on', () => {
  it('parse as ES5', () => {
    const files = webFiles(renderRelaxed);
    assert.doesNotThrow(() => parse(files.config, { ecmaVersion: 5 }));
    assert.doesNotThrow(() => parse(files.interfaceConfig, { ecmaVersion: 5 }));
  });

  it('turn peer-to-peer on with the listed STUN servers only', () => {
    const p2p = servedConfig(renderRelaxed)['p2p'] as Json;
    assert.equal(p2p['enabled'], true);
    assert.deepEqual(p2p['stunServers'], [
      { urls: 'stun:stun.example.org:3478' },
      { urls: 'stun:meet.example.eu' },
    ]);
  });

  it('set the relaxed client values', () => {
    const config = servedConfig(renderRelaxed);
    assert.equal(config['doNotStoreRoom'], false);
    assert.equal(config['requireDisplayName'], true);
    assert.equal(servedInterfaceConfig(renderRelaxed)['RECENT_LIST_ENABLED'], true);
  });

  it('keep every other private value', () => {
    const config = servedConfig(renderRelaxed);
    assert.equal(config['disableThirdPartyRequests'], true);
    assert.deepEqual(config['gravatar'], { disabled: true });
    assert.equal((config['analytics'] as Json)['disabled'], true);
    assert.equal(config['hideEmailInSettings'], true);
    assert.equal(config['startWithAudioMuted'], true);
    assert.deepEqual(servedConfig(renderRelaxed)['toolbarButtons'], [...TOOLBAR_BUTTONS]);
  });

  it('name only the listed STUN host outside the instance', () => {
    assert.deepEqual(foreignHosts(JSON.stringify(servedConfig(renderRelaxed)), 'meet.example.eu'), [
      'stun.example.org',
    ]);
  });

  it('name the relaxation field in a comment', () => {
    assert.match(
      webFiles(renderRelaxed).config,
      /\/\/ CL-09 relaxed by spec\.privacy\.peerToPeer\.enabled: peers learn each other's address\n(if .*\n)?config\.p2p\.enabled = true;/,
    );
  });
});
