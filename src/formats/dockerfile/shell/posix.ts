/**
 * Reads POSIX shell text through the mvdan-sh AST (see adapter.ts) into the builder: statements,
 * lists, pipes, compound commands, words with their quoting and known variable values,
 * substitutions, redirects and heredocs. Byte offsets from the AST are mapped to text indexes and
 * from there, through the source map, to file positions.
 */
import type { Span } from '../../position.js';
import {
  A,
  byteToIndex,
  EXP_DEFAULT_UNSET,
  EXP_DEFAULT_UNSET_OR_NULL,
  findSubstitutions,
  flattenPipe,
  isNil,
  isPipe,
  nodeEnd,
  nodeStart,
  off,
  OP_AND,
  OP_OR,
  parseCached,
  parseErrorMessage,
  REDIR_HEREDOC,
  REDIR_HEREDOC_DASH,
  REDIRECT_OPS,
  T,
  type Node,
} from './adapter.js';
import type { Builder, HeredocIn, Level, WordIn } from './build.js';
import type { ShellAssign, ShellCommand, ShellHeredoc, ShellNesting, ShellRedirect } from './model.js';
import { srcFromChars, srcSlice, type Src } from './source-map.js';

/** Redirect operators that send a command's standard output to the target. */
const OUTPUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>']);

/** Scripts larger than this skip the real parser (linear tokenizer only). */
const MAX_PARSE_CHARS = 64_000;

interface ParseCtx {
  src: Src;
  /** UTF-8 byte offset -> text index, when the text is not ASCII. */
  b2i: Int32Array | null;
  level: Level;
  depth: number;
}

/** Pipe info applied to a range of commands after a pipeline element is walked. */
interface PipeInfo {
  id: number;
  index: number;
  length: number;
}

/** A word's (or, once split, a field's) value as its parts are read. */
interface Acc {
  value: string;
  known: boolean;
  partial: string;
  chars: number[];
  subst: boolean;
  /** Text range [lo, hi) of the parts in this field. */
  lo: number;
  hi: number;
  /** Whether any part (even an empty quoted one) belongs to this field. */
  started: boolean;
  /** Whether characters of a split expansion are in this field. */
  split: boolean;
}

const newAcc = (): Acc => ({
  value: '',
  known: true,
  partial: '',
  chars: [],
  subst: false,
  lo: Infinity,
  hi: -1,
  started: false,
  split: false,
});

/** Field splitting of one command word: unquoted expansions split on the characters of IFS. */
interface Split {
  ifs: string;
  fields: Acc[];
  /** Whether an expansion split the word. */
  did: boolean;
}

const DEFAULT_IFS = ' \t\n';

export class PosixReader {
  constructor(private readonly b: Builder) {}

  parse(src: Src, level: Level, depth: number): void {
    if (src.text.length > MAX_PARSE_CHARS) {
      // The tokenizer sees every command but not into $(...), <(...) or heredocs: say so.
      this.b.limit(
        'parser-size',
        this.b.span(src, 0, src.text.length),
        `a script of more than ${MAX_PARSE_CHARS.toLocaleString('en-US')} characters, more than the shell parser reads`,
      );
      this.b.tokenized(src, 'posix', level, depth, 'script too large for the shell parser');
      return;
    }
    let file: Node;
    try {
      file = parseCached(src.text);
    } catch (e) {
      this.b.tokenized(src, 'posix', level, depth, parseErrorMessage(e));
      return;
    }
    let b2i: Int32Array | null = null;
    if (/[^\x00-\x7f]/.test(src.text)) b2i = byteToIndex(src.text);
    const ctx: ParseCtx = { src, b2i, level, depth };
    this.stmtList(ctx, file.Stmts, 0);
  }

  private idx(ctx: ParseCtx, off: number): number {
    if (off < 0) off = 0;
    if (!ctx.b2i) return Math.min(off, ctx.src.text.length);
    return ctx.b2i[Math.min(off, ctx.b2i.length - 1)]!;
  }
  private range(ctx: ParseCtx, node: Node): [number, number] {
    return [this.idx(ctx, nodeStart(node)), this.idx(ctx, nodeEnd(node))];
  }

