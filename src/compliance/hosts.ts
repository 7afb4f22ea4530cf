/**
 * Finds host names, URLs and IP addresses in configuration values, and decides which of them
 * belong to the instance. Used by the host scan and by checks that read URLs.
 *
 * A value is searched for, in this order: URLs with an authority (`https://host/...`,
 * `wss://...`), STUN/TURN URIs (`stun:host:port`), protocol-relative URLs (`//host/...`),
 * e-mail addresses, IPv4 and IPv6 literals, and bare dotted names whose last label is a public top-level
 * domain. Matched text is blanked before the next pattern runs, so a host is reported once.
 */
import { XMPP_DOMAINS } from '../resources/names.ts';

/**
 * Country-code top-level domains (ISO 3166-1 alpha-2 plus `uk`, `eu`, `ac`) and common generic
 * ones. Bare names are only reported when they end in one of these, so JavaScript paths
 * (`config.p2p`), Java class names and file names (`config.js`) are not mistaken for hosts.
 */
const PUBLIC_TLDS = new Set(
  (
    'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br ' +
    'bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ' +
    'ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu ' +
    'gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr ' +
    'kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt ' +
    'mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps ' +
    'pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc ' +
    'td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ' +
    'ye yt za zm zw ' +
    'com net org info biz edu gov int mil mobi name pro aero asia jobs travel app dev cloud ' +
    'ai io xyz online site tech live page link google amazon microsoft apple website host ' +
    'email digital network systems services solutions software agency company world global ' +
    'center zone space blog news media shop store chat social video stream download'
  ).split(' '),
);

/**
 * Country codes that are also common file extensions (`run.sh`, `setup.py`, `README.md`). A bare
 * two-label name ending in one of them counts only with a port (`x.sh:443`) or inside a URL.
 * NOTE: so a bare `example.pl` is not reported; the same host inside a URL is.
 */
const FILE_LIKE_TLDS = new Set(
  'sh py pl md rs cc so mk ps la pm tf mo ai in am st sa ml as'.split(' '),
);

const URL_WITH_AUTHORITY =
  /\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/?#@'"]*@)?(\[[0-9a-f:.]+\]|[^\s/?#:'"\\,;)\]}>]*)/gi;
const STUN_TURN_URI = /\b(?:stuns?|turns?):(?!\/\/)(\[[0-9a-f:.]+\]|[^\s/?#:'"\\,;)\]}>]+)/gi;
const PROTOCOL_RELATIVE = /(?<=^|[\s'"(=,])\/\/([a-z0-9.-]+\.[a-z]{2,63})(?=[/:?#'"\s]|$)/gi;
const EMAIL = /\b[a-z0-9._%+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)\b/gi;
const IPV4 = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.]|\/\d)/g;
const IPV6 = /(?<![\w:.])([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?![\w:.])/gi;
const BARE_NAME =
  /(?<![\w.\-/@$%])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}))(?![\w-]|\.[a-z0-9])(:\d+)?/gi;

/** Lists every host name or IP address mentioned in `text`, lowercased, in order of first mention. */
export function findHosts(text: string): string[] {
  const found: string[] = [];
  let rest = text;
  const take = (pattern: RegExp, pick: (m: RegExpMatchArray) => string | undefined) => {
    let blanked = '';
    let last = 0;
    for (const match of rest.matchAll(pattern)) {
      const host = pick(match);
      if (host !== undefined && host !== '') found.push(normalise(host));
      const start = match.index;
      blanked += rest.slice(last, start) + ' '.repeat(match[0].length);
      last = start + match[0].length;
    }
    rest = blanked + rest.slice(last);
  };
  take(URL_WITH_AUTHORITY, (m) => m[1]);
  take(STUN_TURN_URI, (m) => m[1]);
  take(PROTOCOL_RELATIVE, (m) => m[1]);
  take(EMAIL, (m) => m[1]);
  take(IPV4, (m) => (isIpv4(m[1] ?? '') ? m[1] : undefined));
  take(IPV6, (m) => (isIpv6(m[1] ?? '') ? m[1] : undefined));
  take(BARE_NAME, (m) => (looksLikeHost(m[1] ?? '', m[2] ?? '', m[3]) ? m[1] : undefined));
  return [...new Set(found)];
}

function normalise(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}

function looksLikeHost(name: string, tld: string, port: string | undefined): boolean {
  const lowerTld = tld.toLowerCase();
  if (!PUBLIC_TLDS.has(lowerTld)) return false;
  const labels = name.split('.').length;
  return labels > 2 || port !== undefined || !FILE_LIKE_TLDS.has(lowerTld);
}

function isIpv4(text: string): boolean {
  return text.split('.').every((octet) => Number(octet) <= 255 && !/^0\d/.test(octet));
}

/** Accepts `::`-compressed or full eight-group addresses, so times like `12:30:00` do not match. */
function isIpv6(text: string): boolean {
  const groups = text.split(':').length;
  return text.includes('::') ? groups <= 8 : groups === 8;
}

/** The hosts the instance itself owns or that never leave the cluster. */
export interface HostPolicy {
  /** The instance's public domain. */
  domain: string;
  /** Further hosts the instance operates, such as its own TURN server (none today). */
  ownHosts: readonly string[];
}

/**
 * True for the instance's own hosts and for names that stay inside the cluster: single-label
 * names, `*.svc`, `*.cluster.local`, the internal XMPP domains, `localhost`, loopback, the
 * unspecified address and private IPv4 ranges (pod and Service networks).
 */
export function isAllowedHost(host: string, policy: HostPolicy): boolean {
  const h = normalise(host);
  if (h === policy.domain.toLowerCase() || policy.ownHosts.includes(h)) return true;
  if (!h.includes('.') && !h.includes(':')) return true;
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h.endsWith('.svc') || h.endsWith('.cluster.local')) return true;
  const xmppRoot = XMPP_DOMAINS.domain;
  if (h === xmppRoot || h.endsWith(`.${xmppRoot}`)) return true;
  if (h === '::1' || h === '::') return true;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return isInternalIpv4(h);
  return false;
}

function isInternalIpv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 127 || a === 10 || ip === '0.0.0.0') return true;
  if (a === 172 && b >= 16 && b <= 31) return true;
  return a === 192 && b === 168;
}

/** Hosts in `text` that are neither the instance's nor cluster-internal. */
export function foreignHosts(text: string, policy: HostPolicy): string[] {
  return findHosts(text).filter((host) => !isAllowedHost(host, policy));
}

/** Returns the host of a URL or host[:port] string, or undefined when it names none. */
export function hostOf(value: string): string | undefined {
  return findHosts(value)[0];
}
