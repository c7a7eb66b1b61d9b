/**
 * Token shapes of common providers: the prefix a provider puts on its credentials, and what may
 * follow it. A match is always read forwards from a word start with bounded loops (no regex), so
 * finding every token in a text is linear in its length.
 */

/** Characters of a "word": a token never starts inside one (`task-sk-…`, `MY_ghp_…` are not tokens). */
export function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-';
}

type CharClass = (c: string) => boolean;

const alnum: CharClass = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
const word: CharClass = (c) => alnum(c) || c === '_' || c === '-';
const alnumUnderscore: CharClass = (c) => alnum(c) || c === '_';
const upperDigit: CharClass = (c) => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
const lowerHex: CharClass = (c) => (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9');
const hex: CharClass = (c) => lowerHex(c) || (c >= 'A' && c <= 'F');
const alnumSlash: CharClass = (c) => alnum(c) || c === '/';

interface Segment {
  /** Literal the segment starts with (JWT payloads start with `eyJ` like their headers). */
  lead?: string;
  body: CharClass;
  min: number;
  max: number;
}

export interface TokenShape {
  /** What the shape is, for messages: 'a GitHub token'. */
  what: string;
  /** The literal that identifies the shape, matched case-sensitively at a word start. */
  match: string;
  /** What stays visible when masked: the provider's public prefix. Defaults to `match`. */
  shown?: string;
  body: CharClass;
  /** Shortest body that is masked: below the provider's real length, so a cut-off token still is. */
  min: number;
  /** Shortest body that counts as a real credential when a rule reports one. Defaults to `min`. */
  real?: number;
  max: number;
  /** The body must not be followed by another body character (fixed-length shapes). */
  exact?: boolean;
  /** Only a random-looking body counts (at least two of upper case, lower case, digits). */
  random?: boolean;
  /** Further `.`-separated parts (SendGrid, JWT). */
  more?: Segment[];
  /** Up to this many optional `.`-separated word parts that still belong to the token. */
  dottedTail?: number;
}

const GITHUB_CLASSIC = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'].map((p): TokenShape => ({
  what: 'a GitHub token',
  match: p,
  body: alnum,
  min: 16,
  real: 36,
  max: 255,
}));
const GITLAB = ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'gloas-', 'glcbt-', 'glsoat-', 'glft-', 'glimt-'].map(
  (p): TokenShape => ({
    what: 'a GitLab token',
    match: p,
    body: word,
    min: 16,
    real: 20,
    max: 255,
    dottedTail: 3,
  }),
);
const AWS_KEY_IDS = ['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA', 'ABIA', 'ACCA'].map(
  (p): TokenShape => ({
    what: 'an AWS access key id',
    match: p,
    body: upperDigit,
    min: 16,
    max: 16,
    exact: true,
  }),
);
const SLACK = ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'].map((p): TokenShape => ({
  what: 'a Slack token',
  match: p,
  body: word,
  min: 10,
  real: 14,
  max: 255,
}));
const STRIPE = ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'].map((p): TokenShape => ({
  what: 'a Stripe secret key',
  match: p,
  body: alnum,
  min: 16,
  real: 20,
  max: 255,
}));
const DIGITALOCEAN = ['dop_v1_', 'doo_v1_', 'dor_v1_'].map((p): TokenShape => ({
  what: 'a DigitalOcean token',
  match: p,
  body: lowerHex,
  min: 64,
  max: 64,
  exact: true,
}));
const SHOPIFY = ['shpat_', 'shpca_', 'shppa_', 'shpss_'].map((p): TokenShape => ({
  what: 'a Shopify token',
  match: p,
  body: hex,
  min: 32,
  max: 32,
  exact: true,
}));

