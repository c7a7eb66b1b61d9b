/**
 * GitHub Actions expressions (`${{ ... }}`): finding them in a string value and parsing each one
 * into a small AST, so rules ask "which contexts does this read, through which functions" instead
 * of matching text. The grammar is GitHub's (docs "Evaluate expressions in workflows and
 * actions"): literals (`null`, `true`, `false`, numbers, `'strings'` with `''` escapes), context
 * access by property (`github.event.issue`), by index (`github['event']`) and by filter
 * (`github.event.commits.*.message`), function calls, `!`, comparisons, `&&`, `||` and
 * parentheses. Whitespace, newlines included, may appear anywhere between tokens.
 *
 * Everything here is linear in the input: one pass to find the `${{ }}` fences, one tokenizer pass
 * and a recursive-descent parser whose depth is capped (MAX_DEPTH), so `((((...` cannot overflow
 * the stack.
 */

/** A parsed expression node; `start`/`end` are offsets into the expression text (end exclusive). */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; start: number; end: number }
  /** A bare name: a context (`github`, `env`, `matrix`) unless it is a function call's callee. */
  | { kind: 'name'; name: string; start: number; end: number }
  /** `object.name` */
  | { kind: 'property'; object: Expr; name: string; start: number; end: number }
  /** `object[index]` */
  | { kind: 'index'; object: Expr; index: Expr; start: number; end: number }
  /** `object.*` (an object filter: every value of the object or array) */
  | { kind: 'filter'; object: Expr; start: number; end: number }
  | { kind: 'call'; name: string; args: Expr[]; start: number; end: number }
  | { kind: 'not'; operand: Expr; start: number; end: number }
  | {
      kind: 'binary';
      op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
      left: Expr;
      right: Expr;
      start: number;
      end: number;
    };

/** One `${{ ... }}` in a string value. Offsets are into that value. */
export interface ExpressionSite {
  /** Offset of `$` in `${{`. */
  start: number;
  /** Offset just past the closing `}}` (the end of the value when it is unclosed). */
  end: number;
  /** The text between the fences. */
  source: string;
  /** Offset of `source[0]` in the value. */
  sourceStart: number;
  /** The parsed expression; undefined when it does not parse (see `error`). */
  ast?: Expr;
  error?: string;
}

/** Nesting depth of parentheses, indexes and calls the parser follows. */
export const MAX_DEPTH = 64;
/** Expressions per value that are parsed; the rest are recorded with an error. */
export const MAX_EXPRESSIONS = 1000;

/** Every `${{ ... }}` in `value`, in order, each parsed. */
export function findExpressions(value: string): ExpressionSite[] {
  const out: ExpressionSite[] = [];
  let i = value.indexOf('${{');
  while (i !== -1) {
    const sourceStart = i + 3;
    const close = closingFence(value, sourceStart);
    const end = close === -1 ? value.length : close + 2;
    const source = value.slice(sourceStart, close === -1 ? value.length : close);
    const site: ExpressionSite = { start: i, end, source, sourceStart };
    if (close === -1) site.error = 'unclosed expression: `${{` without `}}`';
    else if (out.length >= MAX_EXPRESSIONS)
      site.error = `more than ${MAX_EXPRESSIONS} expressions in one value`;
    else {
      const r = parseExpression(source);
      if ('error' in r) site.error = r.error;
      else site.ast = r.ast;
    }
    out.push(site);
    if (close === -1) break;
    i = value.indexOf('${{', end);
  }
  return out;
}

/** Offset of the `}}` that closes an expression starting at `from` (outside string literals). */
function closingFence(value: string, from: number): number {
  let inString = false;
  for (let i = from; i < value.length; i++) {
    const c = value[i]!;
    if (inString) {
      if (c === "'") {
        if (value[i + 1] === "'") i++;
        else inString = false;
      }
    } else if (c === "'") inString = true;
    else if (c === '}' && value[i + 1] === '}') return i;
  }
  return -1;
}

type TokKind = 'num' | 'str' | 'ident' | 'punct' | 'eof';
interface Tok {
  kind: TokKind;
  text: string;
  value?: string | number;
  start: number;
  end: number;
}

