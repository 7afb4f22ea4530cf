import {
  appendFile,
  editFile,
  networkPolicies,
  setEnv,
  withObjects,
  withoutKinds,
} from './fixtures.ts';
import { passesRender, runCases } from './cases.ts';
import type { Change } from './cases.ts';
import type { KubeObject } from '../../../src/compliance/types.ts';

const js =
  (line: string): Change =>
  (c) =>
    appendFile(c, 'custom-config.js', `${line}\n`);
const iface =
  (line: string): Change =>
  (c) =>
    appendFile(c, 'custom-interface_config.js', `${line}\n`);

/** Builds the instance's policies with every egress rule replaced by one that allows all. */
function openEgress(): KubeObject[] {
  return networkPolicies().map((p) => {
    const spec = p['spec'] as { egress: unknown[] };
    return { ...p, spec: { ...spec, egress: [{}] } };
  });
}

runCases('third-party checks', [
  {
    id: 'TP-01',
    outcomes: [
      passesRender(/peer-to-peer is off/),
      {
        name: 'fails when peer-to-peer falls back to the built-in STUN server',
        change: js('config.p2p.enabled = true; delete config.p2p.stunServers;'),
        result: 'fail',
        message: /falls? back to stun:meet-jit-si-turnrelay\.jitsi\.net:443/,
      },
      {
        name: 'fails on a third-party STUN server',
        change: js(
          "config.p2p.enabled = true; config.p2p.stunServers = [{ urls: 'stun:stun.l.google.com:19302' }];",
        ),
        result: 'fail',
        message: /stun\.l\.google\.com/,
      },
      {
        name: 'passes an own STUN server',
        change: js(
          "config.p2p.enabled = true; config.p2p.stunServers = [{ urls: 'stun:meet.example.eu:3478' }];",
        ),
        result: 'pass',
        message: /only STUN servers of the instance/,
      },
    ],
  },
  {
    id: 'TP-02',
    outcomes: [
      passesRender(/harvesting is off/),
      {
        name: 'fails on a third-party STUN address',
        change: (c) =>
          appendFile(
            c,
            'custom-jvb.conf',
            'ice4j.harvest.mapping.stun.enabled = true\nice4j.harvest.mapping.stun.addresses = [ "stun.l.google.com:19302" ]\n',
          ),
        result: 'fail',
        message: /asks stun\.l\.google\.com/,
      },
      {
        name: 'fails when the metadata service would be asked',
        change: (c) =>
          appendFile(c, 'custom-jvb.conf', 'ice4j.harvest.mapping.aws.enabled = true\n'),
        result: 'fail',
        message: /cloud metadata service/,
      },
    ],
  },
  {
    id: 'TP-03',
    outcomes: [
      passesRender(/third-party requests are off/),
      {
        name: 'fails when switched back on',
        change: js('config.disableThirdPartyRequests = false;'),
        result: 'fail',
        message: /disableThirdPartyRequests is false/,
      },
    ],
  },
  {
    id: 'TP-04',
    outcomes: [
      passesRender(/Gravatar lookups are off/),
      {
        name: 'fails without the gravatar object',
        change: js('config.gravatar = {};'),
        result: 'fail',
        message: /gravatar\.disabled is \(unset\)/,
      },
      {
        name: 'passes avatars from the instance',
        change: js("config.gravatar = { baseUrl: 'https://meet.example.eu/avatar/' };"),
        result: 'pass',
        message: /avatars come from the instance/,
      },
    ],
  },
  {
    id: 'TP-05',
    outcomes: [
      passesRender(/analytics are off/),
      {
        name: 'fails on a tracking id',
        change: js("config.analytics.amplitudeAPPKey = 'abc';"),
        result: 'fail',
        message: /amplitudeAPPKey is abc/,
      },
    ],
  },
  {
    id: 'TP-06',
    outcomes: [
      passesRender(/rtcstats is off/),
      {
        name: 'fails on an outside endpoint',
        change: js(
          "config.analytics.rtcstatsEnabled = true; config.analytics.rtcstatsEndpoint = 'wss://rtcstats.example.com';",
        ),
        result: 'fail',
        message: /rtcstatsEndpoint/,
      },
      {
        name: 'passes an own endpoint without SDP',
        change: js(
          "config.analytics.rtcstatsEnabled = true; config.analytics.rtcstatsEndpoint = 'wss://meet.example.eu/rtcstats-ws';",
        ),
        result: 'pass',
        message: /own endpoint/,
      },
    ],
  },
  {
    id: 'TP-07',
    outcomes: [
      passesRender(/no identity data/),
      {
        name: 'fails when feedback is requested',
        change: js('config.feedbackPercentage = 100;'),
        result: 'fail',
        message: /feedbackPercentage is 100/,
      },
    ],
  },
  {
    id: 'TP-08',
    outcomes: [
      passesRender(/no callstats keys/),
      {
        name: 'fails on a callstats id',
        change: js("config.callStatsID = 'x';"),
        result: 'fail',
        message: /callStatsID is x/,
      },
    ],
  },
  {
    id: 'TP-09',
    outcomes: [
      passesRender(/no deep links/),
      {
        name: 'fails on app promotion',
        change: iface('interfaceConfig.MOBILE_APP_PROMO = true;'),
        result: 'fail',
        message: /MOBILE_APP_PROMO is true/,
      },
    ],
  },
  {
    id: 'TP-10',
    outcomes: [
      passesRender(/shared video is not offered/),
      {
        name: 'fails with the shared video button',
        change: js("config.toolbarButtons.push('sharedvideo');"),
        result: 'fail',
        message: /without "sharedvideo"/,
      },
      {
        name: 'fails on a wildcard video domain',
        change: js("config.sharedVideoAllowedURLDomains = ['*'];"),
        result: 'fail',
        message: /never "\*"/,
      },
    ],
  },
  {
    id: 'TP-11',
    outcomes: [
      passesRender(/live streaming is off/),
      {
        name: 'fails when streaming is on',
        change: js('config.liveStreaming.enabled = true;'),
        result: 'fail',
        message: /liveStreaming\.enabled is true/,
      },
    ],
  },
  {
    id: 'TP-12',
    outcomes: [
      passesRender(/no cloud integrations/),
      {
        name: 'fails on a Dropbox key',
        change: js("config.dropbox = { appKey: 'k' };"),
        result: 'fail',
        message: /dropbox\.appKey is k/,
      },
    ],
  },
  {
    id: 'TP-13',
    outcomes: [
      passesRender(/Giphy is off/),
      {
        name: 'fails when Giphy is on',
        change: js("config.giphy = { enabled: true, sdkKey: 'k' };"),
        result: 'fail',
        message: /giphy\.enabled is true/,
      },
    ],
  },
  {
    id: 'TP-14',
    outcomes: [
      passesRender(/points to the instance/),
      {
        name: 'fails without legal links',
        change: js('delete config.legalUrls;'),
        result: 'fail',
        message: /legalUrls\.privacy is \(unset\)/,
      },
      {
        name: 'fails on a jitsi.org support link',
        change: iface("interfaceConfig.SUPPORT_URL = 'https://community.jitsi.org/';"),
        result: 'fail',
        message: /SUPPORT_URL is https:\/\/community\.jitsi\.org/,
      },
    ],
  },
  {
    id: 'TP-15',
    outcomes: [
      passesRender(/no external branding/),
      {
        name: 'fails on outside branding',
        change: js("config.dynamicBrandingUrl = 'https://branding.example.com/b.json';"),
        result: 'fail',
        message: /dynamicBrandingUrl/,
      },
    ],
  },
  {
    id: 'TP-16',
    outcomes: [
      passesRender(/no JaaS components/),
      {
        name: 'fails with JaaS components on',
        change: (c) => setEnv(c, 'prosody', 'ENABLE_JAAS_COMPONENTS', '1'),
        result: 'fail',
        message: /ENABLE_JAAS_COMPONENTS is 1/,
      },
      {
        name: 'fails on a jitsi.net host in any file',
        change: (c) =>
          appendFile(
            c,
            'privacy.cfg.lua',
            'asap_key_server = "https://jaas-public-keys.jitsi.net"\n',
          ),
        result: 'fail',
        message: /jaas-public-keys\.jitsi\.net/,
      },
    ],
  },
  {
    id: 'TP-17',
    outcomes: [
      passesRender(/whiteboard is off/),
      {
        name: 'fails on an outside backend',
        change: js(
          "config.whiteboard = { enabled: true, collabServerBaseUrl: 'https://excalidraw.example.com' };",
        ),
        result: 'fail',
        message: /collabServerBaseUrl/,
      },
    ],
  },
  {
    id: 'TP-18',
    outcomes: [
      passesRender(/no extension banner/),
      {
        name: 'fails with the banner on',
        change: iface('interfaceConfig.SHOW_CHROME_EXTENSION_BANNER = true;'),
        result: 'fail',
        message: /SHOW_CHROME_EXTENSION_BANNER is true/,
      },
    ],
  },
  {
    id: 'TP-19',
    outcomes: [
      passesRender(/allows only the instance origin/),
      {
        name: 'fails on a bare scheme source',
        change: (c) =>
          editFile(c, 'custom-meet.conf', (t) =>
            t.replace("default-src 'self';", "default-src 'self' https:;"),
          ),
        result: 'fail',
        message: /default-src https:: allows every host of that scheme/,
      },
      {
        name: 'fails on an outside frame source',
        change: (c) =>
          editFile(c, 'custom-meet.conf', (t) =>
            t.replace("frame-src 'self';", "frame-src 'self' https://www.youtube.com;"),
          ),
        result: 'fail',
        message: /frame-src https:\/\/www\.youtube\.com: a host outside the instance/,
      },
      {
        name: 'fails without the header',
        change: (c) =>
          editFile(c, 'custom-meet.conf', (t) =>
            t.replace(/add_header Content-Security-Policy[^\n]*\n/, ''),
          ),
        result: 'fail',
        message: /no Content-Security-Policy header/,
      },
    ],
  },
  {
    id: 'TP-20',
    outcomes: [
      {
        name: 'fails without NetworkPolicies',
        change: (c) => withoutKinds(c, ['NetworkPolicy']),
        result: 'fail',
        message: /no NetworkPolicy limits egress of the web pods/,
      },
      {
        name: 'passes with egress policies',
        change: (c) => withObjects(withoutKinds(c, ['NetworkPolicy']), networkPolicies()),
        result: 'pass',
        message: /egress of web, prosody, jicofo, jvb is limited/,
      },
      {
        name: 'fails on a policy that allows all egress',
        change: (c) => withObjects(withoutKinds(c, ['NetworkPolicy']), openEgress()),
        result: 'fail',
        message: /allows egress all ports to anywhere/,
      },
    ],
  },
  {
    id: 'TP-21',
    outcomes: [
      passesRender(/no Sentry/),
      {
        name: 'fails on a Sentry DSN without showing its key',
        change: (c) => setEnv(c, 'jvb', 'JVB_SENTRY_DSN', 'https://secret@o1.ingest.sentry.io/1'),
        result: 'fail',
        message: /^JVB_SENTRY_DSN is \(literal value, hidden\)/,
      },
    ],
  },
]);