/** Longer prefixes before the shorter ones they start with (`sk-ant-` before `sk-`). */
export const TOKEN_SHAPES: readonly TokenShape[] = [
  ...GITHUB_CLASSIC,
  { what: 'a GitHub token', match: 'github_pat_', body: alnumUnderscore, min: 16, real: 50, max: 255 },
  ...GITLAB,
  { what: 'an npm token', match: 'npm_', body: alnum, min: 30, real: 36, max: 64 },
  { what: 'a PyPI token', match: 'pypi-AgE', shown: 'pypi-', body: word, min: 16, real: 50, max: 4096 },
  ...AWS_KEY_IDS,
  { what: 'a Google API key', match: 'AIza', body: word, min: 20, real: 35, max: 35 },
  { what: 'a Google OAuth token', match: 'ya29.', body: word, min: 20, max: 2048 },
  ...SLACK,
  {
    what: 'a Slack webhook URL',
    match: 'hooks.slack.com/services/',
    body: alnumSlash,
    min: 7,
    max: 128,
  },
  ...STRIPE,
  { what: 'an Anthropic API key', match: 'sk-ant-', body: word, min: 16, real: 40, max: 255 },
  ...['sk-proj-', 'sk-svcacct-', 'sk-admin-'].map((p): TokenShape => ({
    what: 'an OpenAI API key',
    match: p,
    body: word,
    min: 16,
    real: 40,
    max: 255,
  })),
  // Legacy OpenAI and other `sk-` keys: only a long, random body, so `sk-learn` and
  // `sk-some-package-name` are not keys.
  { what: 'an API secret key', match: 'sk-', body: word, min: 32, real: 40, max: 255, random: true },
  { what: 'a Hugging Face token', match: 'hf_', body: alnum, min: 30, max: 64, random: true },
  ...['dckr_pat_', 'dckr_oat_'].map((p): TokenShape => ({
    what: 'a Docker Hub token',
    match: p,
    body: word,
    min: 16,
    max: 128,
  })),
  ...DIGITALOCEAN,
  ...SHOPIFY,
  {
    what: 'a SendGrid API key',
    match: 'SG.',
    body: word,
    min: 16,
    max: 32,
    more: [{ body: word, min: 30, max: 64 }],
  },
  { what: 'a Twilio API key', match: 'SK', body: hex, min: 32, max: 32, exact: true, random: true },
  { what: 'a HashiCorp Vault token', match: 'hvs.', body: word, min: 20, max: 255 },
  { what: 'a Databricks token', match: 'dapi', body: lowerHex, min: 32, max: 32, exact: true },
  { what: 'a Grafana token', match: 'glsa_', body: alnumUnderscore, min: 32, max: 128 },
  { what: 'a Postman API key', match: 'PMAK-', body: word, min: 32, max: 128 },
  { what: 'a New Relic key', match: 'NRAK-', body: upperDigit, min: 27, max: 27, exact: true },
  {
    what: 'a JSON Web Token',
    match: 'eyJ',
    body: word,
    min: 8,
    max: 4096,
    more: [
      { lead: 'eyJ', body: word, min: 8, max: 16_384 },
      { body: word, min: 0, max: 4096 },
    ],
  },
];

/** Shapes by their first character, so a word start only compares the few that can match. */
const BY_FIRST = new Map<string, TokenShape[]>();
for (const s of TOKEN_SHAPES) {
  const k = s.match[0]!;
  BY_FIRST.set(k, [...(BY_FIRST.get(k) ?? []), s]);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Where a token may start: a word start followed by one of the shapes' literal prefixes. A plain
 * alternation of literals behind a one-character lookbehind: no quantifiers, so no backtracking,
 * and the regex engine skips text that cannot start a token far faster than a character loop.
 */
const CANDIDATE = new RegExp(
  `(?<![A-Za-z0-9_-])(?:${[...new Set(TOKEN_SHAPES.map((t) => t.match))].map(escapeRegExp).join('|')})`,
  'g',
);

function looksRandom(s: string, from: number, to: number): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = from; i < to; i++) {
    const c = s[i]!;
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= '0' && c <= '9') digit = true;
  }
  return Number(upper) + Number(lower) + Number(digit) >= 2;
}

/** End of a run of `cls` from `i`, or -1 when it is shorter than `min` (or longer than `max` for exact shapes). */
function run(s: string, i: number, cls: CharClass, min: number, max: number, exact: boolean): number {
  let j = i;
  while (j < s.length && j - i < max && cls(s[j]!)) j++;
  if (j - i < min) return -1;
  if (exact && j < s.length && cls(s[j]!)) return -1;
  return j;
}

