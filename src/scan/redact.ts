/**
 * Last line of defence for credentials in finding text. Rules that are about secrets mask them
 * themselves, but any rule may quote a URL or a command that carries one (`curl
 * https://user:pw@host/x | sh`, a lockfile `resolved` URL with a token, `-H "Authorization: Bearer
 * ghp_..."`). The engine runs every message, evidence and fix through this before a finding exists,
 * so no output format can print them. Linear scans and anchored, bounded patterns only.
 */

/** Well-known token formats: the first four characters stay so a reader can tell what it was. */
const TOKENS = new RegExp(
  [
    'gh[pousr]_[A-Za-z0-9]{30,}',
    'github_pat_[A-Za-z0-9_]{30,}',
    'npm_[A-Za-z0-9]{30,}',
    'pypi-AgE[A-Za-z0-9_-]{20,}',
    'glpat-[A-Za-z0-9_-]{20,}',
    'xox[baprse]-[A-Za-z0-9-]{10,}',
    '[sr]k_live_[0-9A-Za-z]{20,}',
    'AIza[0-9A-Za-z_-]{35}',
    '(?:AKIA|ASIA)[A-Z0-9]{16}\\b',
  ]
    .map((p) => `\\b${p}`)
    .join('|'),
  'g',
);

function maskToken(t: string): string {
  return `${t.slice(0, 4)}…`;
}

/** `scheme://user:password@` -> `scheme://user:***@` (a `$VAR` password is left alone). */
function maskUrlPasswords(s: string): string {
  let out = '';
  let from = 0;
  let copied = 0;
  for (;;) {
    const i = s.indexOf('://', from);
    if (i === -1) break;
    const start = i + 3;
    let end = start;
    let colon = -1;
    // Userinfo cannot hold these; the bound keeps the scan linear over the whole string.
    while (end < s.length && end - start < 1000 && !'/ \t\r\n"\'@<>`'.includes(s[end]!)) {
      if (colon === -1 && s[end] === ':') colon = end;
      end++;
    }
    from = end > start ? end : start;
    if (s[end] !== '@' || colon === -1 || colon >= end - 1) continue;
    if (s[colon + 1] === '$') continue;
    out += s.slice(copied, colon + 1) + '***';
    copied = end;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** `Bearer <token>` / `Basic <token>` in a quoted header. */
function maskAuthSchemes(s: string): string {
  return s.replace(
    /\b(Bearer|Basic) +([A-Za-z0-9._~+/=-]{16,})/g,
    (_m, scheme: string, tok: string) => `${scheme} ${maskToken(tok)}`,
  );
}

/** The text with every credential it visibly carries masked; unchanged when there is none. */
export function redactSecrets(s: string): string {
  let r = maskUrlPasswords(s);
  r = r.replace(TOKENS, maskToken);
  return maskAuthSchemes(r);
}
