import type { EffectiveSpec } from '../../../src/api/types.ts';
import type { BuildInput } from '../../../src/resources/build.ts';
import type { RenderedConfig } from '../../../src/resources/rendered-config.ts';

/**
 * Builds a hand-written effective spec with every default filled in. It replaces the
 * output of `withDefaults`, so the builder tests do not depend on it.
 */
export function effectiveSpec(overrides: Partial<EffectiveSpec> = {}): EffectiveSpec {
  return {
    domain: 'meet.example.eu',
    image: {
      pullPolicy: 'IfNotPresent',
      refs: {
        web: 'ghcr.io/jitsi/web:stable-11146-2',
        prosody: 'ghcr.io/jitsi/prosody:stable-11146-2',
        jicofo: 'ghcr.io/jitsi/jicofo:stable-11146-2',
        jvb: 'ghcr.io/jitsi/jvb:stable-11146-2',
      },
    },
    residency: {
      labelMode: 'Standard',
      labelKey: 'topology.kubernetes.io/region',
      allowedRegions: ['eu-west-1', 'eu-central-1'],
      customRegions: [],
      allowAdequacyRegions: false,
    },
    resources: {
      web: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
      prosody: {
        requests: { cpu: '200m', memory: '256Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
      jicofo: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      jvb: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '1536Mi' } },
    },
    jvb: { udpPort: 10000 },
    ingress: { mode: 'Ingress', className: 'nginx', annotations: {}, controller: {} },
    tls: { issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
    retention: { logs: { maxAgeDays: 7 }, prosodyData: { maxAgeDays: 7 } },
    monitoring: {},
    scheduling: { tolerations: [], nodeSelector: {}, imagePullSecrets: [] },
    dataDeletionPolicy: 'Retain',
    auth: { mode: 'Internal', allowGuests: true },
    privacy: {
      peerToPeer: { enabled: false, stunServers: [] },
      logging: { prosody: 'Warn', videobridge: 'Warn', jicofo: 'Warn' },
      webAccessLog: false,
      recentMeetings: false,
      requireDisplayName: false,
    },
    ...overrides,
  };
}

/** Fake output of the Jitsi configuration generator with one file per component. */
export function renderedConfig(): RenderedConfig {
  return {
    web: {
      env: { PUBLIC_URL: 'https://meet.example.eu', DISABLE_HTTPS: '1' },
      secretEnv: {},
      files: [
        {
          key: 'custom-config.js',
          mountPath: '/config/custom-config.js',
          content: 'config.p2p = {};\n',
        },
      ],
    },
    prosody: {
      env: { XMPP_DOMAIN: 'meet.jitsi' },
      secretEnv: {
        JICOFO_AUTH_PASSWORD: 'jicofo-auth-password',
        JVB_AUTH_PASSWORD: 'jvb-auth-password',
      },
      files: [
        { key: 'extra.cfg.lua', mountPath: '/config/conf.d/extra.cfg.lua', content: '-- extra\n' },
      ],
    },
    jicofo: {
      env: { JICOFO_ENABLE_REST: 'true', XMPP_SERVER: 'basic-prosody.jitsi.svc' },
      secretEnv: { JICOFO_AUTH_PASSWORD: 'jicofo-auth-password' },
      files: [
        {
          key: 'custom-jicofo.conf',
          mountPath: '/config/custom-jicofo.conf',
          content: 'jicofo {}\n',
        },
      ],
    },
    jvb: {
      env: { JVB_PORT: '10000', XMPP_SERVER: 'basic-prosody.jitsi.svc' },
      secretEnv: { JVB_AUTH_PASSWORD: 'jvb-auth-password' },
      files: [
        {
          key: 'custom-jvb.conf',
          mountPath: '/config/custom-jvb.conf',
          content: 'videobridge {}\n',
        },
      ],
    },
  };
}

export function buildInput(overrides: Partial<BuildInput> = {}): BuildInput {
  return {
    instance: {
      name: 'basic',
      namespace: 'jitsi',
      uid: '4f1d2c3b-0000-4000-8000-000000000001',
      generation: 1,
    },
    spec: effectiveSpec(),
    operator: { version: '0.1.0' },
    ...overrides,
  };
}
