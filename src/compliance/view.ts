/**
 * A read-only view of an instance's objects for the checks: the files in its ConfigMaps, the
 * environment of its pod templates, and the parsed forms of the Jitsi configuration files. One
 * view is built per context and shared by every check, so each file is parsed once.
 */
import { LABELS } from '../resources/labels.ts';
import { readHocon, type HoconValue } from './readers/hocon.ts';
import { readLua, type LuaDocument } from './readers/lua.ts';
import { readNginx, type NginxDirective } from './readers/nginx.ts';
import { readProperties } from './readers/properties.ts';
import { evaluateWebConfig, type WebConfig } from './readers/web-config.ts';
import type { ComplianceContext, KubeObject } from './types.ts';

/** One key of one ConfigMap. */
export interface ConfigFile {
  configMap: string;
  component: string | undefined;
  key: string;
  content: string;
  /** Label for evidence, e.g. `ConfigMap meet-web-config/custom-config.js`. */
  source: string;
}

/** One environment variable of one container. */
export interface EnvVar {
  component: string | undefined;
  name: string;
  /** Literal value; undefined when the value comes from elsewhere (`from`). */
  value: string | undefined;
  /** Reference for `valueFrom`, e.g. `Secret meet-credentials key jvb-auth-password`. */
  from: string | undefined;
  /** Label for evidence, e.g. `Deployment meet-web/web env`. */
  source: string;
}

/** A Deployment, StatefulSet, DaemonSet or CronJob with its pod template. */
export interface Workload {
  kind: string;
  name: string;
  component: string | undefined;
  podLabels: Record<string, string>;
  /** The pod spec as stored; `containersOf` reads its containers. */
  podSpec: Record<string, unknown>;
}

/** Outcome of reading a file: the value, or why it could not be read. */
export type Parsed<T> = { ok: true; value: T; file: ConfigFile } | { ok: false; error: string };

const views = new WeakMap<ComplianceContext, ConfigView>();

/** Returns the view of a context, built on first use. */
export function viewOf(context: ComplianceContext): ConfigView {
  let view = views.get(context);
  if (view === undefined) {
    view = new ConfigView(context);
    views.set(context, view);
  }
  return view;
}

export class ConfigView {
  readonly context: ComplianceContext;
  readonly files: ConfigFile[];
  readonly workloads: Workload[];
  private readonly cache = new Map<string, unknown>();

  constructor(context: ComplianceContext) {
    this.context = context;
    this.files = context.objects.filter((o) => o.kind === 'ConfigMap').flatMap(configFiles);
    this.workloads = context.objects.flatMap(workloadOf);
  }

  objectsOfKind(kind: string): KubeObject[] {
    return this.context.objects.filter((o) => o.kind === kind);
  }

  file(component: string, key: string): ConfigFile | undefined {
    return this.files.find((f) => f.component === component && f.key === key);
  }

  /** Environment of the main containers of a component's workloads (init containers excluded). */
  env(component: string): EnvVar[] {
    return this.workloads
      .filter((w) => w.component === component)
      .flatMap((w) => containerEnv(w, containersOf(w.podSpec, false)));
  }

  /** Environment of every container, init containers included, of every workload. */
  allEnv(): EnvVar[] {
    return this.workloads.flatMap((w) => containerEnv(w, containersOf(w.podSpec, true)));
  }

  envVar(component: string, name: string): EnvVar | undefined {
    return this.env(component).find((e) => e.name === name);
  }

  /** Plain environment of a component as a record; the first container wins on duplicates. */
  envRecord(component: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.env(component)) if (e.value !== undefined) out[e.name] ??= e.value;
    return out;
  }

  /** `config` and `interfaceConfig` of the web component, evaluated. */
  web(): Parsed<WebConfig> {
    return this.memo('web', () => {
      const config = this.file('web', 'custom-config.js');
      const iface = this.file('web', 'custom-interface_config.js');
      if (config === undefined) return missing('web', 'custom-config.js');
      const value = evaluateWebConfig({
        customConfig: config.content,
        customInterfaceConfig: iface?.content,
        env: this.envRecord('web'),
        domain: this.context.spec.domain,
      });
      return { ok: true, value, file: config };
    });
  }

  hocon(component: string, key: string): Parsed<Map<string, HoconValue>> {
    return this.parse(component, key, (text) => readHocon(text).values);
  }

  properties(component: string, key: string): Parsed<Map<string, string>> {
    return this.parse(component, key, readProperties);
  }

  lua(component: string, key: string): Parsed<LuaDocument> {
    return this.parse(component, key, readLua);
  }

  nginx(component: string, key: string): Parsed<NginxDirective[]> {
    return this.parse(component, key, readNginx);
  }

  private parse<T>(component: string, key: string, read: (text: string) => T): Parsed<T> {
    return this.memo(`${component}/${key}`, () => {
      const file = this.file(component, key);
      if (file === undefined) return missing(component, key);
      return { ok: true, value: read(file.content), file };
    });
  }

  private memo<T>(key: string, compute: () => Parsed<T>): Parsed<T> {
    if (!this.cache.has(key)) {
      let result: Parsed<T>;
      try {
        result = compute();
      } catch (err) {
        result = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      this.cache.set(key, result);
    }
    return this.cache.get(key) as Parsed<T>;
  }
}

