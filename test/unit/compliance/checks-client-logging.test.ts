/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- the tests edit untyped manifests in place */
import { appendFile, editFile, editObject, setEnv } from './fixtures.ts';
import { passesRender, runCases, type Change } from './cases.ts';

const js =
  (line: string): Change =>
  (c) =>
    appendFile(c, 'custom-config.js', `${line}\n`);

/** A Deployment running an Etherpad image, with the given environment. */
const etherpad =
  (env: { name: string; value: string }[]): Change =>
  (c) =>
    editObject(c, 'Deployment', (d) => {
      d['spec']['template']['spec']['containers'].push({
        name: 'etherpad',
        image: 'etherpad/etherpad:2.2',
        env,
      });
    });

runCases('client-side checks', [
  {
    id: 'CL-01',
    outcomes: [
      passesRender(/no recent-meetings list/),
      {
        name: 'fails when rooms are stored',
        change: js('config.doNotStoreRoom = false;'),
        result: 'fail',
        message: /doNotStoreRoom is false/,
      },
    ],
  },
  {
    id: 'CL-02',
    outcomes: [
      passesRender(/random room names/),
      {
        name: 'fails without the weak-name warning',
        change: js('config.enableInsecureRoomNameWarning = false;'),
        result: 'fail',
        message: /enableInsecureRoomNameWarning is false/,
      },
    ],
  },
  {
    id: 'CL-03',
    outcomes: [
      passesRender(/e-mail field is hidden/),
      {
        name: 'fails when the e-mail field shows',
        change: js('config.hideEmailInSettings = false;'),
        result: 'fail',
        message: /hideEmailInSettings is false/,
      },
      {
        name: 'passes with the profile disabled',
        change: js('config.hideEmailInSettings = false; config.disableProfile = true;'),
        result: 'pass',
        message: /hidden/,
      },
    ],
  },
  {
    id: 'CL-04',
    outcomes: [
      passesRender(/connection details/),
      {
        name: 'fails when details show',
        change: js('config.disableShowMoreStats = false;'),
        result: 'fail',
        message: /disableShowMoreStats is false/,
      },
    ],
  },
  {
    id: 'CL-05',
    outcomes: [
      passesRender(/notifies every participant/),
      {
        name: 'fails on silent local recording',
        change: js('config.localRecording.notifyAllParticipants = false;'),
        result: 'fail',
        message: /notifyAllParticipants is false/,
      },
      {
        name: 'passes with local recording off',
        change: js('config.localRecording = { disable: true };'),
        result: 'pass',
        message: /local recording is off/,
      },
    ],
  },
  {
    id: 'CL-06',
    outcomes: [
      passesRender(/no face tracking/),
      {
        name: 'fails on face centering',
        change: js('config.faceLandmarks.enableFaceCentering = true;'),
        result: 'fail',
        message: /enableFaceCentering is true/,
      },
    ],
  },
  {
    id: 'CL-07',
    outcomes: [
      passesRender(/pre-join page, muted/),
      {
        name: 'fails when the camera starts on',
        change: js('config.startWithVideoMuted = false;'),
        result: 'fail',
        message: /startWithVideoMuted is false/,
      },
    ],
  },
  {
    id: 'CL-08',
    outcomes: [
      passesRender(/display name is not required/),
      {
        name: 'fails when a name is required',
        change: js('config.requireDisplayName = true;'),
        result: 'fail',
        message: /requireDisplayName is true/,
      },
    ],
  },
  {
    id: 'CL-09',
    outcomes: [
      passesRender(/peer-to-peer is off/),
      {
        name: 'fails with direct peer-to-peer',
        change: js('config.p2p.enabled = true;'),
        result: 'fail',
        message: /p2p\.enabled is true/,
      },
      {
        name: 'passes relayed peer-to-peer',
        change: js("config.p2p.enabled = true; config.p2p.iceTransportPolicy = 'relay';"),
        result: 'pass',
        message: /through a relay/,
      },
    ],
  },
  {
    id: 'CL-10',
    outcomes: [
      {
        name: 'leaves the privacy notice to the controller',
        result: 'not-applicable',
        message: /controller must name them/,
      },
    ],
  },
]);

