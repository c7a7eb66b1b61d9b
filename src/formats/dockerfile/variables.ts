/**
 * Dockerfile variable substitution ($VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt},
 * ${VAR+alt}). A variable with no known value makes the whole result unknown (undefined): Bulkhead
 * never guesses. Linear in the input.
 */
export type VarScope = ReadonlyMap<string, string | undefined>;

function isNameChar(c: string, first: boolean): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (!first && c >= '0' && c <= '9');
}

export function hasVariables(text: string): boolean {
  return text.includes('$');
}

export function substitute(text: string, scope: VarScope, escapeChar = '\\'): string | undefined {
  if (!text.includes('$')) return text;
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
          const d = substitute(def, scope, escapeChar);
          if (d === undefined) return undefined;
          out += d;
        }
      } else if (rest.startsWith(':+') || rest.startsWith('+')) {
        if (has && value === undefined) return undefined;
        if (set && (value !== '' || rest.startsWith('+'))) {
          const alt = substitute(rest.slice(rest.startsWith(':+') ? 2 : 1), scope, escapeChar);
          if (alt === undefined) return undefined;
          out += alt;
        }
      } else {
        return undefined;
      }
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
    i = n;
  }
  return out;
}
