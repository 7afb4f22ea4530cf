/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- the tests edit untyped manifests in place */
import type { ComplianceContext } from '../../../src/compliance/types.ts';
import {
  appendFile,
  editFile,
  editObject,
  networkPolicies,
  setEnv,
  withObjects,
  withoutKinds,
} from './fixtures.ts';
import { passesRender, runCases, type Change } from './cases.ts';

const unguarded: Change = (c) => withoutKinds(c, ['NetworkPolicy']);
const guarded: Change = (c) => withObjects(unguarded(c), networkPolicies());

/** Replaces one environment variable with a reference to a Secret key. */
function fromSecret(
  context: ComplianceContext,
  component: string,
  name: string,
): ComplianceContext {
  return editObject(
    context,
    component === 'web' ? 'Deployment' : 'StatefulSet',
    (w) => {
      const container = w['spec']['template']['spec']['containers'][0];
      container.env = [
        ...container.env.filter((e: { name: string }) => e.name !== name),
        { name, valueFrom: { secretKeyRef: { name: 'meet-jwt', key: 'secret' } } },
      ];
    },
    component,
  );
}

const jwt: Change = (c) =>
  setEnv(setEnv(c, 'prosody', 'ENABLE_AUTH', '1'), 'prosody', 'AUTH_TYPE', 'jwt');

runCases('exposure checks', [
  {
    id: 'EX-01',
    outcomes: [
      {
        name: 'fails without an ingress NetworkPolicy',
        change: unguarded,
        result: 'fail',
        message: /jvb HTTP port 8080 listens on 0\.0\.0\.0 and no NetworkPolicy/,
      },
      {
        name: 'passes with the port guarded',
        change: guarded,
        result: 'pass',
        message: /APIs are off/,
      },
      {
        name: 'fails with the debug API on',
        change: (c) =>
          guarded(appendFile(c, 'custom-jvb.conf', 'videobridge.rest.debug.enabled = true\n')),
        result: 'fail',
        message: /rest\.debug\.enabled is true/,
      },
      {
        name: 'fails when a policy opens the port to everyone',
        change: (c) =>
          withObjects(unguarded(c), [
            {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'NetworkPolicy',
              metadata: { name: 'open', namespace: 'jitsi' },
              spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] },
            },
          ]),
        result: 'fail',
        message: /NetworkPolicy open: ingress all ports from anywhere opens jvb port 8080/,
      },
      {
        name: 'passes a loopback-only HTTP server',
        change: (c) =>
          unguarded(
            appendFile(
              c,
              'custom-jvb.conf',
              'videobridge.http-servers.private.host = "127.0.0.1"\n',
            ),
          ),
        result: 'pass',
        message: /APIs are off/,
      },
    ],
  },
  {
    id: 'EX-02',
    outcomes: [
      {
        name: 'fails without an ingress NetworkPolicy',
        change: unguarded,
        result: 'fail',
        message: /jicofo HTTP port 8888/,
      },
      {
        name: 'passes with the port guarded',
        change: guarded,
        result: 'pass',
        message: /debug API is off/,
      },
      {
        name: 'fails with the debug API on',
        change: (c) =>
          guarded(appendFile(c, 'custom-jicofo.conf', 'jicofo.rest.debug.enabled = true\n')),
        result: 'fail',
        message: /jicofo\.rest\.debug\.enabled is true/,
      },
    ],
  },
  {
    id: 'EX-03',
    outcomes: [
      {
        name: 'fails without an ingress NetworkPolicy',
        change: unguarded,
        result: 'fail',
        message: /no NetworkPolicy limits ingress to the Prosody pods/,
      },
      {
        name: 'passes with the ports guarded',
        change: guarded,
        result: 'pass',
        message: /cluster-internal Services/,
      },
      {
        name: 'fails on a LoadBalancer Service',
        change: (c) =>
          guarded(
            editObject(
              c,
              'Service',
              (s) => {
                s['spec']['type'] = 'LoadBalancer';
              },
              'prosody',
            ),
          ),
        result: 'fail',
        message: /spec\.type is LoadBalancer/,
      },
    ],
  },
  {
    id: 'EX-04',
    outcomes: [
      passesRender(/federation is off/),
      {
        name: 'fails with s2s enabled',
        change: (c) => editFile(c, 'privacy.cfg.lua', (t) => t.replace(', "s2s"', '')),
        result: 'fail',
        message: /containing "s2s"/,
      },
    ],
  },
  {
    id: 'EX-05',
    outcomes: [
      passesRender(/no private ICE candidates/),
      {
        name: 'fails when private candidates are offered',
        change: (c) =>
          editFile(c, 'custom-jvb.conf', (t) =>
            t.replace(
              'advertise-private-candidates = false',
              'advertise-private-candidates = true',
            ),
          ),
        result: 'fail',
        message: /advertise-private-candidates is true/,
      },
    ],
  },
  {
    id: 'EX-06',
    outcomes: [
      passesRender(/no audio leaves/),
      {
        name: 'fails on an outside transcription endpoint',
        change: (c) =>
          appendFile(
            c,
            'custom-jicofo.conf',
            'jicofo.transcription.url-template = "wss://api.openai.com/v1/realtime"\n',
          ),
        result: 'fail',
        message: /url-template is wss:\/\/api\.openai\.com/,
      },
    ],
  },
  {
    id: 'EX-07',
    outcomes: [
      passesRender(/SCTP and no websockets/),
      {
        name: 'fails with bridge websockets',
        change: (c) => appendFile(c, 'custom-jvb.conf', 'videobridge.websockets.enabled = true\n'),
        result: 'fail',
        message: /websockets\.enabled is true/,
      },
    ],
  },
]);