function missing(component: string, key: string): { ok: false; error: string } {
  return { ok: false, error: `no ConfigMap of component ${component} has the key ${key}` };
}

function configFiles(cm: KubeObject): ConfigFile[] {
  const data = (cm['data'] ?? {}) as Record<string, unknown>;
  const component = cm.metadata.labels?.[LABELS.component];
  return Object.keys(data)
    .sort()
    .map((key) => ({
      configMap: cm.metadata.name,
      component,
      key,
      content: String(data[key]),
      source: `ConfigMap ${cm.metadata.name}/${key}`,
    }));
}

function workloadOf(obj: KubeObject): Workload[] {
  const template = podTemplate(obj);
  if (template === undefined) return [];
  const metadata = (template['metadata'] ?? {}) as { labels?: Record<string, string> };
  const podLabels = metadata.labels ?? {};
  return [
    {
      kind: obj.kind,
      name: obj.metadata.name,
      component: obj.metadata.labels?.[LABELS.component] ?? podLabels[LABELS.component],
      podLabels,
      podSpec: (template['spec'] ?? {}) as Record<string, unknown>,
    },
  ];
}

function podTemplate(obj: KubeObject): Record<string, unknown> | undefined {
  const spec = obj['spec'] as Record<string, unknown> | undefined;
  if (spec === undefined) return undefined;
  if (obj.kind === 'CronJob') {
    const jobSpec = (spec['jobTemplate'] as { spec?: Record<string, unknown> } | undefined)?.spec;
    return jobSpec?.['template'] as Record<string, unknown> | undefined;
  }
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(obj.kind)) {
    return spec['template'] as Record<string, unknown> | undefined;
  }
  return undefined;
}

export interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: Record<string, Record<string, string>> }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
  securityContext?: { readOnlyRootFilesystem?: boolean };
  args?: string[];
  command?: string[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

/** Containers of a pod spec; init containers first when asked for. */
export function containersOf(podSpec: Record<string, unknown>, withInit: boolean): Container[] {
  const main = (podSpec['containers'] ?? []) as Container[];
  return withInit ? [...((podSpec['initContainers'] ?? []) as Container[]), ...main] : main;
}

function containerEnv(workload: Workload, containers: Container[]): EnvVar[] {
  return containers.flatMap((c) =>
    (c.env ?? []).map((e) => ({
      component: workload.component,
      name: e.name,
      value: e.value ?? (e.valueFrom === undefined ? '' : undefined),
      from: e.valueFrom === undefined ? undefined : describeValueFrom(e.valueFrom),
      source: `${workload.kind} ${workload.name}/${c.name} env`,
    })),
  );
}

function describeValueFrom(from: Record<string, Record<string, string>>): string {
  const secret = from['secretKeyRef'];
  if (secret) return `Secret ${secret['name'] ?? '?'} key ${secret['key'] ?? '?'}`;
  const configMap = from['configMapKeyRef'];
  if (configMap) return `ConfigMap ${configMap['name'] ?? '?'} key ${configMap['key'] ?? '?'}`;
  const field = from['fieldRef'];
  if (field) return `field ${field['fieldPath'] ?? '?'}`;
  return JSON.stringify(from);
}

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|CREDENTIALS|_KEY|DSN)$/;

/** True for variable names that by convention carry a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Returns the value of a variable as evidence may show it: the reference for `valueFrom`, a placeholder
 * for literal values of secret-like variables, and URLs without their user part. Evidence ends
 * up in the resource status and in documents, so it must never carry a credential.
 */
export function shownValue(variable: EnvVar): string | undefined {
  if (variable.from !== undefined) return variable.from;
  if (variable.value === undefined || variable.value === '') return variable.value;
  if (isSecretName(variable.name)) return '(literal value, hidden)';
  return variable.value.replace(/:\/\/[^/@\s]*@/g, '://***@');
}
