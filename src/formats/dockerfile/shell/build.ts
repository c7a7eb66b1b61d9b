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
  ShellLimit,
  ShellLimitKind,
  ShellNesting,
  ShellRedirect,
  ShellWord,
} from './model.js';
import { PosixReader } from './posix.js';
import type { ExpansionBudget, ScriptVars } from './script-vars.js';
import { joinSrcs, srcFromChars, type Src } from './source-map.js';
import { MAX_TOKENS, tokenizeCommands, type Token, type TokenDialect } from './tokenize.js';
import { stripWrappers } from './wrappers.js';

/**
 * How deep `sh -c '...'` / `eval '...'` / heredoc-in-heredoc nesting is followed. Each level reads
 * text taken from the level above, so the work stays within this many times the RUN's size (and
 * MAX_COMMANDS bounds it again); reaching it is reported, never a silent cut.
 */
export const MAX_NESTING = 16;
export const MAX_COMMANDS = 20_000;

const fmt = (n: number): string => n.toLocaleString('en-US');

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
  /** The first limit of each kind the analysis reached. */
  private readonly reached = new Map<ShellLimitKind, ShellLimit>();
  /** Heredocs given to `cat`, by command index, for a later `| sh` in the same pipe. */
  readonly catHeredocs = new Map<number, HeredocIn>();
  private nextPipe = 0;
  private nextLevel = 0;
  private readonly posix = new PosixReader(this);

  constructor(
    readonly lines: LineIndex,
    readonly scope: ScriptVars,
    readonly shellPipefail: boolean,
    readonly budget: ExpansionBudget,
  ) {}

  /** Records that the analysis reached a limit at `span` (the first time for each kind). */
  limit(kind: ShellLimitKind, span: Span, detail: string): void {
    if (!this.reached.has(kind)) this.reached.set(kind, { kind, span, detail });
  }

  get limits(): ShellLimit[] {
    return [...this.reached.values()];
  }

  /**
   * Whether `n` expanded characters fit the file's budget. The first expansion that does not fit
   * is the file's one `expansion-budget` limit; it and every later one are unknown values.
   */
  expand(n: number, span: Span): boolean {
    if (this.budget.take(n)) return true;
    if (!this.budget.exhausted) {
      this.budget.exhausted = true;
      this.limit('expansion-budget', span, 'the expansion budget');
    }
    return false;
  }

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
    const saved = this.scope.mark();
    const start = this.commands.length;
    if (dialect === 'posix') this.parsePosix(src, level, depth);
    else this.tokenized(src, dialect, level, depth);
    this.scope.rollback(saved);
    if (parent === undefined) return;
    for (let i = start; i < this.commands.length; i++)
      if (this.levels[i] === level.id) this.commands[i]!.parent = parent;
  }

  /** `RUN <<EOF`, `bash <<EOF`, `cat <<EOF | sh`: the body is a script run by a new shell. */
  heredocScript(ctx: { depth: number }, hd: HeredocIn, parent: number | undefined, pipefail: boolean): void {
    const { heredoc, src: body } = hd;
    if (ctx.depth >= MAX_NESTING) {
      if (body.text.trim() !== '') this.nestingLimit(this.span(body, 0, body.text.length));
      return;
    }
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

  private nestingLimit(span: Span): void {
    this.limit(
      'nesting',
      span,
      `\`sh -c\`, \`eval\` or heredoc scripts nested more than ${MAX_NESTING} deep`,
    );
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
      this.limit('commands', span, `more than ${fmt(MAX_COMMANDS)} shell commands`);
      return this.commands.length - 1;
    }
    this.commands.push(cmd);
    this.levels.push(ctx.level.id);
    if (cmd.base === 'set' && setsPipefail(cmd.args.map((a) => a.value))) ctx.level.pipefail = true;

    // Nested scripts: `sh -c '...'`, `eval '...'`, `su -c '...'`, `pwsh -Command ...`, code strings.
    const family = interpreterFamily(cmd.base);
    const argsIn = wordsIn.slice(nameAt + 1);
    const script = cmd.base === 'eval' ? evalCode(argsIn) : codeString(cmd, argsIn, family);
    if (script?.chars) {
      const shellLike =
        cmd.base === 'eval' || family === 'sh' || cmd.base === 'su' || family === 'powershell';
      if (shellLike && ctx.depth >= MAX_NESTING) {
        this.nestingLimit(script.word);
      } else if (cmd.base === 'eval') {
        // eval runs its words, joined by spaces, in the current shell.
        const level = this.newLevel(ctx.level.pipefail, 'c-string');
        this.nestedScript(script.chars, level, ctx.depth + 1, cmd.index);
      } else if (shellLike) {
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
    const { commands, cutAt } = tokenizeCommands(src.text, dialect, dialect === 'posix' && this.ifsSplits());
    if (cutAt !== undefined)
      this.limit('words', this.span(src, cutAt, cutAt + 1), `more than ${fmt(MAX_TOKENS)} words`);
    for (const tc of commands) {
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

  /** Whether an unquoted expansion is split into words: IFS (default blank, tab, newline) is not empty. */
  ifsSplits(): boolean {
    return !this.scope.has('IFS') || this.scope.get('IFS') !== '';
  }

  private tokenWord(src: Src, t: Token, dialect: TokenDialect): WordIn {
    let value: string | undefined = t.text;
    if (dialect === 'posix' && (t.text.includes('$') || t.text.includes('`')))
      value = t.text.includes('`') ? undefined : substitute(t.text, this.scope);
    if (dialect === 'powershell' && t.text.includes('$')) value = undefined;
    const word = this.makeWord(src, t.start, t.end, value, t.text);
    if (
      value !== undefined &&
      value.length > t.text.length &&
      !this.expand(value.length - t.text.length, word)
    )
      word.value = undefined;
    return { word, chars: srcFromChars(t.text, t.chars, src) };
  }
}

/** The script `eval` runs: its words joined by spaces (none when a word is a command substitution). */
function evalCode(args: WordIn[]): WordIn | undefined {
  if (args.length === 0 || !args.every((a) => a.chars)) return undefined;
  return { word: args[0]!.word, chars: joinSrcs(args.map((a) => a.chars!)) };
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
