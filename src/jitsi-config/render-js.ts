import { commentText, type Setting } from './setting.ts';
import { stableJson } from './stable-json.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders settings as ES5 statements on a global object (`config` or `interfaceConfig`). The
 * web image appends the result to the file it generates, so each statement overrides what the
 * image set before. Dotted keys create missing parent objects first; an `undefined` value
 * deletes the key.
 */
export function renderJsAssignments(
  objectName: string,
  header: readonly string[],
  settings: readonly Setting[],
): string {
  const lines = header.map((line) => `// ${line}`);
  const ensured = new Set<string>();
  for (const setting of settings) {
    const path = splitPath(objectName, setting.key);
    lines.push('');
    const comment = commentText(setting);
    if (comment !== undefined) lines.push(`// ${comment}`);
    for (let depth = 1; depth < path.length - 1; depth += 1) {
      const parent = path.slice(0, depth + 1).join('.');
      if (ensured.has(parent)) continue;
      ensured.add(parent);
      lines.push(`if (typeof ${parent} !== 'object' || ${parent} === null) ${parent} = {};`);
    }
    const target = path.join('.');
    if (setting.value === undefined) {
      lines.push(`delete ${target};`);
    } else {
      lines.push(`${target} = ${stableJson(setting.value)};`);
      ensured.add(target);
    }
  }
  return `${lines.join('\n')}\n`;
}

function splitPath(objectName: string, key: string): string[] {
  const path = [objectName, ...key.split('.')];
  for (const segment of path) {
    if (!IDENTIFIER.test(segment)) {
      throw new Error(
        `JavaScript setting "${key}" has segment "${segment}", which is not an identifier; ` +
          'use dotted identifiers such as p2p.enabled',
      );
    }
  }
  return path;
}
