/**
 * Client-side data minimisation (CL-01 to CL-10): what the web app stores in the browser, shows
 * to other participants and turns on by default.
 */
import { is, judge, notApplicable } from '../evidence.ts';
import type { CheckDefinition } from '../types.ts';
import { withWeb } from './helpers.ts';

export const CLIENT_CHECKS: CheckDefinition[] = [
  {
    id: 'CL-01',
    title: 'No recent-meetings list in browser storage',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c), §25 TDDDG',
    measure: 'Room names and durations are not kept in the browser’s storage.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('doNotStoreRoom', is.true, 'true'),
            w.interface('RECENT_LIST_ENABLED', is.false, 'false (unset means on)'),
          ],
          'no recent-meetings list',
        ),
      ),
  },
  {
    id: 'CL-02',
    title: 'Random room names and a warning for weak ones',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure: 'The welcome page suggests random room names and warns about guessable ones.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.interface('GENERATE_ROOMNAMES_ON_WELCOME_PAGE', (v) => v !== false, 'true or unset'),
            w.config('enableInsecureRoomNameWarning', is.true, 'true'),
          ],
          'random room names are suggested and weak names warned about',
        ),
      ),
  },
  {
    id: 'CL-03',
    title: 'E-mail field hidden',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure:
      'The settings dialog asks for no e-mail address, which would be sent to every participant.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const hidden = w.get('hideEmailInSettings') === true || w.get('disableProfile') === true;
        return judge(
          [
            w.config('hideEmailInSettings', () => hidden, 'true (or disableProfile true)'),
            w.config('disableProfile', () => true, ''),
          ],
          'the e-mail field is hidden',
        );
      }),
  },
  {
    id: 'CL-04',
    title: 'Connection details and log export hidden',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 5(1)(f), Art. 32',
    measure:
      'Participants see no IP addresses in connection details and cannot export signalling logs.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('disableShowMoreStats', is.true, 'true'),
            w.config('connectionIndicators.disableDetails', is.true, 'true'),
            w.config('enableSaveLogs', is.notTrue, 'false'),
          ],
          'connection details and log downloads are hidden',
        ),
      ),
  },
  {
    id: 'CL-05',
    title: 'Local recording is announced to everyone',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'transparency',
    basis: 'Art. 5(1)(a), Art. 13',
    measure: 'Local recording in the browser is either off or announced to every participant.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const off = w.get('localRecording.disable') === true;
        return judge(
          [
            w.config(
              'localRecording.notifyAllParticipants',
              (v) => off || v === true,
              'true (or localRecording.disable true)',
            ),
            w.config('localRecording.disable', () => true, ''),
          ],
          off ? 'local recording is off' : 'local recording notifies every participant',
        );
      }),
  },
  {
    id: 'CL-06',
    title: 'No face tracking or screenshot capture',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c), Art. 25',
    measure: 'Face landmark detection, face expressions and screenshot capture are off.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            ...[
              'enableFaceCentering',
              'enableFaceExpressionsDetection',
              'enableDisplayFaceExpressions',
              'enableRTCStats',
            ].map((k) => w.config(`faceLandmarks.${k}`, is.notTrue, 'false')),
            w.config('screenshotCapture.enabled', is.notTrue, 'false'),
          ],
          'no face tracking or screenshot capture',
        ),
      ),
  },
  {
    id: 'CL-07',
    title: 'Join through the pre-join page, muted, camera off',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 25(2)',
    measure: 'Participants pass the pre-join page and join with microphone muted and camera off.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('prejoinConfig.enabled', (v) => v !== false, 'true or unset'),
            w.config('startWithAudioMuted', is.true, 'true'),
            w.config('startWithVideoMuted', is.true, 'true'),
          ],
          'participants join through the pre-join page, muted, with the camera off',
        ),
      ),
  },
  {
    id: 'CL-08',
    title: 'No real name required',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'Participants may join under any name.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [w.config('requireDisplayName', is.notTrue, 'false')],
          'a display name is not required',
        ),
      ),
  },
  {
    id: 'CL-09',
    title: 'Peers never learn each other’s address',
    category: 'CL',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 5(1)(f)',
    measure:
      'Peer-to-peer is off (or relayed), so participants do not see each other’s IP address.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const off = w.get('p2p.enabled') === false;
        return judge(
          [
            w.config(
              'p2p.enabled',
              (v) => v === false || w.get('p2p.iceTransportPolicy') === 'relay',
              'false, or p2p.iceTransportPolicy "relay"',
            ),
            w.config('p2p.iceTransportPolicy', () => true, ''),
          ],
          off ? 'peer-to-peer is off' : 'peer-to-peer runs through a relay only',
        );
      }),
  },
  {
    id: 'CL-10',
    title: 'Browser identifiers are disclosed in the privacy notice',
    category: 'CL',
    enforceable: false,
    owner: 'controller',
    goal: 'transparency',
    basis: 'Art. 13, §25 TDDDG',
    measure:
      'The privacy notice names the statistics id and device id lib-jitsi-meet keeps in local storage.',
    evaluate: () =>
      notApplicable(
        'lib-jitsi-meet keeps a statistics id and a device id in local storage; the controller must name them in the privacy notice',
      ),
  },
];
