import { gitFragment, isFullCommit } from '../../refs/git.js';
import { LineIndex, ParseError } from '../position.js';
import { unpackPos } from './json-positions.js';
import type { LockfileFormat, LockfileModel, Package, PackageSource } from './model.js';

/** An empty model; format parsers fill `packages`, `importers` and `registries`. */
export function newModel(text: string, path: string, format: LockfileFormat): LockfileModel {
  return { path, text, format, packages: [], importers: [], registries: [], conflictMarkers: [] };
}

/**
 * Git merge-conflict markers at a line start. `=======` counts only as a whole line (it is also a
 * valid separator in some text), the others when followed by a space or the end of the line, as
 * git writes them. Native indexOf per marker keeps this far cheaper than a per-line loop.
 */
export function findConflictMarkers(text: string): { line: number; column: number }[] {
  const offsets: number[] = [];
  for (const marker of ['<<<<<<<', '|||||||', '=======', '>>>>>>>']) {
    let i = text.indexOf(marker);
    while (i !== -1) {
      const atLineStart = i === 0 || text.charCodeAt(i - 1) === 10;
      if (atLineStart) {
        const next = i + 7 < text.length ? text.charCodeAt(i + 7) : 10;
        const ok =
          marker === '======='
            ? next === 10 || (next === 13 && (i + 8 >= text.length || text.charCodeAt(i + 8) === 10))
            : next === 32 || next === 10 || next === 13 || next === 9;
        if (ok) offsets.push(i);
      }
      // skip the rest of a run of the marker character
      const end = text.indexOf('\n', i);
      i = end === -1 ? -1 : text.indexOf(marker, end + 1);
    }
  }
  if (offsets.length === 0) return [];
  offsets.sort((a, b) => a - b);
  const lines = new LineIndex(text);
  return offsets.map((o) => lines.pos(o));
}

