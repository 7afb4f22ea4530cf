import type { InstanceFacts } from './instance.ts';
import { privacy, type Setting } from './setting.ts';

/**
 * Content-Security-Policy of the web app: every fetch goes to the instance origin, plus
 * `data:`/`blob:` URLs that the app creates itself, and the XMPP websocket on the public
 * domain. Jitsi Meet needs `'unsafe-inline'` scripts and styles (its `index.html` carries
 * inline code) and `'wasm-unsafe-eval'` for its WebAssembly noise suppression, virtual
 * backgrounds and end-to-end encryption, as a Jitsi maintainer noted when reviewing a proposed
 * CSP for Jitsi Meet in 2022. Embedding by other sites is refused with `frame-ancestors 'self'`.
 */
export function contentSecurityPolicy(facts: InstanceFacts): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['base-uri', "'self'"],
    ['connect-src', "'self'", `wss://${facts.domain}`, 'blob:', 'data:'],
    ['font-src', "'self'", 'data:'],
    ['form-action', "'self'"],
    ['frame-ancestors', "'self'"],
    ['frame-src', "'self'"],
    ['img-src', "'self'", 'blob:', 'data:'],
    ['manifest-src', "'self'"],
    ['media-src', "'self'", 'blob:', 'data:'],
    ['object-src', "'none'"],
    ['script-src', "'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['worker-src', "'self'", 'blob:'],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * Directives appended to the image's `meet.conf`, inside its `server` block. The image logs
 * every request to stdout at http level, with the room name in the path and the client address,
 * and `access_log off` at server level replaces that. nginx also logs a request for a missing
 * file as an error with the client address and path, which `log_not_found off` stops.
 */
export function webNginxSettings(facts: InstanceFacts): Setting[] {
  return [
    privacy(['LG-01'], 'access_log', 'off', 'request lines carry room names and client addresses'),
    privacy(['LG-01'], 'error_log', ['/dev/stderr', 'warn']),
    privacy(['LG-01'], 'log_not_found', 'off', 'a missing file would log client and path'),
    privacy(['TP-10', 'TP-19'], 'add_header', [
      'Content-Security-Policy',
      contentSecurityPolicy(facts),
      'always',
    ]),
  ];
}
