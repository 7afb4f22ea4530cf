/**
 * Third-party requests made by participants' browsers (TP-01, TP-03 to TP-11): settings of the
 * web app that would make every browser contact a server outside the deployment.
 */
import { evidence, fail, is, judge, pass } from '../evidence.ts';
import { viewOf } from '../view.ts';
import type { CheckDefinition } from '../types.ts';
import { foreignIn, hoconFinding, isTrue, unreadable, withWeb } from './helpers.ts';

/** The STUN server lib-jitsi-meet falls back to when `p2p.stunServers` is unset. */
const FALLBACK_STUN = 'stun:meet-jit-si-turnrelay.jitsi.net:443';
/** The STUN server the docker-jitsi-meet JVB template uses unless JVB_STUN_SERVERS is set. */
const JVB_DEFAULT_STUN = 'meet-jit-si-turnrelay.jitsi.net:443';

export const THIRD_PARTY_CLIENT_CHECKS: CheckDefinition[] = [
  {
    id: 'TP-01',
    title: 'Browser peer-to-peer STUN stays inside the deployment',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44, Art. 5(1)(c), Art. 25(2)',
    measure: 'Peer-to-peer is off, so browsers send their address to no external STUN server.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const enabled = w.config('p2p.enabled', is.false, 'false');
        const servers = w.get('p2p.stunServers');
        const serversEvidence = evidence(w.source, 'config.p2p.stunServers', servers);
        if (w.get('p2p.enabled') === false) {
          return pass('peer-to-peer is off', [enabled.evidence, serversEvidence]);
        }
        if (servers === undefined) {
          return fail(
            `peer-to-peer is on and p2p.stunServers is unset, so browsers fall back to ${FALLBACK_STUN}`,
            [enabled.evidence, serversEvidence],
          );
        }
        const foreign = foreignIn(ctx, servers);
        if (foreign.length > 0) {
          return fail(`peer-to-peer STUN uses ${foreign.join(', ')}`, [
            enabled.evidence,
            serversEvidence,
          ]);
        }
        return pass('peer-to-peer uses only STUN servers of the instance', [
          enabled.evidence,
          serversEvidence,
        ]);
      }),
  },
  {
    id: 'TP-02',
    title: 'Videobridge address discovery uses no external STUN server',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32, Art. 44',
    measure:
      'The videobridge discovers its public address without any external STUN or metadata service.',
    evaluate: (ctx) => {
      const view = viewOf(ctx);
      const parsed = view.hocon('jvb', 'custom-jvb.conf');
      if (!parsed.ok) return unreadable('the videobridge configuration', parsed.error);
      const enabled = parsed.value.get('ice4j.harvest.mapping.stun.enabled');
      const addresses = parsed.value.get('ice4j.harvest.mapping.stun.addresses');
      const disableEnv = view.envVar('jvb', 'JVB_DISABLE_STUN');
      const serversEnv = view.envVar('jvb', 'JVB_STUN_SERVERS');
      const source = parsed.file.source;
      const aws = hoconFinding(
        parsed,
        'ice4j.harvest.mapping.aws.enabled',
        is.notTrue,
        'false or unset',
      );
      const all = [
        evidence(source, 'ice4j.harvest.mapping.stun.enabled', enabled),
        evidence(source, 'ice4j.harvest.mapping.stun.addresses', addresses),
        aws.evidence,
        ...[disableEnv, serversEnv].flatMap((e) =>
          e ? [evidence(e.source, e.name, e.value)] : [],
        ),
      ];
      if (aws.problem)
        return fail(`${aws.problem}: ice4j would query the cloud metadata service`, all);
      const disabled = enabled === false || (enabled === undefined && isTrue(disableEnv?.value));
      if (disabled) return pass('STUN mapping harvesting is off', all);
      const servers =
        addresses ?? (serversEnv?.value === undefined ? JVB_DEFAULT_STUN : serversEnv.value);
      const foreign = foreignIn(ctx, servers);
      if (foreign.length > 0)
        return fail(`the videobridge asks ${foreign.join(', ')} for its address`, all);
      return pass('the videobridge uses only STUN servers of the instance', all);
    },
  },
  {
    id: 'TP-03',
    title: 'Web app makes no third-party requests',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 25(2)',
    measure:
      'The web app is told to contact no server other than its own (disableThirdPartyRequests).',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [w.config('disableThirdPartyRequests', is.true, 'true')],
          'third-party requests are off',
        ),
      ),
  },
  {
    id: 'TP-04',
    title: 'No Gravatar avatar lookups',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'unlinkability',
    basis: 'Art. 44, Art. 5(1)(c)',
    measure:
      'Avatar lookups at Gravatar are off, so no hash of an e-mail address leaves the browser.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const disabled = w.get('gravatar.disabled') === true;
        const base = w.get('gravatar.baseUrl');
        return judge(
          [
            w.config(
              'gravatar.disabled',
              () => disabled || (typeof base === 'string' && foreignIn(ctx, base).length === 0),
              'true, or gravatar.baseUrl on the instance domain',
            ),
            w.ownUrl('gravatar.baseUrl'),
            w.ownUrl('gravatarBaseURL'),
          ],
          disabled ? 'Gravatar lookups are off' : 'avatars come from the instance itself',
        );
      }),
  },
  {
    id: 'TP-05',
    title: 'No analytics handlers',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'unlinkability',
    basis: 'Art. 6, Art. 5(1)(b)(c), §25 TDDDG',
    measure: 'Analytics are off and carry no tracking ids or script URLs.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('analytics.disabled', is.true, 'true'),
            w.config('analytics.amplitudeAPPKey', is.absent, 'unset'),
            w.config('analytics.googleAnalyticsTrackingId', is.absent, 'unset'),
            w.config('analytics.matomoEndpoint', is.absent, 'unset'),
            w.config('analytics.matomoSiteID', is.absent, 'unset'),
            w.config(
              'analytics.scriptURLs',
              (v) => is.absent(v) || is.emptyList(v),
              'unset or empty',
            ),
          ],
          'analytics are off and name no tracker',
        ),
      ),
  },
  {
    id: 'TP-06',
    title: 'No rtcstats telemetry to an outside endpoint',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)(e), Art. 44',
    measure:
      'rtcstats telemetry is off (or, if on, stays on the instance domain without SDP or room names).',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const on = w.get('analytics.rtcstatsEnabled') === true;
        const state = w.config('analytics.rtcstatsEnabled', () => true, '');
        if (!on) return pass('rtcstats is off (jitsi-meet default when unset)', [state.evidence]);
        return judge(
          [
            state,
            w.config(
              'analytics.rtcstatsEndpoint',
              (v) => typeof v === 'string' && foreignIn(ctx, v).length === 0,
              'a URL on the instance domain',
            ),
            w.config('analytics.rtcstatsSendSdp', is.notTrue, 'false (SDP carries IP addresses)'),
            w.config('analytics.rtcstatsStoreLogs', is.notTrue, 'false'),
            w.config('analytics.obfuscateRoomName', is.true, 'true'),
          ],
          'rtcstats is on, with an own endpoint, no SDP and obfuscated room names',
        );
      }),
  },
  {
    id: 'TP-07',
    title: 'No identity data in statistics or feedback',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'Statistics carry no display name or e-mail, and the app asks for no feedback.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('enableDisplayNameInStats', is.notTrue, 'false'),
            w.config('enableEmailInStats', is.notTrue, 'false'),
            w.config('feedbackPercentage', is.zero, '0'),
            w.withoutButton('feedback'),
          ],
          'no identity data in statistics and no feedback requests',
        ),
      ),
  },
  {
    id: 'TP-08',
    title: 'No callstats keys',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44',
    measure: 'No callstats credentials or script are configured.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('callStatsID', is.absent, 'unset'),
            w.config('callStatsSecret', is.absent, 'unset'),
            w.config('callStatsCustomScriptUrl', is.absent, 'unset'),
          ],
          'no callstats keys',
        ),
      ),
  },
  {
    id: 'TP-09',
    title: 'No app-store deep links or app promotion',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'unlinkability',
    basis: 'Art. 25(2)',
    measure: 'Mobile visitors are not sent to app stores or Firebase dynamic links.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const off = w.get('deeplinking.disabled') === true || w.get('disableDeepLinking') === true;
        const emptyOrOwn = (v: unknown) =>
          v === '' || (typeof v === 'string' && foreignIn(ctx, v).length === 0);
        return judge(
          [
            w.config(
              'deeplinking.disabled',
              () => off,
              'true (or the legacy disableDeepLinking true)',
            ),
            w.interface('MOBILE_APP_PROMO', is.false, 'false'),
            w.interface('MOBILE_DYNAMIC_LINK', is.absent, 'unset'),
            ...['ANDROID', 'IOS', 'F_DROID'].map((os) =>
              w.interface(
                `MOBILE_DOWNLOAD_LINK_${os}`,
                emptyOrOwn,
                'empty or on the instance domain (unset means the store link)',
              ),
            ),
          ],
          'no deep links, app promotion or store links',
        );
      }),
  },
  {
    id: 'TP-10',
    title: 'No shared video from external sites',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44',
    measure: 'The shared-video button is removed and no external video domain is allowed.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.withoutButton('sharedvideo'),
            w.config(
              'sharedVideoAllowedURLDomains',
              (v) =>
                v === undefined ||
                (Array.isArray(v) && !v.includes('*') && v.every((d) => d === ctx.spec.domain)),
              'unset or an empty list (never "*")',
            ),
          ],
          'shared video is not offered',
        ),
      ),
  },
  {
    id: 'TP-11',
    title: 'Live streaming is off',
    category: 'TP',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44, Art. 5(1)(b)',
    measure: 'Live streaming to external RTMP services is off and its button removed.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            w.config('liveStreaming.enabled', is.notTrue, 'false'),
            w.withoutButton('livestreaming'),
          ],
          'live streaming is off',
        ),
      ),
  },
];
