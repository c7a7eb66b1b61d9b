/**
 * Dockerfile wiring: gives every RUN (and the RUN of an ONBUILD) its ShellScript, with the ARG/ENV
 * defaults and the SHELL in effect at that point. Scripts are built on first access (a cached
 * getter) and all forced once at parse time, in file order.
 *
 * Loaded only through the lazy Dockerfile parser import (it pulls in mvdan-sh through build.ts).
 */
import type { LineIndex } from '../../position.js';
import { buildScope } from '../scope.js';
import type { VarScope } from '../variables.js';
import type { DockerArg, DockerfileModel, DockerInstruction } from '../model.js';
import { Builder, MAX_NESTING, type WordIn } from './build.js';
import { baseName, setsPipefail } from './interpreters.js';
import type { ShellDialect, ShellScript, ShellWord } from './model.js';
import { ExpansionBudget, ScriptVars } from './script-vars.js';
import { bodyRange, emptySrc, jsonSrc, offsetOf, runSrc } from './source-map.js';
import { modelLines } from './positions.js';
import { runScripts } from './walk.js';

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const WINDOWS_SHELL = ['cmd', '/S', '/C'];

function dialectOf(argv: string[]): ShellDialect {
  const b = baseName(argv[0] ?? '').toLowerCase();
  if (b === 'pwsh' || b === 'powershell') return 'powershell';
  if (b === 'cmd') return 'cmd';
  return 'posix';
}

interface ShellContext {
  scope: VarScope;
  shell: string[];
  budget: ExpansionBudget;
}

/** Analyses one RUN instruction (or an ONBUILD's RUN trigger); never throws. */
function analyzeRun(
  model: DockerfileModel,
  lines: LineIndex,
  inst: DockerInstruction,
  context: ShellContext,
): ShellScript {
  const shell = context.shell;
  const dialect = dialectOf(shell);
  const shellPipefail = dialect === 'posix' && setsPipefail(shell.slice(1));
  let b = new Builder(lines, new ScriptVars(context.scope), shellPipefail, context.budget);
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
        b.addCommand({ src: emptySrc(), level, depth: 0 }, words, [], [], { ...inst.span }, 0);
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
    const again = new Builder(lines, new ScriptVars(context.scope), shellPipefail, context.budget);
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
  return {
    dialect,
    shell,
    shellPipefail,
    commands: b.commands,
    assignments: b.assignments,
    foreign: b.foreign,
    fallback: b.fallback,
    error: b.error,
    // A `curl | sh` past a limit would pass unchecked: dockerfile/shell-analysis-incomplete says so.
    limits: b.limits,
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
  const shellAtEnd: string[][] = [];
  const scope = buildScope(model);
  // One expansion budget for the whole file: each RUN may expand a variable of up to 64 KiB, and
  // thousands of `$X` words would otherwise grow to gigabytes.
  const budget = new ExpansionBudget();
  for (const stage of model.stages) {
    const parent = stage.parentStage;
    let shell =
      parent !== undefined
        ? shellAtEnd[parent]!
        : isWindowsImage(stage.image)
          ? WINDOWS_SHELL
          : DEFAULT_SHELL;
    for (const inst of stage.instructions) {
      const k = inst.keyword;
      if (k === 'SHELL' && inst.jsonForm && inst.args.length > 0) {
        shell = inst.args.map((a) => a.value);
      } else if (k === 'RUN') {
        const ctx: ShellContext = { scope: scope.varsAt(inst), shell, budget };
        defineShell(inst, () => analyzeRun(model, modelLines(model), inst, ctx));
      } else if (k === 'ONBUILD' && inst.trigger?.keyword === 'RUN') {
        // ONBUILD triggers run in a child build, where only ENV (not this build's ARGs) survives.
        const trig = inst.trigger;
        const ctx: ShellContext = { scope: scope.envAt(inst), shell, budget };
        defineShell(trig, () => analyzeRun(model, modelLines(model), trig, ctx));
      }
    }
    shellAtEnd.push(shell);
    if (shell !== DEFAULT_SHELL) stage.shellForm = shell;
  }
  // Analysed now, in file order, rather than lazily by the first rule: the file's expansion budget
  // is then spent the same way whichever rule asks first.
  runScripts(model);
}
