/**
 * Source maps for YAML scalar values: the file offset of every character of a decoded string, so
 * a finding inside a `run: |` script, a folded `>-` command or a double-quoted value with escapes
 * points at the exact line and column in the workflow file.
 *
 * The decoded value comes from the `yaml` package (it is the authority on what the string is);
 * this module only aligns it with the source text, in one linear pass per style:
 * - block scalars (`|`, `>`, with chomping and indentation indicators): each source line's
 *   indentation is skipped, content characters map one to one, a folded line break maps to the
 *   newline it replaced;
 * - double-quoted: each escape maps to its backslash, escaped line breaks vanish;
 * - single-quoted: `''` maps to its first quote;
 * - plain and quoted values spanning lines: folded breaks map to the newline, trimmed blanks are
 *   skipped.
 * Should the alignment ever fail (a construct the aligner does not know), every character maps to
 * the value's start and `exact` is false: positions degrade to the value, never to a wrong line.
 */

export interface ScalarSource {
  /** The decoded string value. */
  value: string;
  /** map[i] = file offset of value[i]; map[value.length] = the offset just past the value. */
  map: Int32Array;
  /** False when the alignment failed and every character maps to the value's start. */
  exact: boolean;
}

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The decoded text of the escape at `file[j]` (a backslash) and its source length. */
function escapeAt(file: string, j: number): { text: string; length: number } | undefined {
  const d = file[j + 1];
  if (d === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[d];
  if (simple !== undefined) return { text: simple, length: 2 };
  const hex = HEX_ESCAPES[d];
  if (hex !== undefined) {
    const code = parseInt(file.slice(j + 2, j + 2 + hex), 16);
    if (Number.isNaN(code) || code > 0x10ffff) return undefined;
    return { text: String.fromCodePoint(code), length: 2 + hex };
  }
  return undefined;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/**
 * Aligns `value` with `file[from, to)`. `indent` is the block scalar content indentation (spaces
 * skipped at each line start), or -1 for flow scalars (leading blanks of continuation lines are
 * folding whitespace).
 */
function align(
  value: string,
  file: string,
  from: number,
  to: number,
  style: ScalarStyle,
  indent: number,
): Int32Array | undefined {
  const map = new Int32Array(value.length + 1);
  const block = indent >= 0;
  let j = from;
  let lineStart = block;
  for (let k = 0; k < value.length;) {
    const c = value[k]!;
    if (j >= to) {
      // A clipped or kept block scalar at the end of the file gains a newline the file lacks.
      if (c === '\n') {
        map[k++] = to;
        continue;
      }
      return undefined;
    }
    if (lineStart) {
      lineStart = false;
      if (block) {
        for (let n = 0; n < indent && file[j] === ' '; n++) j++;
      } else {
        while (isBlank(file[j])) j++;
      }
      continue;
    }
    const s = file[j]!;
    if (style === 'QUOTE_DOUBLE' && s === '\\') {
      const next = file[j + 1];
      if (next === '\n' || (next === '\r' && file[j + 2] === '\n')) {
        // An escaped line break: nothing in the value, the next line's blanks dropped.
        j += next === '\n' ? 2 : 3;
        lineStart = true;
        continue;
      }
      const esc = escapeAt(file, j);
      if (!esc || value.slice(k, k + esc.text.length) !== esc.text) return undefined;
      for (let n = 0; n < esc.text.length; n++) map[k++] = j;
      j += esc.length;
      continue;
    }
    if (style === 'QUOTE_SINGLE' && s === "'" && file[j + 1] === "'") {
      if (c !== "'") return undefined;
      map[k++] = j;
      j += 2;
      continue;
    }
    if (s === c) {
      map[k++] = j++;
      if (s === '\n') lineStart = true;
      continue;
    }
    if (s === '\n' && c === ' ' && style !== 'BLOCK_LITERAL') {
      // A folded line break.
      map[k++] = j++;
      lineStart = true;
      continue;
    }
    if (s === ' ' || s === '\t' || s === '\r' || s === '\n') {
      // Trimmed blanks, and the first break of a run of breaks that folding dropped.
      j++;
      if (s === '\n') lineStart = true;
      continue;
    }
    return undefined;
  }
  map[value.length] = Math.min(j, to);
  return map;
}

/** Offset of the first content line of a block scalar whose header starts at `start`. */
function blockBody(file: string, start: number): { body: number; indicator?: number } {
  let i = start + 1;
  let indicator: number | undefined;
  while (i < file.length && (file[i] === '+' || file[i] === '-' || (file[i]! >= '1' && file[i]! <= '9'))) {
    if (file[i] !== '+' && file[i] !== '-') indicator = Number(file[i]);
    i++;
  }
  const nl = file.indexOf('\n', i);
  return { body: nl === -1 ? file.length : nl + 1, indicator };
}

/** Spaces before the first non-blank content line of a block body (YAML's auto-detected indent). */
function detectIndent(file: string, body: number, to: number): number {
  let i = body;
  while (i < to) {
    let n = 0;
    while (file[i + n] === ' ') n++;
    const c = file[i + n];
    if (c !== '\n' && c !== '\r' && i + n < to) return n;
    const nl = file.indexOf('\n', i);
    if (nl === -1 || nl >= to) break;
    i = nl + 1;
  }
  return 0;
}

/**
 * The source map of a scalar. `range` is the node's `[start, valueEnd)` from the `yaml` package;
 * `parentIndent` is the indentation of the mapping holding it (for an explicit indentation
 * indicator such as `|2`).
 */
export function scalarSource(
  file: string,
  value: string,
  style: ScalarStyle,
  range: readonly [number, number],
  parentIndent: number,
): ScalarSource {
  const [start, end] = range;
  let from = start;
  let to = end;
  let indent = -1;
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const h = blockBody(file, start);
    from = h.body;
    indent = h.indicator !== undefined ? parentIndent + h.indicator : detectIndent(file, from, to);
  } else if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') {
    from = start + 1;
    to = Math.max(from, end - 1);
  }
  if (style === 'PLAIN' && file.slice(from, to) === value) {
    const map = new Int32Array(value.length + 1);
    for (let i = 0; i <= value.length; i++) map[i] = from + i;
    return { value, map, exact: true };
  }
  const map = align(value, file, from, to, style, indent);
  if (map) return { value, map, exact: true };
  return { value, map: new Int32Array(value.length + 1).fill(start), exact: false };
}