  private stmtList(ctx: ParseCtx, stmts: Node, depth: number, after?: ShellCommand['after']): void {
    let prev: Node = null;
    for (const s of A(stmts)) {
      const sep: ShellCommand['after'] = prev
        ? prev.Background
          ? '&'
          : prev.Semicolon.lineCol !== 0
            ? ';'
            : '\n'
        : after;
      this.stmt(ctx, s, depth, sep);
      prev = s;
    }
  }

  /** Walks one statement; sets `after` on the first command of its own level. */
  private stmt(ctx: ParseCtx, s: Node, depth: number, after: ShellCommand['after']): void {
    const start = this.b.commands.length;
    this.stmtInner(ctx, s, depth);
    if (after === undefined) return;
    for (let i = start; i < this.b.commands.length; i++) {
      if (this.b.levels[i] === ctx.level.id && this.b.commands[i]!.after === undefined) {
        this.b.commands[i]!.after = after;
        break;
      }
    }
  }

  private stmtInner(ctx: ParseCtx, s: Node, depth: number): void {
    const start = this.b.commands.length;
    this.stmtBody(ctx, s, depth);
    const cmd = s.Cmd;
    if (isNil(cmd) || s.Redirs.$length === 0) return;
    const t = T(cmd);
    if (t === 'CallExpr' || t === 'DeclClause') return;
    // A compound command's output redirects apply to every command of its body at this level.
    const outs: ShellRedirect[] = [];
    for (const r of A(s.Redirs)) {
      const op = REDIRECT_OPS[r.Op as number] ?? '>';
      if (OUTPUT_OPS.has(op) && (isNil(r.N) || r.N.Value === '1')) outs.push(this.redirect(ctx, r).r);
    }
    if (outs.length === 0) return;
    for (let i = start; i < this.b.commands.length; i++) {
      if (this.b.levels[i] !== ctx.level.id) continue;
      const c = this.b.commands[i]!;
      (c.enclosingRedirects ??= []).push(...outs);
    }
  }

  private stmtBody(ctx: ParseCtx, s: Node, depth: number): void {
    const cmd = s.Cmd;
    if (isNil(cmd)) {
      // Redirections alone: `<<EOF` as the whole RUN runs the body as a script (BuildKit).
      for (const r of A(s.Redirs)) {
        const hd = this.heredocOf(ctx, r);
        if (hd) this.b.heredocScript(ctx, hd, undefined, false);
        else this.wordIn(ctx, r.Word);
      }
      return;
    }
    switch (T(cmd)) {
      case 'CallExpr':
        this.call(ctx, cmd, s.Redirs, depth, s);
        return;
      case 'BinaryCmd': {
        if (isPipe(cmd)) {
          const elems: Node[] = [];
          flattenPipe(cmd, elems);
          const id = this.b.newPipe();
          const bounds: number[] = [];
          for (let i = 0; i < elems.length; i++) {
            const start = this.b.commands.length;
            this.stmt(ctx, elems[i], depth, undefined);
            bounds.push(start);
            this.setPipe(ctx, start, { id, index: i, length: elems.length });
          }
          this.catHeredocIntoShell(ctx, bounds);
          return;
        }
        // `a && b && c` nests to the left; walk the chain with a loop, not recursion (long chains).
        const chain: { s: Node; op: number }[] = [];
        let left: Node = s;
        while (
          !isNil(left.Cmd) &&
          T(left.Cmd) === 'BinaryCmd' &&
          (left.Cmd.Op === OP_AND || left.Cmd.Op === OP_OR) &&
          left.Redirs.$length === 0
        ) {
          chain.push({ s: left.Cmd.Y, op: left.Cmd.Op });
          left = left.Cmd.X;
        }
        this.stmt(ctx, left, depth, undefined);
        for (let i = chain.length - 1; i >= 0; i--)
          this.stmt(ctx, chain[i]!.s, depth, chain[i]!.op === OP_AND ? '&&' : '||');
        return;
      }
      case 'Subshell':
      case 'Block':
        this.stmtList(ctx, cmd.Stmts, depth + 1);
        return;
      case 'IfClause': {
        let c: Node = cmd;
        while (!isNil(c)) {
          this.stmtList(ctx, c.Cond, depth + 1);
          this.stmtList(ctx, c.Then, depth + 1);
          c = c.Else;
        }
        return;
      }
      case 'WhileClause':
        this.stmtList(ctx, cmd.Cond, depth + 1);
        this.stmtList(ctx, cmd.Do, depth + 1);
        return;
      case 'ForClause':
        this.substitutionsIn(ctx, cmd.Loop);
        this.stmtList(ctx, cmd.Do, depth + 1);
        return;
      case 'CaseClause':
        this.wordIn(ctx, cmd.Word);
        for (const item of A(cmd.Items)) this.stmtList(ctx, item.Stmts, depth + 1);
        return;
      case 'FuncDecl':
        this.stmt(ctx, cmd.Body, depth + 1, undefined);
        return;
      case 'TimeClause':
      case 'CoprocClause':
        if (!isNil(cmd.Stmt)) this.stmt(ctx, cmd.Stmt, depth, undefined);
        return;
      case 'DeclClause':
        this.decl(ctx, cmd, s, depth);
        return;
      default:
        // TestClause, ArithmCmd, LetClause: no commands of their own, but $(...) inside run.
        this.substitutionsIn(ctx, cmd);
    }
  }

