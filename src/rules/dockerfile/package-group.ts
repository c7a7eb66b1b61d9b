/**
 * Grouping the packages of one install command into findings, shared by the package-pinning rules:
 * one finding per install command for the packages written in it, and one per variable expansion
 * (`apt-get install $PHPIZE_DEPS`) for the packages that come from a variable, since those are fixed
 * where the variable is defined, not in the command.
 */
import type { DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import { buildScope, isPureReference } from '../../formats/dockerfile/scope.js';
import type { ShellAssign, ShellCommand, ShellScript } from '../../formats/dockerfile/shell/model.js';
import type { RunScript } from '../../formats/dockerfile/shell/walk.js';
import type { ArgWord, PackageArg } from '../../refs/package-commands.js';
import { spanFromTo, spanOf, type Related, type Span } from '../../core/index.js';

/** A variable a package word was expanded from, and where it is defined when that is known. */
export interface Expansion {
  /** Variable name (`PHPIZE_DEPS`). */
  name: string;
  /** The word as written (`$PHPIZE_DEPS`, `"${PKGS}"`). */
  raw: string;
  /** The ENV/ARG property or script assignment that gives the value the build uses. */
  definition?: Related;
}

/** The packages of one install command that one edit fixes. */
export interface PackageGroup<T extends PackageArg> {
  /** Where the finding points: the command words, or the expansion the packages came from. */
  span: Span;
  /** Set when every member came from this variable's value. */
  variable?: Expansion;
  members: T[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * The variable a word consists of (`$PKGS`, `${PKGS}`, `"$PKGS"`, `${PKGS:-x}`), or undefined when
 * the word has literal text around the expansion (`lib$X-dev` is fixed in the command).
 */
export function expandedVariable(
  w: Pick<ArgWord, 'raw'> & { split?: true },
  fromVariable?: boolean,
): string | undefined {
  let t = w.raw;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  if (!w.split && !fromVariable && !isPureReference(t)) return undefined;
  if (!t.startsWith('$')) return undefined;
  let i = t[1] === '{' ? 2 : 1;
  const start = i;
  if (!NAME_START.test(t[i] ?? '')) return undefined;
  while (i < t.length && i - start < 256 && NAME_CHAR.test(t[i]!)) i++;
  return t.slice(start, i);
}

function before(a: Span, b: Span): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function propertySpan(p: DockerInstruction['properties'][number]): Span {
  return p.valueSpan ? spanFromTo(p.nameSpan, p.valueSpan) : spanOf(p.nameSpan);
}

/**
 * Where the value of `name` that `cmd` sees is defined, following the order the shell model and
 * BuildKit resolve it in: an earlier assignment in the same script, then the last ENV of the stage
 * (or of the stages it is built `FROM`), then the stage's ARG (whose default may be a global ARG's).
 */
export function variableDefinition(
  model: DockerfileModel,
  step: RunScript,
  cmd: ShellCommand,
  name: string,
): Related | undefined {
  const label = `${name} defined here`;
  let assigned: Span | undefined;
  for (const a of assignmentsOf(step.script).get(name) ?? []) {
    if (before(a.span, cmd.span)) assigned = a.span;
  }
  for (const a of cmd.assigns) if (a.name === name) assigned = a.span;
  if (assigned) return { span: spanOf(assigned), label };

  let cached = definitions.get(step.owner);
  if (!cached) definitions.set(step.owner, (cached = new Map()));
  if (!cached.has(name)) cached.set(name, fileDefinition(model, step.owner, name));
  const found = cached.get(name);
  return found ? { span: found, label } : undefined;
}

/** A script's assignments by name, in order (built once per script). */
function assignmentsOf(script: ShellScript): Map<string, ShellAssign[]> {
  let byName = assignmentsByScript.get(script);
  if (!byName) {
    byName = new Map();
    for (const a of script.assignments) {
      const list = byName.get(a.name) ?? [];
      list.push(a);
      byName.set(a.name, list);
    }
    assignmentsByScript.set(script, byName);
  }
  return byName;
}

const assignmentsByScript = new WeakMap<ShellScript, Map<string, ShellAssign[]>>();
const definitions = new WeakMap<DockerInstruction, Map<string, Span | undefined>>();

/** The ENV or ARG property that gives `name` its value at instruction `owner`. */
function fileDefinition(model: DockerfileModel, owner: DockerInstruction, name: string): Span | undefined {
  const scope = buildScope(model);
  const lastIn = (insts: readonly DockerInstruction[], keyword: string, until?: DockerInstruction) => {
    let found: DockerInstruction['properties'][number] | undefined;
    for (const inst of insts) {
      if (inst === until) break;
      if (inst.keyword !== keyword) continue;
      for (const p of inst.properties) if (p.name === name) found = p;
    }
    return found;
  };
  const chain = scope.chain(owner.stage);
  for (const [k, index] of chain.entries()) {
    const stage = model.stages[index];
    if (!stage) continue;
    const env = lastIn(stage.instructions, 'ENV', k === 0 ? owner : undefined);
    if (env) return env.value === null ? undefined : propertySpan(env);
  }
  const stage = model.stages[owner.stage];
  const arg = stage ? lastIn(stage.instructions, 'ARG', owner) : undefined;
  if (!arg) return undefined;
  if (arg.value !== null) return propertySpan(arg);
  // `ARG PKGS` in a stage takes the default of the global `ARG PKGS=...` before the first FROM.
  const globals = model.instructions.filter((i) => i.stage === -1);
  const global = lastIn(globals, 'ARG');
  return global && global.value !== null ? propertySpan(global) : undefined;
}

/**
 * Splits the packages of one install command into what one edit fixes: the packages written in the
 * command (one group at `commandSpan`), and those of each variable expansion (one group at the
 * expansion, with the variable's definition).
 */
export function groupPackages<T extends PackageArg>(
  model: DockerfileModel,
  step: RunScript,
  cmd: ShellCommand,
  commandSpan: Span,
  members: readonly T[],
): PackageGroup<T>[] {
  const literal: T[] = [];
  const byExpansion = new Map<string, PackageGroup<T>>();
  for (const m of members) {
    const name = expandedVariable(m.word, m.fromVariable);
    if (name === undefined) {
      literal.push(m);
      continue;
    }
    const key = `${m.word.line}:${m.word.column}`;
    let g = byExpansion.get(key);
    if (!g) {
      const definition = variableDefinition(model, step, cmd, name);
      g = {
        span: spanOf(m.word),
        variable: { name, raw: m.word.raw, ...(definition ? { definition } : {}) },
        members: [],
      };
      byExpansion.set(key, g);
    }
    g.members.push(m);
  }
  const out: PackageGroup<T>[] = [];
  if (literal.length > 0) out.push({ span: commandSpan, members: literal });
  out.push(...byExpansion.values());
  return out;
}

/**
 * The label of a package word's related span: the package, with the word as written when that
 * differs by more than quotes (`python$PYV-dev: python3-dev`).
 */
export function memberLabel(word: Pick<ArgWord, 'raw'>, raw: string): string {
  const t = word.raw;
  const unquoted = t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.endsWith(t[0]) ? t.slice(1, -1) : t;
  return unquoted === raw ? raw : `${t}: ${raw}`;
}

/** Names quoted in a message: the first `max`, then "and N more". */
export function nameList(names: readonly string[], max = 8): string {
  const shown = names
    .slice(0, max)
    .map((n) => `'${n}'`)
    .join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * The evidence of a group, which the fingerprint is made of: the manager, the variable (if any) and
 * every member, sorted, so that one more package in the command is a new finding under `report: new`
 * while reordering or moving lines is not.
 */
export function groupEvidence(manager: string, names: readonly string[], variable?: Expansion): string {
  const sorted = [...new Set(names)].sort().join(' ');
  const head = variable ? `${manager} $${variable.name}:` : manager;
  if (head.length + sorted.length < MAX_EVIDENCE) return `${head} ${sorted}`;
  // Findings keep 400 characters of evidence: past that, a digest of the whole list stands in for
  // the names that would be cut, so one more package still changes the fingerprint.
  const count = new Set(names).size;
  return `${head} ${count} packages #${fnv1a(sorted)} ${sorted}`.slice(0, MAX_EVIDENCE);
}

const MAX_EVIDENCE = 360;

/** 32-bit FNV-1a of a string, as 8 hex digits (a digest for the fingerprint, not for security). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
