import type { ConfigValue } from './setting.ts';
import { commentText, type Setting } from './setting.ts';

const LUA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Renders settings as global assignments in a Prosody configuration file. Prosody parses every
 * included file starting in the global scope, so these lines set server-wide options, and they
 * replace what the main file set before its `Include` line.
 */
export function renderLuaConfig(header: readonly string[], settings: readonly Setting[]): string {
  const lines = header.map((line) => `-- ${line}`);
  for (const setting of settings) {
    if (setting.value === undefined || !LUA_NAME.test(setting.key)) {
      throw new Error(
        `Prosody option "${setting.key}" must be a Lua name with a value; ` +
          'options cannot be removed from a Prosody configuration',
      );
    }
    lines.push('');
    const comment = commentText(setting);
    if (comment !== undefined) lines.push(`-- ${comment}`);
    lines.push(`${setting.key} = ${luaValue(setting.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function luaValue(value: ConfigValue): string {
  if (value === null) throw new Error('Lua has no null value in a table; leave the option out');
  if (typeof value === 'string') return luaString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Lua option value ${value} is not finite`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item: ConfigValue) => luaValue(item));
    return items.length === 0 ? '{}' : `{ ${items.join(', ')} }`;
  }
  const record = value as Readonly<Record<string, ConfigValue>>;
  const fields = Object.keys(record)
    .sort()
    .map((key) => {
      const name = LUA_NAME.test(key) ? key : `[${luaString(key)}]`;
      return `${name} = ${luaValue(record[key] as ConfigValue)}`;
    });
  return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
}

function luaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString().padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
