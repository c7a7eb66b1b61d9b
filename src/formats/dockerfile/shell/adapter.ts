/**
 * The mvdan-sh adapter: parsing, and reading the parsed AST.
 *
 * mvdan-sh is mvdan/sh compiled to JS with GopherJS. Its JS wrappers make a reflection call for
 * every field and every `Pos()`, so this module reads the raw GopherJS objects instead
 * (`__internal_object__`, Go slices as `$array`/`$offset`/`$length`, positions as byte offsets).
 * Nothing outside this file knows that shape beyond the opaque `Node` type and these accessors.
 *
 * Imported only by the lazily loaded Dockerfile parser, so the 1.3 MB of mvdan-sh is paid for
 * only when a Dockerfile is scanned.
 */
import sh from 'mvdan-sh';

/* eslint-disable @typescript-eslint/no-explicit-any -- mvdan-sh's AST is untyped Go objects */
export type Node = any;

const syntax = sh.syntax;
let parser: Node;
function shParser(): Node {
  parser ??= syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  return parser;
}

/**
 * Parsed scripts by text. Identical RUN bodies are common (one Dockerfile per version or variant)
 * and the AST is only read, so a small cache skips most repeated parses. Errors are cached too.
 */
const parseCache = new Map<string, Node>();
const PARSE_CACHE_SIZE = 256;

/** The parsed `File` of a script; throws mvdan-sh's error object when the text does not parse. */
export function parseCached(text: string): Node {
  let hit = parseCache.get(text);
  if (hit === undefined) {
    try {
      // The raw GopherJS objects: the JS wrappers cost a reflection call per field and per Pos().
      hit = { file: shParser().Parse(text, 'RUN').__internal_object__ };
    } catch (e) {
      hit = { error: e };
    }
    if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value!);
    parseCache.set(text, hit);
  }
  if (hit.error !== undefined) throw hit.error;
  return hit.file;
}

/** The message of a parse error thrown by parseCached (`line 1:6: reached EOF ...`). */
export function parseErrorMessage(e: unknown): string {
  const msg = e && typeof (e as Node).Error === 'function' ? String((e as Node).Error()) : String(e);
  return msg.replace(/^RUN:/, 'line ');
}

/** BinaryCmd operators. */
export const OP_AND = 10;
export const OP_OR = 11;
export const OP_PIPE = 12;
export const OP_PIPE_ALL = 13;
/** ParamExp expansion operators: `${A-x}` and `${A:-x}`. */
export const EXP_DEFAULT_UNSET = 70;
export const EXP_DEFAULT_UNSET_OR_NULL = 71;
/** Redirect operators that start a heredoc: `<<` and `<<-`. */
export const REDIR_HEREDOC = 61;
export const REDIR_HEREDOC_DASH = 62;

export const REDIRECT_OPS: Record<number, string> = {
  54: '>',
  55: '>>',
  56: '<',
  57: '<>',
  58: '<&',
  59: '>&',
  60: '>|',
  61: '<<',
  62: '<<-',
  63: '<<<',
  64: '&>',
  65: '&>>',
};

/** A Go slice as a JS array. */
export function A(s: Node): Node[] {
  if (!s || !s.$array) return [];
  return s.$array.slice(s.$offset, s.$offset + s.$length);
}
/** Node type name: 'CallExpr', 'Lit', ... */
export function T(n: Node): string {
  const s = n?.constructor?.string;
  return typeof s === 'string' ? s.slice(s.lastIndexOf('.') + 1) : '';
}
/** Go nil: a nil pointer, a nil interface ($ifaceNil has no $val). */
export function isNil(n: Node): boolean {
  return n === null || n === undefined || typeof n !== 'object' || !('$val' in n) || n === n.constructor?.nil;
}
/** Byte offset of a `syntax.Pos`, -1 when unset. */
export function off(pos: Node): number {
  return pos && typeof pos.offs === 'number' ? pos.offs : -1;
}

