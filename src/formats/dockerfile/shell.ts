/**
 * Shell analysis of RUN instructions: builds the ShellScript of shell-model.ts for every RUN (shell
 * form, JSON form, heredocs, ONBUILD RUN) with file positions for every word.
 *
 * Loaded only through the lazy Dockerfile parser import, so mvdan-sh (1.3 MB) is paid for only
 * when a Dockerfile is scanned, and each script is parsed on first access (a cached getter).
 */
import sh from 'mvdan-sh';
import { buildScope } from './scope.js';
import { LineIndex, ParseError, type Span } from '../position.js';
import type { DockerArg, DockerfileModel, DockerInstruction } from './model.js';
import type {
  ShellAssign,
  ShellCommand,
  ShellDialect,
  ShellForeignText,
  ShellHeredoc,
  ShellNesting,
  ShellRedirect,
  ShellScript,
  ShellWord,
} from './shell-model.js';
import { baseName, CODE_FLAGS, interpreterFamily, shCodeArgIndex, stdinRole } from './shell-query.js';
import { tokenizeCommands, type Token, type TokenDialect } from './shell-tokenize.js';
import { substitute } from './variables.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- mvdan-sh's AST is untyped Go objects */
type Node = any;

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
function parseCached(text: string): Node {
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

/** Scripts larger than this skip the real parser (linear tokenizer only). */
const MAX_PARSE_CHARS = 64_000;
/** How deep `sh -c '...'` / heredoc-in-heredoc nesting is followed. */
const MAX_NESTING = 4;
const MAX_COMMANDS = 20_000;

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const WINDOWS_SHELL = ['cmd', '/S', '/C'];

export function dialectOf(argv: string[]): ShellDialect {
  const b = baseName(argv[0] ?? '').toLowerCase();
  if (b === 'pwsh' || b === 'powershell') return 'powershell';
  if (b === 'cmd') return 'cmd';
  return 'posix';
}

function hasPipefailOption(args: (string | undefined)[]): boolean {
  for (let i = 0; i + 1 < args.length; i++) {
    const a = args[i];
    if (a && /^[-+][a-zA-Z]*o$/.test(a) && a[0] === '-' && args[i + 1] === 'pipefail') return true;
  }
  return false;
}

/** Text with a map from each of its characters to the character's offset in the Dockerfile. */
interface Src {
  text: string;
  /** map[i] = file offset of text[i]; one extra entry at the end for the end position. */
  map: Int32Array;
}

function srcSlice(src: Src, a: number, b: number): Src {
  return { text: src.text.slice(a, b), map: src.map.slice(a, b + 1) };
}

function srcFromChars(text: string, chars: number[], base: Src): Src {
  const map = new Int32Array(text.length + 1);
  for (let i = 0; i < chars.length; i++) map[i] = base.map[chars[i]!]!;
  const last = chars.length > 0 ? base.map[chars[chars.length - 1]!]! + 1 : 0;
  map[text.length] = last;
  return { text, map };
}

/** Word plus, when its text is literal (no substitutions), a map of its characters to the file. */
interface WordIn {
  word: ShellWord;
  chars?: Src;
}

interface Level {
  id: number;
  pipefail: boolean;
  nesting?: ShellNesting;
}

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

class Builder {
  readonly commands: ShellCommand[] = [];
  readonly levels: number[] = [];
  readonly assignments: ShellAssign[] = [];
  readonly foreign: ShellForeignText[] = [];
  fallback = false;
  error?: string;
  /** A command was dropped at MAX_COMMANDS: the script was not fully analysed. */
  truncated = false;
  private nextPipe = 0;
  private nextLevel = 0;

  constructor(
    readonly lines: LineIndex,
    readonly scope: Map<string, string | undefined>,
    readonly shellPipefail: boolean,
  ) {}

  newLevel(pipefail: boolean, nesting?: ShellNesting): Level {
    return { id: this.nextLevel++, pipefail, nesting };
  }

  span(src: Src, a: number, b: number): Span {
    const fa = src.map[a] ?? src.map[src.map.length - 1] ?? 0;
    const fb = b > a ? src.map[b - 1]! + 1 : fa;
    const s = this.lines.pos(fa);
    const e = this.lines.pos(fb);
    return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }

  makeWord(src: Src, a: number, b: number, value: string | undefined, partial: string): ShellWord {
    const fa = src.map[a] ?? src.map[src.map.length - 1] ?? 0;
    const fb = b > a ? src.map[b - 1]! + 1 : fa;
    const s = this.lines.pos(fa);
    const e = this.lines.pos(fb);
    return {
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
      value,
      partial,
      raw: src.text.slice(a, b),
    };
  }

  // ---------------------------------------------------------------- real parser (mvdan-sh)

  parsePosix(src: Src, level: Level, depth: number): void {
    if (src.text.length > MAX_PARSE_CHARS) {
      this.tokenized(src, 'posix', level, depth, 'script too large for the shell parser');
      return;
    }
    let file: Node;
    try {
      file = parseCached(src.text);
    } catch (e) {
      const msg = e && typeof (e as Node).Error === 'function' ? String((e as Node).Error()) : String(e);
      this.tokenized(src, 'posix', level, depth, msg.replace(/^RUN:/, 'line '));
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
    const start = this.commands.length;
    this.stmtInner(ctx, s, depth);
    if (after === undefined) return;
    for (let i = start; i < this.commands.length; i++) {
      if (this.levels[i] === ctx.level.id && this.commands[i]!.after === undefined) {
        this.commands[i]!.after = after;
        break;
      }
    }
  }

  private stmtInner(ctx: ParseCtx, s: Node, depth: number): void {
    const cmd = s.Cmd;
    if (isNil(cmd)) {
      // Redirections alone: `<<EOF` as the whole RUN runs the body as a script (BuildKit).
      for (const r of A(s.Redirs)) {
        const hd = this.heredocOf(ctx, r);
        if (hd) this.heredocScript(ctx, hd.src, hd.heredoc, undefined, false);
        else this.wordIn(ctx, r.Word);
      }
      return;
    }
    switch (T(cmd)) {
      case 'CallExpr':
        this.call(ctx, cmd, s.Redirs, depth, s);
        return;
      case 'BinaryCmd': {
        const op = cmd.Op as number;
        if (op === 12 || op === 13) {
          const elems: Node[] = [];
          flattenPipe(cmd, elems);
          const id = this.nextPipe++;
          const bounds: number[] = [];
          for (let i = 0; i < elems.length; i++) {
            const start = this.commands.length;
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
          (left.Cmd.Op === 10 || left.Cmd.Op === 11) &&
          left.Redirs.$length === 0
        ) {
          chain.push({ s: left.Cmd.Y, op: left.Cmd.Op });
          left = left.Cmd.X;
        }
        this.stmt(ctx, left, depth, undefined);
        for (let i = chain.length - 1; i >= 0; i--)
          this.stmt(ctx, chain[i]!.s, depth, chain[i]!.op === 10 ? '&&' : '||');
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
    for (let i = start; i < this.commands.length; i++) {
      if (this.levels[i] !== ctx.level.id) continue;
      const c = this.commands[i]!;
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
    const level = this.newLevel(ctx.level.pipefail, nesting);
    const inner: ParseCtx = { ...ctx, level };
    this.stmtList(inner, stmts, ctx.depth);
  }

  /** Converts a word, walking (and so recording) the commands of its substitutions. */
  private wordIn(ctx: ParseCtx, w: Node): WordIn | undefined {
    if (isNil(w)) return undefined;
    const [a, b] = this.range(ctx, w);
    const acc: Acc = { value: '', known: true, partial: '', chars: [], subst: false };
    for (const part of A(w.Parts)) this.part(ctx, part, acc, false);
    const word = this.makeWord(ctx.src, a, b, acc.known ? acc.value : undefined, acc.partial);
    return { word, chars: acc.subst ? undefined : srcFromChars(acc.partial, acc.chars, ctx.src) };
  }

  private part(ctx: ParseCtx, part: Node, acc: Acc, dq: boolean): void {
    const t = T(part);
    const [a, b] = this.range(ctx, part);
    const text = ctx.src.text;
    switch (t) {
      case 'Lit': {
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
        const from = part.Dollar ? a + 2 : a + 1;
        for (let i = from; i < b - 1; i++) {
          acc.value += text[i];
          acc.partial += text[i];
          acc.chars.push(i);
        }
        return;
      }
      case 'DblQuoted':
        for (const p of A(part.Parts)) this.part(ctx, p, acc, true);
        return;
      case 'ParamExp': {
        const v = this.resolveParam(part);
        if (v !== undefined) {
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
    const value = this.scope.get(name);
    if (isNil(pe.Exp)) return value;
    const op = pe.Exp.Op as number;
    if (op === 71) return value !== undefined && value !== '' ? value : undefined; // ${A:-x}
    if (op === 70) return value; // ${A-x}
    return undefined;
  }

  private assignOf(ctx: ParseCtx, as: Node): ShellAssign | undefined {
    if (isNil(as.Name)) return undefined;
    const [a, b] = this.range(ctx, as);
    const value = isNil(as.Value) ? undefined : this.wordIn(ctx, as.Value)?.word;
    return { name: as.Name.Value as string, value, span: this.span(ctx.src, a, b) };
  }

  private call(ctx: ParseCtx, call: Node, redirs: Node, depth: number, stmt: Node): void {
    const start = this.commands.length;
    const assigns: ShellAssign[] = [];
    for (const as of A(call.Assigns)) {
      const x = this.assignOf(ctx, as);
      if (x) assigns.push(x);
    }
    const words: WordIn[] = [];
    for (const w of A(call.Args)) {
      const x = this.wordIn(ctx, w);
      if (x) words.push(x);
    }
    const redirects: { r: ShellRedirect; src?: Src }[] = [];
    for (const r of A(redirs)) redirects.push(this.redirect(ctx, r));
    if (words.length === 0) {
      // Bare assignments: they change the script's variables.
      for (const as of assigns) {
        this.assignments.push(as);
        // Inside if/case/loops the assignment may not run: the value becomes unknown, not guessed.
        this.scope.set(as.name, depth > 0 ? undefined : as.value?.value);
      }
      return;
    }
    const index = this.addCommand(ctx, words, assigns, redirects, this.stmtSpan(ctx, stmt, call), depth);
    for (let i = start; i < index; i++) {
      const c = this.commands[i]!;
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
    return this.span(ctx.src, this.idx(ctx, a), this.idx(ctx, b));
  }

  /** A command recorded while walking a word of the current command, at the level just below. */
  private isDirectChild(i: number, levelId: number): boolean {
    return this.levels[i]! > levelId;
  }

  private decl(ctx: ParseCtx, decl: Node, stmt: Node, depth: number): void {
    const variant = decl.Variant?.Value as string;
    const [va, vb] = this.range(ctx, decl.Variant);
    const words: WordIn[] = [{ word: this.makeWord(ctx.src, va, vb, variant, variant), chars: undefined }];
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
        this.assignments.push(x);
        const v = x.value?.value ?? (as.Naked ? this.scope.get(x.name) : '');
        this.scope.set(x.name, depth > 0 ? undefined : v);
      }
    }
    const redirects = A(stmt.Redirs).map((r: Node) => this.redirect(ctx, r));
    this.addCommand(ctx, words, [], redirects, this.stmtSpan(ctx, stmt, decl), depth);
  }

  private heredocOf(ctx: ParseCtx, r: Node): { heredoc: ShellHeredoc; src: Src } | undefined {
    const op = r.Op as number;
    if ((op !== 61 && op !== 62) || isNil(r.Hdoc)) return undefined;
    const [a, end] = this.range(ctx, r.Hdoc);
    // The node's end includes the closing delimiter line: cut after the body's last newline.
    const b = ctx.src.text.lastIndexOf('\n', end - 1) + 1;
    if (b <= a) return undefined;
    const body = srcSlice(ctx.src, a, b);
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
      span: b > a ? this.span(ctx.src, a, b) : undefined,
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
      out.target = this.makeWord(ctx.src, da, db, hd.heredoc.delimiter, hd.heredoc.delimiter);
      return { r: out, src: hd.src };
    }
    const w = this.wordIn(ctx, r.Word);
    if (w) out.target = w.word;
    return { r: out };
  }

  /** `RUN <<EOF`, `bash <<EOF`, `cat <<EOF | sh`: the body is a script run by a new shell. */
  private heredocScript(
    ctx: { depth: number },
    body: Src,
    heredoc: ShellHeredoc,
    parent: number | undefined,
    pipefail: boolean,
  ): void {
    if (ctx.depth >= MAX_NESTING) return;
    const text = body.text;
    if (text.startsWith('#!')) {
      const nl = text.indexOf('\n');
      const words = text
        .slice(2, nl === -1 ? text.length : nl)
        .trim()
        .split(/\s+/);
      let interp = baseName(words[0] ?? '');
      if (interp === 'env') interp = baseName(words.find((w, i) => i > 0 && !w.startsWith('-')) ?? '');
      const fam = interpreterFamily(interp);
      if (fam !== 'sh' && heredoc.span) {
        if (parent !== undefined || fam)
          this.foreign.push({
            command: parent ?? -1,
            interpreter: interp,
            text,
            span: heredoc.span,
            verbatim: true,
          });
        return;
      }
    }
    const start = this.commands.length;
    const level = this.newLevel(pipefail, 'heredoc');
    this.parseSub(body, level, ctx.depth + 1);
    for (let i = start; i < this.commands.length; i++) {
      const c = this.commands[i]!;
      if (this.levels[i] === level.id && parent !== undefined) c.parent = parent;
    }
  }

  private parseSub(src: Src, level: Level, depth: number): void {
    // A nested script has its own scope: assignments in it do not leak out.
    const saved = new Map(this.scope);
    this.parsePosix(src, level, depth);
    this.scope.clear();
    for (const [k, v] of saved) this.scope.set(k, v);
  }

  private catHeredocIntoShell(ctx: ParseCtx, bounds: number[]): void {
    // `cat <<EOF | sh`: the heredoc fed to cat is the script of a later shell in the pipe.
    for (let e = 0; e < bounds.length - 1; e++) {
      const cat = this.commands[bounds[e]!];
      if (!cat || cat.base !== 'cat' || this.levels[bounds[e]!] !== ctx.level.id) continue;
      const hd = this.pendingHeredocs.get(cat.index);
      if (!hd) continue;
      for (let f = e + 1; f < bounds.length; f++) {
        const shell = this.commands[bounds[f]!];
        if (!shell || this.levels[bounds[f]!] !== ctx.level.id) continue;
        const role = stdinRole(shell);
        if (role === 'shell') {
          this.heredocScript(
            ctx,
            hd.src,
            hd.heredoc,
            shell.index,
            hasPipefailOption(shellOptionValues(shell)),
          );
        } else if (role === 'interpreter' && hd.heredoc.span) {
          this.foreign.push({
            command: shell.index,
            interpreter: shell.base,
            text: hd.heredoc.body,
            span: hd.heredoc.span,
            verbatim: true,
          });
        }
        break;
      }
    }
  }

  private readonly pendingHeredocs = new Map<number, { heredoc: ShellHeredoc; src: Src }>();

  // ---------------------------------------------------------------- commands (all dialects)

  /** Records one simple command from its words; returns its index. */
  addCommand(
    ctx: { src: Src; level: Level; depth: number },
    wordsIn: WordIn[],
    assigns: ShellAssign[],
    redirects: { r: ShellRedirect; src?: Src }[],
    span: Span,
    depth: number,
  ): number {
    const { nameAt, wrappers, envAssigns } = stripWrappers(wordsIn);
    const nameIn = wordsIn[nameAt]!;
    const name = nameIn.word.value ?? '';
    const cmd: ShellCommand = {
      index: this.commands.length,
      name,
      base: name ? baseName(name) : '',
      nameWord: nameIn.word,
      args: wordsIn.slice(nameAt + 1).map((w) => w.word),
      assigns: [...assigns, ...envAssigns],
      redirects: redirects.map((r) => r.r),
      wrappers: wrappers.map((w) => baseName(w.word.value ?? '')),
      wrapperWords: wrappers.map((w) => w.word),
      pipeline: this.nextPipe++,
      pipeIndex: 0,
      pipeLength: 1,
      depth: depth + ctx.depth,
      nesting: ctx.level.nesting,
      pipefail: ctx.level.pipefail || this.shellPipefailFor(ctx.level),
      span,
    };
    if (this.commands.length >= MAX_COMMANDS) {
      this.truncated = true;
      return this.commands.length - 1;
    }
    this.commands.push(cmd);
    this.levels.push(ctx.level.id);
    if (cmd.base === 'set' && setsPipefail(cmd.args.map((a) => a.value))) ctx.level.pipefail = true;

    // Nested scripts: `sh -c '...'`, `su -c '...'`, `pwsh -Command ...`, code strings, heredocs.
    const argsIn = wordsIn.slice(nameAt + 1);
    const family = interpreterFamily(cmd.base);
    if (ctx.depth < MAX_NESTING) {
      const script = codeStringArg(cmd, argsIn, family);
      if (script && script.chars) {
        if (family === 'sh' || cmd.base === 'su') {
          const level = this.newLevel(hasPipefailOption(shellOptionValues(cmd)), 'c-string');
          const start = this.commands.length;
          this.parseSub(script.chars, level, ctx.depth + 1);
          for (let i = start; i < this.commands.length; i++)
            if (this.levels[i] === level.id) this.commands[i]!.parent = cmd.index;
        } else if (family === 'powershell') {
          const level = this.newLevel(false, 'c-string');
          const start = this.commands.length;
          this.tokenized(script.chars, 'powershell', level, ctx.depth + 1);
          for (let i = start; i < this.commands.length; i++)
            if (this.levels[i] === level.id) this.commands[i]!.parent = cmd.index;
        } else if (family) {
          this.foreign.push({
            command: cmd.index,
            interpreter: cmd.base,
            text: script.chars.text,
            span: { ...script.word },
            verbatim: false,
          });
        }
      }
    }
    for (const r of redirects) {
      if (!r.r.heredoc || !r.src) continue;
      const role = stdinRole(cmd);
      if (role === 'shell') {
        this.heredocScript(ctx, r.src, r.r.heredoc, cmd.index, hasPipefailOption(shellOptionValues(cmd)));
      } else if (role === 'interpreter' && r.r.heredoc.span) {
        this.foreign.push({
          command: cmd.index,
          interpreter: cmd.base,
          text: r.r.heredoc.body,
          span: r.r.heredoc.span,
          verbatim: true,
        });
      } else if (cmd.base === 'cat') {
        this.pendingHeredocs.set(cmd.index, { heredoc: r.r.heredoc, src: r.src });
      }
    }
    return cmd.index;
  }

  private shellPipefailFor(level: Level): boolean {
    return level.nesting === undefined && this.shellPipefail;
  }

  // ---------------------------------------------------------------- tokenizer path

  /** Fallback / PowerShell / cmd: flat commands from the linear tokenizer. */
  tokenized(src: Src, dialect: TokenDialect, level: Level, depth: number, error?: string): void {
    if (error !== undefined && dialect === 'posix') {
      this.fallback = true;
      this.error ??= error;
    }
    const ctx = { src, level, depth };
    let pipe: number[] = [];
    // Lengths are set once a pipeline ends: updating every member per element was quadratic.
    const closePipe = () => {
      for (const m of pipe) this.commands[m]!.pipeLength = pipe.length;
    };
    for (const tc of tokenizeCommands(src.text, dialect)) {
      const words: WordIn[] = [];
      const assigns: ShellAssign[] = [];
      for (const t of tc.words) {
        const w = this.tokenWord(src, t, dialect);
        if (
          words.length === 0 &&
          dialect === 'posix' &&
          !t.quoted &&
          /^[A-Za-z_][A-Za-z0-9_]*=/.test(t.text)
        ) {
          const eq = t.text.indexOf('=');
          assigns.push({
            name: t.text.slice(0, eq),
            value: { ...w.word, value: w.word.value?.slice(eq + 1), partial: w.word.partial.slice(eq + 1) },
            span: { ...w.word },
          });
          continue;
        }
        words.push(w);
      }
      if (words.length === 0) {
        for (const as of assigns) {
          this.assignments.push(as);
          this.scope.set(as.name, as.value?.value);
        }
        continue;
      }
      const first = tc.words[0]!;
      const last = tc.words[tc.words.length - 1]!;
      const index = this.addCommand(ctx, words, assigns, [], this.span(src, first.start, last.end), 0);
      const c = this.commands[index]!;
      if (tc.sep === '|' && pipe.length > 0) pipe.push(index);
      else {
        closePipe();
        pipe = [index];
        if (tc.sep !== undefined) c.after = tc.sep as ShellCommand['after'];
      }
      c.pipeline = this.commands[pipe[0]!]!.pipeline;
      c.pipeIndex = pipe.length - 1;
    }
    closePipe();
  }

  private tokenWord(src: Src, t: Token, dialect: TokenDialect): WordIn {
    let value: string | undefined = t.text;
    if (dialect === 'posix' && (t.text.includes('$') || t.text.includes('`')))
      value = t.text.includes('`') ? undefined : substitute(t.text, this.scope);
    if (dialect === 'powershell' && t.text.includes('$')) value = undefined;
    const word = this.makeWord(src, t.start, t.end, value, t.text);
    return { word, chars: srcFromChars(t.text, t.chars, src) };
  }
}

interface Acc {
  value: string;
  known: boolean;
  partial: string;
  chars: number[];
  subst: boolean;
}

const REDIRECT_OPS: Record<number, string> = {
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

// ------------------------------------------------------------------ raw GopherJS AST access

/** A Go slice as a JS array. */
function A(s: Node): Node[] {
  if (!s || !s.$array) return [];
  return s.$array.slice(s.$offset, s.$offset + s.$length);
}
/** Node type name: 'CallExpr', 'Lit', ... */
function T(n: Node): string {
  const s = n?.constructor?.string;
  return typeof s === 'string' ? s.slice(s.lastIndexOf('.') + 1) : '';
}
/** Go nil: a nil pointer, a nil interface ($ifaceNil has no $val). */
function isNil(n: Node): boolean {
  return n === null || n === undefined || typeof n !== 'object' || !('$val' in n) || n === n.constructor?.nil;
}
function off(pos: Node): number {
  return pos && typeof pos.offs === 'number' ? pos.offs : -1;
}

/** Byte offset where a word part / word / assignment starts. */
function nodeStart(n: Node): number {
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
function nodeEnd(n: Node): number {
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
function findSubstitutions(n: Node, out: Node[], depth: number): void {
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

function flattenPipe(cmd: Node, out: Node[]): void {
  for (const side of [cmd.X, cmd.Y]) {
    const c = side.Cmd;
    if (!isNil(c) && T(c) === 'BinaryCmd' && (c.Op === 12 || c.Op === 13) && side.Redirs.$length === 0)
      flattenPipe(c, out);
    else out.push(side);
  }
}

function byteToIndex(text: string): Int32Array {
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

function setsPipefail(args: (string | undefined)[]): boolean {
  for (let i = 0; i + 1 < args.length; i++) {
    const a = args[i];
    if (a && a[0] === '-' && /^-[a-zA-Z]*o$/.test(a) && args[i + 1] === 'pipefail') return true;
  }
  return false;
}

/** The option words given to a shell command before its script (for `bash -o pipefail -c`). */
function shellOptionValues(cmd: ShellCommand): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const a of cmd.args) {
    const v = a.value;
    if (v === undefined || !(v.startsWith('-') || v.startsWith('+') || v === 'pipefail')) break;
    out.push(v);
  }
  return out;
}

const WRAPPERS_WITH_ARG: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group']),
  doas: new Set(['-u', '-C']),
  exec: new Set(['-a']),
  nice: new Set(['-n', '--adjustment']),
  env: new Set(['-u', '--unset', '-C', '--chdir']),
  time: new Set(['-f', '-o']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
};
const WRAPPERS = new Set([
  'sudo',
  'doas',
  'exec',
  'nohup',
  'time',
  'nice',
  'env',
  'builtin',
  'command',
  'stdbuf',
  'timeout',
  'gosu',
  'su-exec',
  'chronic',
]);

function stripWrappers(words: WordIn[]): { nameAt: number; wrappers: WordIn[]; envAssigns: ShellAssign[] } {
  let i = 0;
  const wrappers: WordIn[] = [];
  const envAssigns: ShellAssign[] = [];
  while (i < words.length - 1) {
    const base = baseName(words[i]!.word.value ?? '');
    if (!WRAPPERS.has(base)) break;
    if (base === 'command' && /^-[vV]/.test(words[i + 1]!.word.value ?? '')) break;
    const withArg = WRAPPERS_WITH_ARG[base];
    let j = i + 1;
    while (j < words.length) {
      const v = words[j]!.word.value;
      if (v === undefined) break;
      if (v === '--') {
        j++;
        break;
      }
      if (base === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
        const eq = v.indexOf('=');
        const w = words[j]!.word;
        envAssigns.push({
          name: v.slice(0, eq),
          value: { ...w, value: v.slice(eq + 1), partial: w.partial.slice(w.partial.indexOf('=') + 1) },
          span: { ...w },
        });
        j++;
        continue;
      }
      if (!v.startsWith('-') || v === '-') break;
      j += withArg?.has(v) ? 2 : 1;
    }
    if (base === 'gosu' || base === 'su-exec') j++;
    if (base === 'timeout') j++;
    if (j >= words.length) break;
    wrappers.push(words[i]!);
    i = j;
  }
  return { nameAt: i, wrappers, envAssigns };
}

/** The word holding the code of `sh -c CODE`, `su -c CODE`, `python -c CODE`, `pwsh -Command CODE`. */
function codeStringArg(cmd: ShellCommand, args: WordIn[], family: string | undefined): WordIn | undefined {
  if (family === 'sh' || cmd.base === 'su') {
    const i = shCodeArgIndex(
      args.map((a) => a.word.value),
      cmd.base === 'su',
    );
    return i === undefined ? undefined : args[i];
  }
  if (family === 'powershell') {
    for (let i = 0; i < args.length; i++) {
      const v = (args[i]!.word.value ?? '').toLowerCase();
      if (v === '-command' || v === '-c' || v === '/c') {
        const rest = args.slice(i + 1);
        if (rest.length === 1) return rest[0];
        if (rest.length > 1 && rest.every((r) => r.chars)) {
          // pwsh -Command a b c: the remaining words form one script joined by spaces.
          const first = rest[0]!;
          return { word: first.word, chars: joinChars(rest.map((r) => r.chars!)) };
        }
        return rest[0];
      }
    }
    return undefined;
  }
  if (family) {
    const flags = CODE_FLAGS[family] ?? [];
    for (let i = 0; i < args.length - 1; i++) {
      const v = args[i]!.word.value ?? '';
      if (flags.includes(v)) return args[i + 1];
    }
  }
  return undefined;
}

function joinChars(parts: Src[]): Src {
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

// ------------------------------------------------------------------ building the script text

/** Decodes a JSON string literal at `start` (the opening quote) keeping each char's offset. */
function jsonSrc(text: string, start: number, end: number): Src {
  let out = '';
  const map: number[] = [];
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < stop) {
      const d = text[i + 1]!;
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        b: '\b',
        f: '\f',
        '"': '"',
        '\\': '\\',
        '/': '/',
      };
      if (d === 'u' && i + 5 < end) {
        const code = parseInt(text.slice(i + 2, i + 6), 16);
        out += Number.isNaN(code) ? '' : String.fromCharCode(code);
        map.push(i);
        i += 6;
        continue;
      }
      out += simple[d] ?? d;
      map.push(i);
      i += 2;
      continue;
    }
    out += c;
    map.push(i);
    i++;
  }
  const m = new Int32Array(out.length + 1);
  m.set(map);
  m[out.length] = stop;
  return { text: out, map: m };
}

/**
 * The shell text of a shell-form RUN: continuation lines joined the way Docker joins them (escape
 * + newline removed, comment and empty lines inside the continuation dropped), then the heredoc
 * bodies verbatim. Each character keeps its file offset.
 */
function runSrc(text: string, start: number, end: number, escape: string): Src {
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
  const m = new Int32Array(out.length + 1);
  m.set(map);
  m[out.length] = end;
  return { text: out, map: m };
}

function offsetOf(lines: LineIndex, line: number, column: number): number {
  return lines.lineStart(line) + column - 1;
}

/** Where the instruction's arguments start (after keyword and flags) and end, as file offsets. */
function bodyRange(lines: LineIndex, inst: DockerInstruction): [number, number] {
  const lastFlag = inst.flags[inst.flags.length - 1];
  const from = lastFlag ? lastFlag.span : inst.keywordSpan;
  return [
    offsetOf(lines, from.endLine, from.endColumn),
    offsetOf(lines, inst.span.endLine, inst.span.endColumn),
  ];
}

export interface ShellContext {
  scope: ReadonlyMap<string, string | undefined>;
  shell: string[];
}

/** Analyses one RUN instruction (or an ONBUILD's RUN trigger). Never throws. */
export function analyzeRun(
  model: DockerfileModel,
  lines: LineIndex,
  inst: DockerInstruction,
  context: ShellContext,
): ShellScript {
  const shell = context.shell;
  const dialect = dialectOf(shell);
  const shellPipefail = dialect === 'posix' && hasPipefailOption(shell.slice(1));
  let b = new Builder(lines, new Map(context.scope), shellPipefail);
  const level = b.newLevel(shellPipefail);
  try {
    if (inst.jsonForm) {
      const words: WordIn[] = inst.args.map((a: DockerArg) => {
        const s = offsetOf(lines, a.span.line, a.span.column);
        const e = offsetOf(lines, a.span.endLine, a.span.endColumn);
        const src = jsonSrc(model.text, s, e);
        const word: ShellWord = { ...a.span, value: a.value, partial: a.value, raw: model.text.slice(s, e) };
        return { word, chars: src };
      });
      if (words.length > 0) {
        const dummy: Src = { text: '', map: new Int32Array(1) };
        b.addCommand({ src: dummy, level, depth: 0 }, words, [], [], { ...inst.span }, 0);
      }
    } else {
      const [s, e] = bodyRange(lines, inst);
      const src = runSrc(model.text, s, e, model.escapeChar);
      if (dialect === 'posix') b.parsePosix(src, level, 0);
      else b.tokenized(src, dialect, level, 0);
    }
  } catch (err) {
    // A bug or a too-deep script must not lose the instruction: start over with the tokenizer.
    const msg = `shell analysis failed: ${err instanceof Error ? err.message : String(err)}`;
    const again = new Builder(lines, new Map(context.scope), shellPipefail);
    if (!inst.jsonForm) {
      const [s, e] = bodyRange(lines, inst);
      again.tokenized(
        runSrc(model.text, s, e, model.escapeChar),
        dialect === 'posix' ? 'posix' : dialect,
        again.newLevel(shellPipefail),
        MAX_NESTING,
        msg,
      );
    }
    again.fallback = true;
    again.error ??= msg;
    b = again;
  }
  // Commands past the cap would pass unchecked (a `curl | sh` hidden after 20,000 no-ops): say so.
  if (b.truncated) {
    throw new ParseError(
      `${inst.keyword} has more than ${MAX_COMMANDS} shell commands, more than Bulkhead analyses`,
      inst.span.line,
      inst.span.column,
    );
  }
  return {
    dialect,
    shell,
    shellPipefail,
    commands: b.commands,
    assignments: b.assignments,
    foreign: b.foreign,
    fallback: b.fallback,
    error: b.error,
  };
}

function isWindowsImage(image: string | undefined): boolean {
  if (!image) return false;
  const i = image.toLowerCase();
  return (
    i.includes('windows/servercore') ||
    i.includes('windows/nanoserver') ||
    i.includes('/windows:') ||
    i.includes('dotnet/framework') ||
    i.includes('nanoserver') ||
    i.includes('windowsservercore')
  );
}

function defineShell(inst: DockerInstruction, compute: () => ShellScript): void {
  let cached: ShellScript | undefined;
  Object.defineProperty(inst, 'shell', {
    configurable: true,
    enumerable: false,
    get: () => (cached ??= compute()),
  });
}

/**
 * Gives every RUN (and ONBUILD RUN) a lazily computed `shell`, with the ARG/ENV defaults and the
 * SHELL in effect at that point; sets each stage's `shellForm`.
 */
export function attachShell(model: DockerfileModel): void {
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(model.text));
  const envAtEnd: Map<string, string | undefined>[] = [];
  const shellAtEnd: string[][] = [];
  const scope = buildScope(model);
  for (const stage of model.stages) {
    const parent = stage.parentStage;
    // ONBUILD triggers run in a child build, where only ENV (not this build's ARGs) survives.
    const env = new Map<string, string | undefined>(parent !== undefined ? envAtEnd[parent] : []);
    let shell =
      parent !== undefined
        ? shellAtEnd[parent]!
        : isWindowsImage(stage.image)
          ? WINDOWS_SHELL
          : DEFAULT_SHELL;
    for (const inst of stage.instructions) {
      const k = inst.keyword;
      if (k === 'ENV') {
        const vars = scope.varsAt(inst);
        for (const p of inst.properties) {
          env.set(p.name, p.value !== null ? substitute(p.value, vars, model.escapeChar) : undefined);
        }
      } else if (k === 'SHELL' && inst.jsonForm && inst.args.length > 0) {
        shell = inst.args.map((a) => a.value);
      } else if (k === 'RUN') {
        const ctx: ShellContext = { scope: new Map(scope.varsAt(inst)), shell };
        defineShell(inst, () => analyzeRun(model, lineIndex(), inst, ctx));
      } else if (k === 'ONBUILD' && inst.trigger?.keyword === 'RUN') {
        const trig = inst.trigger;
        const ctx: ShellContext = { scope: new Map(env), shell };
        defineShell(trig, () => analyzeRun(model, lineIndex(), trig, ctx));
      }
    }
    envAtEnd.push(env);
    shellAtEnd.push(shell);
    if (shell !== DEFAULT_SHELL) stage.shellForm = shell;
  }
  // Analysed now rather than lazily by the first rule, so an oversized script is a ParseError
  // (a dockerfile/parse-error finding) and never a silently partial check.
  for (const inst of model.instructions) {
    const run = inst.keyword === 'RUN' ? inst : inst.keyword === 'ONBUILD' ? inst.trigger : undefined;
    if (run?.keyword === 'RUN') void run.shell;
  }
}
