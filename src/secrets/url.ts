/**
 * Credentials in URL userinfo: `scheme://user:password@host` and a token used as the user name
 * (`https://ghp_…@github.com`). The authority is read with a bounded character loop; the last `@`
 * before the host ends the userinfo, so a password may itself contain `@`.
 */
import { startsWithReference } from './mask.js';
import { tokenAt } from './shapes.js';

/** Characters that end an authority (and a URL quoted in a command or a message). */
const AUTHORITY_END = '/?#\\ \t\r\n"\'<>`';
/** Longer authorities are not looked at; the scan resumes after them, so it stays linear. */
const MAX_AUTHORITY = 2048;

export interface UrlCredential {
  /** Offsets of the secret part (the password, or the user name when it is a token). */
  start: number;
  end: number;
  /** 'password' for `user:password@`, 'user' for a token as the user name. */
  part: 'password' | 'user';
}

/** The first `:` of a userinfo that is not inside `${…}` (`${USER:-me}:pw`). */
function userinfoColon(s: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return -1;
}

/** A user name that is a credential: a provider token, or a long random-looking string. */
function userIsSecret(user: string): boolean {
  const t = tokenAt(user, 0);
  if (t && t.end === user.length) return true;
  if (user.length < 20 || user.length > 512) return false;
  let letter = false;
  let digit = false;
  for (const c of user) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (c !== '_' && c !== '-' && c !== '.' && c !== '~') return false;
  }
  return letter && digit;
}

/**
 * A value that is one expansion and nothing else: `${T}`, `$(cmd)`, or `$NAME` in the upper-case
 * convention of environment variables. What masking needs: `$Zq7Rk2…` may be a reference to a
 * shell, but pip and most config readers take it literally, so a password like it is masked
 * (masking a real reference only hides a variable name).
 */
function isWholeReference(v: string): boolean {
  if (v.length < 2 || v[0] !== '$') return false;
  if (v[1] === '{') return v.indexOf('}') === v.length - 1;
  if (v[1] === '(') return v.indexOf(')') === v.length - 1;
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const ok = (c >= 'A' && c <= 'Z') || c === '_' || (i > 1 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

/**
 * Every literal credential in the userinfo of a URL in `s`. A user name without a password counts
 * when it looks like a token, or always with `users: 'all'` (a committed registry URL, where any
 * user name is an account's).
 */
export function findUrlCredentials(
  s: string,
  users: 'tokens' | 'all' = 'tokens',
  references: 'leading' | 'whole' = 'leading',
): UrlCredential[] {
  const isReference = references === 'leading' ? startsWithReference : isWholeReference;
  const out: UrlCredential[] = [];
  let from = 0;
  for (;;) {
    const i = s.indexOf('://', from);
    if (i === -1) break;
    const start = i + 3;
    let end = start;
    let at = -1;
    while (end < s.length && end - start < MAX_AUTHORITY && !AUTHORITY_END.includes(s[end]!)) {
      if (s[end] === '@') at = end;
      end++;
    }
    from = end > start ? end : start;
    if (at === -1 || at === end - 1) continue;
    const colon = userinfoColon(s, start, at);
    if (colon !== -1) {
      const pw = s.slice(colon + 1, at);
      if (pw !== '' && !isReference(pw)) out.push({ start: colon + 1, end: at, part: 'password' });
      continue;
    }
    const user = s.slice(start, at);
    if (!isReference(user) && (users === 'all' || userIsSecret(user)))
      out.push({ start, end: at, part: 'user' });
  }
  return out;
}

/** A URL as text without any user name or password in it. */
export function withoutUserinfo(u: URL): string {
  if (!u.password && !u.username) return u.href;
  const c = new URL(u.href);
  c.username = '';
  c.password = '';
  return c.href;
}
