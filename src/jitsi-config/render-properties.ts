import { commentText, type Setting } from './setting.ts';

/**
 * Renders settings as a Java properties file, the format of `java.util.logging` configuration.
 * Keys and values are escaped the way `java.util.Properties.load` reads them, and characters
 * outside printable ASCII become `\uXXXX`, so the file does not depend on a character set.
 */
export function renderProperties(header: readonly string[], settings: readonly Setting[]): string {
  const lines = header.map((line) => `# ${line}`);
  for (const setting of settings) {
    const value = setting.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Error(
        `property "${setting.key}" has a ${value === null ? 'null' : typeof value} value; ` +
          'properties files hold strings, numbers or booleans only',
      );
    }
    lines.push('');
    const comment = commentText(setting);
    if (comment !== undefined) lines.push(`# ${comment}`);
    lines.push(`${escapeProperty(setting.key, true)}=${escapeProperty(String(value), false)}`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeProperty(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    const code = text.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (ch === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (isKey && (ch === '=' || ch === ':' || ch === '#' || ch === '!')) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}