  private setPipe(ctx: ParseCtx, start: number, pipe: PipeInfo): void {
    for (let i = start; i < this.b.commands.length; i++) {
      if (this.b.levels[i] !== ctx.level.id) continue;
      const c = this.b.commands[i]!;
      c.pipeline = pipe.id;
      c.pipeIndex = pipe.index;
      c.pipeLength = pipe.length;
    }
  }

  /** Commands inside $(...) / <(...) anywhere below `node` (for constructs without commands). */
  private substitutionsIn(ctx: ParseCtx, node: Node): void {
    if (isNil(node)) return;
    const found: Node[] = [];
    findSubstitutions(node, found, 0);
    for (const n of found) {
      const nesting: ShellNesting = T(n) === 'CmdSubst' ? 'command-substitution' : 'process-substitution';
      this.nested(ctx, n.Stmts, nesting);
    }
  }

  private nested(ctx: ParseCtx, stmts: Node, nesting: ShellNesting): void {
    const level = this.b.newLevel(ctx.level.pipefail, nesting);
    const inner: ParseCtx = { ...ctx, level };
    this.stmtList(inner, stmts, ctx.depth);
  }

  /** Converts a word, walking (and so recording) the commands of its substitutions. */
  private wordIn(ctx: ParseCtx, w: Node): WordIn | undefined {
    if (isNil(w)) return undefined;
    const [a, b] = this.range(ctx, w);
    const acc = newAcc();
    for (const part of A(w.Parts)) this.part(ctx, part, acc, false);
    return this.toWordIn(ctx, acc, a, b);
  }

  private toWordIn(ctx: ParseCtx, acc: Acc, a: number, b: number): WordIn {
    const word = this.b.makeWord(ctx.src, a, b, acc.known ? acc.value : undefined, acc.partial);
    return { word, chars: acc.subst ? undefined : srcFromChars(acc.partial, acc.chars, ctx.src) };
  }

  /**
   * A command word as the shell's field splitting makes it: an unquoted expansion whose value
   * holds IFS characters (`curl${IFS}-fsSL`, `$CMD` with CMD="curl -fsSL") gives several words.
   */
  private wordFields(ctx: ParseCtx, w: Node): WordIn[] {
    if (isNil(w)) return [];
    const [a, b] = this.range(ctx, w);
    const split: Split = { ifs: this.ifsChars(), fields: [], did: false };
    const acc = newAcc();
    for (const part of A(w.Parts)) this.part(ctx, part, acc, false, split);
    if (!split.did) return [this.toWordIn(ctx, acc, a, b)];
    closeField(acc, split);
    return split.fields.map((f) => {
      const w = this.toWordIn(ctx, f, f.lo, f.hi);
      if (f.split) w.word.split = true;
      return w;
    });
  }

