import type { EffectivePrivacy, LogLevel } from './types-privacy.ts';

/**
 * Rules of `spec.privacy` that need more than the schema: the time window of verbose logging and
 * the form of STUN server entries. The Jitsi configuration generator, the compliance engine and
 * the semantic checks all read them from here.
 */

/**
 * Longest troubleshooting window, in hours (7 days), counted from the time the operator renders
 * the configuration. A policy choice: long enough to catch a weekly problem, short enough that a
 * forgotten setting ends.
 */
export const MAX_VERBOSE_LOGGING_HOURS = 168;

/** The components whose log level `spec.privacy.logging` sets. */
export const LOGGED_COMPONENTS = ['prosody', 'videobridge', 'jicofo'] as const;
export type LoggedComponent = (typeof LOGGED_COMPONENTS)[number];

/**
 * Tells whether the troubleshooting window is open at `now`: `until` is set, lies after `now`,
 * and at most `MAX_VERBOSE_LOGGING_HOURS` after it. Without `now` the window is closed, so a
 * caller that does not know the time renders the private levels.
 */
export function loggingWindowOpen(
  logging: EffectivePrivacy['logging'],
  now: Date | undefined,
): boolean {
  if (now === undefined || logging.until === undefined) return false;
  const until = Date.parse(logging.until);
  if (Number.isNaN(until)) return false;
  const left = until - now.getTime();
  return left > 0 && left <= MAX_VERBOSE_LOGGING_HOURS * 3_600_000;
}

/** Log level of each component at `now`: the requested level while the window is open, else Warn. */
export function logLevelsInForce(
  logging: EffectivePrivacy['logging'],
  now: Date | undefined,
): Record<LoggedComponent, LogLevel> {
  const open = loggingWindowOpen(logging, now);
  const level = (component: LoggedComponent): LogLevel => (open ? logging[component] : 'Warn');
  return { prosody: level('prosody'), videobridge: level('videobridge'), jicofo: level('jicofo') };
}

/**
 * Problem with the troubleshooting window at `now`, or undefined: `until` lies more than
 * `MAX_VERBOSE_LOGGING_HOURS` ahead while a verbose level is requested. A past `until` is no
 * problem; the components are simply back at Warn.
 */
export function loggingWindowProblem(
  logging: EffectivePrivacy['logging'],
  now: Date,
): string | undefined {
  const verbose = LOGGED_COMPONENTS.some((c) => logging[c] !== 'Warn');
  if (!verbose || logging.until === undefined) return undefined;
  const hours = (Date.parse(logging.until) - now.getTime()) / 3_600_000;
  if (hours <= MAX_VERBOSE_LOGGING_HOURS) return undefined;
  // The message names no current time, so it stays the same from one reconcile to the next and
  // the status that carries it is written once.
  return (
    `spec.privacy.logging.until: '${logging.until}' is more than ` +
    `${MAX_VERBOSE_LOGGING_HOURS} hours (7 days) ahead, the longest verbose logging may last; ` +
    'set a time within the next 7 days'
  );
}

/** STUN URI of a `spec.privacy.peerToPeer.stunServers` entry: `host:port` becomes `stun:host:port`. */
export function stunUri(server: string): string {
  return `stun:${server}`;
}

/** Host part of a `spec.privacy.peerToPeer.stunServers` entry. */
export function stunHost(server: string): string {
  return server.replace(/:\d+$/u, '');
}
