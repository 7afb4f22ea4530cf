import type { InstanceFacts } from './instance.ts';
import { flag } from './plan.ts';
import { functional, privacy, relaxed, type Setting } from './setting.ts';

/**
 * Authentication variables of `spec.auth`, which Prosody, Jicofo and web must agree on. With
 * mode Internal the docker-jitsi-meet templates render (at `stable-11146`):
 * - Prosody `conf.d/jitsi-meet.cfg.lua`: `authentication = "internal_hashed"` on the
 *   `XMPP_DOMAIN` virtual host, and with `ENABLE_GUESTS` a `XMPP_GUEST_DOMAIN` virtual host
 *   with anonymous sign-in (`jitsi-anonymous`);
 * - Jicofo `jicofo.conf`: `jicofo.authentication` enabled, type `XMPP` (for `AUTH_TYPE`
 *   internal), login URL `XMPP_DOMAIN`, so only a signed-in user creates a conference;
 * - web `system-config.js`: with `ENABLE_GUESTS`, `config.hosts.anonymousdomain` set to
 *   `XMPP_GUEST_DOMAIN`, so a browser without an account joins as a guest.
 * With mode None, `ENABLE_AUTH=0` leaves every virtual host anonymous (relaxing AC-01).
 */
export function authEnv(facts: InstanceFacts, guests: boolean): Setting[] {
  if (facts.relaxed.has('AC-01')) {
    return [
      relaxed('AC-01', 'ENABLE_AUTH', flag(false), 'anyone who reaches the domain creates rooms'),
      ...(guests
        ? [functional('ENABLE_GUESTS', flag(false), 'no guest domain without sign-in')]
        : []),
    ];
  }
  const allowGuests = facts.auth.allowGuests;
  return [
    privacy(['AC-01'], 'ENABLE_AUTH', flag(true), 'Prosody, Jicofo and web must agree'),
    privacy(['AC-01'], 'AUTH_TYPE', 'internal', "accounts in Prosody's internal_hashed store"),
    ...(guests
      ? [
          functional(
            'ENABLE_GUESTS',
            flag(allowGuests),
            allowGuests ? 'guests join rooms a host opened' : 'every participant signs in',
          ),
        ]
      : []),
  ];
}