  /** The characters IFS splits on; empty when IFS is set to ''. */
  private ifsChars(): string {
    if (!this.b.scope.has('IFS')) return DEFAULT_IFS;
    return this.b.scope.get('IFS') ?? DEFAULT_IFS;
  }

  private part(ctx: ParseCtx, part: Node, acc: Acc, dq: boolean, split?: Split): void {
    const t = T(part);
    const [a, b] = this.range(ctx, part);
    const text = ctx.src.text;
    const extend = (): void => {
      if (a < acc.lo) acc.lo = a;
      if (b > acc.hi) acc.hi = b;
      acc.started = true;
    };
    switch (t) {
      case 'Lit': {
        if (b > a) extend();
        for (let i = a; i < b; i++) {
          const c = text[i]!;
          if (c === '\\' && i + 1 < b) {
            const d = text[i + 1]!;
            if (d === '\n') {
              i++;
              continue;
            }
            if (!dq || d === '$' || d === '`' || d === '"' || d === '\\') {
              acc.value += d;
              acc.partial += d;
              acc.chars.push(i + 1);
              i++;
              continue;
            }
          }
          acc.value += c;
          acc.partial += c;
          acc.chars.push(i);
        }
        return;
      }
      case 'SglQuoted': {
        extend();
        const from = part.Dollar ? a + 2 : a + 1;
        for (let i = from; i < b - 1; i++) {
          acc.value += text[i];
          acc.partial += text[i];
          acc.chars.push(i);
        }
        return;
      }
      case 'DblQuoted':
        extend();
        for (const p of A(part.Parts)) this.part(ctx, p, acc, true);
        return;
      case 'ParamExp': {
        let v = this.resolveParam(part);
        // Every expanded character costs position maps: the file's budget bounds them all.
        if (v && !this.b.expand(v.length, this.b.span(ctx.src, a, b))) v = undefined;
        if (v !== undefined) {
          if (split && !dq && split.ifs !== '' && hasAny(v, split.ifs)) {
            split.did = true;
            for (const c of v) {
              if (split.ifs.includes(c)) {
                closeField(acc, split);
                continue;
              }
              extend();
              acc.split = true;
              acc.value += c;
              acc.partial += c;
              acc.chars.push(a);
            }
            return;
          }
          if (v !== '' || dq) extend();
          acc.value += v;
          acc.partial += v;
          for (let i = 0; i < v.length; i++) acc.chars.push(a);
          return;
        }
        break;
      }
      case 'CmdSubst':
        this.nested(ctx, part.Stmts, 'command-substitution');
        acc.subst = true;
        break;
      case 'ProcSubst':
        this.nested(ctx, part.Stmts, 'process-substitution');
        acc.subst = true;
        break;
      default:
        break;
    }
    extend();
    acc.known = false;
    for (let i = a; i < b; i++) {
      acc.partial += text[i];
      acc.chars.push(i);
    }
  }

  private resolveParam(pe: Node): string | undefined {
    if (!isNil(pe.Index) || !isNil(pe.Slice) || !isNil(pe.Repl) || pe.Length || pe.Excl || pe.Width)
      return undefined;
    const name = isNil(pe.Param) ? undefined : (pe.Param.Value as string);
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
    // The shell sets IFS itself (blank, tab, newline) unless the script assigns it.
    const value = name === 'IFS' && !this.b.scope.has(name) ? DEFAULT_IFS : this.b.scope.get(name);
    if (isNil(pe.Exp)) return value;
    const op = pe.Exp.Op as number;
    if (op === EXP_DEFAULT_UNSET_OR_NULL) return value !== undefined && value !== '' ? value : undefined; // ${A:-x}
    if (op === EXP_DEFAULT_UNSET) return value; // ${A-x}
    return undefined;
  }

