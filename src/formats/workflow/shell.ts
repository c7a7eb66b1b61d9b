/**
 * The shell analysis of a `run:` script: the same builder that reads Dockerfile RUNs (mvdan-sh for
 * bash/sh, the linear tokenizer for PowerShell and cmd), fed with the script text and the file
 * offset of each of its characters, so every command and word lands on its exact line and column
 * in the workflow, whatever the block style of the `run:` value.
 *
 * `${{ }}` is substituted by the runner before the shell reads the script, so the analysis sees
 * each expression as a variable of unknown value (`${_gh…}`, padded to the expression's length so
 * every character keeps its file offset); words containing one come back with no `value` and
 * their source text (the expression as written) in `raw` and `partial`.
 */
import type { LineIndex } from '../position.js';
import { Builder } from '../dockerfile/shell/build.js';
import type { ShellDialect, ShellScript, ShellWord } from '../dockerfile/shell/model.js';
import { ExpansionBudget, ScriptVars } from '../dockerfile/shell/script-vars.js';
import type { Src } from '../dockerfile/shell/source-map.js';
import type { VarScope } from '../dockerfile/variables.js';
import { findExpressions } from './expressions.js';
import type { WfScalar, WfShell } from './model.js';

const EMPTY_SCOPE: VarScope = { get: () => undefined, has: () => false };
const MARK = '${_gh';

/** The dialect a shell name is read in; undefined for interpreters no shell parser reads. */
export function dialectOfShell(name: string): ShellDialect | undefined {
  if (name === 'bash' || name === 'sh') return 'posix';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  if (name === 'cmd') return 'cmd';
  return undefined;
}

/** The script with every `${{ }}` replaced by a same-length unknown variable (length ≥ 6). */
function maskExpressions(script: string): string {
  let out = '';
  let last = 0;
  for (const e of findExpressions(script)) {
    const len = e.end - e.start;
    out += script.slice(last, e.start) + MARK + '_'.repeat(Math.max(0, len - MARK.length - 1)) + '}';
    last = e.end;
  }
  return out + script.slice(last);
}

function unmask(word: ShellWord, file: string, lines: LineIndex): void {
  if (!word.partial.includes(MARK) && !word.raw.includes(MARK)) return;
  word.value = undefined;
  if (word.line === word.endLine) {
    const start = lines.lineStart(word.line) + word.column - 1;
    const text = file.slice(start, lines.lineStart(word.line) + word.endColumn - 1);
    word.raw = text;
    word.partial = text;
  }
}

/** Analyses one `run:` script; undefined for shells Bulkhead does not parse (python, custom). */
export function analyzeRun(node: WfScalar, shell: WfShell, lines: LineIndex): ShellScript | undefined {
  const dialect = dialectOfShell(shell.name);
  if (!dialect) return undefined;
  const source = node.source;
  const src: Src = { text: maskExpressions(source.value), map: source.map };
  // `shell: bash` runs `bash --noprofile --norc -eo pipefail {0}`; the default bash has no pipefail.
  const pipefail =
    dialect === 'posix' && shell.origin !== 'runner-default' && shell.command.trim() === 'bash';
  const argv = shell.command.trim().split(/[ \t]+/);
  const run = (fallbackError?: string): Builder => {
    const b = new Builder(lines, new ScriptVars(EMPTY_SCOPE), pipefail, new ExpansionBudget());
    const level = b.newLevel(pipefail);
    if (fallbackError !== undefined) {
      b.tokenized(src, dialect, level, 0, fallbackError);
      b.fallback = true;
    } else if (dialect === 'posix') b.parsePosix(src, level, 0);
    else b.tokenized(src, dialect, level, 0);
    return b;
  };
  let b: Builder;
  try {
    b = run();
  } catch (err) {
    b = run(`shell analysis failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const file = lines.text;
  for (const c of b.commands) {
    unmask(c.nameWord, file, lines);
    c.args.forEach((w) => unmask(w, file, lines));
    for (const a of c.assigns) if (a.value) unmask(a.value, file, lines);
    for (const r of c.redirects) if (r.target) unmask(r.target, file, lines);
  }
  for (const a of b.assignments) if (a.value) unmask(a.value, file, lines);
  return {
    dialect,
    shell: argv,
    shellPipefail: pipefail,
    commands: b.commands,
    assignments: b.assignments,
    foreign: b.foreign,
    fallback: b.fallback,
    error: b.error,
    limits: b.limits,
  };
}