const PUNCT2 = ['==', '!=', '<=', '>=', '&&', '||'];
const PUNCT1 = '()[].,!<>*';

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentChar(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '-';
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function tokenize(src: string): Tok[] | { error: string } {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) return { error: `unterminated string at offset ${start}` };
        const d = src[i]!;
        if (d === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += d;
        i++;
      }
      toks.push({ kind: 'str', text: src.slice(start, i), value: s, start, end: i });
      continue;
    }
    const prev = toks[toks.length - 1];
    // After a `.`, a property name: it may start with a digit and hold dashes (`steps.1st-try`).
    if (prev?.kind === 'punct' && prev.text === '.' && isIdentChar(c)) {
      i++;
      while (i < n && isIdentChar(src[i]!)) i++;
      toks.push({ kind: 'ident', text: src.slice(start, i), start, end: i });
      continue;
    }
    // A number, or a negative one: `-` directly before a digit where an operand may start.
    const operandPosition =
      prev === undefined || (prev.kind === 'punct' && prev.text !== ')' && prev.text !== ']');
    if (isDigit(c) || (c === '-' && operandPosition && (isDigit(src[i + 1]) || src[i + 1] === '.'))) {
      i++;
      while (i < n && (isIdentChar(src[i]!) || src[i] === '.' || src[i] === '+')) {
        // `1e+5`: a sign only right after an exponent marker.
        if (src[i] === '+' && !(src[i - 1] === 'e' || src[i - 1] === 'E')) break;
        if (src[i] === '-' && !(src[i - 1] === 'e' || src[i - 1] === 'E')) break;
        i++;
      }
      const text = src.slice(start, i);
      const num = Number(text);
      if (Number.isNaN(num)) return { error: `invalid number '${text.slice(0, 40)}'` };
      toks.push({ kind: 'num', text, value: num, start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentChar(src[i]!)) i++;
      toks.push({ kind: 'ident', text: src.slice(start, i), start, end: i });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      toks.push({ kind: 'punct', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      toks.push({ kind: 'punct', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    return { error: `unexpected character '${c}' at offset ${i}` };
  }
  toks.push({ kind: 'eof', text: '', start: n, end: n });
  return toks;
}

class ExprParser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.pos]!;
  }
  private next(): Tok {
    return this.toks[this.pos++]!;
  }
  private is(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }
  private expect(text: string): Tok {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text)
      throw new SyntaxError(`expected '${text}' at offset ${t.start}`);
    return t;
  }

  parse(): Expr {
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'eof') throw new SyntaxError(`unexpected '${t.text}' at offset ${t.start}`);
    return e;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new SyntaxError(`nested deeper than ${MAX_DEPTH} levels`);
  }

  private or(): Expr {
    let left = this.and();
    while (this.is('||')) {
      this.next();
      const right = this.and();
      left = { kind: 'binary', op: '||', left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private and(): Expr {
    let left = this.equality();
    while (this.is('&&')) {
      this.next();
      const right = this.equality();
      left = { kind: 'binary', op: '&&', left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private equality(): Expr {
    let left = this.comparison();
    while (this.is('==') || this.is('!=')) {
      const op = this.next().text as '==' | '!=';
      const right = this.comparison();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private comparison(): Expr {
    let left = this.unary();
    while (this.is('<') || this.is('<=') || this.is('>') || this.is('>=')) {
      const op = this.next().text as '<' | '<=' | '>' | '>=';
      const right = this.unary();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private unary(): Expr {
    if (this.is('!')) {
      const bang = this.next();
      this.enter();
      const operand = this.unary();
      this.depth--;
      return { kind: 'not', operand, start: bang.start, end: operand.end };
    }
    return this.postfix(this.primary());
  }
  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.is('.')) {
        this.next();
        const t = this.next();
        if (t.kind === 'punct' && t.text === '*') {
          e = { kind: 'filter', object: e, start: e.start, end: t.end };
        } else if (t.kind === 'ident') {
          e = { kind: 'property', object: e, name: t.text, start: e.start, end: t.end };
        } else throw new SyntaxError(`expected a property name at offset ${t.start}`);
      } else if (this.is('[')) {
        this.next();
        this.enter();
        const index = this.or();
        this.depth--;
        const close = this.expect(']');
        e = { kind: 'index', object: e, index, start: e.start, end: close.end };
      } else return e;
    }
  }
  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return { kind: 'literal', value: t.value as number, start: t.start, end: t.end };
      case 'str':
        return { kind: 'literal', value: t.value as string, start: t.start, end: t.end };
      case 'ident': {
        const lower = t.text.toLowerCase();
        if (lower === 'true' || lower === 'false')
          return { kind: 'literal', value: lower === 'true', start: t.start, end: t.end };
        if (lower === 'null') return { kind: 'literal', value: null, start: t.start, end: t.end };
        if (this.is('(')) {
          this.next();
          this.enter();
          const args: Expr[] = [];
          if (!this.is(')')) {
            args.push(this.or());
            while (this.is(',')) {
              this.next();
              args.push(this.or());
            }
          }
          this.depth--;
          const close = this.expect(')');
          return { kind: 'call', name: t.text, args, start: t.start, end: close.end };
        }
        return { kind: 'name', name: t.text, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '(') {
          this.enter();
          const inner = this.or();
          this.depth--;
          this.expect(')');
          return inner;
        }
        throw new SyntaxError(`unexpected '${t.text}' at offset ${t.start}`);
      case 'eof':
        throw new SyntaxError('expression ends too early');
    }
  }
}

/** Parses the text between `${{` and `}}` (or a bare `if:` condition). */
export function parseExpression(source: string): { ast: Expr } | { error: string } {
  const toks = tokenize(source);
  if ('error' in toks) return toks;
  if (toks.length === 1) return { error: 'empty expression' };
  try {
    return { ast: new ExprParser(toks).parse() };
  } catch (e) {
    if (e instanceof SyntaxError) return { error: e.message };
    throw e;
  }
}

/**
 * The context path an access expression reads, lower-cased (contexts and properties are
 * case-insensitive): `github.event['issue'].title` → `['github', 'event', 'issue', 'title']`,
 * a filter `.*` → `'*'`, an index that is not a string or number literal → `'?'`. Undefined when
 * the expression is not an access chain rooted at a context name.
 */
export function contextPath(e: Expr): string[] | undefined {
  const parts: string[] = [];
  let cur: Expr = e;
  for (;;) {
    if (cur.kind === 'property') {
      parts.push(cur.name.toLowerCase());
      cur = cur.object;
    } else if (cur.kind === 'index') {
      const i = cur.index;
      parts.push(
        i.kind === 'literal' && (typeof i.value === 'string' || typeof i.value === 'number')
          ? String(i.value).toLowerCase()
          : '?',
      );
      cur = cur.object;
    } else if (cur.kind === 'filter') {
      parts.push('*');
      cur = cur.object;
    } else if (cur.kind === 'name') {
      parts.push(cur.name.toLowerCase());
      return parts.reverse();
    } else return undefined;
  }
}

/** A context read somewhere in an expression, with the functions it is passed through. */
export interface ContextRead {
  /** See {@link contextPath}. */
  path: string[];
  node: Expr;
  /** Names of the calls enclosing the read, innermost first, lower-cased (`tojson`, `format`). */
  via: string[];
}

/**
 * Every maximal context access in an expression (`github.event.issue.title` once, not also
 * `github.event`), in source order, including those inside indexes (`matrix[inputs.key]` reads
 * `matrix.?` and `inputs.key`). Iterative: no recursion on the caller's stack beyond the AST depth
 * the parser already bounded.
 */
export function contextReads(root: Expr): ContextRead[] {
  const out: ContextRead[] = [];
  const visit = (e: Expr, via: string[]): void => {
    switch (e.kind) {
      case 'literal':
        return;
      case 'name':
      case 'property':
      case 'index':
      case 'filter': {
        const path = contextPath(e);
        if (path) out.push({ path, node: e, via });
        // Dynamic indexes read contexts of their own; objects that are not chains (a call's
        // result indexed: `fromJSON(x).y`) are visited for what they read.
        let cur: Expr = e;
        while (cur.kind === 'property' || cur.kind === 'index' || cur.kind === 'filter') {
          if (cur.kind === 'index' && cur.index.kind !== 'literal') visit(cur.index, via);
          cur = cur.object;
        }
        if (cur.kind !== 'name') visit(cur, via);
        return;
      }
      case 'call': {
        const inner = [e.name.toLowerCase(), ...via];
        for (const a of e.args) visit(a, inner);
        return;
      }
      case 'not':
        visit(e.operand, via);
        return;
      case 'binary':
        visit(e.left, via);
        visit(e.right, via);
        return;
    }
  };
  visit(root, []);
  return out;
}

/** Every node of an expression, the root first, without recursion (expressions can nest deeply). */
export function* subExpressions(root: Expr): Generator<Expr, void, undefined> {
  const stack: Expr[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    switch (e.kind) {
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]!);
        break;
      case 'not':
        stack.push(e.operand);
        break;
      case 'binary':
        stack.push(e.right, e.left);
        break;
      case 'property':
      case 'filter':
        stack.push(e.object);
        break;
      case 'index':
        stack.push(e.index, e.object);
        break;
      default:
        break;
    }
  }
}
