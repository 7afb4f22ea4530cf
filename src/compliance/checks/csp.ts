/**
 * Judges a Content-Security-Policy header value (CSP Level 3 syntax): `default-src` must be set,
 * and every source in every fetch, navigation and document directive must be a keyword, a
 * `data:`/`blob:` scheme, or a host of the instance. Wildcards and bare schemes such as `https:`
 * allow any host, so they fail.
 */
import { fail, pass } from '../evidence.ts';
import { isAllowedHost } from '../hosts.ts';
import type { ComplianceContext, Evaluation, Evidence } from '../types.ts';
import { hostPolicy } from './helpers.ts';

/** Directives whose values are source lists. `report-to` names a group, not a URL. */
const SOURCE_LIST_DIRECTIVES = new Set([
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem',
  'style-src-attr', 'img-src', 'font-src', 'connect-src', 'media-src', 'object-src', 'frame-src',
  'child-src', 'worker-src', 'manifest-src', 'prefetch-src', 'base-uri', 'form-action',
  'frame-ancestors',
]); // prettier-ignore

const KEYWORDS = new Set([
  "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'strict-dynamic'",
  "'unsafe-hashes'", "'report-sample'", "'inline-speculation-rules'",
]); // prettier-ignore

/** Schemes that name no host: the data stays in the page. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'mediastream:', 'filesystem:']);

/** Directive name (lowercased) to its tokens; the first occurrence wins, as browsers apply it. */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...tokens] = part
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '');
    if (name === undefined) continue;
    const key = name.toLowerCase();
    if (!out.has(key)) out.set(key, tokens);
  }
  return out;
}

export function judgeCsp(context: ComplianceContext, policy: string, header: Evidence): Evaluation {
  const directives = parseCsp(policy);
  const problems: string[] = [];
  if (!directives.has('default-src'))
    problems.push('default-src is missing, so unlisted fetches are unrestricted');
  for (const [name, tokens] of directives) {
    const readsSources = SOURCE_LIST_DIRECTIVES.has(name) || name === 'report-uri';
    const sources = readsSources ? tokens : [];
    for (const source of sources) {
      const problem = sourceProblem(context, source);
      if (problem !== undefined) problems.push(`${name} ${source}: ${problem}`);
    }
  }
  if (problems.length > 0) return fail(`Content-Security-Policy: ${problems.join('; ')}`, [header]);
  return pass('the Content-Security-Policy allows only the instance origin', [header]);
}

function sourceProblem(context: ComplianceContext, source: string): string | undefined {
  const lower = source.toLowerCase();
  if (KEYWORDS.has(lower) || /^'(nonce|sha256|sha384|sha512)-/.test(lower)) return undefined;
  if (LOCAL_SCHEMES.has(lower)) return undefined;
  if (lower === '*') return 'allows every host';
  if (/^[a-z][a-z0-9+.-]*:$/.test(lower)) return 'allows every host of that scheme';
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:]+)/.exec(lower)?.[1] ?? lower;
  if (host.startsWith('*')) return 'a wildcard allows hosts outside the instance';
  return isAllowedHost(host, hostPolicy(context)) ? undefined : 'a host outside the instance';
}
