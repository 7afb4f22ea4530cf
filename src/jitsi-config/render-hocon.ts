import { commentText, type Setting } from './setting.ts';
import { stableJson } from './stable-json.ts';

const PATH_SEGMENT = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Renders settings as HOCON path assignments (`a.b.c = value`). The images include the file at
 * the end of the generated configuration, and in HOCON a later value for the same path wins, so
 * each line overrides the image's template. Values are JSON, which HOCON accepts as is.
 */
export function renderHocon(header: readonly string[], settings: readonly Setting[]): string {
  const lines = header.map((line) => `# ${line}`);
  for (const setting of settings) {
    if (setting.value === undefined) {
      throw new Error(
        `HOCON setting "${setting.key}" has no value; HOCON files cannot remove keys`,
      );
    }
    for (const segment of setting.key.split('.')) {
      if (!PATH_SEGMENT.test(segment)) {
        throw new Error(
          `HOCON path "${setting.key}" has segment "${segment}"; ` +
            'use lower-case words joined by hyphens, as the Jitsi reference configuration does',
        );
      }
    }
    lines.push('');
    const comment = commentText(setting);
    if (comment !== undefined) lines.push(`# ${comment}`);
    lines.push(`${setting.key} = ${stableJson(setting.value)}`);
  }
  return `${lines.join('\n')}\n`;
}
