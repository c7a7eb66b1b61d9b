/**
 * `.dockerignore` files as BuildKit reads and applies them, written from its documented behaviour
 * and its pattern tests (moby/patternmatcher, tonistiigi/fsutil), with no regex at match time:
 *
 * - Reading: a UTF-8 BOM is dropped; a line whose first character is `#` is a comment (an indented
 *   `#` is a pattern); each line is trimmed; `!` makes an exception (the rest trimmed again); the
 *   pattern is cleaned like Go's `filepath.Clean` (`./a/` is `a`, `a/../b` is `b`) and one
 *   leading `/` dropped (`/secret` is `secret`: patterns are relative to the context root).
 * - Patterns: `*` is any run of characters but `/`, `?` one such character, `[a-z]`/`[^a-z]` a
 *   class, `\` escapes the next character, `**` any number of directories (before a name, after a folder, or between two).
 *   A path is excluded when a pattern matches it or one of its parent directories, and the last
 *   matching pattern wins (an exception re-includes).
 * - The walk: an excluded directory is not entered unless an exception could re-include something
 *   under it (fsutil decides by the exception's text: `!dir/keep` enters `dir`; an exception with a wildcard
 *   makes it enter every excluded folder), exactly as fsutil prunes.
 * - A malformed pattern (`[`, a lone `!`, a trailing `\`) makes BuildKit fail the build; `invalid`
 *   says so and where.
 *
 * Matching runs a small automaton over the path (a set of positions in the pattern), linear in the
 * length of the path times the length of the pattern, whatever either holds.
 */

/** One compiled pattern line. */
export interface IgnorePattern {
  /** 1-based line in the file. */
  line: number;
  /** The line as written, trimmed. */
  raw: string;
  /** The cleaned pattern (without `!`), as BuildKit compares it. */
  pattern: string;
  exclusion: boolean;
  /** How BuildKit matches it: whole string, prefix (a trailing `**`), suffix (a leading `**`), or pattern. */
  type: 'exact' | 'prefix' | 'suffix' | 'pattern';
  tokens: Token[];
}

export interface IgnoreFile {
  patterns: IgnorePattern[];
  /** The first line BuildKit refuses (the build fails), if any. */
  invalid?: { line: number; message: string };
  /** Whether any pattern is an exception (`!`). */
  hasExceptions: boolean;
  /** Whether every exception is a plain prefix (fsutil's `onlyPrefixExcludeExceptions`). */
  onlyPrefixExceptions: boolean;
}

type Token =
  | { t: 'lit'; c: string }
  | { t: 'star' }
  | { t: 'one' }
  | { t: 'class'; negated: boolean; ranges: [string, string][] }
  /** BuildKit's regex group for `**` before more pattern: nothing, or anything ending in a slash. */
  | { t: 'dirs' }
  /** Anything at all (a trailing `**` after a wildcard). */
  | { t: 'any' };

/** Bounds against a hostile file: longer lines and files past this many patterns are cut off. */
export const MAX_PATTERNS = 10_000;
const MAX_PATTERN_LENGTH = 4096;

/** Go's `filepath.Clean` for slash-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Go's `strings.TrimSpace` (ASCII and Unicode white space). */
function trimSpace(s: string): string {
  return s.trim();
}

/** Reads a `.dockerignore` file: its pattern lines, as BuildKit's ignorefile.ReadAll + patternmatcher.New. */
export function parseDockerignore(text: string): IgnoreFile {
  const out: IgnoreFile = { patterns: [], hasExceptions: false, onlyPrefixExceptions: true };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.patterns.length < MAX_PATTERNS; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.startsWith('#')) continue;
    let p = trimSpace(line);
    if (p === '') continue;
    const raw = p;
    // ignorefile.ReadAll
    const invert = p.startsWith('!');
    if (invert) p = trimSpace(p.slice(1));
    if (p.length > 0) {
      p = cleanPath(p);
      if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    }
    if (invert) p = '!' + p;
    // patternmatcher.New
    p = cleanPath(trimSpace(p));
    let exclusion = false;
    if (p.startsWith('!')) {
      if (p.length === 1) {
        out.invalid ??= { line: i + 1, message: 'illegal exclusion pattern: "!"' };
        continue;
      }
      exclusion = true;
      p = p.slice(1);
    }
    if (p.length > MAX_PATTERN_LENGTH) {
      out.invalid ??= { line: i + 1, message: 'pattern too long to check' };
      continue;
    }
    const compiled = compile(p);
    if ('error' in compiled) {
      out.invalid ??= { line: i + 1, message: compiled.error };
      continue;
    }
    if (exclusion) {
      out.hasExceptions = true;
      if (/[*[\]?^\\]/.test(withoutTrailingGlob(p))) out.onlyPrefixExceptions = false;
    }
    out.patterns.push({
      line: i + 1,
      raw,
      pattern: p,
      exclusion,
      type: compiled.type,
      tokens: compiled.tokens,
    });
  }
  return out;
}

