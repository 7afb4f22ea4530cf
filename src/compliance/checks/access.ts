/**
 * Access control (AC-01 to AC-07): who may create and enter rooms, what moderators can do, and
 * where service credentials come from.
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
import { isSecretName, shownValue, viewOf } from '../view.ts';
import type { CheckDefinition, ComplianceContext, Evaluation } from '../types.ts';
import { envEvidence, envOff, envSource, hoconFinding, isTrue, withWeb } from './helpers.ts';

/** Variables that carry service credentials in the docker-jitsi-meet images. */
const REQUIRED_SECRETS: Record<string, readonly string[]> = {
  prosody: ['JICOFO_AUTH_PASSWORD', 'JVB_AUTH_PASSWORD'],
  jicofo: ['JICOFO_AUTH_PASSWORD'],
  jvb: ['JVB_AUTH_PASSWORD'],
};

export const ACCESS_CHECKS: CheckDefinition[] = [
  {
    id: 'AC-01',
    title: 'Only authenticated hosts create rooms',
    category: 'AC',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32; DSK guidance on video conferencing §4.2',
    measure: 'Rooms are created by authenticated hosts only; guests may join.',
    evaluate: authenticatedHosts,
  },
  {
    id: 'AC-02',
    title: 'Lobby available',
    category: 'AC',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32; DSK guidance on video conferencing §4.2.4',
    measure: 'Moderators can turn on a lobby and set a room password.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) =>
        judge(
          [
            expect(
              ...envSource(ctx, 'prosody', 'ENABLE_LOBBY'),
              (v) => v === undefined || isTrue(v as string),
              '1 (the image default)',
            ),
            w.config('securityUi.hideLobbyButton', is.notTrue, 'false'),
          ],
          'the lobby is available and its button shown',
        ),
      ),
  },
  {
    id: 'AC-03',
    title: 'Moderators can remove and mute participants',
    category: 'AC',
    enforceable: true,
    owner: 'operator',
    goal: 'intervenability',
    basis: 'Art. 32; DSK guidance on video conferencing §4.4',
    measure: 'Moderators can remove participants, mute them and end the meeting.',
    evaluate: (ctx) =>
      withWeb(ctx, (w) => {
        const notOff = (v: unknown) => v === undefined || isTrue(v as string);
        return judge(
          [
            w.config('remoteVideoMenu.disableKick', is.notTrue, 'false'),
            ...envOff(ctx, ['DISABLE_KICKOUT']),
            expect(
              ...envSource(ctx, 'prosody', 'ENABLE_END_CONFERENCE'),
              notOff,
              '1 (the image default)',
            ),
            expect(
              ...envSource(ctx, 'prosody', 'ENABLE_AV_MODERATION'),
              notOff,
              '1 (the image default)',
            ),
          ],
          'moderators can remove and mute participants',
        );
      }),
  },
  {
    id: 'AC-04',
    title: 'Token authentication hygiene',
    category: 'AC',
    enforceable: false,
    owner: 'controller',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure:
      'Tokens are required, signed with a secret from a Secret, and checked for issuer and audience.',
    evaluate: (ctx) => {
      const view = viewOf(ctx);
      const jwt =
        isTrue(view.envVar('prosody', 'ENABLE_AUTH')?.value) &&
        view.envVar('prosody', 'AUTH_TYPE')?.value === 'jwt';
      if (!jwt)
        return notApplicable(
          'no token authentication is configured',
          envEvidence(ctx, 'prosody', ['AUTH_TYPE']),
        );
      const secret = view.envVar('prosody', 'JWT_APP_SECRET');
      return judge(
        [
          ...envOff(ctx, ['JWT_ALLOW_EMPTY']),
          expect(
            secret?.source ?? 'prosody env',
            'JWT_APP_SECRET',
            secret === undefined ? undefined : shownValue(secret),
            () => secret?.from?.startsWith('Secret ') === true,
            'a reference to a Secret',
          ),
        ],
        'tokens are required and signed with a secret from a Secret',
      );
    },
  },
  {
    id: 'AC-05',
    title: 'Short-lived TURN credentials',
    category: 'AC',
    enforceable: false,
    owner: 'platform',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure:
      'A TURN server, where used, takes short-lived credentials derived from a shared secret.',
    evaluate: turnCredentials,
  },
  {
    id: 'AC-06',
    title: 'Rate limiting',
    category: 'AC',
    enforceable: false,
    owner: 'platform',
    goal: 'availability',
    basis: 'Art. 32(1)(b)',
    measure: 'Connection and request rates are limited in front of the instance.',
    evaluate: (ctx) => {
      const ev = envEvidence(ctx, 'prosody', ['PROSODY_ENABLE_RATE_LIMITS']);
      if (isTrue(viewOf(ctx).envVar('prosody', 'PROSODY_ENABLE_RATE_LIMITS')?.value))
        return pass('Prosody rate limits are on', ev);
      return notApplicable(
        'Prosody rate limits key on the client address, which is the web pod for every participant; the platform must limit rates at the ingress controller',
        ev,
      );
    },
  },
  {
    id: 'AC-07',
    title: 'Service passwords come from a Secret',
    category: 'AC',
    enforceable: true,
    owner: 'operator',
    goal: 'confidentiality',
    basis: 'Art. 32',
    measure:
      'Every service password and secret is read from a Kubernetes Secret, never written into a pod template.',
    evaluate: secretsFromSecrets,
  },
];

/** Prosody `AUTH_TYPE` values that need a sign-in (docker-jitsi-meet `jitsi-meet.cfg.lua`). */
const SIGN_IN_TYPES = ['internal', 'jwt', 'ldap', 'matrix', 'hybrid_matrix_token'];

