/**
 * Privacy checks that the generated Jitsi configuration satisfies, by id, and the checks of the
 * same catalogue that other parts of the operator (or the people running it) must satisfy.
 *
 * The ids follow the project's GDPR check catalogue: TP third-party requests, CL client-side data
 * minimisation, LG logging, EX exposed interfaces, EN encryption, AC access control, RS
 * recording and storage, K8 placement and certificates. The compliance engine reads the evidence
 * built from these ids. A check is relaxed only through a field of `spec.privacy` or `spec.auth`,
 * listed in `src/compliance/relaxations.ts`.
 */

export const ENFORCED_CHECKS = {
  'TP-01': 'browser peer-to-peer is off and has no STUN server to fall back to',
  'TP-02': 'the videobridge discovers its address without any STUN or cloud metadata service',
  'TP-03': 'the web app is told to contact no third-party server',
  'TP-04': 'Gravatar avatar lookups are off',
  'TP-05': 'analytics handlers are off and carry no tracking ids or script URLs',
  'TP-06': 'rtcstats telemetry is off',
  'TP-07': 'no display name or e-mail in statistics, no feedback requests',
  'TP-08': 'no callstats keys',
  'TP-09': 'no app-store deep links or mobile app promotion',
  'TP-10': 'no shared video from external sites',
  'TP-11': 'live streaming is off',
  'TP-12': 'no Dropbox, calendar or cloud identity integrations',
  'TP-13': 'Giphy is off',
  'TP-14': 'help, legal and watermark links point to the instance itself',
  'TP-15': 'no dynamic branding fetched from elsewhere',
  'TP-16': 'no JaaS (8x8) components, dial-in or dial-out services',
  'TP-17': 'the whiteboard, which needs an external backend, is off',
  'TP-18': 'no browser extension banner',
  'TP-19': 'a Content-Security-Policy limits the browser to the instance origin',
  'TP-21': 'no Sentry error reporting from the Java components',
  'CL-01': 'no recent-meetings list in browser storage',
  'CL-02': 'random room names are suggested and weak names warned about',
  'CL-03': 'the e-mail field is hidden in the settings',
  'CL-04': 'connection details and log downloads are hidden',
  'CL-05': 'local recording notifies every participant',
  'CL-06': 'no face tracking or screenshot capture',
  'CL-07': 'participants join through the pre-join page, muted, with the camera off',
  'CL-08': 'a display name is not required',
  'CL-09': 'peers never learn the IP address of another peer',
  'LG-01': 'the web server writes no access log',
  'LG-03': 'Prosody logs at warn',
  'LG-04': 'the videobridge logs at WARNING and redacts client addresses',
  'LG-05': 'Jicofo logs at WARNING without XMPP packet logging',
  'EX-01': 'the videobridge COLIBRI, debug and shutdown REST APIs are off',
  'EX-02': 'the Jicofo debug REST API is off',
  'EX-04': 'XMPP federation (server-to-server) is off',
  'EX-05': 'the videobridge offers no private ICE candidates',
  'EX-07': 'no colibri websockets; the bridge channel uses SCTP',
  'EN-02': 'XMPP client connections must be encrypted',
  'EN-03': 'end-to-end encryption stays available',
  'AC-01': 'only hosts who sign in create rooms; guests may join the rooms they opened',
  'AC-02': 'the lobby is available and its button shown',
  'AC-03': 'moderators can remove participants',
  'AC-07': 'service passwords come from the instance Secret',
  'RS-01': 'server-side recording is off and its indicator stays visible',
  'RS-02': 'transcription is off',
  'RS-05': 'no shared documents; pads would get random names',
  'K8-05': 'the web image requests no certificates itself',
} as const;

export type PrivacyCheckId = keyof typeof ENFORCED_CHECKS;

/** Every check the generated configuration satisfies, sorted. */
export const PRIVACY_CHECK_IDS = Object.keys(ENFORCED_CHECKS).sort() as PrivacyCheckId[];

/**
 * Checks of the catalogue that the generated files cannot satisfy, with who does. The
 * compliance engine takes its evidence for these from elsewhere.
 */
export const CHECKS_ENFORCED_ELSEWHERE = {
  'TP-20': 'egress NetworkPolicy on the Jitsi pods',
  'CL-10': 'privacy notice: lib-jitsi-meet keeps a stats id and a device id in local storage',
  'LG-02': 'access log of the ingress controller, outside the instance',
  'LG-06': 'retention of the cluster log pipeline',
  'LG-07': 'no TURN server is deployed by the operator',
  'LG-08': 'no Etherpad is deployed by the operator',
  'EX-03': 'Prosody Services are ClusterIP and NetworkPolicies limit who reaches them',
  'EX-06': 'no transcription or translation URL is configured for Jicofo (absence, not a setting)',
  'EN-01': 'TLS ends at the Ingress or Gateway, whose TLS policy the cluster sets',
  'AC-04': 'token authentication needs spec.auth mode Jwt, which does not exist yet',
  'AC-05': 'no TURN server is deployed by the operator',
  'AC-06':
    'Prosody rate limits key on the client address, which is the web pod for every participant',
  'RS-03': 'no transcripts volume is mounted into the web pod',
  'RS-04': 'Prosody room storage stays as the image renders it; the compliance engine verifies it',
  'RS-06': 'deletion of internal accounts on the Prosody volume',
  'K8-01': 'node affinity to the allowed regions in the pod templates',
  'K8-02': 'provider jurisdiction, an organisational check',
  'K8-03': 'pinned images and a read-only root file system in the pod templates',
  'K8-04': 'image tag compared with the current stable release',
} as const;

/** Checks whose settings are rendered: every check the spec does not relax. */
export function enforcedChecks(relaxed: ReadonlySet<string>): ReadonlySet<PrivacyCheckId> {
  return new Set(PRIVACY_CHECK_IDS.filter((id) => !relaxed.has(id)));
}
