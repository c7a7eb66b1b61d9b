/**
 * Credentials given as `name=value`: URL query and fragment parameters (`?token=`, `&sig=`,
 * `#access_token=`), npmrc-style settings (`//host/:_authToken=`, `_auth=`, `_password=`) and any
 * assignment whose name says it holds a secret (`DB_PASSWORD=`, `api_key=`, `--password=`).
 */
import { isHarmlessWord, isSecretName } from './names.js';
import { startsWithReference } from './mask.js';
import type { SecretSpan } from './span.js';

/** Parameter names that carry a credential in a URL's query or fragment (lower case). */
const QUERY_SECRETS = new Set([
  'token',
  'access_token',
  'accesstoken',
  'auth_token',
  'id_token',
  'refresh_token',
  'private_token',
  'api_key',
  'apikey',
  'api-key',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-credential',
  'x-goog-signature',
  'x-goog-credential',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
]);

/** Package-manager settings that hold a credential, whatever a name heuristic says (exact case). */
const SETTING_SECRETS = new Set([
  '_auth',
  '_authToken',
  '_authtoken',
  '_password',
  'npmAuthToken',
  'npmAuthIdent',
  'NODE_AUTH_TOKEN',
]);

const MAX_NAME = 64;
const MAX_VALUE = 4096;

function isNameChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' ||
    c === '-' ||
    c === '.'
  );
}

/** End of an unquoted value: whitespace, quotes and the separators of shells, URLs and lists. */
function valueEnd(s: string, i: number, query: boolean): number {
  const limit = Math.min(s.length, i + MAX_VALUE);
  let j = i;
  while (j < limit) {
    const c = s[j]!;
    if (' \t\r\n"\'`;|<>(){}'.includes(c)) break;
    if (c === '&' || (query && (c === '#' || c === ','))) break;
    if (c === ',' && (s[j + 1] === ' ' || s[j + 1] === undefined)) break;
    j++;
  }
  // A sentence's closing punctuation is not part of the value.
  while (j > i && '.:'.includes(s[j - 1]!)) j--;
  return j;
}

/** The closing quote from `i` within MAX_VALUE (or where the line ends). */
function closingQuote(s: string, i: number, q: string): number {
  const limit = Math.min(s.length, i + MAX_VALUE);
  let j = i;
  while (j < limit && s[j] !== q && s[j] !== '\n') j++;
  return j;
}

/** The credential values of `name=value` pairs in `s`. Each `=` looks back at most MAX_NAME. */
export function findAssignmentSecrets(s: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  let from = 0;
  for (;;) {
    const eq = s.indexOf('=', from);
    if (eq === -1) break;
    from = eq + 1;
    // `==`, `!=`, `<=`, `>=` compare; they assign nothing.
    if (s[eq + 1] === '=' || s[eq - 1] === '=') continue;
    let n = eq;
    while (n > 0 && eq - n < MAX_NAME && isNameChar(s[n - 1])) n--;
    if (n === eq || isNameChar(s[n - 1])) continue;
    let name = s.slice(n, eq);
    const before = s[n - 1];
    const query = before === '?' || before === '&' || before === '#' || before === ';';
    while (name.startsWith('-')) name = name.slice(1);
    const secret =
      (query && QUERY_SECRETS.has(name.toLowerCase())) || SETTING_SECRETS.has(name) || isSecretName(name);
    if (!secret) continue;
    let start = eq + 1;
    // `${NPM_TOKEN}`, `$(cat …)`: expanded later; checked before the value's end is looked for,
    // since braces and parentheses end an unquoted value.
    if (startsWithReference(s.slice(start, start + 4))) continue;
    let end: number;
    const q = s[start];
    if (q === '"' || q === "'") {
      start++;
      end = closingQuote(s, start, q);
    } else end = valueEnd(s, start, query);
    const value = s.slice(start, end);
    if (value === '' || startsWithReference(value) || isHarmlessWord(value)) continue;
    out.push({ start, end });
    from = Math.max(from, end);
  }
  return out;
}