/**
 * AC-01: Prosody's user domain needs a sign-in, and Jicofo starts a conference only for a
 * signed-in participant. Both are needed: with Prosody alone, a guest on the anonymous guest
 * domain could still create a room, because Jicofo would not ask who starts it.
 */
function authenticatedHosts(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const prosodyAuth = view.envVar('prosody', 'ENABLE_AUTH')?.value;
  const prosodyType = view.envVar('prosody', 'AUTH_TYPE')?.value;
  const findings: Finding[] = [
    expect(
      ...envSource(ctx, 'prosody', 'ENABLE_AUTH'),
      () => isTrue(prosodyAuth),
      '1, so the XMPP domain needs a sign-in',
    ),
    expect(
      ...envSource(ctx, 'prosody', 'AUTH_TYPE'),
      () => !isTrue(prosodyAuth) || SIGN_IN_TYPES.includes(prosodyType ?? 'internal'),
      `one of ${SIGN_IN_TYPES.join(', ')} (unset means internal)`,
    ),
    jicofoAuthentication(ctx),
  ];
  const guests = envEvidence(ctx, 'prosody', ['ENABLE_GUESTS']);
  const problems = findings.flatMap((f) => (f.problem === undefined ? [] : [f.problem]));
  const ev = [...findings.map((f) => f.evidence), ...guests];
  if (problems.length > 0) {
    return fail(
      `anyone who reaches https://${ctx.spec.domain} can create rooms: ${problems.join('; ')}`,
      ev,
    );
  }
  const guestsAllowed = isTrue(view.envVar('prosody', 'ENABLE_GUESTS')?.value);
  return pass(
    `only hosts who sign in (${prosodyType ?? 'internal'}) create rooms; ` +
      (guestsAllowed ? 'guests may join rooms a host opened' : 'every participant signs in'),
    ev,
  );
}

/**
 * Judges whether Jicofo checks who starts a conference: `jicofo.authentication.enabled` in the
 * operator's HOCON file wins, else the image's template follows `JICOFO_ENABLE_AUTH`, which
 * defaults to `ENABLE_AUTH` (docker-jitsi-meet `jicofo/rootfs/defaults/jicofo.conf`).
 */
function jicofoAuthentication(ctx: ComplianceContext): Finding {
  const view = viewOf(ctx);
  const conf = view.hocon('jicofo', 'custom-jicofo.conf');
  const pinned = conf.ok ? conf.value.get('jicofo.authentication.enabled') : undefined;
  if (conf.ok && pinned !== undefined) {
    return hoconFinding(conf, 'jicofo.authentication.enabled', is.true, 'true');
  }
  const name = view.envVar('jicofo', 'JICOFO_ENABLE_AUTH') ? 'JICOFO_ENABLE_AUTH' : 'ENABLE_AUTH';
  const variable = view.envVar('jicofo', name);
  return expect(
    ...envSource(ctx, 'jicofo', name),
    () => isTrue(variable?.value),
    '1, so Jicofo starts conferences only for signed-in hosts',
  );
}

function turnCredentials(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const names = [
    'TURN_HOST',
    'TURNS_HOST',
    'TURN_CREDENTIALS',
    'TURN_USERNAME',
    'TURN_PASSWORD',
    'TURN_TTL',
  ];
  const env = view.allEnv().filter((e) => names.includes(e.name));
  if (!env.some((e) => e.name === 'TURN_HOST' || e.name === 'TURNS_HOST')) {
    return notApplicable(
      'no TURN server is configured; whoever adds one must use short-lived shared-secret credentials and deny cluster-internal peers',
    );
  }
  const findings: Finding[] = env.map((e) => {
    if (e.name === 'TURN_CREDENTIALS')
      return expect(
        e.source,
        e.name,
        shownValue(e),
        () => e.from?.startsWith('Secret ') === true,
        'a reference to a Secret',
      );
    if (e.name === 'TURN_USERNAME' || e.name === 'TURN_PASSWORD')
      return expect(
        e.source,
        e.name,
        shownValue(e),
        is.absent,
        'unset (static credentials never expire)',
      );
    if (e.name === 'TURN_TTL')
      return expect(e.source, e.name, e.value, (v) => Number(v) <= 86400, 'at most 86400 seconds');
    return { evidence: evidence(e.source, e.name, shownValue(e)) };
  });
  if (!env.some((e) => e.name === 'TURN_CREDENTIALS')) {
    findings.push({
      evidence: evidence('prosody env', 'TURN_CREDENTIALS', undefined),
      problem: 'TURN_CREDENTIALS is unset; expected a shared secret from a Secret',
    });
  }
  return judge(findings, 'TURN credentials are short-lived and derived from a shared secret');
}

function secretsFromSecrets(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const findings: Finding[] = [];
  for (const [component, names] of Object.entries(REQUIRED_SECRETS)) {
    for (const name of names) {
      const variable = view.envVar(component, name);
      findings.push(
        expect(
          variable?.source ?? `${component} env`,
          name,
          variable === undefined ? undefined : shownValue(variable),
          () => variable?.from?.startsWith('Secret ') === true,
          'a reference to a Secret',
        ),
      );
    }
  }
  for (const e of view.allEnv()) {
    if (!isSecretName(e.name) || e.from !== undefined || e.value === '') continue;
    if (findings.some((f) => f.evidence.source === e.source && f.evidence.key === e.name)) continue;
    findings.push({
      evidence: evidence(e.source, e.name, shownValue(e)),
      problem: `${e.name} in ${e.source} is written into the pod template; read it from a Secret`,
    });
  }
  return judge(findings, 'service passwords come from the instance Secret');
}
