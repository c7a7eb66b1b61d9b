/**
 * The shell model of a Dockerfile RUN (types only, no runtime code, so rules can import it freely).
 *
 * Every RUN (shell form, JSON form, heredocs) and every ONBUILD RUN gets one `ShellScript` with a
 * flat list of the commands it runs, in source (execution) order, including commands nested in
 * `$(...)`, backticks, `<(...)`, `sh -c '...'` strings and heredoc bodies fed to a shell. Every word
 * carries its 1-based FILE position (across `\` continuations, comment lines, JSON strings and
 * heredoc bodies), so a finding points at the physical line of the offending text.
 *
 * Read it from `instruction.shell` (computed lazily once per instruction, then cached).
 */
import type { Span } from '../../position.js';

/** Which language the RUN body is written in (from the stage's SHELL instruction). */
export type ShellDialect = 'posix' | 'powershell' | 'cmd';

/** One shell word, e.g. an argument. Span = the word's source text (quotes included). */
export interface ShellWord extends Span {
  /**
   * Literal value after quote removal, with `$VAR`/`${VAR}` resolved from the stage's ARG/ENV
   * defaults and earlier literal assignments in the same script. Undefined when any part is an
   * expansion whose value is unknown (command substitution, unknown variable, arithmetic, ...).
   */
  value?: string;
  /**
   * Like `value`, but unknown expansions are kept as their raw source text (`${VER}`, `$(uname -m)`),
   * so substring checks (`http://`, `.tar.gz`) still work. Always defined.
   */
  partial: string;
  /** Source text of the word as written in the script (quotes included). */
  raw: string;
  /**
   * Set on a word the shell's field splitting cut out of an unquoted expansion (`$PKGS` with
   * PKGS="curl git" is the two words curl and git); `raw` is then the expansion's text.
   */
  split?: true;
}

/** `FOO=bar` before a command, a bare assignment, or an `export`/`ENV`-like name=value. */
export interface ShellAssign {
  name: string;
  /** The value word; undefined for `export FOO` / `FOO=` with nothing after. */
  value?: ShellWord;
  /** Span of the whole `NAME=value` text. */
  span: Span;
}

export interface ShellHeredoc {
  /** Delimiter word (`EOF`). */
  delimiter: string;
  /** True for `<<'EOF'` / `<<"EOF"`: no expansion in the body. */
  quoted: boolean;
  /** Body text exactly as in the file (without the delimiter lines). */
  body: string;
  /** File position of the body's first character (line/column), and its end; undefined when empty. */
  span?: Span;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `>|`, `<>`. */
  op: string;
  /** File descriptor written before the operator (`2>`), if any. */
  fd?: string;
  /** Target word (file name, delimiter for heredocs, the string for `<<<`). */
  target?: ShellWord;
  /** For `<<` / `<<-`: the heredoc. */
  heredoc?: ShellHeredoc;
}

/** How a command is reached: directly in the script, or nested inside another command's word. */
export type ShellNesting =
  /** `$(...)` or backticks inside a word of `parent`. */
  | 'command-substitution'
  /** `<(...)` / `>(...)` inside a word of `parent`. */
  | 'process-substitution'
  /** The script string of `sh -c '...'` / `bash -c "..."` (parent is the `sh` command). */
  | 'c-string'
  /** A heredoc body fed to a shell (`RUN <<EOF`, `bash <<EOF`, `cat <<EOF | sh`). */
  | 'heredoc';

