/**
 * Page-path patterns for the `path` filter: `*` matches within one segment, `**` across
 * segments, `?` one character other than `/`, `{a,b}` either alternative (not nested), and
 * `\` escapes the next character. A pattern without any of these is an exact path. Compiled
 * to an anchored regular expression in the RE2 syntax DuckDB's regexp_full_match takes (also
 * valid for JavaScript's RegExp).
 */

export class GlobError extends Error {
  override name = 'GlobError';
}

const META = /[*?{}\\]/;

export function isGlob(pattern: string): boolean {
  return META.test(pattern);
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c;
}

/** The regular expression source (without anchors: callers match it in full). */
export function globToRegExpSource(pattern: string): string {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length) throw new GlobError('pattern ends with a lone "\\"');
      out += escapeChar(pattern[++i]);
    } else if (c === '*') {
      if (pattern[i + 1] === '*') {
        // "/**/" also matches a single "/", so "/docs/**/intro" matches "/docs/intro".
        if (out.endsWith('\\/') && pattern[i + 2] === '/') {
          out = `${out.slice(0, -2)}(?:\\/.*)?\\/`;
          i += 2;
        } else {
          out += '.*';
          i++;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      if (inBraces) throw new GlobError('nested "{" in path pattern');
      inBraces = true;
      out += '(?:';
    } else if (c === '}') {
      if (!inBraces) throw new GlobError('unmatched "}" in path pattern');
      inBraces = false;
      out += ')';
    } else if (c === ',' && inBraces) out += '|';
    else out += escapeChar(c);
  }
  if (inBraces) throw new GlobError('unclosed "{" in path pattern');
  return out;
}

export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${globToRegExpSource(pattern)})$`);
}
