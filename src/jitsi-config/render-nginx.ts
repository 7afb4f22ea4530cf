import { commentText, type Setting } from './setting.ts';

const DIRECTIVE = /^[a-z_]+$/;
const BARE_ARGUMENT = /^[A-Za-z0-9_./:-]+$/;

/**
 * Renders settings as nginx directives, one per line. The key is the directive name and the
 * value its argument or list of arguments. Arguments with spaces or quotes are double-quoted.
 * A `$` is rejected, because nginx would read it as a variable.
 */
export function renderNginx(header: readonly string[], settings: readonly Setting[]): string {
  const lines = header.map((line) => `# ${line}`);
  for (const setting of settings) {
    if (!DIRECTIVE.test(setting.key)) {
      throw new Error(`nginx directive "${setting.key}" is not a directive name`);
    }
    const args = Array.isArray(setting.value) ? setting.value : [setting.value];
    const rendered = args.map((arg: unknown) => nginxArgument(setting.key, arg));
    lines.push('');
    const comment = commentText(setting);
    if (comment !== undefined) lines.push(`# ${comment}`);
    lines.push(`${setting.key} ${rendered.join(' ')};`);
  }
  return `${lines.join('\n')}\n`;
}

function nginxArgument(directive: string, arg: unknown): string {
  if (typeof arg !== 'string' && typeof arg !== 'number') {
    throw new Error(`nginx directive ${directive} has argument ${String(arg)}; use strings`);
  }
  const text = String(arg);
  if (text.includes('$') || /[\n\r]/.test(text)) {
    throw new Error(
      `nginx directive ${directive} has argument "${text}" with "$" or a line break; ` +
        'nginx would expand or split it',
    );
  }
  if (BARE_ARGUMENT.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
