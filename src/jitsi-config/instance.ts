import { logLevelsInForce, type LoggedComponent } from '../api/privacy.ts';
import type { EffectiveAuth, EffectivePrivacy, EffectiveSpec, LogLevel } from '../api/types.ts';
import { relaxedCheckIds } from '../compliance/relaxations.ts';
import { serviceHost, XMPP_DOMAINS } from '../resources/names.ts';

/** The facts about one instance that the generators need, derived once. */
export interface InstanceFacts {
  /** Public host name, `spec.domain`. */
  domain: string;
  /** `https://<domain>`; TLS ends in front of the web pod. */
  publicUrl: string;
  /** Cluster-internal host of the Prosody Service, e.g. `meet-prosody.jitsi.svc`. */
  prosodyHost: string;
  xmpp: typeof XMPP_DOMAINS;
  /** UDP media port of the videobridge. */
  jvbUdpPort: number;
  auth: EffectiveAuth;
  privacy: EffectivePrivacy;
  /** Log level of each component at the time the configuration is rendered for. */
  logLevels: Record<LoggedComponent, LogLevel>;
  /** Ids of the checks the spec relaxes; the generators render their relaxed values. */
  relaxed: ReadonlySet<string>;
}

// Lower-case DNS name with at least two labels. The domain is written into nginx, HOCON and
// JavaScript, so anything else could change the meaning of those files.
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Derives the instance facts; rejects a domain that is not a plain lower-case DNS name. `now` is
 * the time the configuration is rendered for; it opens or closes the troubleshooting window of
 * `spec.privacy.logging`, which stays closed without it.
 */
export function instanceFacts(
  name: string,
  namespace: string,
  spec: EffectiveSpec,
  now?: Date,
): InstanceFacts {
  if (!HOST_NAME.test(spec.domain)) {
    throw new Error(
      `spec.domain "${spec.domain}" is not a lower-case DNS name with at least two labels; ` +
        'set it to the host name participants open, e.g. meet.example.eu',
    );
  }
  const port = spec.jvb.udpPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`spec.jvb.udpPort ${port} is not a port number; use 1 to 65535, e.g. 10000`);
  }
  return {
    domain: spec.domain,
    publicUrl: `https://${spec.domain}`,
    prosodyHost: serviceHost(name, namespace, 'prosody'),
    xmpp: XMPP_DOMAINS,
    jvbUdpPort: port,
    auth: spec.auth,
    privacy: spec.privacy,
    logLevels: logLevelsInForce(spec.privacy.logging, now),
    relaxed: relaxedCheckIds(spec, now),
  };
}

/** Environment shared by every component: the internal XMPP domains and the public URL. */
export function xmppEnv(facts: InstanceFacts): Record<string, string> {
  return {
    PUBLIC_URL: facts.publicUrl,
    XMPP_AUTH_DOMAIN: facts.xmpp.authDomain,
    XMPP_DOMAIN: facts.xmpp.domain,
    XMPP_GUEST_DOMAIN: facts.xmpp.guestDomain,
    XMPP_HIDDEN_DOMAIN: facts.xmpp.hiddenDomain,
    XMPP_INTERNAL_MUC_DOMAIN: facts.xmpp.internalMucDomain,
    XMPP_MUC_DOMAIN: facts.xmpp.mucDomain,
    XMPP_SERVER: facts.prosodyHost,
  };
}
