/**
 * Dockerfile variable substitution ($VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alt},
 * ${VAR+alt}, ${VAR:?message}, ${VAR?message}). Linear in the input.
 *
 * Two entry points share one lexer:
 * - `substitute` gives the value as a string, or undefined when any variable has no known value
 *   (Bulkhead never guesses). It expands variables only: the values it serves (ARG and ENV
 *   defaults, shell words) come from parsers that already removed their quotes.
 * - `expandWord` does what BuildKit's word lexer does for a FROM image or a `--from` value: quotes
 *   are removed (`FROM image:"${TAG}"`, `FROM "ubuntu:noble"`), the escape character takes the next
 *   character literally, and the result is a list of parts, each either known text or an unknown
 *   part, so a caller can still judge what the known text decides (`${PREFIX}ubuntu:noble` has no
 *   digest whatever the prefix is).
 *
 * Expansions are bounded: chained ARGs (`ARG A1=${A0}${A0}`, ...) double at every step, and 24 of
 * them in 600 bytes reach gigabytes. A result that would grow more than MAX_EXPANSION characters
 * past its own text is unknown too; `onTooLarge` lets the caller report that the cap was reached.
 * Unknown parts next to each other merge into one, and a result of more than MAX_PARTS parts
 * becomes one unknown part, so partly-known chains stay small as well. Nesting (`${A:-${B:-...}}`)
 * deeper than MAX_DEPTH is unknown.
 */
/** Variable values by name: undefined for a variable that is declared but has no known value. */
export interface VarScope {
  get(name: string): string | undefined;
  has(name: string): boolean;
}

/** How many characters an expansion may add to the text it expands. */
export const MAX_EXPANSION = 64 * 1024;
const MAX_PARTS = 64;
const MAX_DEPTH = 32;
const MAX_NAMES = 8;

/** A stretch of a word whose value is only known at build time: it may hold any text. */
export interface UnknownPart {
  readonly unknown: true;
  /** The variables that made it unknown (at most MAX_NAMES, in order of first use). */
  readonly names: readonly string[];
}
export type WordPart = string | UnknownPart;

/**
 * What a variable holds where a word is expanded:
 * - `set`: declared with a value, known in full or in part;
 * - `unknown`: declared, but its value is only known at build time (any modifier gives unknown);
 * - `unset`: not set in a default build (an ARG without default, an undeclared name): `${X:-d}`
 *   gives `d`, `${X:+a}` gives nothing, but `$X` alone is unknown, because a build that uses it
 *   must pass `--build-arg X=...`.
 */
export type VarLookup = (
  name: string,
) => { kind: 'set'; parts: readonly WordPart[] } | { kind: 'unknown' } | { kind: 'unset' };

/** A VarScope as a lookup: declared with undefined is unknown, not declared is unset. */
export function scopeLookup(scope: VarScope): VarLookup {
  return (name) => {
    if (!scope.has(name)) return { kind: 'unset' };
    const v = scope.get(name);
    return v === undefined ? { kind: 'unknown' } : { kind: 'set', parts: [v] };
  };
}

export function hasVariables(text: string): boolean {
  return text.includes('$');
}

export function isUnknown(p: WordPart): p is UnknownPart {
  return typeof p !== 'string';
}

/** The known text, when the parts hold no unknown part. */
export function knownText(parts: readonly WordPart[]): string | undefined {
  let out = '';
  for (const p of parts) {
    if (typeof p !== 'string') return undefined;
    out += p;
  }
  return out;
}

export function substitute(
  text: string,
  scope: VarScope,
  escapeChar = '\\',
  onTooLarge?: () => void,
): string | undefined {
  if (!text.includes('$')) return text;
  const r = lex(text, scopeLookup(scope), escapeChar, false);
  if (r === TOO_LARGE) onTooLarge?.();
  if (r === TOO_LARGE || r === SYNTAX) return undefined;
  return knownText(r);
}

export interface ExpandOptions {
  /** BuildKit's lexer: remove quotes and escapes (true, for FROM and flag values). */
  quotes: boolean;
  onTooLarge?: () => void;
}

/**
 * Expands a word into known text and unknown parts; undefined when the word is not valid
 * (BuildKit refuses it: an unclosed quote or brace, a bad substitution) or passes the size cap.
 */
