/**
 * Credentials in HTTP headers as commands and config write them: `Authorization: Bearer <v>`,
 * `X-API-Key: <v>`, `PRIVATE-TOKEN: <v>`, `Cookie: <v>`, and a bare `Bearer <v>` / `Basic <v>`.
 */
import { startsWithReference } from './mask.js';
import type { SecretSpan } from './span.js';

/** Header names whose whole value is a credential (lower case). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'x-auth-token',
  'x-access-token',
  'x-jfrog-art-api',
  'private-token',
  'job-token',
  'deploy-token',
  'x-vault-token',
  'x-goog-api-key',
  'x-figma-token',
  'x-gitlab-token',
  'x-hub-signature',
  'x-hub-signature-256',
  'circle-token',
  'travis-api-token',
  'npmauthtoken',
  'npmauthident',
]);

/** Authorization schemes: the credential is what follows the scheme word (lower case). */
const SCHEMES = new Set([
  'bearer',
  'basic',
  'token',
  'digest',
  'negotiate',
  'ntlm',
  'apikey',
  'api-key',
  'key',
  'sso-key',
  'bot',
  'jwt',
  'dpop',
  'oauth',
  'splunk',
  'aws4-hmac-sha256',
]);

/**
 * One of the header names at a word start (not a URL's user name, `https://x-access-token:…@`),
 * an optional closing quote (JSON, YAML) and the `:`.
 * Literal alternatives and bounded quantifiers only: an attempt at a position costs O(1), no
 * backtracking grows with the text, so the scan is linear.
 */
const HEADER = new RegExp(
  `(?<![A-Za-z0-9_./:@-])(${[...SECRET_HEADERS].sort((a, b) => b.length - a.length).join('|')})(["']?)[ \\t]{0,8}:`,
  'gi',
);
/** `Bearer <v>` outside a header (`--oauth2-bearer` style, a quoted header value already split). */
const BARE_SCHEME = /(?<![A-Za-z0-9_-])(?:Bearer|bearer|BEARER|Basic|basic)[ \t]{1,8}(?=[^ \t])/g;

const MAX_VALUE = 4096;
const QUOTES = '"\'';

/** The end of a value from `i`: the closing quote of a quoted context, else whitespace. */
function valueEnd(s: string, i: number, quote: string | undefined): number {
  let j = i;
  const limit = Math.min(s.length, i + MAX_VALUE);
  if (quote !== undefined) {
    while (j < limit && s[j] !== quote && s[j] !== '\n' && s[j] !== '\r') j++;
    return j;
  }
  while (j < limit && !' \t\r\n"\'`;|&<>'.includes(s[j]!)) j++;
  return j;
}

function skipBlanks(s: string, i: number, max: number): number {
  let j = i;
  while (j < s.length && j - i < max && (s[j] === ' ' || s[j] === '\t')) j++;
  return j;
}

/** The opening quote of the context a header name sits in (`-H "Name: v"`, `'Name: v'`). */
function quoteBefore(s: string, i: number): string | undefined {
  const c = s[i - 1];
  return c !== undefined && QUOTES.includes(c) ? c : undefined;
}

function push(out: SecretSpan[], s: string, start: number, end: number): void {
  if (end <= start) return;
  if (startsWithReference(s.slice(start, end))) return;
  out.push({ start, end });
}

/** The credential values of the auth headers in `s`. */
export function findHeaderSecrets(s: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const m of s.matchAll(HEADER)) {
    const name = m[1]!.toLowerCase();
    if (!SECRET_HEADERS.has(name)) continue;
    const nameStart = m.index;
    let i = skipBlanks(s, nameStart + m[0].length, 8);
    // A JSON or YAML value in quotes, or the quote that opened `-H "Name: value"`.
    let quote = quoteBefore(s, nameStart);
    if (s[i] !== undefined && QUOTES.includes(s[i]!)) {
      quote = s[i];
      i++;
    }
    if (name === 'authorization' || name === 'proxy-authorization') {
      let w = i;
      while (w < s.length && w - i < 32 && /[A-Za-z0-9-]/.test(s[w]!)) w++;
      if (w > i && (s[w] === ' ' || s[w] === '\t') && SCHEMES.has(s.slice(i, w).toLowerCase()))
        i = skipBlanks(s, w, 8);
    }
    const end = valueEnd(s, i, quote);
    push(out, s, i, end);
  }
  for (const m of s.matchAll(BARE_SCHEME)) {
    // Inside a header found above this is the same value again; the redactor merges overlaps.
    const i = m.index + m[0].length;
    const end = valueEnd(s, i, undefined);
    // Prose says "a Bearer token"; a credential is long and not a plain word.
    if (end - i < 16 || !/[0-9=+/_.~-]/.test(s.slice(i, end))) continue;
    push(out, s, i, end);
  }
  return out;
}
