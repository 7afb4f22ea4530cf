/**
 * The host scan: every host name, URL or IP address in the instance's rendered configuration
 * that is neither the instance's own nor cluster-internal. It reads every ConfigMap value (each
 * in its format, so the finding names the config key), the environment of every pod template,
 * the hosts and annotations of Ingresses and HTTPRoutes, and ExternalName Services.
 *
 * Only values are read, never keys or code: a host can only appear in a value, and reading keys
 * and code would report JavaScript paths, Java class names and file names.
 */
import { hostPolicy } from './checks/helpers.ts';
import { findHosts, isAllowedHost, type HostPolicy } from './hosts.ts';
import { readHocon, type HoconValue } from './readers/hocon.ts';
import { jsStrings } from './readers/js-strings.ts';
import { readLua } from './readers/lua.ts';
import { directiveKey, readNginx } from './readers/nginx.ts';
import { readProperties } from './readers/properties.ts';
import { relaxedHosts } from './relaxations.ts';
import { compareText } from './text.ts';
import type { ComplianceContext, KubeObject } from './types.ts';
import { viewOf, type ConfigFile } from './view.ts';

/** A host found outside the allowed set. */
export interface HostFinding {
  /** The object and ConfigMap key, e.g. `ConfigMap meet-web-config/custom-config.js`. */
  source: string;
  /** Config path, directive, environment variable or object field. */
  key: string;
  host: string;
  /**
   * The relaxation field that names this host, e.g. `spec.privacy.peerToPeer.stunServers`. Such
   * a finding does not fail the scan, because the check the field relaxes reports the host.
   */
  relaxedBy?: string;
}

export interface HostScan {
  /** `fail` when a finding is not relaxed by a spec field. */
  result: 'pass' | 'fail';
  findings: HostFinding[];
  /** Counts of what was read: ConfigMap keys, environment variables, and Ingresses, HTTPRoutes and Services. */
  scanned: { files: number; envVars: number; objects: number };
}

/** A value to scan and the key it belongs to. */
interface Fragment {
  key: string;
  text: string;
}

const scans = new WeakMap<ComplianceContext, HostScan>();

/** Scans a context once; TP-16 and the report share the result. */
export function scanHosts(context: ComplianceContext): HostScan {
  let scan = scans.get(context);
  if (scan === undefined) {
    scan = scanContext(context);
    scans.set(context, scan);
  }
  return scan;
}

function scanContext(context: ComplianceContext): HostScan {
  const view = viewOf(context);
  const policy = hostPolicy(context);
  const findings: HostFinding[] = [];
  const add = (source: string, fragments: Fragment[]) => {
    for (const fragment of fragments) {
      for (const host of findHosts(fragment.text)) {
        if (!isAllowedHost(host, policy)) findings.push({ source, key: fragment.key, host });
      }
    }
  };
  for (const file of view.files) add(file.source, fileFragments(file));
  const env = view.allEnv();
  for (const variable of env) {
    if (variable.value !== undefined)
      add(variable.source, [{ key: variable.name, text: variable.value }]);
  }
  const routes = context.objects.filter((o) =>
    ['Ingress', 'HTTPRoute', 'Service'].includes(o.kind),
  );
  for (const route of routes) findings.push(...routeFindings(route, policy));
  const relaxed = relaxedHosts(context.spec, context.relaxations);
  const marked = findings.map((f) => {
    const field = relaxed.get(f.host);
    return field === undefined ? f : { ...f, relaxedBy: field };
  });
  return {
    result: marked.every((f) => f.relaxedBy !== undefined) ? 'pass' : 'fail',
    findings: dedupe(marked),
    scanned: { files: view.files.length, envVars: env.length, objects: routes.length },
  };
}

/** Splits one ConfigMap value into fragments according to its format. */
export function fileFragments(file: Pick<ConfigFile, 'key' | 'content'>): Fragment[] {
  try {
    return structuredFragments(file.key, file.content);
  } catch {
    // A file the reader cannot parse is still scanned, line by line, comments included.
    return rawFragments(file.content);
  }
}

function structuredFragments(key: string, content: string): Fragment[] {
  if (key.endsWith('.js')) return jsStrings(content).map((s) => ({ key: s.key, text: s.text }));
  if (key.endsWith('.lua')) return readLua(content).strings;
  if (key.endsWith('.properties')) {
    return [...readProperties(content)].map(([k, v]) => ({ key: k, text: v }));
  }
  if (key.endsWith('.json')) return leaves(JSON.parse(content) as HoconValue, '');
  if (key.endsWith('.conf')) {
    if (looksLikeHocon(content)) {
      return [...readHocon(content).values].flatMap(([path, value]) => leaves(value, path));
    }
    return readNginx(content).flatMap((d) =>
      d.args.map((arg) => ({ key: directiveKey(d), text: arg })),
    );
  }
  return rawFragments(content);
}

/** HOCON assigns with `=` or `:` at the start of a line; nginx directives never do. */
function looksLikeHocon(content: string): boolean {
  return /^\s*[A-Za-z0-9_"][\w.\-"]*\s*(=|:|\+=)/m.test(content);
}

function rawFragments(content: string): Fragment[] {
  return content.split('\n').map((text, index) => ({ key: `line ${index + 1}`, text }));
}

function leaves(value: HoconValue, path: string): Fragment[] {
  if (typeof value === 'string') return [{ key: path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, path));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
  }
  return [];
}

function routeFindings(obj: KubeObject, policy: HostPolicy): HostFinding[] {
  const source = `${obj.kind} ${obj.metadata.name}`;
  const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
  const named: Fragment[] = [];
  if (obj.kind === 'Ingress') {
    const rules = (spec['rules'] ?? []) as { host?: string }[];
    rules.forEach(
      (r, i) => r.host !== undefined && named.push({ key: `spec.rules[${i}].host`, text: r.host }),
    );
    const tls = (spec['tls'] ?? []) as { hosts?: string[] }[];
    tls.forEach((t, i) => {
      (t.hosts ?? []).forEach((h, j) => named.push({ key: `spec.tls[${i}].hosts[${j}]`, text: h }));
    });
  } else if (obj.kind === 'HTTPRoute') {
    const hostnames = (spec['hostnames'] ?? []) as string[];
    hostnames.forEach((h, i) => named.push({ key: `spec.hostnames[${i}]`, text: h }));
  } else if (typeof spec['externalName'] === 'string') {
    named.push({ key: 'spec.externalName', text: spec['externalName'] });
  }
  const findings = named
    .filter((f) => !isAllowedHost(f.text.replace(/^\*\./, ''), policy))
    .map((f) => ({ source, key: f.key, host: f.text.toLowerCase() }));
  if (obj.kind === 'Service') return findings;
  // Annotations configure the ingress controller (auth URLs, snippets), so they are scanned too.
  for (const [name, value] of Object.entries(obj.metadata.annotations ?? {}).sort()) {
    for (const host of findHosts(value)) {
      if (!isAllowedHost(host, policy))
        findings.push({ source, key: `metadata.annotations.${name}`, host });
    }
  }
  return findings;
}

function dedupe(findings: HostFinding[]): HostFinding[] {
  const seen = new Map<string, HostFinding>();
  for (const f of findings) seen.set(`${f.source}\u0000${f.key}\u0000${f.host}`, f);
  return [...seen.values()].sort(
    (a, b) =>
      compareText(a.source, b.source) || compareText(a.key, b.key) || compareText(a.host, b.host),
  );
}
