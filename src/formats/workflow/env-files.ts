/**
 * Writes to the runner's environment files (`$GITHUB_ENV`, `$GITHUB_PATH`) in a `run:` script,
 * read from the shell analysis (not from the text): which command writes, to which file, and
 * which parts of the script make up the written text.
 *
 * Forms read (POSIX shells): `cmd >> "$GITHUB_ENV"` (any output redirect: `>`, `>>`, `>|`, `&>`,
 * `&>>`), a compound command's redirect (`{ echo a; echo b; } >> $GITHUB_ENV`, `if`/loops),
 * `... | tee [-a] $GITHUB_ENV`, `cat <<EOF >> $GITHUB_ENV` (the heredoc body is the text) and
 * pipelines (`echo "$V" | tr -d x >> $GITHUB_ENV`: the earlier commands' words are the text).
 * PowerShell: `... >> $env:GITHUB_ENV`, `... | Out-File -FilePath $env:GITHUB_ENV -Append`,
 * `Add-Content`/`Set-Content` with `-Value` or a pipeline, `Tee-Object`.
 *
 * Not read: the file named through another variable (`F=$GITHUB_ENV; echo x >> $F`), .NET calls
 * (`[IO.File]::AppendAllText($env:GITHUB_ENV, ...)`), cmd scripts and custom shells.
 */
import type { Span } from '../position.js';
import type { ShellCommand, ShellRedirect, ShellWord } from '../dockerfile/shell/model.js';
import type { WfRun } from './model.js';

export type EnvFile = 'GITHUB_ENV' | 'GITHUB_PATH';

/** How the text of a part expands. */
export type PartMode =
  /** A POSIX shell word: `$VAR` expands outside single quotes. */
  | 'word'
  /** An unquoted heredoc body: `$VAR` expands everywhere. */
  | 'heredoc'
  /** A quoted heredoc body (`<<'EOF'`): nothing expands (but `${{ }}` is substituted before). */
  | 'literal'
  /** A PowerShell word: `$env:NAME` and `$name` expand outside single quotes. */
  | 'pwsh'
  /** The output of a command that reads files (`cat pr.txt >> $GITHUB_ENV`): no text of its own. */
  | 'output';

export interface WrittenPart {
  span: Span;
  /** The part's source text (for `output`, the command's name). */
  text: string;
  mode: PartMode;
  command: ShellCommand;
}

export interface EnvFileWrite {
  file: EnvFile;
  /** The word that names the file (`"$GITHUB_ENV"`): one write per such word. */
  target: ShellWord;
  /** The commands whose output goes there, in order. */
  writers: ShellCommand[];
  /** The parts of the script that make up the written text, in order. */
  parts: WrittenPart[];
}

/** Commands whose output is the content of the files they are given. */
export const FILE_READERS = new Set([
  'cat',
  'head',
  'tail',
  'jq',
  'yq',
  'sed',
  'awk',
  'grep',
  'cut',
  'tr',
  'sort',
  'uniq',
  'base64',
  'xargs',
  'get-content',
  'gc',
  'type',
]);

const OUTPUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>']);
const ECHO_FLAGS = new Set(['-n', '-e', '-E', '-ne', '-en']);

