/**
 * TypeScript shape of `spec.auth` and `spec.privacy`: who may create rooms, and the named fields
 * that relax a privacy check on purpose. `schema-privacy.ts` describes the same fields for the
 * CRD; `src/compliance/relaxations.ts` maps each relaxing field to the checks it relaxes.
 */

/**
 * Who may create rooms.
 * - `Internal`: hosts sign in with an account in Prosody's own store (`internal_hashed`).
 * - `None`: anyone who reaches the domain creates rooms; relaxes check AC-01.
 */
export type AuthMode = 'Internal' | 'None';

export interface AuthSpec {
  mode?: AuthMode;
  /** With `Internal`: people without an account may join a room a host opened. Default true. */
  allowGuests?: boolean;
}

/**
 * Log level of one component. `Warn` is the private default; `Info` and `Debug` are for
 * troubleshooting and need `spec.privacy.logging.until`.
 */
export type LogLevel = 'Warn' | 'Info' | 'Debug';

export interface LoggingSpec {
  prosody?: LogLevel;
  videobridge?: LogLevel;
  jicofo?: LogLevel;
  /** RFC 3339 time after which every component logs at `Warn` again. */
  until?: string;
}

export interface PeerToPeerSpec {
  /** Direct browser-to-browser media in two-person meetings. Default false. */
  enabled?: boolean;
  /** STUN servers the browsers use in peer-to-peer mode, as `host` or `host:port`. */
  stunServers?: string[];
}

export interface PrivacySpec {
  peerToPeer?: PeerToPeerSpec;
  logging?: LoggingSpec;
  /** The web server writes its access log. Default false. */
  webAccessLog?: boolean;
  /** The welcome page keeps a list of recent meetings in the browser. Default false. */
  recentMeetings?: boolean;
  /** Participants must enter a display name before they join. Default false. */
  requireDisplayName?: boolean;
}

/** `spec.auth` with its defaults applied. */
export interface EffectiveAuth {
  mode: AuthMode;
  allowGuests: boolean;
}

/** `spec.privacy` with its defaults applied. */
export interface EffectivePrivacy {
  peerToPeer: { enabled: boolean; stunServers: string[] };
  logging: { prosody: LogLevel; videobridge: LogLevel; jicofo: LogLevel; until?: string };
  webAccessLog: boolean;
  recentMeetings: boolean;
  requireDisplayName: boolean;
}
