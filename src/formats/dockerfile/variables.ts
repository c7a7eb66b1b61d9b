/**
 * Dockerfile variable substitution ($VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt},
 * ${VAR+alt}). A variable with no known value makes the whole result unknown (undefined): Bulkhead
 * never guesses. Linear in the input.
 *
 * Expansions are bounded: chained ARGs (`ARG A1=${A0}${A0}`, ...) double at every step, and 24 of
 * them in 600 bytes reach gigabytes. A result that would grow more than MAX_EXPANSION characters
 * past its own text is unknown too; `onTooLarge` lets the caller report that the cap was reached.
 */
/** Variable values by name: undefined for a variable that is declared but has no known value. */
export interface VarScope {
  get(name: string): string | undefined;
  has(name: string): boolean;
}

/** How many characters an expansion may add to the text it expands. */
export const MAX_EXPANSION = 64 * 1024;

const TOO_LARGE = Symbol('too large');

function isNameChar(c: string, first: boolean): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (!first && c >= '0' && c <= '9');
}

export function hasVariables(text: string): boolean {
  return text.includes('$');
}

export function substitute(
  text: string,
  scope: VarScope,
  escapeChar = '\\',
  onTooLarge?: () => void,
): string | undefined {
  if (!text.includes('$')) return text;
  const r = expand(text, scope, escapeChar, text.length + MAX_EXPANSION);
  if (r !== TOO_LARGE) return r;
  onTooLarge?.();
  return undefined;
}

/** True when expanding the text would pass the size cap (rather than give a value or unknown). */
export function expansionTooLarge(text: string, scope: VarScope, escapeChar = '\\'): boolean {
  let over = false;
  substitute(text, scope, escapeChar, () => (over = true));
  return over;
}

// Values are appended whole, which V8 keeps as a rope: the cost is in the text's length, not the
// result's, and the length check stops a result before anything flattens it.
function expand(
  text: string,
  scope: VarScope,
  escapeChar: string,
  limit: number,
): string | undefined | typeof TOO_LARGE {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === escapeChar && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close === -1) return undefined;
      const body = text.slice(i + 2, close);
      let n = 0;
      while (n < body.length && isNameChar(body[n]!, n === 0)) n++;
      const name = body.slice(0, n);
      const rest = body.slice(n);
      if (!name) return undefined;
      const has = scope.has(name);
      const value = scope.get(name);
      const set = has && value !== undefined;
      if (rest === '') {
        if (!set) return undefined;
        out += value;
      } else if (rest.startsWith(':-') || rest.startsWith('-')) {
        const def = rest.slice(rest.startsWith(':-') ? 2 : 1);
        if (set && (value !== '' || rest.startsWith('-'))) out += value;
        else if (has && value === undefined) return undefined;
        else {
          const d = expand(def, scope, escapeChar, limit);
          if (d === undefined || d === TOO_LARGE) return d;
          out += d;
        }
      } else if (rest.startsWith(':+') || rest.startsWith('+')) {
        if (has && value === undefined) return undefined;
        if (set && (value !== '' || rest.startsWith('+'))) {
          const alt = expand(rest.slice(rest.startsWith(':+') ? 2 : 1), scope, escapeChar, limit);
          if (alt === undefined || alt === TOO_LARGE) return alt;
          out += alt;
        }
      } else {
        return undefined;
      }
      if (out.length > limit) return TOO_LARGE;
      i = close + 1;
      continue;
    }
    let n = i + 1;
    while (n < text.length && isNameChar(text[n]!, n === i + 1)) n++;
    if (n === i + 1) {
      out += '$';
      i++;
      continue;
    }
    const name = text.slice(i + 1, n);
    const value = scope.get(name);
    if (value === undefined) return undefined;
    out += value;
    if (out.length > limit) return TOO_LARGE;
    i = n;
  }
  return out;
}