export interface ShellCommand {
  /** Position in `ShellScript.commands` = source/execution order (nested commands come first). */
  index: number;
  /** Command name after resolution, as written (`/usr/bin/curl`); '' when unknown. */
  name: string;
  /** Last path segment of `name` (`curl`), '' when unknown. */
  base: string;
  /** The word the name came from (after wrappers such as `sudo`, `env`, `exec` were stripped). */
  nameWord: ShellWord;
  /** Arguments after the name. */
  args: ShellWord[];
  /** `FOO=1 cmd` prefix assignments (also those given to `env`). */
  assigns: ShellAssign[];
  redirects: ShellRedirect[];
  /**
   * Output redirects of the compound commands around this one (`{ ...; } >> f`, `( ... ) > f`,
   * `if ...; fi >> f`, loops), innermost first; undefined when there are none. Set by the POSIX
   * parser only.
   */
  enclosingRedirects?: ShellRedirect[];
  /** Prefix commands stripped to find the real one, in order: `sudo`, `env`, `exec`, `nohup`, `time`, ... */
  wrappers: string[];
  /** Span of the wrapper words, when any (for sudo-in-run). */
  wrapperWords: ShellWord[];
  /** Pipeline id, unique within the script; a command outside any pipe has its own. */
  pipeline: number;
  /** 0-based position in the pipeline and the pipeline's length (1 = no pipe). */
  pipeIndex: number;
  pipeLength: number;
  /**
   * Operator joining this command's list element to the previous one (`&&`, `||`, `;`, `&`, or
   * `\n` for a new line); undefined for the first command of its script.
   */
  after?: '&&' | '||' | ';' | '&' | '\n';
  /** Depth of `( ... )` / `{ ...; }` / if/for/while/case/function bodies around the command. */
  depth: number;
  /** The command this one is nested in, and how (see ShellNesting); undefined at top level. */
  parent?: number;
  nesting?: ShellNesting;
  /** True when `set -o pipefail` (or a pipefail SHELL) is in effect when this command runs. */
  pipefail: boolean;
  /** Span of the whole command (name through last argument/redirect). */
  span: Span;
}

/** Text executed or interpreted without being a shell script (python <<EOF, python -c '...'). */
export interface ShellForeignText {
  /** Index of the command that reads it. */
  command: number;
  /** Interpreter base name (`python3`, `node`, `perl`). */
  interpreter: string;
  text: string;
  /** Position of text[0]; text is verbatim from the file when `verbatim` is true. */
  span: Span;
  verbatim: boolean;
}

/** Which analysis limit a RUN reached. */
export type ShellLimitKind =
  /** More simple commands than the analysis records (the rest are not seen). */
  | 'commands'
  /** More words than the tokenizer reads (the rest are not seen). */
  | 'words'
  /** `sh -c`, `eval` or heredoc scripts nested deeper than the analysis follows. */
  | 'nesting'
  /** A script too large for the shell parser, read by the flat tokenizer instead. */
  | 'parser-size'
  /** The file's budget for expanded variable text was spent: later values are unknown. */
  | 'expansion-budget';

/** An analysis limit reached in a RUN: what lies past it was not (fully) analysed. */
export interface ShellLimit {
  kind: ShellLimitKind;
  /** Where it was reached: the script, command or word that was cut. */
  span: Span;
  /** The limit in words, e.g. 'more than 20,000 shell commands'. */
  detail: string;
}

export interface ShellScript {
  dialect: ShellDialect;
  /** The SHELL argv in effect (default `["/bin/sh", "-c"]`). */
  shell: string[];
  /** True when the SHELL itself sets `-o pipefail`. */
  shellPipefail: boolean;
  commands: ShellCommand[];
  /** Bare assignments `FOO=bar` and `export FOO=bar` in order (also visible as commands for export). */
  assignments: ShellAssign[];
  /** Heredoc bodies / `-c` strings given to non-shell interpreters, analysed for downloads only. */
  foreign: ShellForeignText[];
  /**
   * True when the real parser failed and commands come from the fallback tokenizer (words split on
   * blanks and `| & ; ( )`; no nesting); rules still see every command.
   */
  fallback: boolean;
  /** Parser error message when `fallback` is true. */
  error?: string;
  /** Limits reached while analysing (the first of each kind); empty when the analysis is whole. */
  limits: ShellLimit[];
}
