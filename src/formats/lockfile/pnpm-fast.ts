/**
 * A line reader for the YAML subset pnpm writes in pnpm-lock.yaml (5.x, 6.0, 9.0): block maps
 * indented by spaces, `key: scalar` with plain or quoted one-line scalars, one-line flow maps and
 * sequences of scalars (`{integrity: …, tarball: …}`, `[x64]`, `{}`), block sequences of scalars,
 * and `---` document separators. It builds the same plain data `yaml`'s `toJS()` would (core schema
 * scalar types) plus the positions pnpm.ts needs, about 10-20x faster than the general parser.
 *
 * It returns undefined ("fall back to the yaml parser") for anything outside that subset: anchors,
 * aliases, tags, comments, multi-line or block scalars, nested flow collections, complex keys,
 * escapes in double quotes, tabs and control characters, odd indentation, duplicate keys, keys the
 * core schema would read as non-strings, and so on. When unsure, it falls back.
 */

import type { Pos } from '../../core/index.js';

export interface FastDocument {
  data: Record<string, unknown>;
  /** `packages` keys -> position of the key token (quote included), 1-based. */
  packageKeys: Map<string, Pos>;
  /** `packages` keys -> resolution field -> position of the scalar value's first character (inside quotes). */
  resolutionValues: Map<string, Map<string, Pos>>;
}

/** Thrown internally to leave the fast path. */
class Fallback extends Error {}
const FALLBACK = new Fallback('fallback');

function bail(): never {
  throw FALLBACK;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  indent: number;
  node: Container;
  /** 0 = other, 1 = the top-level `packages` map, 2 = a package entry, 3 = its `resolution` map. */
  role: 0 | 1 | 2 | 3;
  /** For roles 2 and 3: the package key. */
  pkg?: string;
}

const INT = /^[0-9]+$/;
const FLOAT = /^(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;

/**
 * The value `yaml` (core schema) gives a plain scalar. Numbers in forms other than plain decimal
 * (signs, hex, octal, .inf, .nan) fall back.
 */
function plainValue(s: string): unknown {
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    // digit
    if (INT.test(s)) return Number.parseInt(s, 10);
    if (FLOAT.test(s) || FLOAT_EXP.test(s)) return Number.parseFloat(s);
    return s;
  }
  if (c === 46 /* . */) {
    if (FLOAT.test(s) || FLOAT_EXP.test(s)) return Number.parseFloat(s);
    const l = s.toLowerCase();
    if (l === '.inf' || l === '.nan') bail();
    return s;
  }
  switch (s) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    default:
      return s;
  }
}

/**
 * First characters a plain scalar may start with here (a subset of what YAML allows: indicators,
 * `-`, `?`, `:`, `@`, `` ` ``, `>`, `!`, `%`, `|` and so on fall back).
 */
function plainStartOk(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 57) || // 0-9
    c === 47 || // /
    c === 46 || // .
    c === 95 || // _
    c === 94 || // ^
    c === 126 || // ~
    c === 36 || // $
    c === 60 || // <
    c === 61 || // =
    c === 40 || // (
    c === 43 // +
  );
}

/** A block-context plain scalar as the whole rest of a line; falls back on anything doubtful. */
function blockPlain(s: string): unknown {
  if (!plainStartOk(s.charCodeAt(0))) bail();
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':') || s.endsWith(' ')) bail();
  return plainValue(s);
}

