/**
 * Log level readers for the logging checks: the most verbose level a Prosody `log` option writes,
 * and the logger levels of a Java component's `logging.properties`.
 */
import { evidence, expect, fail, judge, pass, type Finding } from '../evidence.ts';
import { globalOption, type LuaValue } from '../readers/lua.ts';
import { viewOf } from '../view.ts';
import type { ComplianceContext, Evaluation } from '../types.ts';
import { unreadable } from './helpers.ts';

/** Prosody log levels from most to least verbose. */
const PROSODY_LEVELS = ['debug', 'info', 'warn', 'error'];
/** java.util.logging levels that log per-participant detail (INFO and more verbose). */
const VERBOSE_JAVA_LEVELS = new Set(['ALL', 'FINEST', 'FINER', 'FINE', 'CONFIG', 'INFO']);

/** Checks that Prosody logs at warn or error; a `log` option in the override wins over LOG_LEVEL. */
export function prosodyLogLevel(ctx: ComplianceContext): Evaluation {
  const view = viewOf(ctx);
  const lua = view.lua('prosody', 'privacy.cfg.lua');
  if (!lua.ok) return unreadable('the Prosody configuration', lua.error);
  const option = globalOption(lua.value, 'log');
  const env = view.envVar('prosody', 'LOG_LEVEL');
  const envEvidence = evidence(env?.source ?? 'prosody env', 'LOG_LEVEL', env?.value);
  const level = option === undefined ? (env?.value ?? 'info') : minimumLevel(option);
  const ev = [evidence(lua.file.source, 'log', option), envEvidence];
  if (level === undefined)
    return fail('the Prosody log option has a form the check cannot read', ev);
  if (PROSODY_LEVELS.indexOf(level) < PROSODY_LEVELS.indexOf('warn')) {
    return fail(`Prosody logs at ${level}; expected warn or error`, ev);
  }
  return pass(`Prosody logs at ${level}`, ev);
}

/** Most verbose level a Prosody `log` option writes, for the common forms of the option. */
function minimumLevel(option: LuaValue): string | undefined {
  if (typeof option === 'string') return 'info';
  if (Array.isArray(option)) {
    const levels = option.map((sink) => sinkLevel(sink));
    if (levels.some((l) => l === undefined)) return undefined;
    return (
      levels.sort(
        (a, b) => PROSODY_LEVELS.indexOf(a as string) - PROSODY_LEVELS.indexOf(b as string),
      )[0] ?? 'info'
    );
  }
  if (typeof option === 'object' && option !== null) {
    const named = Object.keys(option).filter((k) => PROSODY_LEVELS.includes(k));
    if (named.length > 0)
      return named.sort((a, b) => PROSODY_LEVELS.indexOf(a) - PROSODY_LEVELS.indexOf(b))[0];
    return sinkLevel(option);
  }
  return undefined;
}

function sinkLevel(sink: LuaValue): string | undefined {
  if (typeof sink !== 'object' || sink === null || Array.isArray(sink)) return undefined;
  const levels = (sink as Record<string, LuaValue>)['levels'];
  if (levels === undefined) return 'info';
  if (Array.isArray(levels))
    return levels
      .filter((l): l is string => typeof l === 'string')
      .sort((a, b) => PROSODY_LEVELS.indexOf(a) - PROSODY_LEVELS.indexOf(b))[0];
  if (typeof levels === 'object' && levels !== null && 'min' in levels) {
    const min = (levels as Record<string, LuaValue>)['min'];
    return typeof min === 'string' ? min : undefined;
  }
  return undefined;
}

/**
 * Checks that a Java component's root logger is at WARNING or quieter, and that no logger is
 * turned back up to INFO or finer. Handler thresholds (`...Handler.level`) filter output and are
 * not loggers.
 */
export function javaLogLevels(ctx: ComplianceContext, component: string): Evaluation {
  const props = viewOf(ctx).properties(component, 'logging.properties');
  if (!props.ok) return fail(`${props.error}; the image then logs at INFO`);
  const source = props.file.source;
  const findings: Finding[] = [
    expect(
      source,
      '.level',
      props.value.get('.level'),
      (v) => typeof v === 'string' && !VERBOSE_JAVA_LEVELS.has(v.toUpperCase()),
      'WARNING, SEVERE or OFF',
    ),
  ];
  for (const [key, value] of props.value) {
    if (key === '.level' || !key.endsWith('.level') || /Handler\.level$/.test(key)) continue;
    findings.push(
      expect(
        source,
        key,
        value,
        (v) => !VERBOSE_JAVA_LEVELS.has(String(v).toUpperCase()),
        'WARNING or quieter',
      ),
    );
  }
  return judge(findings, `${component} logs at WARNING`);
}
