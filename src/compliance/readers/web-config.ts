/**
 * Evaluates the web component's `config.js` and `interface_config.js` as a browser would see
 * them, for the checks that read client settings.
 *
 * The web image builds `config.js` from templates driven by environment variables and then
 * appends `custom-config.js` (the same for `interface_config.js`). Offline there is no image, so
 * this module starts from the values the templates derive from the pod's environment (for the
 * variables the checks care about), then runs the custom files on top. A key that is still
 * unset afterwards falls back to jitsi-meet's code default, which each check states.
 *
 * Security: `node:vm` is not a security boundary. The inputs are the instance's own ConfigMaps,
 * and a tampered ConfigMap must still not reach the operator process. So no host object is passed
 * into the context (the seed goes in as JSON text), and string-to-code generation is off. The run
 * also has a time limit, and only a JSON string comes back out.
 */
import vm from 'node:vm';

export interface WebConfig {
  config: Record<string, unknown>;
  interfaceConfig: Record<string, unknown>;
}

export interface WebConfigInput {
  /** Content of `custom-config.js`; absent when the ConfigMap has none. */
  customConfig?: string;
  customInterfaceConfig?: string;
  /** Plain environment of the web container. */
  env: Record<string, string>;
  /** Public host name, for `window.location` in the sandbox. */
  domain: string;
}

type Conversion = 'bool' | 'string' | 'list' | 'json' | 'stun' | 'negated';

/**
 * Environment variables of the docker-jitsi-meet web image and the config.js path their
 * template sets, for the keys the checks read. Names come from the image's
 * `web/rootfs/defaults/settings-config.js` as quoted in the project's check catalogue.
 * NOTE: an approximation of the template: variables not listed here have no effect offline.
 */
const ENV_TO_CONFIG: readonly [string, string, Conversion][] = [
  ['ENABLE_P2P', 'p2p.enabled', 'bool'],
  ['P2P_STUN_SERVERS', 'p2p.stunServers', 'stun'],
  ['AMPLITUDE_ID', 'analytics.amplitudeAPPKey', 'string'],
  ['GOOGLE_ANALYTICS_ID', 'analytics.googleAnalyticsTrackingId', 'string'],
  ['MATOMO_ENDPOINT', 'analytics.matomoEndpoint', 'string'],
  ['MATOMO_SITE_ID', 'analytics.matomoSiteID', 'string'],
  ['ANALYTICS_SCRIPT_URLS', 'analytics.scriptURLs', 'list'],
  ['RTCSTATS_ENABLED', 'analytics.rtcstatsEnabled', 'bool'],
  ['DROPBOX_APPKEY', 'dropbox.appKey', 'string'],
  ['ENABLE_CALENDAR', 'enableCalendarIntegration', 'bool'],
  ['GOOGLE_API_APP_CLIENT_ID', 'googleApiApplicationClientID', 'string'],
  ['MICROSOFT_API_APP_CLIENT_ID', 'microsoftApiApplicationClientID', 'string'],
  ['DISABLE_DEEP_LINKING', 'disableDeepLinking', 'bool'],
  ['ENABLE_LIVESTREAMING', 'liveStreaming.enabled', 'bool'],
  ['DYNAMIC_BRANDING_URL', 'dynamicBrandingUrl', 'string'],
  ['BRANDING_DATA_URL', 'brandingDataUrl', 'string'],
  ['WHITEBOARD_COLLAB_SERVER_PUBLIC_URL', 'whiteboard.collabServerBaseUrl', 'string'],
  ['CHROME_EXTENSION_BANNER_JSON', 'chromeExtensionBanner', 'json'],
  ['TOOLBAR_BUTTONS', 'toolbarButtons', 'list'],
  ['ENABLE_PREJOIN_PAGE', 'prejoinConfig.enabled', 'bool'],
  ['START_WITH_AUDIO_MUTED', 'startWithAudioMuted', 'bool'],
  ['START_WITH_VIDEO_MUTED', 'startWithVideoMuted', 'bool'],
  ['ENABLE_REQUIRE_DISPLAY_NAME', 'requireDisplayName', 'bool'],
  ['DISABLE_LOCAL_RECORDING', 'localRecording.disable', 'bool'],
  ['ENABLE_LOCAL_RECORDING_NOTIFY_ALL_PARTICIPANT', 'localRecording.notifyAllParticipants', 'bool'],
  ['ENABLE_RECORDING', 'recordingService.enabled', 'bool'],
  ['ENABLE_FILE_RECORDING_SHARING', 'recordingService.sharingEnabled', 'bool'],
  ['ENABLE_TRANSCRIPTIONS', 'transcription.enabled', 'bool'],
  ['DISABLE_PROFILE', 'disableProfile', 'bool'],
  ['ETHERPAD_PUBLIC_URL', 'etherpad_base', 'string'],
  ['JVB_PREFER_SCTP', 'bridgeChannel.preferSctp', 'bool'],
  ['ENABLE_WELCOME_PAGE', 'welcomePage.disabled', 'negated'],
  ['DISABLE_KICKOUT', 'remoteVideoMenu.disableKick', 'bool'],
];

