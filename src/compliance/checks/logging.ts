/**
 * Server-side logging (LG-01 to LG-08): what the components write about participants, and who
 * keeps the logs. Log lines go to stdout, so retention belongs to the cluster's log pipeline.
 */
import {
  evidence,
  expect,
  fail,
  is,
  judge,
  notApplicable,
  pass,
  type Finding,
} from '../evidence.ts';
import { viewOf, containersOf } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation } from '../types.ts';
import { hoconFinding, isTrue, unreadable } from './helpers.ts';
import { javaLogLevels, prosodyLogLevel } from './log-levels.ts';

const QUIET_NGINX_LEVELS = new Set(['warn', 'error', 'crit', 'alert', 'emerg']);

export const LOGGING_CHECKS: CheckDefinition[] = [
  {
    id: 'LG-01',
    title: 'Web server writes no access log',
    category: 'LG',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)(e)',
    measure:
      'The web server writes no access log (request lines carry room names and client addresses).',
    evaluate: (ctx) => {
      const parsed = viewOf(ctx).nginx('web', 'custom-meet.conf');
      if (!parsed.ok) return unreadable('the web server snippet', parsed.error);
      const source = parsed.file.source;
      const accessLogs = parsed.value.filter((d) => d.name === 'access_log');
      const serverLevel = accessLogs.filter((d) => d.blocks.length === 0);
      const errorLog = parsed.value
        .filter((d) => d.name === 'error_log' && d.blocks.length === 0)
        .pop();
      const findings: Finding[] = [
        expect(
          source,
          'access_log',
          serverLevel.map((d) => d.args.join(' ')).join('; ') || undefined,
          () => serverLevel.some((d) => d.args[0] === 'off'),
          'off',
        ),
        ...accessLogs
          .filter((d) => d.blocks.length > 0 && d.args[0] !== 'off')
          .map((d) =>
            expect(
              source,
              [...d.blocks, 'access_log'].join(' > '),
              d.args.join(' '),
              () => false,
              'off',
            ),
          ),
      ];
      if (errorLog !== undefined) {
        findings.push(
          expect(
            source,
            'error_log',
            errorLog.args.join(' '),
            () => QUIET_NGINX_LEVELS.has(errorLog.args[1] ?? 'error'),
            'level warn or higher',
          ),
        );
      }
      return judge(findings, 'the web server writes no access log');
    },
  },
  {
    id: 'LG-02',
    title: 'Ingress controller access log',
    category: 'LG',
    enforceable: false,
    owner: 'platform',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)(e)',
    measure: 'The ingress controller logs no client addresses and request paths for this host.',
    evaluate: () =>
      notApplicable(
        'the ingress controller is shared and outside the instance; the platform team must switch its access log off or drop addresses and paths (ingress-nginx: disable-access-log)',
      ),
  },
  {
    id: 'LG-03',
    title: 'Prosody logs at warn',
    category: 'LG',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'Prosody logs warnings and errors only, no sign-ins, sessions or stanzas.',
    evaluate: prosodyLogLevel,
  },
  {
    id: 'LG-04',
    title: 'Videobridge logs at WARNING and redacts addresses',
    category: 'LG',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'The videobridge logs warnings only and redacts client addresses.',
    evaluate: (ctx) => {
      const conf = viewOf(ctx).hocon('jvb', 'custom-jvb.conf');
      if (!conf.ok) return unreadable('the videobridge configuration', conf.error);
      const logging = javaLogLevels(ctx, 'jvb');
      const redact = [
        hoconFinding(conf, 'videobridge.redact-remote-addresses', is.true, 'true'),
        hoconFinding(conf, 'ice4j.redact-remote-addresses', is.true, 'true'),
      ];
      const redactResult = judge(redact, '');
      if (logging.result === 'fail' || redactResult.result === 'fail') {
        const messages = [logging, redactResult]
          .filter((r) => r.result === 'fail')
          .map((r) => r.message);
        return fail(messages.join('; '), [...logging.evidence, ...redactResult.evidence]);
      }
      return pass('the videobridge logs at WARNING and redacts client addresses', [
        ...logging.evidence,
        ...redactResult.evidence,
      ]);
    },
  },
  {
    id: 'LG-05',
    title: 'Jicofo logs at WARNING',
    category: 'LG',
    enforceable: true,
    owner: 'operator',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'Jicofo logs warnings only, without XMPP packet logging.',
    evaluate: (ctx) => {
      const result = javaLogLevels(ctx, 'jicofo');
      return result.result === 'pass'
        ? pass('Jicofo logs at WARNING without packet logging', result.evidence)
        : result;
    },
  },
  {
    id: 'LG-06',
    title: 'Log retention in the cluster log pipeline',
    category: 'LG',
    enforceable: false,
    owner: 'platform',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(e), Art. 30(1)(f)',
    measure: 'The cluster log pipeline deletes this namespace’s logs after the retention period.',
    evaluate: (ctx) =>
      notApplicable(
        `the components log to stdout; the cluster log pipeline must delete logs of namespace ${ctx.instance.namespace} after ${ctx.spec.retention.logs.maxAgeDays} days (spec.retention.logs.maxAgeDays)`,
        [
          evidence(
            'GdprJitsiMeet spec',
            'retention.logs.maxAgeDays',
            ctx.spec.retention.logs.maxAgeDays,
          ),
        ],
      ),
  },
  {
    id: 'LG-07',
    title: 'TURN server logs',
    category: 'LG',
    enforceable: false,
    owner: 'platform',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'A TURN server, where used, logs no sessions or peer addresses.',
    evaluate: (ctx) =>
      componentAbsent(
        ctx,
        'coturn',
        'TURN server',
        'whoever runs the TURN server must keep verbose and binding logs off',
      ),
  },
  {
    id: 'LG-08',
    title: 'Etherpad IP logging',
    category: 'LG',
    enforceable: false,
    owner: 'platform',
    goal: 'dataMinimisation',
    basis: 'Art. 5(1)(c)',
    measure: 'Etherpad, where used, logs no IP addresses.',
    evaluate: (ctx) => {
      const pad = imageWorkload(ctx, 'etherpad');
      if (pad === undefined)
        return componentAbsent(
          ctx,
          'etherpad',
          'Etherpad',
          'whoever runs Etherpad must set DISABLE_IP_LOGGING',
        );
      const env = viewOf(ctx)
        .allEnv()
        .find((e) => e.name === 'DISABLE_IP_LOGGING' && e.source.includes(pad));
      return judge(
        [
          expect(
            env?.source ?? pad,
            'DISABLE_IP_LOGGING',
            env?.value,
            (v) => isTrue(v as string | undefined),
            'true',
          ),
        ],
        'Etherpad logs no IP addresses',
      );
    },
  },
];

/** Name of the first workload whose image contains `needle`. */
function imageWorkload(ctx: ComplianceContext, needle: string): string | undefined {
  const workload = viewOf(ctx).workloads.find((w) =>
    containersOf(w.podSpec, true).some((c) => (c.image ?? '').includes(needle)),
  );
  return workload === undefined ? undefined : `${workload.kind} ${workload.name}`;
}

function componentAbsent(
  ctx: ComplianceContext,
  needle: string,
  what: string,
  who: string,
): Evaluation {
  const workload = imageWorkload(ctx, needle);
  if (workload !== undefined)
    return fail(`${workload} runs a ${what}, which this check cannot verify yet`);
  return notApplicable(`the operator deploys no ${what}; ${who}`);
}