  private assignOf(ctx: ParseCtx, as: Node): ShellAssign | undefined {
    if (isNil(as.Name)) return undefined;
    const [a, b] = this.range(ctx, as);
    const value = isNil(as.Value) ? undefined : this.wordIn(ctx, as.Value)?.word;
    return { name: as.Name.Value as string, value, span: this.b.span(ctx.src, a, b) };
  }

  private call(ctx: ParseCtx, call: Node, redirs: Node, depth: number, stmt: Node): void {
    const start = this.b.commands.length;
    const assigns: ShellAssign[] = [];
    for (const as of A(call.Assigns)) {
      const x = this.assignOf(ctx, as);
      if (x) assigns.push(x);
    }
    const words: WordIn[] = [];
    for (const w of A(call.Args)) words.push(...this.wordFields(ctx, w));
    const redirects: { r: ShellRedirect; src?: Src }[] = [];
    for (const r of A(redirs)) redirects.push(this.redirect(ctx, r));
    if (words.length === 0) {
      // Bare assignments: they change the script's variables.
      for (const as of assigns) {
        this.b.assignments.push(as);
        // Inside if/case/loops the assignment may not run: the value becomes unknown, not guessed.
        this.b.scope.set(as.name, depth > 0 ? undefined : as.value?.value);
      }
      return;
    }
    const index = this.b.addCommand(ctx, words, assigns, redirects, this.stmtSpan(ctx, stmt, call), depth);
    for (let i = start; i < index; i++) {
      const c = this.b.commands[i]!;
      if (c.parent === undefined && c.nesting !== undefined && this.isDirectChild(i, ctx.level.id))
        c.parent = index;
    }
  }

  /** Span of a simple command: from its first assignment or word to its last word or redirect. */
  private stmtSpan(ctx: ParseCtx, stmt: Node, cmd: Node): Span {
    let a = Infinity;
    let b = -1;
    const see = (n: Node): void => {
      if (isNil(n)) return;
      const s = nodeStart(n);
      const e = nodeEnd(n);
      if (s >= 0 && s < a) a = s;
      if (e > b) b = e;
    };
    for (const as of A(cmd.Assigns)) see(as);
    for (const w of A(cmd.Args)) see(w);
    if (T(cmd) === 'DeclClause') {
      see(cmd.Variant);
      for (const as of A(cmd.Args)) see(as);
    }
    for (const r of A(stmt.Redirs)) {
      const o = off(r.OpPos);
      if (o >= 0 && o < a) a = o;
      if (!isNil(r.Word)) see(r.Word);
    }
    if (a === Infinity) a = 0;
    if (b < a) b = a;
    return this.b.span(ctx.src, this.idx(ctx, a), this.idx(ctx, b));
  }

  /** A command recorded while walking a word of the current command, at the level just below. */
  private isDirectChild(i: number, levelId: number): boolean {
    return this.b.levels[i]! > levelId;
  }

  private decl(ctx: ParseCtx, decl: Node, stmt: Node, depth: number): void {
    const variant = decl.Variant?.Value as string;
    const [va, vb] = this.range(ctx, decl.Variant);
    const words: WordIn[] = [{ word: this.b.makeWord(ctx.src, va, vb, variant, variant), chars: undefined }];
    const assigns: ShellAssign[] = [];
    for (const as of A(decl.Args)) {
      if (as.Naked && isNil(as.Name) && !isNil(as.Value)) {
        const w = this.wordIn(ctx, as.Value);
        if (w) words.push(w);
        continue;
      }
      const x = this.assignOf(ctx, as);
      if (!x) continue;
      const [a, b] = this.range(ctx, as);
      const raw = ctx.src.text.slice(a, b);
      words.push({
        word: {
          ...x.span,
          value: x.value ? (x.value.value !== undefined ? `${x.name}=${x.value.value}` : undefined) : raw,
          partial: x.value ? `${x.name}=${x.value.partial}` : raw,
          raw,
        },
      });
      if (x.value !== undefined || !as.Naked) {
        assigns.push(x);
        this.b.assignments.push(x);
        const v = x.value?.value ?? (as.Naked ? this.b.scope.get(x.name) : '');
        this.b.scope.set(x.name, depth > 0 ? undefined : v);
      }
    }
    const redirects = A(stmt.Redirs).map((r: Node) => this.redirect(ctx, r));
    this.b.addCommand(ctx, words, [], redirects, this.stmtSpan(ctx, stmt, decl), depth);
  }

