import type { Component } from '../../../src/api/types.ts';
import type { ComponentConfig } from '../../../src/jitsi-config/index.ts';
import { XMPP_DOMAINS } from '../../../src/resources/names.ts';

/** A host name found in generated configuration that is neither the instance nor internal. */
export interface ForeignHost {
  component: Component;
  /** `env` or the file key. */
  source: string;
  host: string;
}

// Top-level domains that third-party services in the GDPR check catalogue use, plus common
// country codes. Dotted names ending in another label (Java class names such as
// `java.util.logging.ConsoleHandler`, JavaScript paths such as `config.p2p.enabled`) are not
// host names and are skipped.
const TLDS = new Set(
  (
    'ai app at be biz ch cloud cn co com de dev dk es eu fi fr gg google im info io it jp link ' +
    'live me net nl no online org page pl ru se si site tech to tv uk us vc video xyz'
  ).split(' '),
);

const URL_HOST = /\b(?:https?|wss?|stuns?|turns?):(?:\/\/)?(\[[^\]]+\]|[^\s'"/:;,)\]\\]+)/gi;
const DOTTED_NAME = /\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}\b/gi;

/**
 * Lists the host names in `text` that are not allowed: every host in a URL (http, ws, stun,
 * turn), and every dotted name that ends in a known top-level domain.
 */
export function foreignHosts(text: string, domain: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(URL_HOST)) found.add((match[1] ?? '').toLowerCase());
  for (const match of text.matchAll(DOTTED_NAME)) {
    const name = match[0].toLowerCase();
    const tld = name.slice(name.lastIndexOf('.') + 1);
    if (TLDS.has(tld)) found.add(name);
  }
  return [...found].filter((host) => !isAllowed(host, domain)).sort();
}

function isAllowed(host: string, domain: string): boolean {
  if (host === domain) return true;
  if (host === '0.0.0.0' || host === '127.0.0.1') return true;
  if (host.endsWith('.svc') || host.endsWith('.svc.cluster.local')) return true;
  const internal: string[] = Object.values(XMPP_DOMAINS);
  return internal.some((d) => host === d || host.endsWith(`.${d}`));
}

/** Scans every environment value and file of every component. */
export function scanConfig(
  config: Record<Component, ComponentConfig>,
  domain: string,
): ForeignHost[] {
  const out: ForeignHost[] = [];
  for (const component of Object.keys(config).sort() as Component[]) {
    const rendered = config[component];
    const envText = Object.entries(rendered.env)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
    for (const host of foreignHosts(envText, domain)) out.push({ component, source: 'env', host });
    for (const file of rendered.files) {
      for (const host of foreignHosts(file.content, domain)) {
        out.push({ component, source: file.key, host });
      }
    }
  }
  return out;
}