/** fsutil's patternWithoutTrailingGlob. */
function withoutTrailingGlob(p: string): string {
  let s = p;
  if (s.endsWith('/**')) s = s.slice(0, -3);
  if (s.endsWith('/*')) s = s.slice(0, -2);
  return s;
}

/** `[...]` at `i` (just past `[`), as Go's filepath.Match validates it; the class and where it ends. */
function readClass(
  chars: string[],
  i: number,
): { token: Token & { t: 'class' }; end: number } | { error: string } {
  let j = i;
  let negated = false;
  if (chars[j] === '^') {
    negated = true;
    j++;
  }
  const ranges: [string, string][] = [];
  const esc = (): string | undefined => {
    let c = chars[j];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') {
      j++;
      c = chars[j];
      if (c === undefined) return undefined;
    }
    j++;
    if (j >= chars.length) return undefined;
    return c;
  };
  for (;;) {
    if (chars[j] === ']' && ranges.length > 0) return { token: { t: 'class', negated, ranges }, end: j + 1 };
    const lo = esc();
    if (lo === undefined) return { error: 'syntax error in pattern' };
    let hi = lo;
    if (chars[j] === '-') {
      j++;
      const h = esc();
      if (h === undefined) return { error: 'syntax error in pattern' };
      hi = h;
    }
    ranges.push([lo, hi]);
  }
}

/** patternmatcher's compile: the match type it picks and the pattern as tokens. */
function compile(pattern: string): { type: IgnorePattern['type']; tokens: Token[] } | { error: string } {
  const chars = [...pattern];
  const tokens: Token[] = [];
  let type: IgnorePattern['type'] = 'exact';
  for (let i = 0, k = 0; k < chars.length; i++) {
    const ch = chars[k++]!;
    if (ch === '*') {
      if (chars[k] === '*') {
        k++;
        if (chars[k] === '/') k++;
        if (k >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            tokens.push({ t: 'any' });
            type = 'pattern';
          }
        } else {
          tokens.push({ t: 'dirs' });
          type = 'pattern';
        }
        if (i === 0) type = 'suffix';
      } else {
        tokens.push({ t: 'star' });
        type = 'pattern';
      }
    } else if (ch === '?') {
      tokens.push({ t: 'one' });
      type = 'pattern';
    } else if (ch === '\\') {
      if (k >= chars.length) return { error: 'syntax error in pattern' };
      tokens.push({ t: 'lit', c: chars[k++]! });
      type = 'pattern';
    } else if (ch === '[') {
      const cls = readClass(chars, k);
      if ('error' in cls) return cls;
      tokens.push(cls.token);
      k = cls.end;
      type = 'pattern';
    } else if (ch === ']') {
      // filepath.Match reads a lone `]` as itself.
      tokens.push({ t: 'lit', c: ch });
      type = 'pattern';
    } else {
      tokens.push({ t: 'lit', c: ch });
    }
  }
  return { type, tokens };
}

function inClass(tok: Token & { t: 'class' }, c: string): boolean {
  const cp = c.codePointAt(0)!;
  let hit = false;
  for (const [lo, hi] of tok.ranges) {
    if (cp >= lo.codePointAt(0)! && cp <= hi.codePointAt(0)!) {
      hit = true;
      break;
    }
  }
  return hit !== tok.negated;
}