/** Which environment file a word names (`"$GITHUB_ENV"`, `${GITHUB_PATH}`, `$env:GITHUB_ENV`). */
export function envFileOf(word: ShellWord | undefined): EnvFile | undefined {
  if (!word) return undefined;
  const t = word.raw.replace(/["']/g, '').toLowerCase();
  for (const f of ['github_env', 'github_path'] as const) {
    if (t === `$${f}` || t === `\${${f}}` || t === `$env:${f}` || t === `\${env:${f}}` || t === `%${f}%`)
      return f.toUpperCase() as EnvFile;
  }
  return undefined;
}

const cache = new WeakMap<WfRun, EnvFileWrite[]>();

/** Every write to `$GITHUB_ENV` / `$GITHUB_PATH` in the script, in source order (cached). */
export function envFileWrites(run: WfRun): EnvFileWrite[] {
  let out = cache.get(run);
  if (!out) {
    out = compute(run);
    cache.set(run, out);
  }
  return out;
}

function compute(run: WfRun): EnvFileWrite[] {
  const script = run.analysis;
  if (!script) return [];
  const cmds = script.commands;
  const byTarget = new Map<string, EnvFileWrite>();
  const add = (target: ShellWord, file: EnvFile, writer: ShellCommand, parts: WrittenPart[]): void => {
    const key = `${target.line}:${target.column}`;
    let w = byTarget.get(key);
    if (!w) byTarget.set(key, (w = { file, target, writers: [], parts: [] }));
    if (w.writers.includes(writer)) return;
    w.writers.push(writer);
    for (const p of parts) if (!w.parts.some((q) => sameSpan(q.span, p.span))) w.parts.push(p);
  };
  const upstream = (c: ShellCommand): ShellCommand[] =>
    c.pipeIndex === 0 ? [] : cmds.filter((d) => d.pipeline === c.pipeline && d.pipeIndex < c.pipeIndex);

  if (script.dialect === 'posix') {
    for (const c of cmds) {
      const redirects: ShellRedirect[] = [
        ...c.redirects.filter((r) => r.fd === undefined || r.fd === '1'),
        ...(c.enclosingRedirects ?? []),
      ];
      for (const r of redirects) {
        if (!OUTPUT_OPS.has(r.op)) continue;
        const file = envFileOf(r.target);
        if (!file) continue;
        add(r.target!, file, c, [...upstream(c).flatMap(posixParts), ...posixParts(c)]);
      }
      if (c.base === 'tee') {
        for (const a of c.args) {
          const file = envFileOf(a);
          if (file) add(a, file, c, upstream(c).flatMap(posixParts));
        }
      }
    }
  } else if (script.dialect === 'powershell') {
    for (const c of cmds) {
      const base = c.base.toLowerCase();
      const redir = c.args.findIndex((a) => a.value === '>>' || a.value === '>');
      if (redir !== -1) {
        const file = envFileOf(c.args[redir + 1]);
        if (file) {
          const own = [...(c.name === '' ? [c.nameWord] : []), ...c.args.slice(0, redir)];
          add(c.args[redir + 1]!, file, c, [
            ...upstream(c).flatMap(pwshParts),
            ...own.map((w) => part(w, 'pwsh', c)),
          ]);
          continue;
        }
      }
      if (!['out-file', 'add-content', 'set-content', 'tee-object', 'ac', 'sc'].includes(base)) continue;
      const target = c.args.find((a) => envFileOf(a));
      if (!target) continue;
      const v = c.args.findIndex((a) => a.value?.toLowerCase() === '-value');
      let parts: WrittenPart[];
      if (v !== -1) {
        const rest = c.args.slice(v + 1);
        const end = rest.findIndex((a) => a.value?.startsWith('-') === true);
        parts = (end === -1 ? rest : rest.slice(0, end)).map((w) => part(w, 'pwsh', c));
      } else parts = upstream(c).flatMap(pwshParts);
      add(target, envFileOf(target)!, c, parts);
    }
  }
  return [...byTarget.values()].sort(
    (a, b) => a.target.line - b.target.line || a.target.column - b.target.column,
  );
}

function part(w: ShellWord, mode: PartMode, command: ShellCommand): WrittenPart {
  return { span: w, text: w.raw, mode, command };
}

/** The parts of the script one POSIX command contributes to its output. */
function posixParts(c: ShellCommand): WrittenPart[] {
  const out: WrittenPart[] = [];
  if (c.name === '' && c.nameWord.raw) out.push(part(c.nameWord, 'word', c));
  let args = c.args;
  if (c.base === 'echo') {
    let i = 0;
    while (i < args.length && ECHO_FLAGS.has(args[i]!.value ?? '')) i++;
    args = args.slice(i);
  }
  if (c.base === 'tee') args = [];
  for (const a of args) if (!envFileOf(a)) out.push(part(a, 'word', c));
  for (const r of c.redirects) {
    if (r.heredoc?.span)
      out.push({
        span: r.heredoc.span,
        text: r.heredoc.body,
        mode: r.heredoc.quoted ? 'literal' : 'heredoc',
        command: c,
      });
    else if (r.op === '<<<' && r.target) out.push(part(r.target, 'word', c));
  }
  if (readsFiles(c, c.base)) out.push({ span: c.span, text: c.name, mode: 'output', command: c });
  return out;
}

function pwshParts(c: ShellCommand): WrittenPart[] {
  const out: WrittenPart[] = [];
  if (c.name === '') out.push(part(c.nameWord, 'pwsh', c));
  for (const a of c.args) out.push(part(a, 'pwsh', c));
  if (readsFiles(c, c.base.toLowerCase()))
    out.push({ span: c.span, text: c.name, mode: 'output', command: c });
  return out;
}

/** A file reader given a file (an argument that is not an option, or `< file`); not `cat <<EOF`. */
export function readsFiles(c: ShellCommand, base: string): boolean {
  if (!FILE_READERS.has(base) || base === 'tr' || base === 'xargs') return false;
  return c.args.some((a) => !a.raw.startsWith('-')) || c.redirects.some((r) => r.op === '<');
}

function sameSpan(a: Span, b: Span): boolean {
  return a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

/** Is `inner` inside `outer` (both file spans)? */
export function spanWithin(inner: Span, outer: Span): boolean {
  const startOk = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endOk =
    inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startOk && endOk;
}

/** The script offset of a part's first character (parts start on a script line the file maps). */
export function partOffset(run: WfRun, p: WrittenPart): number | undefined {
  const rl = run.lines.find((l) => l.span.line === p.span.line);
  return rl ? rl.offset + (p.span.column - rl.span.column) : undefined;
}

/**
 * Is the text at script offset `at` (inside part `p`) the value of a `NAME=` line (`echo
 * "NAME=$V"`, a heredoc line `NAME=$V`)? Then a value without a newline cannot add a line of its own.
 */
export function afterName(run: WfRun, p: WrittenPart, at: number): boolean {
  const base = partOffset(run, p);
  if (base === undefined || at < base) return false;
  const k = Math.min(at - base, p.text.length);
  const ls = p.text.lastIndexOf('\n', k - 1) + 1;
  const prefix = p.text.slice(ls, k).replace(/["']/g, '');
  return /^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(prefix);
}

/**
 * The write whose text holds the expression at `span` (script offset `at`), when writing it is an
 * injection of its own: always for text that can hold a newline; for a single-line value (a branch
 * name) only when it makes a whole line or a `$GITHUB_PATH` entry, not after `NAME=`.
 */
export function envWriteOwning(
  run: WfRun,
  span: Span,
  at: number,
  singleLine: boolean,
): EnvFileWrite | undefined {
  for (const w of envFileWrites(run))
    for (const p of w.parts) {
      if (p.mode === 'output' || !spanWithin(span, p.span)) continue;
      if (!singleLine || w.file === 'GITHUB_PATH' || !afterName(run, p, at)) return w;
    }
  return undefined;
}

/** A variable a part reads: `$NAME`, `${NAME...}`, `$env:NAME`; `offset` into the part's text. */
export interface VarRead {
  name: string;
  offset: number;
  length: number;
}

/**
 * The variables a part's text expands, in order; linear scan. Single quotes stop expansion in
 * words (POSIX and PowerShell), not in heredoc bodies; the masks of `${{ }}` (`${_gh...}`) are
 * not variables.
 */
export function varReads(text: string, mode: PartMode): VarRead[] {
  if (mode === 'literal' || mode === 'output') return [];
  const out: VarRead[] = [];
  let single = false;
  let double = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (mode !== 'heredoc') {
      if (c === '\\' && !single && mode === 'word') {
        i++;
        continue;
      }
      if (c === '`' && !single && mode === 'pwsh') {
        i++;
        continue;
      }
      if (c === "'" && !double) {
        single = !single;
        continue;
      }
      if (c === '"' && !single) {
        double = !double;
        continue;
      }
    }
    if (c !== '$' || single) continue;
    let j = i + 1;
    const braced = text[j] === '{';
    if (braced) j++;
    if (mode === 'pwsh' && text.slice(j, j + 4).toLowerCase() === 'env:') j += 4;
    const s = j;
    while (j < n && /[A-Za-z0-9_]/.test(text[j]!)) j++;
    if (j === s || /[0-9]/.test(text[s]!)) continue;
    const name = text.slice(s, j);
    if (name.startsWith('_gh')) continue;
    // `${NAME}` through its `}`; `${NAME//a/b}` and `${NAME:-x}` through theirs (no nesting).
    if (braced) {
      const close = text.indexOf('}', j);
      if (close !== -1) j = close + 1;
    }
    out.push({ name, offset: i, length: j - i });
    i = j - 1;
  }
  return out;
}
