import { SCHEMA_DEFAULTS } from './defaults.ts';
import { STUN_SERVER_PATTERN } from './patterns.ts';
import { LOGGED_COMPONENTS, MAX_VERBOSE_LOGGING_HOURS } from './privacy.ts';
import { bool, list, obj, rule, str, type SchemaNode } from './schema-node.ts';
import type { LoggingSpec, PeerToPeerSpec } from './types-privacy.ts';

/**
 * Schema of `spec.auth` and `spec.privacy`. Every field of `privacy` names the check it relaxes,
 * because a user may switch a privacy check off only through such a named field; the table in
 * `src/compliance/relaxations.ts` holds the same mapping for the compliance engine.
 */

const LOG_LEVELS = ['Warn', 'Info', 'Debug'] as const;

/** Schema of `spec.auth`. */
export const AUTH_SCHEMA: SchemaNode = obj(
  'Who may create rooms. Default: hosts sign in with an account that an administrator creates ' +
    'in Prosody (mode Internal), and guests may join the rooms they opened.',
  {
    mode: str(
      "Internal: only hosts who sign in with an account in Prosody's own account store create " +
        'rooms; an administrator creates the accounts with prosodyctl in the Prosody pod. None: ' +
        'anyone who reaches the domain creates rooms, which relaxes check AC-01 (only ' +
        'authenticated hosts create rooms). Default: Internal.',
      { enum: ['Internal', 'None'], default: SCHEMA_DEFAULTS.authMode },
    ),
    allowGuests: bool(
      'With mode Internal: people without an account may join a room once a signed-in host has ' +
        'opened it. false: every participant needs an account. Ignored with mode None. ' +
        'Default: true.',
      { default: SCHEMA_DEFAULTS.allowGuests },
    ),
  },
  { default: {} },
);

const PEER_TO_PEER_SCHEMA = obj(
  'Direct browser-to-browser media in meetings of two participants.',
  {
    enabled: bool(
      'Send the media of a two-person meeting directly between the browsers instead of ' +
        "through the videobridge. Each participant then learns the other's IP address, which " +
        'relaxes check CL-09. Without stunServers the browsers connect directly only when they ' +
        'can reach each other, such as on one network. Default: false.',
      { default: SCHEMA_DEFAULTS.peerToPeer },
    ),
    stunServers: list(
      'STUN servers the browsers ask for their public address in peer-to-peer mode, as host or ' +
        'host:port (port default 3478), e.g. stun.example.eu:3478. Every server learns the ' +
        'address of each participant; a host other than spec.domain relaxes check TP-01. Needs ' +
        'enabled. Default: none, so the browsers ask no STUN server. Max 4 entries.',
      str('STUN server as host or host:port, max 259 characters.', {
        pattern: STUN_SERVER_PATTERN,
        maxLength: 259,
      }),
      { maxItems: 4 },
    ),
  },
  {
    default: {},
    rules: [
      rule<PeerToPeerSpec>({
        rule:
          '!has(self.stunServers) || size(self.stunServers) == 0 || ' +
          '(has(self.enabled) && self.enabled)',
        message:
          'peerToPeer.stunServers needs peerToPeer.enabled: true; enable peer-to-peer or remove the list',
        fieldPath: '.stunServers',
        reason: 'FieldValueForbidden',
        check: (self) =>
          (self.stunServers ?? []).length > 0 && self.enabled !== true
            ? `peerToPeer.stunServers lists ${(self.stunServers ?? []).join(', ')} but peerToPeer.enabled is not true; enable peer-to-peer or remove the list`
            : undefined,
      }),
    ],
  },
);

function levelField(component: string, check: string, detail: string): SchemaNode {
  return str(
    `Log level of ${component}. ${detail} Any level other than Warn relaxes check ${check} ` +
      'and needs until. Default: Warn.',
    { enum: LOG_LEVELS, default: SCHEMA_DEFAULTS.logLevel },
  );
}

const LOGGING_SCHEMA = obj(
  'Verbose logging for troubleshooting, for a limited time. Until the time in until, each ' +
    'component logs at the level set here; afterwards all of them log at Warn again. Each ' +
    'change of level, including the return to Warn, restarts the pods of that component. ' +
    'Default: every component at Warn.',
  {
    prosody: levelField(
      'Prosody',
      'LG-03',
      'Info logs sign-ins and session ids; Debug also logs client IP addresses and every ' +
        'stanza, with room names and nicknames.',
    ),
    videobridge: levelField(
      'the videobridge',
      'LG-04',
      'Warn, Info and Debug are java.util.logging WARNING, INFO and FINE. Info and Debug log ' +
        'room names, meeting ids and endpoint ids; client addresses stay redacted.',
    ),
    jicofo: levelField(
      'Jicofo',
      'LG-05',
      'Warn, Info and Debug are java.util.logging WARNING, INFO and FINE. Info logs every ' +
        'participant who joins, with endpoint id, statistics id and room; Debug also logs XMPP ' +
        'packets.',
    ),
    until: str(
      'End of the troubleshooting window as an RFC 3339 time, e.g. 2026-09-01T18:00:00Z, at ' +
        `most ${MAX_VERBOSE_LOGGING_HOURS} hours (7 days) after the operator applies it. ` +
        'Required when a level is not Warn. Default: none.',
      { format: 'date-time', maxLength: 64 },
    ),
  },
  {
    default: {},
    rules: [
      rule<LoggingSpec>({
        rule:
          'has(self.until) || (' +
          LOGGED_COMPONENTS.map((c) => `(!has(self.${c}) || self.${c} == 'Warn')`).join(' && ') +
          ')',
        message:
          'logging.until is required when a component logs above Warn; set it to the end of the troubleshooting window, at most 7 days ahead',
        fieldPath: '.until',
        reason: 'FieldValueRequired',
        check: (self) => {
          if (self.until !== undefined) return undefined;
          const verbose = LOGGED_COMPONENTS.filter((c) => (self[c] ?? 'Warn') !== 'Warn');
          return verbose.length === 0
            ? undefined
            : `logging.until is missing while ${verbose.map((c) => `${c} is ${self[c]}`).join(', ')}; set it to the end of the troubleshooting window, at most 7 days ahead`;
        },
      }),
    ],
  },
);

/** Schema of `spec.privacy`. */
export const PRIVACY_SCHEMA: SchemaNode = obj(
  'Named exceptions to the private defaults. Each field relaxes the privacy check it names: ' +
    'the compliance status and the generated documents show that check as relaxed, with the ' +
    'field and the field manager that set it. Default: none, every check enforced.',
  {
    peerToPeer: PEER_TO_PEER_SCHEMA,
    logging: LOGGING_SCHEMA,
    webAccessLog: bool(
      "The web server writes its access log to stdout in the web image's format, with the " +
        'client address and the request line, which holds the room name. This relaxes check ' +
        'LG-01. Default: false.',
      { default: SCHEMA_DEFAULTS.webAccessLog },
    ),
    recentMeetings: bool(
      'The welcome page lists the meetings a browser joined, with room names and durations, ' +
        "kept in the browser's local storage. This relaxes check CL-01. Default: false.",
      { default: SCHEMA_DEFAULTS.recentMeetings },
    ),
    requireDisplayName: bool(
      'Participants must enter a display name before they join. This relaxes check CL-08 (no ' +
        'real name required). Default: false.',
      { default: SCHEMA_DEFAULTS.requireDisplayName },
    ),
  },
  { default: {} },
);
