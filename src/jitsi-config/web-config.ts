import { stunUri } from '../api/privacy.ts';
import type { InstanceFacts } from './instance.ts';
import { privacy, relaxed, type Setting } from './setting.ts';

/**
 * Toolbar of the web app. Compared with the Jitsi Meet default it leaves out buttons that load
 * or link to other sites (`sharedvideo`, `livestreaming`, `feedback`, `download`, `help`,
 * `linktosalesforce`), the whiteboard with its external backend, and Etherpad.
 */
export const TOOLBAR_BUTTONS = [
  'camera',
  'chat',
  'closedcaptions',
  'desktop',
  'embedmeeting',
  'filmstrip',
  'fullscreen',
  'hangup',
  'highlight',
  'invite',
  'microphone',
  'noisesuppression',
  'participants-pane',
  'profile',
  'raisehand',
  'recording',
  'security',
  'select-background',
  'settings',
  'shareaudio',
  'shortcuts',
  'stats',
  'tileview',
  'toggle-camera',
  'videoquality',
] as const;

/**
 * Settings appended to the web image's `config.js` (`custom-config.js`). Keys the image emits
 * from environment variables are overridden here too, so this file alone decides each privacy
 * setting whatever the environment sets.
 *
 * Two fallbacks make explicit values necessary. Without `p2p.stunServers`, lib-jitsi-meet
 * (`modules/xmpp/xmpp.ts`) uses the 8x8 STUN server, but it keeps an empty list. Jitsi Meet's
 * `getLegalUrls` replaces an empty legal URL with a jitsi.org page, so the links point to the
 * instance.
 */