/** Runs the token automaton over the whole path: a set of positions, no backtracking. */
function matchTokens(tokens: Token[], path: string): boolean {
  const n = tokens.length;
  // Position p means "tokens[0..p) are matched"; for a `dirs` token at p, `inside[p]` means its
  // `.*` has started (and it may only end after a `/`).
  let at = new Uint8Array(n + 1);
  let inside = new Uint8Array(n + 1);
  const close = (set: Uint8Array) => {
    for (let p = 0; p < n; p++) {
      const t = tokens[p]!;
      if (set[p] && (t.t === 'star' || t.t === 'any' || t.t === 'dirs')) set[p + 1] = 1;
    }
  };
  at[0] = 1;
  close(at);
  for (const c of path) {
    const next = new Uint8Array(n + 1);
    const nextInside = new Uint8Array(n + 1);
    let alive = false;
    for (let p = 0; p < n; p++) {
      const t = tokens[p]!;
      const here = at[p] === 1;
      if (t.t === 'dirs') {
        if (here || inside[p]) {
          nextInside[p] = 1;
          if (c === '/') next[p + 1] = 1;
          alive = true;
        }
        continue;
      }
      if (!here) continue;
      switch (t.t) {
        case 'lit':
          if (t.c === c) next[p + 1] = 1;
          break;
        case 'one':
          if (c !== '/') next[p + 1] = 1;
          break;
        case 'class':
          if (inClass(t, c)) next[p + 1] = 1;
          break;
        case 'star':
          if (c !== '/') next[p] = 1;
          break;
        case 'any':
          next[p] = 1;
          break;
      }
    }
    close(next);
    at = next;
    inside = nextInside;
    if (!alive && !at.some((v) => v === 1)) return false;
  }
  return at[n] === 1;
}

/** One pattern against one slash-separated path relative to the context root. */
export function patternMatches(p: IgnorePattern, path: string): boolean {
  switch (p.type) {
    case 'exact':
      return path === p.pattern;
    case 'prefix':
      return path.startsWith(p.pattern.slice(0, -2));
    case 'suffix': {
      const suffix = p.pattern.slice(2);
      if (path.endsWith(suffix)) return true;
      return suffix.startsWith('/') && path === suffix.slice(1);
    }
    default:
      return matchTokens(p.tokens, path);
  }
}

/** Per-pattern results for a directory, handed to its children (patternmatcher's MatchInfo). */
export type MatchInfo = readonly boolean[] | undefined;

/**
 * Whether a path is excluded, given its parent directory's MatchInfo (undefined at the top: the
 * parents are then tested one by one), and the MatchInfo to hand to its children. This is
 * patternmatcher's MatchesUsingParentResults; `by` is the last pattern that decided.
 */
export function matchPath(
  file: IgnoreFile,
  path: string,
  parent: MatchInfo,
): { excluded: boolean; info: boolean[]; by?: IgnorePattern } {
  let matched = false;
  let by: IgnorePattern | undefined;
  const info: boolean[] = new Array<boolean>(file.patterns.length).fill(false);
  const slash = path.lastIndexOf('/');
  const parentDirs = slash === -1 ? [] : path.slice(0, slash).split('/');
  file.patterns.forEach((p, i) => {
    let match = parent ? parent[i] === true : false;
    if (!match) {
      if (p.exclusion !== matched) return;
      match = patternMatches(p, path);
      if (!match && !parent) {
        for (let d = 1; d <= parentDirs.length && !match; d++)
          match = patternMatches(p, parentDirs.slice(0, d).join('/'));
      }
    }
    info[i] = match;
    if (match) {
      matched = !p.exclusion;
      by = p;
    }
  });
  return { excluded: matched, info, ...(by ? { by } : {}) };
}

/**
 * Whether the walk enters an excluded directory: only when an exception may re-include something
 * under it (fsutil: with only plain-prefix exceptions, one must start with `dir/`; any exception
 * with a wildcard makes it enter every excluded directory).
 */
export function entersExcludedDir(file: IgnoreFile, dir: string): boolean {
  if (!file.hasExceptions) return false;
  if (!file.onlyPrefixExceptions) return true;
  const dirSlash = dir + '/';
  return file.patterns.some(
    (p) => p.exclusion && (withoutTrailingGlob(p.pattern) + '/').startsWith(dirSlash),
  );
}

/**
 * A COPY/ADD source with wildcards, as Go's filepath.Match reads it against a context path:
 * `*` and `?` stop at `/`, `[...]` classes, `\` escapes. Undefined for a malformed pattern.
 */
export function compileSourceGlob(pattern: string): ((path: string) => boolean) | undefined {
  const chars = [...pattern];
  const tokens: Token[] = [];
  for (let k = 0; k < chars.length;) {
    const ch = chars[k++]!;
    if (ch === '*') {
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
    } else if (ch === '?') tokens.push({ t: 'one' });
    else if (ch === '\\') {
      if (k >= chars.length) return undefined;
      tokens.push({ t: 'lit', c: chars[k++]! });
    } else if (ch === '[') {
      const cls = readClass(chars, k);
      if ('error' in cls) return undefined;
      tokens.push(cls.token);
      k = cls.end;
    } else tokens.push({ t: 'lit', c: ch });
  }
  return (path) => matchTokens(tokens, path);
}

/** Whether a COPY source has wildcards. */
export function hasWildcard(s: string): boolean {
  return /[*?[\\]/.test(s);
}
