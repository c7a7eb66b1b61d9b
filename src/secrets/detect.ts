/** Whether a literal value is a credential, and what kind: for rules that report one. */
import { isPlaceholder } from './names.js';
import { findPrivateKeys, tokenKind } from './shapes.js';
import { findUrlCredentials } from './url.js';

const MAX_VALUE = 8192;

/** The literal password of a `scheme://user:password@host` URL in the value, if any. */
export function urlPassword(value: string): string | undefined {
  for (const c of findUrlCredentials(value)) {
    if (c.part !== 'password') continue;
    const pw = value.slice(c.start, c.end);
    if (!pw.includes('$') && !isPlaceholder(pw)) return pw;
  }
  return undefined;
}

/** What kind of credential a literal value looks like ('a GitHub token'), or undefined. */
export function credentialKind(value: string): string | undefined {
  const v = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  // Every token is at least 20 characters long; a URL password needs an '@'.
  if (v.length < 20 && !v.includes('@')) return undefined;
  const token = tokenKind(v);
  if (token) return token;
  if (findPrivateKeys(v).length > 0) return 'a private key';
  if (urlPassword(v) !== undefined) return 'a URL with an embedded password';
  return undefined;
}
