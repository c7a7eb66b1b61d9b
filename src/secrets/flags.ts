/**
 * Credentials passed as command-line flags: `curl -u user:pass` (`--user`, `--proxy-user`, `-U`),
 * `--password x` / `--token x` / `--api-key x` (any long flag whose name says it holds a secret),
 * and `-p x` where it can only be a password (`docker login -p`, `mysql -pSECRET`). The
 * `--password=x` form is an assignment and is found with those.
 */
import { nameTokens, isSecretName } from './names.js';
import { startsWithReference } from './mask.js';
import type { SecretSpan } from './span.js';

const MAX_FLAG = 48;
const MAX_VALUE = 4096;
/** How far back a `-p` looks for the command it belongs to. */
const MAX_SEGMENT = 256;

const USER_FLAGS = new Set(['-u', '--user', '--proxy-user', '-U']);
/** Long flags that name a secret but take something else (`--password-stdin`, `docker build --secret id=…`). */
const NOT_VALUE_FLAGS = new Set(['secret', 'secrets']);
/** Tools whose `login -p` is a password (`docker login -u me -p x registry`). */
const LOGIN_TOOLS = new Set([
  'docker',
  'podman',
  'buildah',
  'skopeo',
  'nerdctl',
  'oras',
  'helm',
  'crane',
  'regctl',
]);
/** Tools whose attached `-pSECRET` is a password (`mysql -uroot -pS3cret`). */
const MYSQL_TOOLS = new Set([
  'mysql',
  'mysqladmin',
  'mysqldump',
  'mysqlimport',
  'mysqlshow',
  'mariadb',
  'mariadb-dump',
]);

function isFlagChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_';
}

/** A word from `i`: inside its quotes when quoted, else up to whitespace or a shell separator. */
function wordAt(s: string, i: number): SecretSpan {
  const limit = Math.min(s.length, i + MAX_VALUE);
  const q = s[i];
  if (q === '"' || q === "'") {
    let j = i + 1;
    while (j < limit && s[j] !== q && s[j] !== '\n') j++;
    return { start: i + 1, end: j };
  }
  let j = i;
  while (j < limit && !' \t\r\n"\'`;|&<>()'.includes(s[j]!)) j++;
  return { start: i, end: j };
}

function skipBlanks(s: string, i: number): number {
  let j = i;
  while (j < s.length && j - i < 16 && (s[j] === ' ' || s[j] === '\t')) j++;
  return j;
}

function isDigits(v: string): boolean {
  return v.length > 0 && [...v].every((c) => c >= '0' && c <= '9');
}

/** The password part of a `user:password` value, unless it is a reference or a uid:gid pair. */
function userPassword(s: string, w: SecretSpan): SecretSpan | undefined {
  let depth = 0;
  for (let i = w.start; i < w.end; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      const pw = s.slice(i + 1, w.end);
      if (pw === '' || startsWithReference(pw) || isDigits(pw)) return undefined;
      return { start: i + 1, end: w.end };
    }
  }
  return undefined;
}

/** The command text a flag at `i` belongs to: back to the last separator, bounded. */
function segmentBefore(s: string, i: number): string {
  let j = i;
  while (j > 0 && i - j < MAX_SEGMENT && !';&|\n('.includes(s[j - 1]!)) j--;
  return s.slice(j, i).trimStart();
}

/** The command a segment runs (after `sudo`), without its directory. */
function toolOf(segment: string): string {
  const words = segment.split(/[ \t]+/, 3);
  const w = words[words[0] === 'sudo' ? 1 : 0] ?? '';
  return w.slice(w.lastIndexOf('/') + 1);
}

function secretFlagName(name: string): boolean {
  if (NOT_VALUE_FLAGS.has(name) || name.startsWith('no-')) return false;
  const t = nameTokens(name);
  // `--password-stdin`, `--ask-password`: the value comes from elsewhere.
  if (t[t.length - 1] === 'stdin' || t[0] === 'ask') return false;
  return isSecretName(name) || name === 'oauth2-bearer';
}

function valueAfter(s: string, end: number): SecretSpan | undefined {
  const v = skipBlanks(s, end);
  if (v === end || v >= s.length || s[v] === '-') return undefined;
  const w = wordAt(s, v);
  return w.end > w.start ? w : undefined;
}

/** The credential values of flags in `s`. */
export function findFlagSecrets(s: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  // `-p` is only a password after one of these; without them no segment is looked at.
  const pTools = s.includes('login') || s.includes('mysql') || s.includes('mariadb');
  let i = 0;
  for (;;) {
    i = s.indexOf('-', i);
    if (i === -1) break;
    const prev = s[i - 1];
    if (prev !== undefined && !' \t\r\n"\'('.includes(prev)) {
      i++;
      continue;
    }
    const start = i;
    let e = i;
    while (e < s.length && e - i < MAX_FLAG && isFlagChar(s[e])) e++;
    const flag = s.slice(start, e);
    i = e;
    if (flag.length < 2) continue;
    const long = flag.startsWith('--');
    if (USER_FLAGS.has(flag)) {
      const w = s[e] === '=' ? wordAt(s, e + 1) : valueAfter(s, e);
      const pw = w && userPassword(s, w);
      if (pw) out.push(pw);
      continue;
    }
    if (!long && flag.startsWith('-u') && s[e] === ':') {
      // curl's attached form: `-uadmin:pass`.
      const pw = userPassword(s, wordAt(s, start + 2));
      if (pw) out.push(pw);
      continue;
    }
    if (long) {
      if (s[e] === '=' || !secretFlagName(flag.slice(2))) continue;
      const w = valueAfter(s, e);
      if (w && !startsWithReference(s.slice(w.start, w.end))) out.push(w);
      continue;
    }
    if (!pTools || !flag.startsWith('-p') || s[e] === '=') continue;
    const segment = segmentBefore(s, start);
    const tool = toolOf(segment);
    let w: SecretSpan | undefined;
    if (flag === '-p' && LOGIN_TOOLS.has(tool) && /(?:^|[ \t])login[ \t]/.test(segment)) w = valueAfter(s, e);
    else if (flag.length > 2 && MYSQL_TOOLS.has(tool)) w = wordAt(s, start + 2);
    if (w && !startsWithReference(s.slice(w.start, w.end))) out.push(w);
  }
  return out;
}