/** The end of `shape` matched at `i`, or -1. */
function matchAt(s: string, i: number, shape: TokenShape, strict: boolean): number {
  if (!s.startsWith(shape.match, i)) return -1;
  const bodyStart = i + shape.match.length;
  const min = strict ? (shape.real ?? shape.min) : shape.min;
  let end = run(s, bodyStart, shape.body, min, shape.max, shape.exact === true);
  if (end === -1 && !strict && !shape.random) {
    // A rule that shortened its evidence may have cut a token: `ghp_AbCd...` is still masked.
    const cut = run(s, bodyStart, shape.body, 1, shape.max, false);
    // The marker goes with it, so the masked text does not end in two.
    if (cut !== -1 && s.startsWith('...', cut)) return cut + 3;
    if (cut !== -1 && s[cut] === '…') return cut + 1;
  }
  if (end === -1) return -1;
  if (shape.random && !looksRandom(s, bodyStart, end)) return -1;
  for (const seg of shape.more ?? []) {
    if (s[end] !== '.') return -1;
    let from = end + 1;
    if (seg.lead !== undefined) {
      if (!s.startsWith(seg.lead, from)) return -1;
      from += seg.lead.length;
    }
    end = run(s, from, seg.body, seg.min, seg.max, false);
    if (end === -1) return -1;
  }
  for (let n = 0; n < (shape.dottedTail ?? 0) && s[end] === '.'; n++) {
    const next = run(s, end + 1, word, 1, 64, false);
    if (next === -1) break;
    end = next;
  }
  return end;
}

export interface TokenMatch {
  start: number;
  end: number;
  shape: TokenShape;
}

/**
 * The token that starts exactly at `i` (a word start), if any. `strict` asks for a provider's real
 * length (is this a credential?) rather than the shorter length that is masked (could it be one?).
 */
export function tokenAt(s: string, i: number, strict = false): TokenMatch | undefined {
  for (const shape of BY_FIRST.get(s[i] ?? '') ?? []) {
    const end = matchAt(s, i, shape, strict);
    if (end !== -1) return { start: i, end, shape };
  }
  return undefined;
}

/**
 * Every token in `s`. Candidates come from CANDIDATE; a match resumes the search after itself, so
 * each character is read by at most one body scan (bounded by the shape's `max`) plus the regex.
 */
export function findTokens(s: string, strict = false): TokenMatch[] {
  const out: TokenMatch[] = [];
  const re = new RegExp(CANDIDATE.source, 'g');
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const t = tokenAt(s, m.index, strict);
    if (!t) continue;
    out.push(t);
    re.lastIndex = t.end;
  }
  return out;
}

/** The shape of the token a value starts with (a masked value keeps that shape's public prefix). */
export function leadingShape(value: string): TokenShape | undefined {
  return tokenAt(value, 0)?.shape;
}

/** What credential a value holds, if a provider token of full length is anywhere in it. */
export function tokenKind(value: string): string | undefined {
  return findTokens(value, true)[0]?.shape.what;
}

const PRIVATE_KEY_OPEN = '-----BEGIN ';
const PRIVATE_KEY_LABEL = 'PRIVATE KEY';

/** `-----BEGIN ` is followed by a type of upper-case words (`RSA `, `OPENSSH `, `ENCRYPTED `). */
function onlyTypeWords(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s[i]!;
    if (!(c >= 'A' && c <= 'Z') && c !== ' ') return false;
  }
  return true;
}

/**
 * Private key blocks: from the end of the `-----BEGIN … PRIVATE KEY-----` line to the end of its
 * `-----END …-----` line (or of the text, when the block is cut off). indexOf scans only, each
 * resuming after the last, so the work is linear.
 */
export function findPrivateKeys(s: string): { start: number; end: number; header: string }[] {
  const out: { start: number; end: number; header: string }[] = [];
  let from = 0;
  for (;;) {
    const open = s.indexOf(PRIVATE_KEY_OPEN, from);
    if (open === -1) break;
    const typeStart = open + PRIVATE_KEY_OPEN.length;
    // The type is a few words at most (`ENCRYPTED `, `OPENSSH `, `PGP `).
    const label = s.indexOf(PRIVATE_KEY_LABEL, typeStart);
    if (label === -1 || label - typeStart > 24 || !onlyTypeWords(s, typeStart, label)) {
      from = typeStart;
      continue;
    }
    let headerEnd = label + PRIVATE_KEY_LABEL.length;
    if (s.startsWith(' BLOCK', headerEnd)) headerEnd += 6;
    for (let n = 0; n < 5 && s[headerEnd] === '-'; n++) headerEnd++;
    const close = s.indexOf('-----END ', headerEnd);
    let end = s.length;
    if (close !== -1) {
      const dashes = s.indexOf('-----', close + 9);
      end = dashes === -1 ? s.length : dashes + 5;
    }
    out.push({ start: headerEnd, end, header: s.slice(open, headerEnd) });
    from = end;
  }
  return out;
}
