/**
 * Encryption (EN-01 to EN-03): transport encryption for the web app and XMPP, and end-to-end
 * encryption for participants.
 */
import { evidence, expect, fail, is, judge, notApplicable, type Finding } from '../evidence.ts';
import { viewOf } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation } from '../types.ts';
import { envSource, isTrue, withWeb } from './helpers.ts';

export const ENCRYPTION_CHECKS: CheckDefinition[] = [
  {
    id: 'EN-01',
    title: 'HTTPS for the web app',
    category: 'EN',
    enforceable: true,
    owner: 'platform',
    goal: 'confidentiality',
    basis: 'Art. 32(1)(a); DSK guidance on video conferencing §4.1 (BSI TR-02102-2)',
    measure:
      'The web app is served over TLS for the instance domain; the ingress controller sets protocol versions and HSTS.',
    evaluate: httpsCheck,
  },
  {
    id: 'EN-02',
    title: 'XMPP client connections encrypted',
    category: 'EN',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32(1)(a)',
    measure: 'Prosody requires encryption on client connections.',
    evaluate: (ctx) =>
      judge(
        [
          expect(
            ...envSource(ctx, 'prosody', 'PROSODY_C2S_REQUIRE_ENCRYPTION'),
            (v) => v === undefined || isTrue(v as string),
            '1 (the image default)',
          ),
        ],
        'Prosody requires encrypted client connections',
      ),
  },
  {
    id: 'EN-03',
    title: 'End-to-end encryption stays available',
    category: 'EN',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32(1)(a); DSK guidance on video conferencing §4.1',
    measure:
      'Participants can switch on end-to-end encryption (it excludes server recording and transcription).',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [w.config('testing.disableE2EE', is.notTrue, 'false')],
          'end-to-end encryption is available to participants',
        ),
      ),
  },
];

function httpsCheck(ctx: ComplianceContext): Evaluation {
  const mode = ctx.spec.ingress.mode;
  const ingresses = viewOf(ctx).objectsOfKind('Ingress');
  if (mode === 'None') {
    return notApplicable(
      'spec.ingress.mode is None; whoever exposes the web Service must serve it over TLS 1.2 or newer with HSTS',
    );
  }
  if (mode === 'HTTPRoute') {
    const gateway = ctx.spec.ingress.gateway;
    return notApplicable(
      `TLS ends at Gateway ${gateway?.namespace ?? ctx.instance.namespace}/${gateway?.name ?? '?'}; the platform must give its listener for ${ctx.spec.domain} a certificate, TLS 1.2 or newer and HSTS`,
    );
  }
  const findings: Finding[] = ingresses.map((ing) => {
    const tls =
      (ing['spec'] as { tls?: { hosts?: string[]; secretName?: string }[] } | undefined)?.tls ?? [];
    const entry = tls.find((t) => (t.hosts ?? []).includes(ctx.spec.domain));
    return expect(
      `Ingress ${ing.metadata.name}`,
      'spec.tls',
      tls,
      () => entry !== undefined,
      `an entry for ${ctx.spec.domain}`,
    );
  });
  for (const ing of ingresses) {
    const redirect = ing.metadata.annotations?.['nginx.ingress.kubernetes.io/ssl-redirect'];
    if (redirect !== undefined)
      findings.push(
        expect(
          `Ingress ${ing.metadata.name}`,
          'nginx.ingress.kubernetes.io/ssl-redirect',
          redirect,
          (v) => v !== 'false',
          'not "false"',
        ),
      );
  }
  if (ingresses.length === 0)
    return fail('no Ingress serves the web app', [evidence('objects', 'Ingress', undefined)]);
  return judge(
    findings,
    `TLS for ${ctx.spec.domain} ends at the Ingress; protocol versions, ciphers and HSTS follow the ingress controller's settings`,
  );
}