export function expandWord(
  text: string,
  lookup: VarLookup,
  escapeChar = '\\',
  opts: ExpandOptions = { quotes: true },
): WordPart[] | undefined {
  if (!text.includes('$') && (!opts.quotes || !/["']/.test(text)) && !text.includes(escapeChar))
    return text === '' ? [] : [text];
  const r = lex(text, lookup, escapeChar, opts.quotes);
  if (r === TOO_LARGE) opts.onTooLarge?.();
  return r === TOO_LARGE || r === SYNTAX ? undefined : r;
}

/** True when expanding the text would pass the size cap (rather than give a value or unknown). */
export function expansionTooLarge(text: string, scope: VarScope, escapeChar = '\\'): boolean {
  let over = false;
  substitute(text, scope, escapeChar, () => (over = true));
  return over;
}

const TOO_LARGE = Symbol('too large');
const SYNTAX = Symbol('syntax error');
type Stop = typeof TOO_LARGE | typeof SYNTAX;

class Stopped {
  constructor(readonly why: Stop) {}
}

/** Collects parts: adjacent text joins, adjacent unknown parts merge, the known length is capped. */
class Parts {
  private readonly out: WordPart[] = [];
  private text = '';
  private names: string[] | undefined;
  /** Known characters in this word (a nested word counts its own, then once more here). */
  private known = 0;
  constructor(private readonly st: State) {}

  add(s: string): void {
    if (s === '') return;
    this.flushUnknown();
    // Values are appended whole, which V8 keeps as a rope: the cost is in the text's length, not
    // the result's, and the length check stops a result before anything flattens it.
    this.text += s;
    this.known += s.length;
    if (this.known > this.st.limit) throw new Stopped(TOO_LARGE);
  }

  unknown(names: readonly string[]): void {
    if (this.text !== '') {
      this.out.push(this.text);
      this.text = '';
    }
    this.names ??= [];
    for (const n of names) if (this.names.length < MAX_NAMES && !this.names.includes(n)) this.names.push(n);
  }

  addParts(parts: readonly WordPart[]): void {
    for (const p of parts) {
      if (typeof p === 'string') this.add(p);
      else this.unknown(p.names);
    }
  }

  private flushUnknown(): void {
    if (this.names === undefined) return;
    this.out.push({ unknown: true, names: this.names });
    this.names = undefined;
    if (this.out.length > MAX_PARTS) this.collapse();
  }

  /**
   * Too many parts: everything so far becomes one unknown part (it may hold any text, so this
   * never guesses); text added later is still known.
   */
  private collapse(): void {
    const names: string[] = [];
    for (const p of this.out)
      if (typeof p !== 'string')
        for (const n of p.names) if (names.length < MAX_NAMES && !names.includes(n)) names.push(n);
    this.out.length = 0;
    this.out.push({ unknown: true, names });
  }

  done(): WordPart[] {
    this.flushUnknown();
    if (this.text !== '') this.out.push(this.text);
    return this.out;
  }
}

interface State {
  text: string;
  i: number;
  esc: string;
  quotes: boolean;
  lookup: VarLookup;
  limit: number;
}

function lex(text: string, lookup: VarLookup, esc: string, quotes: boolean): WordPart[] | Stop {
  const st: State = { text, i: 0, esc, quotes, lookup, limit: text.length + MAX_EXPANSION };
  try {
    return word(st, undefined, false, 0);
  } catch (e) {
    if (e instanceof Stopped) return e.why;
    throw e;
  }
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** BuildKit's special parameters (`$@`, `$#`, ...); with `quotes` only, as its lexer reads them. */
const SPECIAL = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

/** A word up to `stop` (consumed) or the end; `raw` keeps escape characters (BuildKit's rawEscapes). */
function word(st: State, stop: string | undefined, raw: boolean, depth: number): WordPart[] {
  if (depth > MAX_DEPTH) throw new Stopped(SYNTAX);
  const b = new Parts(st);
  const { text } = st;
  while (st.i < text.length) {
    const c = text[st.i]!;
    if (stop !== undefined && c === stop) {
      st.i++;
      return b.done();
    }
    if (c === '$') {
      dollar(st, b, depth);
      continue;
    }
    if (!st.quotes) {
      // Values whose quotes a parser already removed: only `\$` is an escape.
      if (c === st.esc && text[st.i + 1] === '$') {
        b.add('$');
        st.i += 2;
        continue;
      }
      b.add(c);
      st.i++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", st.i + 1);
      if (close === -1) throw new Stopped(SYNTAX);
      b.add(text.slice(st.i + 1, close));
      st.i = close + 1;
      continue;
    }
    if (c === '"') {
      doubleQuoted(st, b, depth);
      continue;
    }
    st.i++;
    if (c === st.esc) {
      if (raw) b.add(c);
      if (st.i >= text.length) break;
      b.add(text[st.i++]!);
      continue;
    }
    b.add(c);
  }
  if (stop !== undefined) throw new Stopped(SYNTAX);
  return b.done();
}

function doubleQuoted(st: State, b: Parts, depth: number): void {
  const { text } = st;
  st.i++;
  for (;;) {
    if (st.i >= text.length) throw new Stopped(SYNTAX);
    const c = text[st.i]!;
    if (c === '"') {
      st.i++;
      return;
    }
    if (c === '$') {
      dollar(st, b, depth);
      continue;
    }
    st.i++;
    if (c === st.esc) {
      const n = text[st.i];
      if (n === undefined) continue;
      if (n === '"' || n === '$' || n === st.esc) {
        b.add(n);
        st.i++;
        continue;
      }
    }
    b.add(c);
  }
}

function readName(st: State, special: boolean): string {
  const { text } = st;
  const start = st.i;
  const first = text[start];
  if (first === undefined) return '';
  if (special && isDigit(first)) {
    while (isDigit(text[st.i])) st.i++;
    return text.slice(start, st.i);
  }
  if (special && SPECIAL.has(first)) {
    st.i++;
    return first;
  }
  if (!isNameStart(first)) return '';
  while (st.i < text.length && isNameChar(text[st.i]!)) st.i++;
  return text.slice(start, st.i);
}

/** Empty for certain (`yes`), maybe (unknown parts with no text), or not. */
function emptiness(parts: readonly WordPart[]): 'yes' | 'maybe' | 'no' {
  let unknown = false;
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p !== '') return 'no';
    } else unknown = true;
  }
  return unknown ? 'maybe' : 'yes';
}

function dollar(st: State, b: Parts, depth: number): void {
  const { text } = st;
  st.i++;
  if (text[st.i] !== '{') {
    const name = readName(st, st.quotes);
    if (name === '') {
      b.add('$');
      return;
    }
    plain(st, b, name);
    return;
  }
  st.i++;
  const first = text[st.i];
  if (first === undefined || first === '{' || first === '}' || first === ':') throw new Stopped(SYNTAX);
  const name = readName(st, st.quotes);
  if (name === '') throw new Stopped(SYNTAX);
  let op = text[st.i++];
  if (op === '}') {
    plain(st, b, name);
    return;
  }
  let nullIsUnset = false;
  if (op === ':') {
    nullIsUnset = true;
    op = text[st.i++];
  }
  if (op === '/' && !nullIsUnset) {
    if (text[st.i] === '/') st.i++;
    word(st, '/', true, depth + 1);
    word(st, '}', true, depth + 1);
    // Pattern replacement: not evaluated. An unset value stays empty in a default build; in
    // shell words (no `quotes`) the shell may have set it, as before: unknown.
    const v = st.lookup(name);
    if (v.kind !== 'unset' || !st.quotes) b.unknown([name]);
    return;
  }
  if (op !== '-' && op !== '+' && op !== '?' && op !== '#' && op !== '%') throw new Stopped(SYNTAX);
  const alt = word(st, '}', op === '#' || op === '%', depth + 1);
  const v = st.lookup(name);
  if (v.kind === 'unknown') {
    b.unknown([name]);
    return;
  }
  const value = v.kind === 'set' ? v.parts : [];
  const empty = emptiness(value);
  const unset = v.kind === 'unset' || (nullIsUnset && empty === 'yes');
  // Set, but whether it is empty is only known at build time: `:-` and `:+` could go either way.
  const either = v.kind === 'set' && nullIsUnset && empty === 'maybe';
  switch (op) {
    case '-':
      if (either) b.unknown([name]);
      else if (unset) b.addParts(alt);
      else b.addParts(value);
      return;
    case '+':
      if (either) b.unknown([name]);
      else if (!unset) b.addParts(alt);
      return;
    case '?':
      // Unset: the build stops with the message unless a build argument sets it.
      if (unset) b.unknown([name]);
      else b.addParts(value);
      return;
    default:
      // `#`/`%` pattern removal: not evaluated; an unset value stays empty (in a default build).
      if (v.kind === 'set' || !st.quotes) b.unknown([name]);
      return;
  }
}

function plain(st: State, b: Parts, name: string): void {
  const v = st.lookup(name);
  if (v.kind === 'set') b.addParts(v.parts);
  else b.unknown([name]);
}
