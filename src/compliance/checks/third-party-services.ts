/**
 * Third-party services and the controls around them (TP-12 to TP-21): cloud integrations,
 * branding and JaaS endpoints, the Content-Security-Policy, egress NetworkPolicies and error
 * reporting.
 */
import { COMPONENTS } from '../../api/types.ts';
import { evidence, expect, fail, is, judge, type Finding } from '../evidence.ts';
import { scanHosts } from '../host-scan.ts';
import { describeRules, isolatingPolicies, unrestrictedEgressRules } from '../network-policy.ts';
import { globalOption } from '../readers/lua.ts';
import { viewOf } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation } from '../types.ts';
import { envOff, ownOnly, unreadable, withWeb } from './helpers.ts';
import { judgeCsp } from './csp.ts';

/** Domains of the JaaS (8x8) service and of Jitsi's own infrastructure. */
const JAAS_DOMAINS = ['8x8.vc', 'jitsi.net', 'jit.si'];

export const THIRD_PARTY_SERVICE_CHECKS: CheckDefinition[] = [
  {
    id: 'TP-12',
    title: 'No cloud storage, calendar or identity integrations',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44',
    measure: 'No Dropbox, Google or Microsoft integration is configured.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('dropbox.appKey', is.absent, 'unset'),
            w.config('enableCalendarIntegration', is.notTrue, 'false'),
            w.config('googleApiApplicationClientID', is.absent, 'unset'),
            w.config('microsoftApiApplicationClientID', is.absent, 'unset'),
          ],
          'no cloud integrations',
        ),
      ),
  },
  {
    id: 'TP-13',
    title: 'Giphy is off',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44',
    measure: 'GIF search at Giphy is off.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('giphy.enabled', is.notTrue, 'false'),
            w.config('giphy.sdkKey', is.absent, 'unset'),
          ],
          'Giphy is off',
        ),
      ),
  },
  {
    id: 'TP-14',
    title: 'Help, legal and watermark links stay on the instance',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'transparency',
    basis: 'Art. 12, Art. 13',
    measure:
      'Help, privacy, terms and watermark links point to the instance domain, not to jitsi.org.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const own = ownOnly(ctx);
        const setAndOwn = (v: unknown) => typeof v === 'string' && own(v);
        const want = 'a URL on the instance domain (unset means a jitsi.org page)';
        const findings = [
          ...['helpCentre', 'privacy', 'terms'].map((k) =>
            w.config(`legalUrls.${k}`, setAndOwn, want),
          ),
          w.interface('SUPPORT_URL', setAndOwn, want),
          w.interface('JITSI_WATERMARK_LINK', (v) => v === '' || setAndOwn(v), want),
          w.interface('LIVE_STREAMING_HELP_LINK', (v) => v === '' || setAndOwn(v), want),
          w.interface('BRAND_WATERMARK_LINK', own, 'empty or a URL on the instance domain'),
        ];
        if (w.get('deploymentUrls') !== undefined) {
          findings.push(w.config('deploymentUrls', own, 'only URLs on the instance domain'));
        }
        return judge(findings, 'every help, legal and watermark link points to the instance');
      }),
  },
  {
    id: 'TP-15',
    title: 'No dynamic branding from elsewhere',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44, Art. 25(2)',
    measure: 'No branding data is fetched from another origin.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [w.ownUrl('dynamicBrandingUrl'), w.ownUrl('brandingDataUrl')],
          'no external branding',
        ),
      ),
  },
  {
    id: 'TP-16',
    title: 'No JaaS (8x8) coupling',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44, Art. 28',
    measure:
      'No JaaS components, dial-in or dial-out services, and no 8x8 or jitsi.net host in any file.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const findings: Finding[] = [
          ...envOff(ctx, ['ENABLE_JAAS_COMPONENTS', 'JAAS_APP_ID']),
          ...[
            'dialInNumbersUrl',
            'dialInConfCodeUrl',
            'dialOutAuthUrl',
            'dialOutCodesUrl',
            'jaasActuatorUrl',
            'jaasFeedbackMetadataURL',
          ].map((k) => w.ownUrl(k)),
        ];
        const prosody = viewOf(ctx).lua('prosody', 'privacy.cfg.lua');
        if (prosody.ok) {
          const keyServer = globalOption(prosody.value, 'asap_key_server');
          findings.push(
            expect(
              prosody.file.source,
              'asap_key_server',
              keyServer,
              ownOnly(ctx),
              'unset or on the instance domain',
            ),
          );
        }
        for (const f of scanHosts(ctx).findings) {
          if (!JAAS_DOMAINS.some((d) => f.host === d || f.host.endsWith(`.${d}`))) continue;
          findings.push({
            evidence: evidence(f.source, f.key, f.host),
            problem: `${f.key} in ${f.source} names ${f.host}`,
          });
        }
        return judge(findings, 'no JaaS components and no 8x8 or jitsi.net host');
      }),
  },
  {
    id: 'TP-17',
    title: 'No external whiteboard backend',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44',
    measure: 'The whiteboard, which needs a collaboration backend, is off.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const on = w.get('whiteboard.enabled') === true;
        const url = w.get('whiteboard.collabServerBaseUrl');
        return judge(
          [
            w.config(
              'whiteboard.enabled',
              (v) => v !== true || (typeof url === 'string' && url !== ''),
              'false, or a backend on the instance domain',
            ),
            w.ownUrl('whiteboard.collabServerBaseUrl'),
          ],
          on ? 'the whiteboard uses a backend on the instance domain' : 'the whiteboard is off',
        );
      }),
  },
  {
    id: 'TP-18',
    title: 'No browser extension banner',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'unlinkability',
    basis: 'Art. 25(2)',
    measure: 'No banner sends visitors to browser extension stores.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('chromeExtensionBanner', is.absent, 'unset'),
            w.interface('SHOW_CHROME_EXTENSION_BANNER', is.notTrue, 'false'),
          ],
          'no extension banner',
        ),
      ),
  },
  {
    id: 'TP-19',
    title: 'Content-Security-Policy limits browsers to the instance',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 25, Art. 32',
    measure:
      'A Content-Security-Policy header lets browsers load and connect only to the instance origin.',
    evaluate: (ctx) => {
      const parsed = viewOf(ctx).nginx('web', 'custom-meet.conf');
      if (!parsed.ok) return unreadable('the web server snippet', parsed.error);
      const headers = parsed.value.filter(
        (d) => d.name === 'add_header' && d.args[0]?.toLowerCase() === 'content-security-policy',
      );
      const header = headers[headers.length - 1];
      if (header === undefined) {
        return fail('no Content-Security-Policy header', [
          evidence(parsed.file.source, 'add_header Content-Security-Policy', undefined),
        ]);
      }
      return judgeCsp(
        ctx,
        header.args[1] ?? '',
        evidence(parsed.file.source, 'add_header Content-Security-Policy', header.args[1]),
      );
    },
  },
  {
    id: 'TP-20',
    title: 'Egress of every Jitsi pod is limited by NetworkPolicy',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32, Art. 44; EDPB Recommendations 01/2020 (know your transfers)',
    measure: 'NetworkPolicies deny egress of every Jitsi pod except to the destinations it needs.',
    evaluate: egressPolicies,
  },
  {
    id: 'TP-21',
    title: 'No error reporting to Sentry',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44, Art. 5(1)(c)',
    measure: 'The Java components send no error events to Sentry.',
    evaluate: (ctx) => {
      const findings = envOff(ctx, [
        'JVB_SENTRY_DSN',
        'JICOFO_SENTRY_DSN',
        'JIGASI_SENTRY_DSN',
        'SENTRY_DSN',
      ]);
      for (const component of ['jvb', 'jicofo']) {
        const props = viewOf(ctx).properties(component, 'logging.properties');
        if (!props.ok) continue;
        const handlers = props.value.get('handlers');
        const level = props.value.get('io.sentry.jul.SentryHandler.level');
        findings.push(
          expect(
            props.file.source,
            'handlers',
            handlers,
            (v) => typeof v !== 'string' || !/sentry/i.test(v) || level === 'OFF',
            'no SentryHandler, or its level OFF',
          ),
        );
      }
      return judge(findings, 'no Sentry DSN and no Sentry log handler');
    },
  },
];

function egressPolicies(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const present = COMPONENTS.filter((c) => view.workloads.some((w) => w.component === c));
  const findings: Finding[] = [];
  for (const component of present) {
    const policies = isolatingPolicies(ctx, component, 'Egress');
    if (policies.length === 0) {
      findings.push({
        evidence: evidence(`${component} pods`, 'NetworkPolicy (Egress)', undefined),
        problem: `no NetworkPolicy limits egress of the ${component} pods`,
      });
      continue;
    }
    for (const policy of policies) {
      const open = unrestrictedEgressRules(policy);
      const ev = evidence(
        `NetworkPolicy ${policy.metadata.name}`,
        `${component} egress`,
        describeRules(policy, 'Egress').join('; '),
      );
      findings.push(
        open.length > 0
          ? {
              evidence: ev,
              problem: `NetworkPolicy ${policy.metadata.name} allows ${open.join('; ')}`,
            }
          : { evidence: ev },
      );
    }
  }
  if (present.length === 0) return fail('no Jitsi workloads found');
  return judge(findings, `egress of ${present.join(', ')} is limited by NetworkPolicy`);
}