/** JSON.parse with input errors turned into ParseError at the reported position. */
export function parseJsonText(text: string, what: string): unknown {
  if (text.trim() === '') throw new ParseError(`empty ${what}`, 1, 1);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (e instanceof RangeError) throw new ParseError(`${what} is nested too deeply to read`, 1, 1);
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    let offset = m ? Number(m[1]) : text.length;
    if (/end of (JSON )?input/i.test(message)) offset = text.length;
    const pos = new LineIndex(text).pos(Math.min(offset, text.length));
    throw new ParseError(`invalid JSON in ${what}: ${message}`, pos.line, pos.column);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `@scope/name@spec` / `name@spec` -> [name, spec]; spec is undefined without an `@`. */
export function splitIdent(ident: string): [string, string | undefined] {
  const at = ident.indexOf('@', ident.startsWith('@') ? 1 : 0);
  if (at <= 0) return [ident, undefined];
  return [ident.slice(0, at), ident.slice(at + 1)];
}

const GIT_PREFIXES = ['git+', 'git:', 'git@', 'github:', 'gitlab:', 'bitbucket:', 'gist:'];

export function isGitUrl(url: string): boolean {
  for (const p of GIT_PREFIXES) if (url.startsWith(p)) return true;
  return false;
}

/**
 * A registry tarball URL follows `<registry>/<name>/-/<file>.tgz` (the public registry, private
 * registries and proxies alike); any other http(s) URL is a direct tarball dependency.
 */
export function isRegistryTarball(url: string): boolean {
  let end = url.indexOf('#');
  if (end === -1) end = url.length;
  const q = url.indexOf('?');
  if (q !== -1 && q < end) end = q;
  const dash = url.indexOf('/-/');
  if (dash === -1 || dash > end) return false;
  return url.startsWith('.tgz', end - 4) || url.startsWith('.tar.gz', end - 7);
}

/** Classifies a JavaScript-ecosystem resolved URL/spec; commit only for git. */
export function classifyJsResolved(resolved: string): { source: PackageSource; commit?: string } {
  if (isGitUrl(resolved)) return { source: 'git', commit: gitFragment(resolved) };
  if (resolved.startsWith('https://') || resolved.startsWith('http://')) {
    return { source: isRegistryTarball(resolved) ? 'registry' : 'tarball' };
  }
  if (resolved.startsWith('link:')) return { source: 'link' };
  if (resolved.startsWith('workspace:')) return { source: 'workspace' };
  if (resolved.startsWith('file:') || !resolved.includes('://')) return { source: 'file' };
  // other schemes (ftp://, ...): a direct download
  return { source: 'tarball' };
}

/** `user/repo` or `user/repo#ref` (the GitHub shorthand npm and yarn accept in a range). */
const GITHUB_SHORTHAND = /^[A-Za-z0-9_.-]{1,214}\/[A-Za-z0-9_.-]{1,214}(#|$)/;

/**
 * Classifies a dependency spec as written in a descriptor or an npm v1 `version` (not a resolved
 * URL): git (`git+…`, `git://`, `ssh://`, `github:`, `gitlab:`, `bitbucket:`, `gist:`, `git@…`,
 * `user/repo#ref`, http(s) URLs ending in `.git`), http(s) tarball, `file:`, `link:`/`portal:`,
 * `workspace:`. Undefined for registry ranges, dist-tags and `npm:` aliases. For git, `commit`
 * is set only when the ref is a full commit (a branch or tag stays in the spec).
 */
export function classifyJsSpec(spec: string): { source: PackageSource; commit?: string } | undefined {
  if (spec === '' || spec.startsWith('npm:')) return undefined;
  let git = isGitUrl(spec) || spec.startsWith('ssh://');
  if (!git && (spec.startsWith('https://') || spec.startsWith('http://'))) {
    let end = spec.indexOf('#');
    if (end === -1) end = spec.length;
    git = spec.startsWith('.git', end - 4);
    if (!git) return { source: 'tarball' };
  }
  if (!git && spec.length <= 2048 && !spec.startsWith('@') && GITHUB_SHORTHAND.test(spec)) git = true;
  if (git) {
    const ref = gitFragment(spec);
    return ref !== undefined && isFullCommit(ref) ? { source: 'git', commit: ref } : { source: 'git' };
  }
  if (spec.startsWith('file:')) return { source: 'file' };
  if (spec.startsWith('link:') || spec.startsWith('portal:')) return { source: 'link' };
  if (spec.startsWith('workspace:')) return { source: 'workspace' };
  return undefined;
}

/** Unpacks a position from scanJson, or line 1 column 1 when unknown. */
export function atPos(packed: number | undefined): { line: number; column: number } {
  return packed === undefined ? { line: 1, column: 1 } : unpackPos(packed);
}

/** Sets resolved/integrity with their positions when known. */
export function setPos(
  p: Package,
  field: 'resolved' | 'integrity',
  pos: { line: number; column: number } | undefined,
): void {
  if (!pos) return;
  if (field === 'resolved') {
    p.resolvedLine = pos.line;
    p.resolvedColumn = pos.column;
  } else {
    p.integrityLine = pos.line;
    p.integrityColumn = pos.column;
  }
}

/** Iterates lines with their 0-based start offsets; `\r` before `\n` is dropped. */
export function* eachLine(text: string): Generator<{ no: number; start: number; text: string }> {
  let start = 0;
  let no = 1;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    let e = end;
    if (e > start && text.charCodeAt(e - 1) === 13) e--;
    yield { no, start, text: text.slice(start, e) };
    start = end + 1;
    no++;
  }
}

/** Converts errors a library throws on hostile input into ParseError. */
export function hostileToParseError(e: unknown, what: string): never {
  if (e instanceof ParseError) throw e;
  if (e instanceof RangeError) throw new ParseError(`${what} is nested too deeply to read`, 1, 1);
  if (e instanceof ReferenceError && /alias/i.test(e.message)) {
    throw new ParseError(`${what} expands too many YAML aliases (resource exhaustion)`, 1, 1);
  }
  throw e;
}

/** How far past an entry's key the name is looked for: keys and `name = "…"` lines are short. */
const NAME_SEARCH = 4096;

function isNameEnd(code: number): boolean {
  // after a name: a quote, the version separator, a path or key separator, space, or the line end
  return (
    Number.isNaN(code) ||
    code === 34 ||
    code === 39 ||
    code === 64 ||
    code === 47 ||
    code === 58 ||
    code === 44 ||
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13
  );
}

/** Offset of the closing `"`/`'` of a key token starting at `open` on its line, or -1 (escapes, too long). */
function tokenEnd(text: string, open: number): number {
  const q = text.charCodeAt(open);
  const limit = Math.min(text.length, open + NAME_SEARCH);
  for (let i = open + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === q) return i;
    if (c === 92 || c === 10) return -1;
  }
  return -1;
}