/** Byte offset where a word part / word / assignment starts. */
export function nodeStart(n: Node): number {
  switch (T(n)) {
    case 'Word': {
      const parts = A(n.Parts);
      return parts.length ? nodeStart(parts[0]) : -1;
    }
    case 'Lit':
      return off(n.ValuePos);
    case 'SglQuoted':
    case 'DblQuoted':
    case 'CmdSubst':
    case 'ArithmExp':
      return off(n.Left);
    case 'ParamExp':
      return off(n.Dollar);
    case 'ProcSubst':
    case 'ExtGlob':
      return off(n.OpPos);
    case 'BraceExp': {
      const e = A(n.Elems);
      return e.length ? nodeStart(e[0]) - 1 : -1;
    }
    case 'Assign':
      return isNil(n.Name) ? (isNil(n.Value) ? -1 : nodeStart(n.Value)) : off(n.Name.ValuePos);
    default:
      return -1;
  }
}

/** Byte offset just after a word part / word / assignment. */
export function nodeEnd(n: Node): number {
  switch (T(n)) {
    case 'Word': {
      const parts = A(n.Parts);
      return parts.length ? nodeEnd(parts[parts.length - 1]) : -1;
    }
    case 'Lit':
      return off(n.ValueEnd);
    case 'SglQuoted':
    case 'DblQuoted':
    case 'CmdSubst':
      return off(n.Right) + 1;
    case 'ArithmExp':
      return off(n.Right) + (n.Bracket ? 1 : 2);
    case 'ParamExp':
      return n.Short ? (isNil(n.Param) ? off(n.Dollar) + 2 : off(n.Param.ValueEnd)) : off(n.Rbrace) + 1;
    case 'ProcSubst':
      return off(n.Rparen) + 1;
    case 'ExtGlob':
      return isNil(n.Pattern) ? off(n.OpPos) + 2 : off(n.Pattern.ValueEnd) + 1;
    case 'BraceExp': {
      const e = A(n.Elems);
      return e.length ? nodeEnd(e[e.length - 1]) + 1 : -1;
    }
    case 'Assign':
      if (!isNil(n.Value)) return nodeEnd(n.Value);
      return isNil(n.Name) ? -1 : off(n.Name.ValueEnd) + (n.Naked ? 0 : 1);
    default:
      return -1;
  }
}

/** Every CmdSubst / ProcSubst below a node that has no commands of its own ([[ ]], (( )), let). */
export function findSubstitutions(n: Node, out: Node[], depth: number): void {
  if (depth > 60 || isNil(n)) return;
  const t = T(n);
  if (t === 'CmdSubst' || t === 'ProcSubst') {
    out.push(n);
    return;
  }
  if (n.$array) {
    for (const x of A(n)) findSubstitutions(x, out, depth + 1);
    return;
  }
  for (const k of Object.keys(n)) {
    if (k === '$val') continue;
    const v = n[k];
    if (v && typeof v === 'object' && ('$val' in v || v.$array)) findSubstitutions(v, out, depth + 1);
  }
}

/** Whether a statement's command is a pipe (`|` or `|&`). */
export function isPipe(cmd: Node): boolean {
  return !isNil(cmd) && T(cmd) === 'BinaryCmd' && (cmd.Op === OP_PIPE || cmd.Op === OP_PIPE_ALL);
}

/** The elements of `a | b | c` (nested to the left in the AST) as one list of statements. */
export function flattenPipe(cmd: Node, out: Node[]): void {
  for (const side of [cmd.X, cmd.Y]) {
    if (isPipe(side.Cmd) && side.Redirs.$length === 0) flattenPipe(side.Cmd, out);
    else out.push(side);
  }
}

/** Map from UTF-8 byte offsets (mvdan-sh's positions) to string indexes of `text`. */
export function byteToIndex(text: string): Int32Array {
  const bytes = Buffer.byteLength(text, 'utf8');
  const map = new Int32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return map;
}
