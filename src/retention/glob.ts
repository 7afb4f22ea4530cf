/**
 * Glob patterns for paths relative to the retention root, with `/` between segments:
 * `*` matches within one segment, `?` one character of a segment, and `**` any number of whole
 * segments (`**` followed by `/` also matches none). Matching is case-sensitive, like Linux file
 * names. Dots are not special, so `*` matches `.hidden` too.
 */

/** Compiles a pattern; throws naming the pattern when it is absolute or climbs out of the root. */
export function compileGlob(pattern: string): RegExp {
  if (pattern === '' || pattern.startsWith('/')) {
    throw new Error(
      `keep pattern "${pattern}" is empty or absolute; write it relative to --path, ` +
        'e.g. "accounts/*"',
    );
  }
  if (pattern.split('/').includes('..')) {
    throw new Error(`keep pattern "${pattern}" contains "..", which would point outside --path`);
  }
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (pattern.startsWith('**/', i)) {
      source += '(?:[^/]*/)*';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Returns a predicate that is true when a relative path matches any of the patterns. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const compiled = patterns.map(compileGlob);
  return (relativePath) => compiled.some((re) => re.test(relativePath));
}
