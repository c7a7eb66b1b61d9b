/**
 * The redactor every output relies on: the engine runs each finding's message, evidence and fix
 * through it, so whatever a rule quotes (a curl command with `-u user:pass`, a lockfile URL with a
 * token, an `Authorization` header) reaches no report with the credential in it. Each finder is a
 * linear scan; their spans are merged and masked with the one policy of mask.ts.
 */
import { findAssignmentSecrets } from './assignments.js';
import { findFlagSecrets } from './flags.js';
import { findHeaderSecrets } from './headers.js';
import { ELLIPSIS, MASK, maskSecret } from './mask.js';
import { findPrivateKeys, findTokens, TOKEN_SHAPES } from './shapes.js';
import type { SecretSpan } from './span.js';
import { findUrlCredentials } from './url.js';

interface Masked extends SecretSpan {
  /** Fixed replacement (a private key's body); otherwise the policy decides from the text. */
  replacement?: string;
}

const SHOWN = new Set(TOKEN_SHAPES.map((t) => `${t.shown ?? t.match}${ELLIPSIS}`));

/** Text that is already a mask, so redacting twice changes nothing. */
function isMasked(v: string): boolean {
  return v === MASK || v === ELLIPSIS || v === '<masked>' || SHOWN.has(v);
}

/** Every secret span in `s`, unmerged. */
function findSecrets(s: string): Masked[] {
  const spans: Masked[] = [];
  for (const t of findTokens(s))
    spans.push({ start: t.start, end: t.end, replacement: `${t.shape.shown ?? t.shape.match}${ELLIPSIS}` });
  for (const k of findPrivateKeys(s))
    if (k.end > k.start) spans.push({ start: k.start, end: k.end, replacement: ELLIPSIS });
  for (const u of findUrlCredentials(s, 'tokens', 'whole')) spans.push({ start: u.start, end: u.end });
  spans.push(...findHeaderSecrets(s), ...findAssignmentSecrets(s), ...findFlagSecrets(s));
  return spans;
}

/** Overlapping spans become one: masking the union never shows part of either. */
function merge(spans: Masked[]): Masked[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Masked[] = [];
  for (const sp of spans) {
    const last = out[out.length - 1];
    if (last && sp.start < last.end) {
      if (sp.end > last.end) {
        last.end = sp.end;
        delete last.replacement;
      }
      continue;
    }
    out.push({ ...sp });
  }
  return out;
}

/** The text with every credential it visibly carries masked; the same string when there is none. */
export function redactSecrets(s: string): string {
  const spans = merge(findSecrets(s));
  if (spans.length === 0) return s;
  let out = '';
  let copied = 0;
  for (const sp of spans) {
    const value = s.slice(sp.start, sp.end);
    if (isMasked(value)) continue;
    out += s.slice(copied, sp.start) + (sp.replacement ?? maskSecret(value));
    copied = sp.end;
  }
  return copied === 0 ? s : out + s.slice(copied);
}
