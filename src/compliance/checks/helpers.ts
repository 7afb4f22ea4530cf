/**
 * Helpers shared by the check definitions: reading the evaluated web configuration, HOCON and
 * properties files into findings, and judging URLs against the instance's hosts.
 */
import { display, expect, fail, type Finding } from '../evidence.ts';
import { foreignHosts, type HostPolicy } from '../hosts.ts';
import type { HoconValue } from '../readers/hocon.ts';
import { getPath, isTrue, type WebConfig } from '../readers/web-config.ts';
import type { ComplianceContext, Evaluation, Evidence } from '../types.ts';
import { shownValue, viewOf, type Parsed } from '../view.ts';

export { isTrue };

/** Returns the hosts a context's configuration may name. */
export function hostPolicy(context: ComplianceContext): HostPolicy {
  // NOTE: own TURN/STUN hosts join `ownHosts` once the spec can name them.
  return { domain: context.spec.domain, ownHosts: [] };
}

/** Collects every string inside a value (arrays and objects walked), for URL checks. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Foreign hosts named anywhere in `value`. */
export function foreignIn(context: ComplianceContext, value: unknown): string[] {
  const policy = hostPolicy(context);
  return [...new Set(stringsIn(value).flatMap((s) => foreignHosts(s, policy)))];
}

/** Builds a test that accepts values naming no host outside the instance (absent ones too). */
export function ownOnly(context: ComplianceContext): (value: unknown) => boolean {
  return (value) => foreignIn(context, value).length === 0;
}

/** Result for a file that could not be read, naming the file and the reason. */
export function unreadable(what: string, error: string): Evaluation {
  return fail(`cannot read ${what}: ${error}`);
}

/** Runs `judgeWeb` on the evaluated web configuration, or fails when it cannot be read. */
export function withWeb(
  context: ComplianceContext,
  judgeWeb: (web: WebView) => Evaluation,
): Evaluation {
  const parsed = viewOf(context).web();
  if (!parsed.ok) return unreadable('the web configuration', parsed.error);
  return judgeWeb(new WebView(parsed.value, parsed.file.source, context));
}

/** Findings on `config.*` and `interfaceConfig.*` keys of the evaluated web configuration. */
export class WebView {
  readonly web: WebConfig;
  readonly source: string;
  readonly context: ComplianceContext;

  constructor(web: WebConfig, source: string, context: ComplianceContext) {
    this.web = web;
    this.source = source;
    this.context = context;
  }

  get(path: string): unknown {
    return getPath(this.web.config, path);
  }

  iface(name: string): unknown {
    return this.web.interfaceConfig[name];
  }

  config(path: string, accept: (v: unknown) => boolean, want: string): Finding {
    return expect(this.source, `config.${path}`, this.get(path), accept, want);
  }

  interface(name: string, accept: (v: unknown) => boolean, want: string): Finding {
    const source = this.source.replace(/custom-config\.js$/, 'custom-interface_config.js');
    return expect(source, `interfaceConfig.${name}`, this.iface(name), accept, want);
  }

  /** Judges a URL-valued `config` key: acceptable when absent or naming only the instance. */
  ownUrl(path: string): Finding {
    return this.config(path, ownOnly(this.context), 'unset or a URL on the instance domain');
  }

  /** `toolbarButtons` must be set (the default list has every button) and lack `button`. */
  withoutButton(button: string): Finding {
    return this.config(
      'toolbarButtons',
      (v) => Array.isArray(v) && !v.includes(button),
      `a list without "${button}" (unset means every default button)`,
    );
  }
}

/** Judges one HOCON path of a parsed file. */
export function hoconFinding(
  parsed: Parsed<Map<string, HoconValue>> & { ok: true },
  path: string,
  accept: (v: unknown) => boolean,
  want: string,
): Finding {
  return expect(parsed.file.source, path, parsed.value.get(path), accept, want);
}

/** Evidence for each environment variable of a component that is set (or `(unset)`). */
export function envEvidence(
  context: ComplianceContext,
  component: string,
  names: string[],
): Evidence[] {
  const view = viewOf(context);
  return names.map((name) => {
    const variable = view.envVar(component, name);
    const workload = view.workloads.find((w) => w.component === component);
    const source =
      variable?.source ?? (workload ? `${workload.kind} ${workload.name} env` : `${component} env`);
    return {
      source,
      key: name,
      value: display(variable === undefined ? undefined : shownValue(variable)),
    };
  });
}

/** Findings that every listed variable, in every component, is unset, empty or off. */
export function envOff(context: ComplianceContext, names: readonly string[]): Finding[] {
  return viewOf(context)
    .allEnv()
    .filter((e) => names.includes(e.name))
    .map((e) => {
      const off =
        e.from === undefined && (e.value === '' || /^(0|false|no|off)$/i.test(e.value ?? ''));
      return expect(e.source, e.name, shownValue(e), () => off, 'unset, empty or 0');
    });
}

/** `[source, name, value]` of a component's variable, for `expect`. */
export function envSource(
  ctx: ComplianceContext,
  component: string,
  name: string,
): [string, string, unknown] {
  const variable = viewOf(ctx).envVar(component, name);
  return [
    variable?.source ?? `${component} env`,
    name,
    variable === undefined ? undefined : shownValue(variable),
  ];
}