/** A single-quoted scalar starting at `s[i]`; returns the value and the index after the closing quote. */
function singleQuoted(s: string, i: number): [string, number] {
  let out = '';
  let from = i + 1;
  for (;;) {
    const q = s.indexOf("'", from);
    if (q === -1) bail(); // multi-line or unterminated
    if (s.charCodeAt(q + 1) === 39) {
      out += s.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    return [out + s.slice(from, q), q + 1];
  }
}

/** A double-quoted scalar without escapes starting at `s[i]`. */
function doubleQuoted(s: string, i: number): [string, number] {
  const q = s.indexOf('"', i + 1);
  if (q === -1) bail();
  const inner = s.slice(i + 1, q);
  if (inner.includes('\\')) bail();
  return [inner, q + 1];
}

function quoted(s: string, i: number): [string, number] {
  return s.charCodeAt(i) === 39 ? singleQuoted(s, i) : doubleQuoted(s, i);
}

/** Characters that end or cannot appear in a flow plain scalar here. */
function flowStop(c: number): boolean {
  return c === 44 || c === 125 || c === 93 || c === 123 || c === 91 || c === 35 || c === 39 || c === 34;
}

/**
 * A scalar inside a one-line flow collection at `s[i]`: returns [value, start of its text (inside
 * quotes), index after it].
 */
function flowScalar(s: string, i: number): [unknown, number, number] {
  const c = s.charCodeAt(i);
  if (c === 39 || c === 34) {
    const [v, end] = quoted(s, i);
    return [v, i + 1, end];
  }
  if (!plainStartOk(c)) bail();
  let j = i;
  while (j < s.length && !flowStop(s.charCodeAt(j))) {
    // `: ` or `:` before a flow indicator would start a pair inside the value
    if (
      s.charCodeAt(j) === 58 &&
      (j + 1 >= s.length || s.charCodeAt(j + 1) === 32 || flowStop(s.charCodeAt(j + 1)))
    )
      break;
    j++;
  }
  let e = j;
  while (e > i && s.charCodeAt(e - 1) === 32) e--;
  if (e === i) bail();
  const text = s.slice(i, e);
  if (text.includes(' #')) bail();
  return [plainValue(text), i, j];
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * A one-line flow map or sequence of scalars at `s[i]` (the rest of the line). `positions`, when
 * given, receives each map value's start offset.
 */
function flowCollection(s: string, i: number, positions?: Map<string, number>): Container {
  const isMap = s.charCodeAt(i) === 123;
  const close = isMap ? 125 : 93;
  const out: Container = isMap ? {} : [];
  i = skipSpaces(s, i + 1);
  if (s.charCodeAt(i) === close) {
    if (skipSpaces(s, i + 1) !== s.length) bail();
    return out;
  }
  for (;;) {
    if (isMap) {
      const kc = s.charCodeAt(i);
      let key: string;
      if (kc === 39 || kc === 34) {
        [key, i] = quoted(s, i);
      } else {
        const [k, , end] = flowScalar(s, i);
        if (typeof k !== 'string') bail();
        key = k;
        i = end;
      }
      if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32) bail();
      if (!safeKey(key) || Object.prototype.hasOwnProperty.call(out, key)) bail();
      i = skipSpaces(s, i + 2);
      const [v, start, end] = flowScalar(s, i);
      (out as Record<string, unknown>)[key] = v;
      positions?.set(key, start);
      i = end;
    } else {
      const [v, , end] = flowScalar(s, i);
      (out as unknown[]).push(v);
      i = end;
    }
    i = skipSpaces(s, i);
    const c = s.charCodeAt(i);
    if (c === close) {
      if (skipSpaces(s, i + 1) !== s.length) bail();
      return out;
    }
    if (c !== 44) bail();
    i = skipSpaces(s, i + 1);
  }
}

/**
 * Keys toJS stores differently (`__proto__`) and implicit keys YAML limits to 1024 characters.
 * (Integer-like keys are fine: both paths insert into plain objects in document order.)
 */
function safeKey(k: string): boolean {
  return k !== '__proto__' && k.length <= 1000;
}

/** Reads every document of a pnpm lockfile, or returns undefined to fall back. */
export function readPnpmFast(text: string): FastDocument[] | undefined {
  try {
    return read(text);
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  }
}

function read(text: string): FastDocument[] {
  const docs: FastDocument[] = [];
  const n = text.length;
  let doc: FastDocument | undefined;
  let stack: Frame[] = [];
  /** A `key:` with nothing after it: its value is a block below, or null. */
  let pending: { frame: Frame; key: string } | undefined;
  /** An open literal block scalar (`|-` / `|`, which pnpm writes for multi-line `deprecated`). */
  let block:
    | {
        node: Record<string, unknown>;
        key: string;
        parentIndent: number;
        indent: number;
        strip: boolean;
        lines: string[];
      }
    | undefined;
  const crlf = text.includes('\r');
  let start = 0;
  let no = 0;

  const finishBlock = (): void => {
    if (!block) return;
    const lines = block.lines;
    let k = lines.length;
    while (k > 0 && lines[k - 1] === '') k--;
    const body = lines.slice(0, k).join('\n');
    block.node[block.key] = block.strip || k === 0 ? body : `${body}\n`;
    block = undefined;
  };

  const closeDoc = (): void => {
    finishBlock();
    if (pending) {
      (pending.frame.node as Record<string, unknown>)[pending.key] = null;
      pending = undefined;
    }
    doc = undefined;
    stack = [];
  };

  while (start < n) {
    no++;
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    let e = end;
    if (e > start && text.charCodeAt(e - 1) === 13) e--;
    const line = text.slice(start, e);
    start = end + 1;

    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (block) {
      if (indent === line.length) {
        // empty line inside the scalar; whitespace beyond the content indentation falls back
        if (block.indent === -1 || indent > block.indent) bail();
        block.lines.push('');
        continue;
      }
      if (block.indent === -1) {
        if (indent <= block.parentIndent) bail(); // an empty block scalar
        block.indent = indent;
      }
      if (indent >= block.indent) {
        for (let k = indent; k < line.length; k++) {
          const c = line.charCodeAt(k);
          if (c < 32 || c === 127 || c === 0xfeff || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029)
            bail();
        }
        block.lines.push(line.slice(block.indent));
        continue;
      }
      finishBlock();
    }
    if (indent === line.length) {
      if (indent > 0) bail(); // whitespace-only lines: let yaml decide
      continue;
    }
    for (let k = indent; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c < 32 || c === 127 || c === 0xfeff || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029)
        bail();
    }
    const first = line.charCodeAt(indent);
    if (first === 35 /* # */) bail();
    if (indent === 0 && (first === 45 || first === 46 || first === 37)) {
      // `---` separates documents; `...`, `--- x`, directives and top-level sequences fall back
      if (line === '---') {
        closeDoc();
        continue;
      }
      bail();
    }

    if (!doc) {
      if (indent !== 0) bail();
      const data: Record<string, unknown> = {};
      doc = { data, packageKeys: new Map(), resolutionValues: new Map() };
      docs.push(doc);
      stack = [{ indent: 0, node: data, role: 0 }];
    }

    const isItem = first === 45 && (line.length === indent + 1 || line.charCodeAt(indent + 1) === 32);
    if (pending) {
      const parent = pending.frame;
      if (indent > parent.indent) {
        const node: Container = isItem ? [] : {};
        let role: Frame['role'] = 0;
        let pkg: string | undefined;
        if (!isItem) {
          if (parent === stack[0] && pending.key === 'packages') role = 1;
          else if (parent.role === 1) {
            role = 2;
            pkg = pending.key;
          } else if (parent.role === 2 && pending.key === 'resolution') {
            role = 3;
            pkg = parent.pkg;
          }
        }
        (parent.node as Record<string, unknown>)[pending.key] = node;
        stack.push({ indent, node, role, ...(pkg !== undefined ? { pkg } : {}) });
      } else {
        if (isItem) bail(); // `key:\n- item` at the same indentation
        (parent.node as Record<string, unknown>)[pending.key] = null;
      }
      pending = undefined;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.indent > indent) stack.pop();
    const frame = stack[stack.length - 1];
    if (!frame || frame.indent !== indent) bail();

    if (Array.isArray(frame.node)) {
      if (!isItem) bail();
      const i = skipSpaces(line, indent + 1);
      if (i >= line.length) bail(); // `-` alone: a null item or a nested block
      const c = line.charCodeAt(i);
      let v: unknown;
      if (c === 39 || c === 34) {
        const [q, after] = quoted(line, i);
        if (after !== line.length) bail();
        v = q;
      } else v = blockPlain(line.slice(i));
      frame.node.push(v);
      continue;
    }
    if (isItem) bail();

    // key
    let key: string;
    let after: number; // index of the ':' after the key
    if (first === 39 || first === 34) {
      [key, after] = quoted(line, indent);
      if (line.charCodeAt(after) !== 58) bail();
    } else {
      if (!plainStartOk(first)) bail();
      const sep = line.indexOf(': ', indent);
      after = sep === -1 ? line.length - 1 : sep;
      if (line.charCodeAt(after) !== 58 || after === indent) bail();
      key = line.slice(indent, after);
      if (key.endsWith(' ') || key.endsWith(':') || key.includes(' #') || typeof plainValue(key) !== 'string')
        bail();
    }
    if (!safeKey(key)) bail();
    const node = frame.node;
    if (Object.prototype.hasOwnProperty.call(node, key)) bail();
    if (frame.role === 1) doc.packageKeys.set(key, { line: no, column: indent + 1 });

    // value
    if (after + 1 === line.length) {
      pending = { frame, key };
      continue;
    }
    if (line.charCodeAt(after + 1) !== 32) bail();
    const vi = skipSpaces(line, after + 1);
    if (vi >= line.length) bail(); // trailing spaces
    const c = line.charCodeAt(vi);
    let value: unknown;
    let valueStart = vi;
    if (c === 123 || c === 91) {
      let offsets: Map<string, number> | undefined;
      if (frame.role === 2 && key === 'resolution' && c === 123) offsets = new Map();
      value = flowCollection(line, vi, offsets);
      if (offsets && frame.pkg !== undefined) {
        const m = new Map<string, Pos>();
        for (const [f, o] of offsets) m.set(f, { line: no, column: o + 1 });
        doc.resolutionValues.set(frame.pkg, m);
      }
    } else if (c === 39 || c === 34) {
      const [q, end2] = quoted(line, vi);
      if (end2 !== line.length) bail();
      value = q;
      valueStart = vi + 1;
    } else if (c === 124 /* | */) {
      const rest = line.slice(vi);
      if ((rest !== '|-' && rest !== '|') || crlf) bail();
      block = { node, key, parentIndent: frame.indent, indent: -1, strip: rest === '|-', lines: [] };
      value = null; // set when the block ends
    } else value = blockPlain(line.slice(vi));
    node[key] = value;
    if (frame.role === 3 && frame.pkg !== undefined && (value === null || typeof value !== 'object')) {
      let m = doc.resolutionValues.get(frame.pkg);
      if (!m) doc.resolutionValues.set(frame.pkg, (m = new Map()));
      m.set(key, { line: no, column: valueStart + 1 });
    }
  }
  closeDoc();
  return docs;
}