export function webConfigSettings(facts: InstanceFacts): Setting[] {
  const own = facts.publicUrl;
  return [
    ...peerToPeerSettings(facts),
    privacy(['TP-03'], 'disableThirdPartyRequests', true),
    privacy(['TP-04'], 'gravatar', { disabled: true }),
    privacy(['TP-04'], 'gravatarBaseURL', undefined, 'legacy Gravatar key'),
    privacy(['TP-05', 'TP-06'], 'analytics', {
      disabled: true,
      obfuscateRoomName: true,
      rtcstatsEnabled: false,
      rtcstatsSendSdp: false,
      rtcstatsStoreLogs: false,
    }),
    privacy(['TP-06', 'CL-06'], 'faceLandmarks', {
      enableDisplayFaceExpressions: false,
      enableFaceCentering: false,
      enableFaceExpressionsDetection: false,
      enableRTCStats: false,
    }),
    privacy(['TP-07'], 'enableDisplayNameInStats', false),
    privacy(['TP-07'], 'enableEmailInStats', false),
    privacy(['TP-07'], 'feedbackPercentage', 0),
    privacy(['TP-07', 'TP-09', 'TP-10', 'TP-11', 'TP-14', 'TP-17'], 'toolbarButtons', [
      ...TOOLBAR_BUTTONS,
    ]),
    privacy(['TP-08'], 'callStatsID', undefined),
    privacy(['TP-08'], 'callStatsSecret', undefined),
    privacy(['TP-08'], 'callStatsCustomScriptUrl', undefined),
    privacy(['TP-09'], 'deeplinking', { disabled: true }),
    privacy(['TP-09'], 'disableDeepLinking', true, 'legacy key'),
    privacy(['TP-10'], 'sharedVideoAllowedURLDomains', []),
    privacy(['TP-11'], 'liveStreaming', { enabled: false }),
    privacy(['TP-12'], 'dropbox', undefined),
    privacy(['TP-12'], 'enableCalendarIntegration', false),
    privacy(['TP-12'], 'googleApiApplicationClientID', undefined),
    privacy(['TP-12'], 'microsoftApiApplicationClientID', undefined),
    privacy(['TP-13'], 'giphy', { enabled: false }),
    privacy(['TP-14'], 'legalUrls', { helpCentre: own, privacy: own, security: own, terms: own }),
    privacy(['TP-14'], 'helpCentreURL', undefined),
    privacy(['TP-14'], 'deploymentUrls', {}),
    privacy(['TP-15'], 'dynamicBrandingUrl', undefined),
    privacy(['TP-15'], 'brandingDataUrl', undefined),
    privacy(['TP-16'], 'dialInNumbersUrl', undefined),
    privacy(['TP-16'], 'dialInConfCodeUrl', undefined),
    privacy(['TP-16'], 'dialOutAuthUrl', undefined),
    privacy(['TP-16'], 'dialOutCodesUrl', undefined),
    privacy(['TP-16'], 'jaasActuatorUrl', undefined),
    privacy(['TP-16'], 'jaasFeedbackMetadataURL', undefined),
    privacy(['TP-17'], 'whiteboard', { collabServerBaseUrl: '', enabled: false }),
    privacy(['TP-18'], 'chromeExtensionBanner', undefined),
    facts.relaxed.has('CL-01')
      ? relaxed('CL-01', 'doNotStoreRoom', false, 'the welcome page lists recent meetings')
      : privacy(['CL-01'], 'doNotStoreRoom', true),
    privacy(['CL-02'], 'enableInsecureRoomNameWarning', true),
    privacy(['CL-03'], 'hideEmailInSettings', true),
    privacy(['CL-04'], 'disableShowMoreStats', true),
    privacy(['CL-04'], 'connectionIndicators', { disableDetails: true }),
    privacy(['CL-04'], 'enableSaveLogs', false),
    privacy(['CL-05'], 'localRecording.notifyAllParticipants', true),
    privacy(['CL-06'], 'screenshotCapture', { enabled: false }),
    privacy(['CL-07'], 'prejoinConfig.enabled', true),
    privacy(['CL-07'], 'startWithAudioMuted', true),
    privacy(['CL-07'], 'startWithVideoMuted', true),
    facts.relaxed.has('CL-08')
      ? relaxed('CL-08', 'requireDisplayName', true)
      : privacy(['CL-08'], 'requireDisplayName', false),
    privacy(['EX-07'], 'bridgeChannel', { preferSctp: true }),
    privacy(['EN-03'], 'testing.disableE2EE', false),
    privacy(['AC-02'], 'securityUi.hideLobbyButton', false),
    privacy(['AC-03'], 'remoteVideoMenu.disableKick', false),
    privacy(['RS-01'], 'recordingService', { enabled: false, sharingEnabled: false }),
    privacy(['RS-01'], 'hideRecordingLabel', false),
    privacy(['RS-02'], 'transcription.enabled', false),
    privacy(['RS-05'], 'etherpad_base', undefined),
  ];
}

/**
 * Peer-to-peer settings. With `spec.privacy.peerToPeer.enabled` the browsers of a two-person
 * meeting connect directly (relaxing CL-09), and `p2p.stunServers` lists only the servers of
 * `spec.privacy.peerToPeer.stunServers`: an empty list, which still keeps lib-jitsi-meet from its
 * built-in STUN fallback, or the listed ones (relaxing TP-01).
 */
function peerToPeerSettings(facts: InstanceFacts): Setting[] {
  const servers = facts.privacy.peerToPeer.stunServers.map((server) => ({ urls: stunUri(server) }));
  return [
    facts.relaxed.has('CL-09')
      ? relaxed('CL-09', 'p2p.enabled', true, "peers learn each other's address")
      : privacy(['TP-01', 'CL-09'], 'p2p.enabled', false, 'peer-to-peer off'),
    facts.relaxed.has('TP-01')
      ? relaxed(
          'TP-01',
          'p2p.stunServers',
          servers,
          "each server learns every participant's address",
        )
      : privacy(['TP-01'], 'p2p.stunServers', [], 'an empty list stops the built-in STUN fallback'),
  ];
}