runCases('encryption and access checks', [
  {
    id: 'EN-01',
    outcomes: [
      passesRender(/TLS for meet\.example\.eu ends at the Ingress/),
      {
        name: 'fails without TLS for the domain',
        change: (c) =>
          editObject(c, 'Ingress', (i) => {
            i['spec']['tls'] = [];
          }),
        result: 'fail',
        message: /an entry for meet\.example\.eu/,
      },
      {
        name: 'leaves TLS to the platform without routing',
        change: (c) => ({
          ...c,
          spec: { ...c.spec, ingress: { ...c.spec.ingress, mode: 'None' } },
        }),
        result: 'not-applicable',
        message: /must serve it over TLS 1\.2/,
      },
    ],
  },
  {
    id: 'EN-02',
    outcomes: [
      passesRender(/encrypted client connections/),
      {
        name: 'fails when encryption is optional',
        change: (c) => setEnv(c, 'prosody', 'PROSODY_C2S_REQUIRE_ENCRYPTION', '0'),
        result: 'fail',
        message: /PROSODY_C2S_REQUIRE_ENCRYPTION is 0/,
      },
    ],
  },
  {
    id: 'EN-03',
    outcomes: [
      passesRender(/end-to-end encryption is available/),
      {
        name: 'fails with E2EE disabled',
        change: (c) => appendFile(c, 'custom-config.js', 'config.testing.disableE2EE = true;\n'),
        result: 'fail',
        message: /disableE2EE is true/,
      },
    ],
  },
  {
    id: 'AC-01',
    outcomes: [
      passesRender(/only hosts who sign in \(internal\) create rooms; guests may join/),
      {
        name: 'fails with Prosody open to anyone',
        change: (c) => setEnv(c, 'prosody', 'ENABLE_AUTH', '0'),
        result: 'fail',
        message:
          /anyone who reaches https:\/\/meet\.example\.eu can create rooms: ENABLE_AUTH is 0/,
      },
      {
        name: 'fails when Jicofo does not ask who starts a room',
        change: (c) =>
          appendFile(c, 'custom-jicofo.conf', 'jicofo.authentication.enabled = false\n'),
        result: 'fail',
        message: /jicofo\.authentication\.enabled is false; expected true/,
      },
      {
        name: 'reads Jicofo from its environment without the HOCON setting',
        change: (c) =>
          setEnv(
            editFile(c, 'custom-jicofo.conf', (text) =>
              text.replace(/^jicofo\.authentication\..*$/gm, ''),
            ),
            'jicofo',
            'ENABLE_AUTH',
            '0',
          ),
        result: 'fail',
        message: /ENABLE_AUTH is 0; expected 1, so Jicofo starts conferences/,
      },
      {
        name: 'fails with an auth type that needs no sign-in',
        change: (c) => setEnv(c, 'prosody', 'AUTH_TYPE', 'anonymous'),
        result: 'fail',
        message: /AUTH_TYPE is anonymous/,
      },
      {
        name: 'passes with token authentication',
        change: jwt,
        result: 'pass',
        message: /only hosts who sign in \(jwt\) create rooms/,
      },
      {
        name: 'passes without guests',
        change: (c) => setEnv(c, 'prosody', 'ENABLE_GUESTS', '0'),
        result: 'pass',
        message: /every participant signs in/,
      },
    ],
  },
  {
    id: 'AC-02',
    outcomes: [
      passesRender(/lobby is available/),
      {
        name: 'fails with the lobby off',
        change: (c) => setEnv(c, 'prosody', 'ENABLE_LOBBY', '0'),
        result: 'fail',
        message: /ENABLE_LOBBY is 0/,
      },
    ],
  },
  {
    id: 'AC-03',
    outcomes: [
      passesRender(/remove and mute/),
      {
        name: 'fails when kicking is off',
        change: (c) =>
          appendFile(c, 'custom-config.js', 'config.remoteVideoMenu.disableKick = true;\n'),
        result: 'fail',
        message: /disableKick is true/,
      },
    ],
  },
  {
    id: 'AC-04',
    outcomes: [
      {
        name: 'is not applicable without tokens',
        result: 'not-applicable',
        message: /no token authentication/,
      },
      {
        name: 'fails on empty tokens and a literal secret',
        change: (c) =>
          setEnv(
            setEnv(jwt(c), 'prosody', 'JWT_ALLOW_EMPTY', '1'),
            'prosody',
            'JWT_APP_SECRET',
            's3cret',
          ),
        result: 'fail',
        message: /JWT_ALLOW_EMPTY is 1.*JWT_APP_SECRET is \(literal value, hidden\)/,
      },
      {
        name: 'passes a secret from a Secret',
        change: (c) => fromSecret(jwt(c), 'prosody', 'JWT_APP_SECRET'),
        result: 'pass',
        message: /signed with a secret from a Secret/,
      },
    ],
  },
  {
    id: 'AC-05',
    outcomes: [
      {
        name: 'is not applicable without TURN',
        result: 'not-applicable',
        message: /no TURN server is configured/,
      },
      {
        name: 'fails on static TURN credentials',
        change: (c) =>
          setEnv(
            setEnv(c, 'prosody', 'TURN_HOST', 'turn.example.eu'),
            'prosody',
            'TURN_PASSWORD',
            'x',
          ),
        result: 'fail',
        message: /TURN_PASSWORD is \(literal value, hidden\)/,
      },
    ],
  },
  {
    id: 'AC-06',
    outcomes: [
      {
        name: 'leaves rate limits to the ingress controller',
        result: 'not-applicable',
        message: /limit rates at the ingress controller/,
      },
      {
        name: 'passes with Prosody rate limits on',
        change: (c) => setEnv(c, 'prosody', 'PROSODY_ENABLE_RATE_LIMITS', '1'),
        result: 'pass',
        message: /rate limits are on/,
      },
    ],
  },
  {
    id: 'AC-07',
    outcomes: [
      passesRender(/come from the instance Secret/),
      {
        name: 'fails on a literal password',
        change: (c) => setEnv(c, 'jvb', 'JVB_AUTH_PASSWORD', 'hunter2'),
        result: 'fail',
        message: /JVB_AUTH_PASSWORD is \(literal value, hidden\); expected a reference to a Secret/,
      },
    ],
  },
]);
