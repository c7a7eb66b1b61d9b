/**
 * One linear, non-recursive pass over JSON text that reports where object members and array
 * elements start, so JSON lockfiles can be read with the fast native JSON.parse and still give
 * line-accurate findings. Tolerates trailing commas (bun.lock); it does not validate: run it after
 * JSON.parse has accepted the text.
 */

/** Packs a 1-based line and column into one number (files are capped far below 2^26 lines/columns). */
export const POS_SCALE = 67108864;
export function unpackPos(packed: number): { line: number; column: number } {
  const line = (packed / POS_SCALE) | 0;
  return { line, column: packed - line * POS_SCALE };
}

/**
 * Called for every object member (stack[depth] = its key) and array element (stack[depth] = its
 * index). stack[0..depth-1] are the keys/indexes of the enclosing containers; the top-level
 * container's members are at depth 0. `key` is the packed position (see POS_SCALE) of the key's
 * opening quote (for array elements, of the element); `value` that of the value's first character;
 * keyStart/keyEnd the key token's offsets. To spare allocations, stack[depth] holds the decoded key
 * only when the value is an object or array (a parent of later members); test scalar members'
 * keys with keyIs().
 */
export type MemberVisitor = (
  depth: number,
  stack: (string | number)[],
  key: number,
  value: number,
  keyStart: number,
  keyEnd: number,
) => void;

/** The decoded text of the key token at [keyStart, keyEnd) (quotes included). */
export function keyText(text: string, keyStart: number, keyEnd: number): string {
  const raw = text.slice(keyStart + 1, keyEnd - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(keyStart, keyEnd)) as string;
  } catch {
    return raw;
  }
}

/** True when the key token at [keyStart, keyEnd) (quotes included) is exactly `"name"`. */
export function keyIs(text: string, keyStart: number, keyEnd: number, name: string): boolean {
  return keyEnd - keyStart === name.length + 2 && text.startsWith(name, keyStart + 1);
}

function skipWsOnly(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Offset of the closing quote of the string whose opening quote is at `start` (or text.length). */
function stringEnd(text: string, start: number): number {
  let j = text.indexOf('"', start + 1);
  while (j !== -1) {
    let k = j - 1;
    while (text.charCodeAt(k) === 92 /* \ */) k--;
    if ((j - 1 - k) % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return text.length;
}

/** maxDepth: members deeper than this are not reported (they are still scanned). */
export function scanJson(text: string, visit: MemberVisitor, maxDepth = Infinity): void {
  const stack: (string | number)[] = [];
  const isArray: boolean[] = [];
  let depth = -1;
  let expectKey = false;
  const n = text.length;
  let i = 0;
  // JSON strings cannot hold a raw newline, so every newline is seen here, outside strings.
  let line = 1;
  let lineStart = 0;
  const skipWs = (from: number): number => {
    let j = from;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 10) {
        line++;
        lineStart = j + 1;
        j++;
      } else if (c === 32 || c === 13 || c === 9) j++;
      else return j;
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const keyPos = line * POS_SCALE + (i - lineStart + 1);
        let j = skipWs(end + 1);
        if (text.charCodeAt(j) === 58 /* : */) j = skipWs(j + 1);
        const v = text.charCodeAt(j);
        if (v === 123 || v === 91) {
          let key = text.slice(i + 1, end);
          if (key.includes('\\')) {
            try {
              key = JSON.parse(text.slice(i, end + 1)) as string;
            } catch {
              // keep the raw text; the caller's JSON.parse already accepted the document
            }
          }
          stack[depth] = key;
        } else stack[depth] = '';
        if (depth <= maxDepth)
          visit(depth, stack, keyPos, line * POS_SCALE + (j - lineStart + 1), i, end + 1);
        expectKey = false;
        i = j;
        continue;
      }
      i = end + 1;
      continue;
    }
    if (c === 10) {
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    if (c === 123 /* { */) {
      depth++;
      isArray[depth] = false;
      expectKey = true;
      i++;
      continue;
    }
    if (c === 91 /* [ */ || c === 44 /* , */) {
      if (c === 91) {
        depth++;
        isArray[depth] = true;
        stack[depth] = -1;
      } else if (depth < 0 || !isArray[depth]) {
        expectKey = true;
        i++;
        continue;
      }
      const j = skipWs(i + 1);
      stack[depth] = (stack[depth] as number) + 1;
      if (j < n && text.charCodeAt(j) !== 93 && depth <= maxDepth) {
        const at = line * POS_SCALE + (j - lineStart + 1);
        visit(depth, stack, at, at, j, j);
      }
      i = j;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      expectKey = false;
      i++;
      continue;
    }
    i++;
  }
}

/**
 * Blanks `//` and `/* *\/` comments and trailing commas with spaces (newlines kept), so the result
 * is JSON with every offset unchanged. Linear; strings are skipped whole.
 */
export function stripJsonc(text: string): string {
  const parts: string[] = [];
  // Pieces are joined in batches, so a comment of a million short lines costs one string per
  // batch and not an array slot per line.
  let batch: string[] = [];
  const put = (piece: string): void => {
    batch.push(piece);
    if (batch.length >= 4096) {
      parts.push(batch.join(''));
      batch = [];
    }
  };
  let last = 0;
  const n = text.length;
  let i = 0;
  // Spaces in runs, line breaks kept (positions stay exact): a per-character regex replace over a
  // 50 MB comment spent seconds and gigabytes in the garbage collector.
  const blank = (from: number, to: number): void => {
    put(text.slice(last, from));
    let run = from;
    for (let j = from; j < to; j++) {
      const c = text.charCodeAt(j);
      if (c !== 10 && c !== 13) continue;
      if (j > run) put(' '.repeat(j - run));
      put(c === 10 ? '\n' : '\r');
      run = j + 1;
    }
    if (to > run) put(' '.repeat(to - run));
    last = to;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(text, i) + 1;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      let e = text.indexOf('\n', i);
      if (e === -1) e = n;
      blank(i, e);
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      let e = text.indexOf('*/', i + 2);
      e = e === -1 ? n : e + 2;
      blank(i, e);
      i = e;
      continue;
    }
    if (c === 44) {
      // a comma followed (after whitespace and comments) by a closing bracket is trailing
      let j = i + 1;
      for (;;) {
        j = skipWsOnly(text, j);
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 47) {
          const e = text.indexOf('\n', j);
          j = e === -1 ? n : e;
        } else if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          const e = text.indexOf('*/', j + 2);
          j = e === -1 ? n : e + 2;
        } else break;
      }
      const d = text.charCodeAt(j);
      if (d === 125 || d === 93) blank(i, i + 1);
      i++;
      continue;
    }
    i++;
  }
  if (last === 0) return text;
  put(text.slice(last));
  parts.push(batch.join(''));
  return parts.join('');
}