runCases('logging checks', [
  {
    id: 'LG-01',
    outcomes: [
      passesRender(/no access log/),
      {
        name: 'fails with an access log',
        change: (c) =>
          editFile(c, 'custom-meet.conf', (t) =>
            t.replace('access_log off;', 'access_log /dev/stdout;'),
          ),
        result: 'fail',
        message: /access_log is \/dev\/stdout; expected off/,
      },
      {
        name: 'fails on an access log inside a location',
        change: (c) =>
          appendFile(c, 'custom-meet.conf', 'location /x {\n  access_log /dev/stdout;\n}\n'),
        result: 'fail',
        message: /location \/x > access_log/,
      },
    ],
  },
  {
    id: 'LG-02',
    outcomes: [
      {
        name: 'leaves the ingress log to the platform',
        result: 'not-applicable',
        message: /platform team/,
      },
    ],
  },
  {
    id: 'LG-03',
    outcomes: [
      passesRender(/Prosody logs at warn/),
      {
        name: 'fails at info',
        change: (c) =>
          editFile(c, 'privacy.cfg.lua', (t) => t.replace('min = "warn"', 'min = "info"')),
        result: 'fail',
        message: /Prosody logs at info/,
      },
      {
        name: 'falls back to LOG_LEVEL without a log option',
        change: (c) =>
          setEnv(
            editFile(c, 'privacy.cfg.lua', (t) => t.replace(/^log = .*$/m, '')),
            'prosody',
            'LOG_LEVEL',
            'debug',
          ),
        result: 'fail',
        message: /Prosody logs at debug/,
      },
    ],
  },
  {
    id: 'LG-04',
    outcomes: [
      passesRender(/WARNING and redacts/),
      {
        name: 'fails at INFO',
        change: (c) =>
          editFile(
            c,
            'logging.properties',
            (t) => t.replace('.level=WARNING', '.level=INFO'),
            'jvb',
          ),
        result: 'fail',
        message: /\.level is INFO/,
      },
      {
        name: 'fails without address redaction',
        change: (c) =>
          appendFile(c, 'custom-jvb.conf', 'videobridge.redact-remote-addresses = false\n'),
        result: 'fail',
        message: /redact-remote-addresses is false/,
      },
    ],
  },
  {
    id: 'LG-05',
    outcomes: [
      passesRender(/Jicofo logs at WARNING/),
      {
        name: 'fails on packet logging',
        change: (c) =>
          editFile(
            c,
            'logging.properties',
            (t) =>
              t.replace(
                'org.jitsi.impl.protocol.xmpp.level=WARNING',
                'org.jitsi.impl.protocol.xmpp.level=FINE',
              ),
            'jicofo',
          ),
        result: 'fail',
        message: /org\.jitsi\.impl\.protocol\.xmpp\.level is FINE/,
      },
    ],
  },
  {
    id: 'LG-06',
    outcomes: [
      {
        name: 'states the period for the log pipeline',
        result: 'not-applicable',
        message: /after 7 days/,
      },
    ],
  },
  {
    id: 'LG-07',
    outcomes: [
      {
        name: 'notes that no TURN server is deployed',
        result: 'not-applicable',
        message: /deploys no TURN server/,
      },
    ],
  },
  {
    id: 'LG-08',
    outcomes: [
      {
        name: 'notes that no Etherpad is deployed',
        result: 'not-applicable',
        message: /deploys no Etherpad/,
      },
      {
        name: 'fails on an Etherpad that logs addresses',
        change: etherpad([]),
        result: 'fail',
        message: /DISABLE_IP_LOGGING is \(unset\)/,
      },
      {
        name: 'passes an Etherpad without IP logging',
        change: etherpad([{ name: 'DISABLE_IP_LOGGING', value: 'true' }]),
        result: 'pass',
        message: /logs no IP addresses/,
      },
    ],
  },
]);
