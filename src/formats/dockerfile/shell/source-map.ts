/**
 * Source maps: script text paired with the Dockerfile offset of each of its characters, so every
 * word found in a RUN body (joined across `\` continuations and dropped comment lines, decoded
 * from a JSON string, cut out of a heredoc, or nested in `sh -c '...'`) gets its file position.
 */
import type { LineIndex } from '../../position.js';
import type { DockerInstruction } from '../model.js';

/** Text with a map from each of its characters to the character's offset in the Dockerfile. */
export interface Src {
  text: string;
  /** map[i] = file offset of text[i]; one extra entry at the end for the end position. */
  map: Int32Array;
}

/** An empty source (for JSON-form words, which carry their own maps). */
export function emptySrc(): Src {
  return { text: '', map: new Int32Array(1) };
}

/** text[a, b) with its map. */
export function srcSlice(src: Src, a: number, b: number): Src {
  return { text: src.text.slice(a, b), map: src.map.slice(a, b + 1) };
}

/** `text` whose i-th character came from `base.text[chars[i]]`. */
export function srcFromChars(text: string, chars: number[], base: Src): Src {
  const map = new Int32Array(text.length + 1);
  for (let i = 0; i < chars.length; i++) map[i] = base.map[chars[i]!]!;
  const last = chars.length > 0 ? base.map[chars[chars.length - 1]!]! + 1 : 0;
  map[text.length] = last;
  return { text, map };
}

/** Sources joined with one space between them (`pwsh -Command a b c` is the script `a b c`). */
export function joinSrcs(parts: Src[]): Src {
  let text = '';
  const map: number[] = [];
  parts.forEach((p, k) => {
    if (k > 0) {
      text += ' ';
      map.push(p.map[0]!);
    }
    text += p.text;
    for (let i = 0; i < p.text.length; i++) map.push(p.map[i]!);
  });
  const m = new Int32Array(text.length + 1);
  m.set(map);
  m[text.length] = parts.length ? parts[parts.length - 1]!.map[parts[parts.length - 1]!.text.length]! : 0;
  return { text, map: m };
}

const JSON_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

/** Decodes the JSON string literal text[start, end) (quotes included), keeping each char's offset. */
export function jsonSrc(text: string, start: number, end: number): Src {
  let out = '';
  const map: number[] = [];
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < stop) {
      const d = text[i + 1]!;
      if (d === 'u' && i + 5 < end) {
        const code = parseInt(text.slice(i + 2, i + 6), 16);
        out += Number.isNaN(code) ? '' : String.fromCharCode(code);
        map.push(i);
        i += 6;
        continue;
      }
      out += JSON_ESCAPES[d] ?? d;
      map.push(i);
      i += 2;
      continue;
    }
    out += c;
    map.push(i);
    i++;
  }
  return srcOf(out, map, stop);
}

/**
 * The shell text of a shell-form RUN: continuation lines joined the way Docker joins them (escape
 * + newline removed, comment and empty lines inside the continuation dropped), then the heredoc
 * bodies verbatim. Each character keeps its file offset.
 */
export function runSrc(text: string, start: number, end: number, escape: string): Src {
  let out = '';
  const map: number[] = [];
  let i = start;
  let logical = true;
  while (i < end) {
    const c = text[i]!;
    if (logical && c === escape) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (j < end && text[j] === '\n') {
        i = j + 1;
        // Docker drops comment lines and empty lines inside a continuation.
        for (;;) {
          let k = i;
          while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
          if (k < end && text[k] === '#') {
            while (k < end && text[k] !== '\n') k++;
            i = k + 1;
            continue;
          }
          if (k < end && (text[k] === '\n' || (text[k] === '\r' && text[k + 1] === '\n'))) {
            i = text[k] === '\r' ? k + 2 : k + 1;
            continue;
          }
          break;
        }
        continue;
      }
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') logical = false;
    out += c;
    map.push(i);
    i++;
  }
  return srcOf(out, map, end);
}

/** A Src from its text and per-character offsets; `stop` maps the end of the text. */
function srcOf(text: string, offsets: number[], stop: number): Src {
  const map = new Int32Array(text.length + 1);
  map.set(offsets);
  map[text.length] = stop;
  return { text, map };
}

/** 0-based file offset of a 1-based line and column. */
export function offsetOf(lines: LineIndex, line: number, column: number): number {
  return lines.lineStart(line) + column - 1;
}

/** Where the instruction's arguments start (after keyword and flags) and end, as file offsets. */
export function bodyRange(lines: LineIndex, inst: DockerInstruction): [number, number] {
  const lastFlag = inst.flags[inst.flags.length - 1];
  const from = lastFlag ? lastFlag.span : inst.keywordSpan;
  return [
    offsetOf(lines, from.endLine, from.endColumn),
    offsetOf(lines, inst.span.endLine, inst.span.endColumn),
  ];
}