/**
 * Where the package name sits in its entry, as an offset into the text, or undefined. Covers the
 * layouts the parsers record `line`/`column` for: a key that starts with the name (`"name"`,
 * pnpm `/name@1.0.0`, yarn `"name@^1"`), a quoted key that ends with it (npm
 * `"node_modules/a/node_modules/name"`, bun `"parent/name"`), and a `name = "…"` / `"name": "…"`
 * field line (Cargo, Poetry, uv, Composer). Every candidate is checked against the text, so an
 * escaped or rewritten key never yields a span over other text.
 */
function nameOffset(text: string, start: number, name: string): number | undefined {
  if (name === '') return undefined;
  const at = (o: number): boolean => text.startsWith(name, o) && isNameEnd(text.charCodeAt(o + name.length));
  const c0 = text.charCodeAt(start);
  const quoted = c0 === 34 || c0 === 39;
  let o = quoted ? start + 1 : start;
  if (at(o)) return o;
  if (text.charCodeAt(o) === 47 && at(o + 1)) return o + 1; // pnpm `/name@1.0.0`
  if (quoted) {
    const end = tokenEnd(text, start);
    if (end !== -1 && end - name.length > o && text.charCodeAt(end - name.length - 1) === 47) {
      if (text.startsWith(name, end - name.length)) return end - name.length;
    }
  }
  // `name = "x"` (TOML) or `"name": "x"` (JSON)
  if (text.startsWith('name', o) && (quoted ? text.charCodeAt(o + 4) === c0 : true)) {
    o += quoted ? 5 : 4;
    const limit = Math.min(text.length, o + 64);
    while (o < limit && (text.charCodeAt(o) === 32 || text.charCodeAt(o) === 9)) o++;
    const sep = text.charCodeAt(o);
    if (sep !== (quoted ? 58 : 61)) return undefined;
    o++;
    while (o < limit && (text.charCodeAt(o) === 32 || text.charCodeAt(o) === 9)) o++;
    const q = text.charCodeAt(o);
    if ((q === 34 || q === 39) && text.startsWith(name, o + 1) && text.charCodeAt(o + 1 + name.length) === q)
      return o + 1;
  }
  return undefined;
}

/**
 * Sets `nameColumn`/`nameLength` on every package a parser left them unset for: the name where
 * the text shows it, else the key token (a quoted key to its closing quote, a bare one to the
 * first `:`, space or comma), so a finding never highlights part of an unrelated word.
 */
export function locateNames(model: LockfileModel): void {
  if (model.packages.length === 0) return;
  const lines = new LineIndex(model.text);
  const text = model.text;
  for (const p of model.packages) {
    if (p.nameColumn !== undefined) continue;
    const lineStart = lines.lineStart(p.line);
    const start = lineStart + p.column - 1;
    if (start < 0 || start >= text.length) continue;
    const name = p.name;
    const o = nameOffset(text, start, name);
    if (o !== undefined) {
      p.nameColumn = o - lineStart + 1;
      p.nameLength = name.length;
      continue;
    }
    const c0 = text.charCodeAt(start);
    let end = c0 === 34 || c0 === 39 ? tokenEnd(text, start) + 1 : -1;
    if (end <= 0) {
      const limit = Math.min(text.length, start + NAME_SEARCH);
      end = start + 1;
      while (end < limit) {
        const c = text.charCodeAt(end);
        if (c === 32 || c === 44 || c === 10 || c === 13 || c === 9) break;
        // a YAML key ends at `: ` or `:` at the line end (`file:../x:` keeps its scheme colon)
        if (c === 58 && (end + 1 >= text.length || ' \r\n'.includes(text[end + 1]!))) break;
        end++;
      }
    }
    p.nameColumn = p.column;
    p.nameLength = Math.max(1, end - start);
  }
}
