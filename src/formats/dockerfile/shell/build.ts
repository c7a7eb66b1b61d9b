/**
 * The builder of a ShellScript: records commands in execution order with their file positions,
 * follows nested scripts (`sh -c '...'`, `pwsh -Command`, heredocs fed to a shell, `cat <<EOF |
 * sh`), and hands code for other interpreters over as foreign text. POSIX text is read through
 * posix.ts (the mvdan-sh AST); PowerShell, cmd and POSIX text mvdan-sh rejects go through the
 * linear tokenizer here.
 */
import type { LineIndex, Span } from '../../position.js';
import { substitute } from '../variables.js';
import {
  baseName,
  codeArgIndex,
  interpreterFamily,
  setsPipefail,
  shellOptionValues,
  stdinRole,
} from './interpreters.js';
import type {
  ShellAssign,
  ShellCommand,
  ShellForeignText,
  ShellHeredoc,
  ShellNesting,
  ShellRedirect,
  ShellWord,
} from './model.js';
import { PosixReader } from './posix.js';
import { joinSrcs, srcFromChars, type Src } from './source-map.js';
import { tokenizeCommands, type Token, type TokenDialect } from './tokenize.js';
import { stripWrappers } from './wrappers.js';

/** How deep `sh -c '...'` / heredoc-in-heredoc nesting is followed. */
export const MAX_NESTING = 4;
export const MAX_COMMANDS = 20_000;

/** Word plus, when its text is literal (no substitutions), a map of its characters to the file. */
export interface WordIn {
  word: ShellWord;
  chars?: Src;
}

/** One script level: the top of a RUN, or one nested script, substitution or heredoc. */
export interface Level {
  id: number;
  pipefail: boolean;
  nesting?: ShellNesting;
}

/** Where a command is being recorded. */
interface BuildCtx {
  src: Src;
  level: Level;
  depth: number;
}

/** A heredoc with the source map of its body. */
export interface HeredocIn {
  heredoc: ShellHeredoc;
  src: Src;
}

export class Builder {
  readonly commands: ShellCommand[] = [];
  /** levels[i] = id of the Level commands[i] was recorded at. */
  readonly levels: number[] = [];
  readonly assignments: ShellAssign[] = [];
  readonly foreign: ShellForeignText[] = [];
  fallback = false;
  error?: string;
  /** A command was dropped at MAX_COMMANDS: the script was not fully analysed. */
  truncated = false;
  /** Heredocs given to `cat`, by command index, for a later `| sh` in the same pipe. */
  readonly catHeredocs = new Map<number, HeredocIn>();
  private nextPipe = 0;
  private nextLevel = 0;
  private readonly posix = new PosixReader(this);

  constructor(
    readonly lines: LineIndex,
    readonly scope: Map<string, string | undefined>,
    readonly shellPipefail: boolean,
  ) {}

  newLevel(pipefail: boolean, nesting?: ShellNesting): Level {
    return { id: this.nextLevel++, pipefail, nesting };
  }

  newPipe(): number {
    return this.nextPipe++;
  }

  span(src: Src, a: number, b: number): Span {
    const fa = src.map[a] ?? src.map[src.map.length - 1] ?? 0;
    const fb = b > a ? src.map[b - 1]! + 1 : fa;
    const s = this.lines.pos(fa);
    const e = this.lines.pos(fb);
    return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }

  makeWord(src: Src, a: number, b: number, value: string | undefined, partial: string): ShellWord {
    const { line, column, endLine, endColumn } = this.span(src, a, b);
    return { line, column, endLine, endColumn, value, partial, raw: src.text.slice(a, b) };
  }

  /** Reads POSIX text with mvdan-sh (the tokenizer when it is too large or does not parse). */
  parsePosix(src: Src, level: Level, depth: number): void {
    this.posix.parse(src, level, depth);
  }

  /** Reads a nested script; its commands get `parent`. Assignments in it do not leak out. */
  private nestedScript(
    src: Src,
    level: Level,
    depth: number,
    parent: number | undefined,
    dialect: 'posix' | 'powershell' = 'posix',
  ): void {
    const saved = new Map(this.scope);
    const start = this.commands.length;
    if (dialect === 'posix') this.parsePosix(src, level, depth);
    else this.tokenized(src, dialect, level, depth);
    this.scope.clear();
    for (const [k, v] of saved) this.scope.set(k, v);
    if (parent === undefined) return;
    for (let i = start; i < this.commands.length; i++)
      if (this.levels[i] === level.id) this.commands[i]!.parent = parent;
  }

  /** `RUN <<EOF`, `bash <<EOF`, `cat <<EOF | sh`: the body is a script run by a new shell. */
  heredocScript(ctx: { depth: number }, hd: HeredocIn, parent: number | undefined, pipefail: boolean): void {
    if (ctx.depth >= MAX_NESTING) return;
    const { heredoc, src: body } = hd;
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
    const level = this.newLevel(pipefail, 'heredoc');
    this.nestedScript(body, level, ctx.depth + 1, parent);
  }

  /**
   * A heredoc given to `cmd`: a script when cmd is a shell reading its input, foreign text for
   * another interpreter. False when cmd does not execute its input.
   */
  feedHeredoc(ctx: { depth: number }, cmd: ShellCommand, hd: HeredocIn): boolean {
    const role = stdinRole(cmd);
    if (role === 'shell') {
      this.heredocScript(ctx, hd, cmd.index, setsPipefail(shellOptionValues(cmd)));
      return true;
    }
    if (role === 'interpreter' && hd.heredoc.span) {
      this.foreign.push({
        command: cmd.index,
        interpreter: cmd.base,
        text: hd.heredoc.body,
        span: hd.heredoc.span,
        verbatim: true,
      });
      return true;
    }
    return false;
  }

  /** Records one simple command from its words; returns its index. */
  addCommand(
    ctx: BuildCtx,
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
      pipefail: ctx.level.pipefail || (ctx.level.nesting === undefined && this.shellPipefail),
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
    if (ctx.depth < MAX_NESTING) {
      const family = interpreterFamily(cmd.base);
      const script = codeString(cmd, wordsIn.slice(nameAt + 1), family);
      if (script && script.chars) {
        if (family === 'sh' || cmd.base === 'su' || family === 'powershell') {
          const ps = family === 'powershell';
          const level = this.newLevel(!ps && setsPipefail(shellOptionValues(cmd)), 'c-string');
          this.nestedScript(script.chars, level, ctx.depth + 1, cmd.index, ps ? 'powershell' : 'posix');
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
      const hd = { heredoc: r.r.heredoc, src: r.src };
      if (!this.feedHeredoc(ctx, cmd, hd) && cmd.base === 'cat') this.catHeredocs.set(cmd.index, hd);
    }
    return cmd.index;
  }

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

/** The word holding the code of `sh -c CODE`, `su -c CODE`, `python -c CODE`, `pwsh -Command CODE`. */
function codeString(cmd: ShellCommand, args: WordIn[], family: string | undefined): WordIn | undefined {
  const i = codeArgIndex(cmd);
  if (i === undefined) return undefined;
  const rest = args.slice(i);
  // pwsh -Command a b c: the remaining words form one script joined by spaces.
  if (family === 'powershell' && rest.length > 1 && rest.every((r) => r.chars))
    return { word: rest[0]!.word, chars: joinSrcs(rest.map((r) => r.chars!)) };
  return args[i];
}
