/**
 * Exposure of internal interfaces (EX-01 to EX-07): debug and REST APIs, XMPP ports, federation,
 * ICE candidates, audio export and bridge websockets.
 */
import { LABELS } from '../../resources/labels.ts';
import { evidence, expect, is, judge, type Finding } from '../evidence.ts';
import {
  componentPorts,
  isolatingPolicies,
  openIngressRules,
  type PodPort,
} from '../network-policy.ts';
import { globalOption } from '../readers/lua.ts';
import { viewOf } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation } from '../types.ts';
import { envOff, hoconFinding, isTrue, ownOnly, unreadable, withWeb } from './helpers.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const EXPOSURE_CHECKS: CheckDefinition[] = [
  {
    id: 'EX-01',
    title: 'Videobridge REST and debug APIs closed',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure:
      'The videobridge COLIBRI, debug and shutdown APIs are off, and NetworkPolicy guards its HTTP port.',
    evaluate: (ctx) => {
      const conf = viewOf(ctx).hocon('jvb', 'custom-jvb.conf');
      if (!conf.ok) return unreadable('the videobridge configuration', conf.error);
      const findings = [
        hoconFinding(conf, 'videobridge.apis.rest.enabled', is.notTrue, 'false'),
        hoconFinding(
          conf,
          'videobridge.rest.debug.enabled',
          is.false,
          'false (the bridge default is true)',
        ),
        hoconFinding(conf, 'videobridge.rest.shutdown.enabled', is.notTrue, 'false'),
        ...envOff(ctx, ['COLIBRI_REST_ENABLED', 'SHUTDOWN_REST_ENABLED']),
        ...guardedPort(
          ctx,
          'jvb',
          conf.value.get('videobridge.http-servers.private.host'),
          Number(conf.value.get('videobridge.http-servers.private.port') ?? 8080),
        ),
      ];
      return judge(findings, 'the videobridge APIs are off and its HTTP port is guarded');
    },
  },
  {
    id: 'EX-02',
    title: 'Jicofo debug API closed',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure: 'The Jicofo debug API is off, and NetworkPolicy guards its REST port.',
    evaluate: (ctx) => {
      const conf = viewOf(ctx).hocon('jicofo', 'custom-jicofo.conf');
      if (!conf.ok) return unreadable('the Jicofo configuration', conf.error);
      const findings = [
        hoconFinding(
          conf,
          'jicofo.rest.debug.enabled',
          is.false,
          'false (the Jicofo default is true)',
        ),
        ...guardedPort(
          ctx,
          'jicofo',
          conf.value.get('jicofo.rest.host'),
          Number(conf.value.get('jicofo.rest.port') ?? 8888),
        ),
      ];
      return judge(findings, 'the Jicofo debug API is off and its REST port is guarded');
    },
  },
  {
    id: 'EX-03',
    title: 'Prosody ports reachable only inside the instance',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure:
      'Prosody Services are cluster-internal, offer no federation port, and NetworkPolicy guards them.',
    evaluate: prosodyPorts,
  },
  {
    id: 'EX-04',
    title: 'No XMPP federation',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32, Art. 44',
    measure: 'Server-to-server XMPP is off, so presence and chat cannot leave through federation.',
    evaluate: (ctx) => {
      const lua = viewOf(ctx).lua('prosody', 'privacy.cfg.lua');
      if (!lua.ok) return unreadable('the Prosody configuration', lua.error);
      const disabled = globalOption(lua.value, 'modules_disabled');
      return judge(
        [
          expect(
            lua.file.source,
            'modules_disabled',
            disabled,
            (v) => Array.isArray(v) && v.includes('s2s'),
            'a list containing "s2s"',
          ),
          ...envOff(ctx, ['ENABLE_S2S', 'ENABLE_VISITORS']),
        ],
        'XMPP federation is off',
      );
    },
  },
  {
    id: 'EX-05',
    title: 'No private ICE candidates',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure: 'The videobridge offers clients no pod or node addresses as ICE candidates.',
    evaluate: (ctx) => {
      const view = viewOf(ctx);
      const conf = view.hocon('jvb', 'custom-jvb.conf');
      if (!conf.ok) return unreadable('the videobridge configuration', conf.error);
      const key = 'videobridge.ice.advertise-private-candidates';
      const env = view.envVar('jvb', 'JVB_ADVERTISE_PRIVATE_CANDIDATES');
      const fromEnv = env?.value === undefined ? true : isTrue(env.value);
      const value = conf.value.get(key);
      const findings: Finding[] = [
        hoconFinding(
          conf,
          key,
          (v) => v === false || (v === undefined && !fromEnv),
          'false (the image default is true)',
        ),
      ];
      if (env) findings.push({ evidence: evidence(env.source, env.name, env.value) });
      return judge(
        findings,
        value === false
          ? 'no private ICE candidates'
          : 'private candidates are off through the environment',
      );
    },
  },
  {
    id: 'EX-06',
    title: 'No audio export for transcription or translation',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 44, Art. 5(1)(b)',
    measure:
      'Jicofo names no transcription or translation endpoint that would receive participants’ audio.',
    evaluate: (ctx) => {
      const conf = viewOf(ctx).hocon('jicofo', 'custom-jicofo.conf');
      if (!conf.ok) return unreadable('the Jicofo configuration', conf.error);
      const own = ownOnly(ctx);
      const urlOk = (v: unknown) => v === undefined || own(v);
      const env = viewOf(ctx).envVar('jicofo', 'JICOFO_TRANSLATION_URL_TEMPLATE');
      const findings = [
        hoconFinding(
          conf,
          'jicofo.transcription.url-template',
          urlOk,
          'unset or on the instance domain',
        ),
        hoconFinding(
          conf,
          'jicofo.translation.url-template',
          urlOk,
          'unset or on the instance domain',
        ),
      ];
      if (env)
        findings.push(
          expect(env.source, env.name, env.value, urlOk, 'unset or on the instance domain'),
        );
      return judge(findings, 'no audio leaves for transcription or translation');
    },
  },
  {
    id: 'EX-07',
    title: 'No bridge websockets',
    category: 'EX',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure: 'Bridge channels use SCTP over the media connection; the bridge serves no websockets.',
    evaluate: (ctx) => {
      const conf = viewOf(ctx).hocon('jvb', 'custom-jvb.conf');
      if (!conf.ok) return unreadable('the videobridge configuration', conf.error);
      const websockets = hoconFinding(conf, 'videobridge.websockets.enabled', is.notTrue, 'false');
      return withWeb(ctx, (w) =>
        judge(
          [websockets, w.config('bridgeChannel.preferSctp', (v) => v !== false, 'true or unset')],
          'the bridge channel uses SCTP and no websockets',
        ),
      );
    },
  },
];