/** Milliseconds one file may run; generated files finish in well under one. */
const TIMEOUT_MS = 1000;

/** Evaluates the config files; throws when a file does not run, naming the file. */
export function evaluateWebConfig(input: WebConfigInput): WebConfig {
  const context = vm.createContext(
    {},
    { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' },
  );
  const seed = { config: seedConfig(input.env), interfaceConfig: {} };
  const location = {
    hostname: input.domain,
    host: input.domain,
    protocol: 'https:',
    href: `https://${input.domain}/`,
    origin: `https://${input.domain}`,
  };
  vm.runInContext(
    `var config = ${JSON.stringify(seed.config)};\n` +
      `var interfaceConfig = ${JSON.stringify(seed.interfaceConfig)};\n` +
      `var window = globalThis; window.location = ${JSON.stringify(location)};`,
    context,
  );
  run(context, input.customConfig, 'custom-config.js');
  run(context, input.customInterfaceConfig, 'custom-interface_config.js');
  const out = vm.runInContext(
    'JSON.stringify({ config: config, interfaceConfig: interfaceConfig })',
    context,
    { timeout: TIMEOUT_MS },
  ) as unknown;
  if (typeof out !== 'string') throw new Error('config.js replaced the config object');
  return JSON.parse(out) as WebConfig;
}

function run(context: vm.Context, source: string | undefined, filename: string): void {
  if (source === undefined) return;
  try {
    vm.runInContext(source, context, { timeout: TIMEOUT_MS, filename });
  } catch (err) {
    // Errors thrown inside the context come from its own realm, so `instanceof Error` is false.
    const message = (err as { message?: unknown } | null)?.message;
    throw new Error(
      `${filename} does not run: ${typeof message === 'string' ? message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}

function seedConfig(env: Record<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, path, conversion] of ENV_TO_CONFIG) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(config, path, convert(raw, conversion));
  }
  return config;
}

function convert(raw: string, conversion: Conversion): unknown {
  switch (conversion) {
    case 'bool':
      return isTrue(raw);
    case 'negated':
      return !isTrue(raw);
    case 'string':
      return raw;
    case 'list':
      return splitList(raw);
    case 'stun':
      return splitList(raw).map((server) => ({ urls: `stun:${server}` }));
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
  }
}

/** Reads a flag as the image templates do: `1`, `true`, `yes` or `on`, in any case. */
export function isTrue(raw: string | undefined): boolean {
  return raw !== undefined && /^(1|true|yes|on)$/i.test(raw.trim());
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const child = node[segment];
    if (typeof child !== 'object' || child === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1] as string] = value;
}

/** Reads a dotted path from a plain object; undefined when any segment is missing. */
export function getPath(root: unknown, path: string): unknown {
  let node = root;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