  private heredocOf(ctx: ParseCtx, r: Node): HeredocIn | undefined {
    const op = r.Op as number;
    if ((op !== REDIR_HEREDOC && op !== REDIR_HEREDOC_DASH) || isNil(r.Hdoc)) return undefined;
    const [a, end] = this.range(ctx, r.Hdoc);
    // The node's end includes the closing delimiter line: cut after the body's last newline.
    const bodyEnd = ctx.src.text.lastIndexOf('\n', end - 1) + 1;
    if (bodyEnd <= a) return undefined;
    const body = srcSlice(ctx.src, a, bodyEnd);
    const delimWord = r.Word;
    let quoted = false;
    for (const p of isNil(delimWord) ? [] : A(delimWord.Parts)) {
      const t = T(p);
      if (t === 'SglQuoted' || t === 'DblQuoted') quoted = true;
    }
    const [da, db] = isNil(delimWord) ? [0, 0] : this.range(ctx, delimWord);
    const delimiter = ctx.src.text.slice(da, db).replace(/['"\\]/g, '');
    const heredoc: ShellHeredoc = {
      delimiter,
      quoted,
      body: body.text,
      span: bodyEnd > a ? this.b.span(ctx.src, a, bodyEnd) : undefined,
    };
    return { heredoc, src: body };
  }

  private redirect(ctx: ParseCtx, r: Node): { r: ShellRedirect; src?: Src } {
    const op = REDIRECT_OPS[r.Op as number] ?? '>';
    const out: ShellRedirect = { op };
    if (!isNil(r.N)) out.fd = r.N.Value as string;
    const hd = this.heredocOf(ctx, r);
    if (hd) {
      out.heredoc = hd.heredoc;
      const [da, db] = isNil(r.Word) ? [0, 0] : this.range(ctx, r.Word);
      out.target = this.b.makeWord(ctx.src, da, db, hd.heredoc.delimiter, hd.heredoc.delimiter);
      return { r: out, src: hd.src };
    }
    const w = this.wordIn(ctx, r.Word);
    if (w) out.target = w.word;
    return { r: out };
  }

  /** `cat <<EOF | sh`: the heredoc fed to cat is the script of a later shell in the pipe. */
  private catHeredocIntoShell(ctx: ParseCtx, bounds: number[]): void {
    for (let e = 0; e < bounds.length - 1; e++) {
      const cat = this.b.commands[bounds[e]!];
      if (!cat || cat.base !== 'cat' || this.b.levels[bounds[e]!] !== ctx.level.id) continue;
      const hd = this.b.catHeredocs.get(cat.index);
      if (!hd) continue;
      for (let f = e + 1; f < bounds.length; f++) {
        const reader = this.b.commands[bounds[f]!];
        if (!reader || this.b.levels[bounds[f]!] !== ctx.level.id) continue;
        this.b.feedHeredoc(ctx, reader, hd);
        break;
      }
    }
  }
}

function hasAny(text: string, chars: string): boolean {
  for (const c of chars) if (text.includes(c)) return true;
  return false;
}

/** Ends the field being read (if it has begun) and starts an empty one in `acc`. */
function closeField(acc: Acc, split: Split): void {
  if (acc.started) split.fields.push({ ...acc });
  Object.assign(acc, newAcc());
}