/**
 * Checks that a component's HTTP port is guarded. It is when it listens on loopback only, or when an ingress
 * NetworkPolicy selects the pods and no rule opens the port to every address or namespace.
 */
function guardedPort(
  ctx: ComplianceContext,
  component: string,
  host: unknown,
  port: number,
): Finding[] {
  const ev = evidence(`${component} pods`, `ingress to port ${port}`, undefined);
  if (typeof host === 'string' && LOOPBACK.has(host)) return [];
  const policies = isolatingPolicies(ctx, component, 'Ingress');
  if (policies.length === 0) {
    return [
      {
        evidence: ev,
        problem: `the ${component} HTTP port ${port} listens on ${typeof host === 'string' ? host : 'all addresses'} and no NetworkPolicy limits ingress to it`,
      },
    ];
  }
  const podPort = componentPorts(ctx, component).find((p) => p.port === port) ?? {
    port,
    protocol: 'TCP',
  };
  const open = openIngressRules(ctx, component, podPort);
  const names = policies.map((p) => p.metadata.name).join(', ');
  const guarded = evidence(
    `NetworkPolicy ${names}`,
    `ingress to ${component} port ${port}`,
    open.length === 0 ? 'limited' : open.join('; '),
  );
  return open.length === 0
    ? [{ evidence: guarded }]
    : [
        {
          evidence: guarded,
          problem: `${open.join('; ')} opens ${component} port ${port} to everyone`,
        },
      ];
}

function prosodyPorts(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const services = view
    .objectsOfKind('Service')
    .filter((s) => s.metadata.labels?.[LABELS.component] === 'prosody');
  const findings: Finding[] = services.flatMap((s) => {
    const spec = (s['spec'] ?? {}) as { type?: string; ports?: { port: number }[] };
    const source = `Service ${s.metadata.name}`;
    return [
      expect(source, 'spec.type', spec.type ?? 'ClusterIP', (v) => v === 'ClusterIP', 'ClusterIP'),
      expect(
        source,
        'spec.ports',
        (spec.ports ?? []).map((p) => p.port),
        (v) => !(v as number[]).includes(5269),
        'no 5269 (server-to-server)',
      ),
    ];
  });
  findings.push(...envOff(ctx, ['PROSODY_ENABLE_METRICS']));
  const policies = isolatingPolicies(ctx, 'prosody', 'Ingress');
  if (policies.length === 0) {
    findings.push({
      evidence: evidence('prosody pods', 'NetworkPolicy (Ingress)', undefined),
      problem: 'no NetworkPolicy limits ingress to the Prosody pods',
    });
  } else {
    const ports: PodPort[] = componentPorts(ctx, 'prosody');
    for (const port of ports) {
      const open = openIngressRules(ctx, 'prosody', port);
      const ev = evidence(
        `NetworkPolicy ${policies.map((p) => p.metadata.name).join(', ')}`,
        `ingress to prosody port ${port.port}`,
        open.length === 0 ? 'limited' : open.join('; '),
      );
      findings.push(
        open.length === 0
          ? { evidence: ev }
          : {
              evidence: ev,
              problem: `${open.join('; ')} opens Prosody port ${port.port} to everyone`,
            },
      );
    }
  }
  return judge(
    findings,
    'Prosody is reachable only through cluster-internal Services guarded by NetworkPolicy',
  );
}
