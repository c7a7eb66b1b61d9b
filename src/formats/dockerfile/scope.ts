/**
 * The stage graph and the variable scope of every instruction, following BuildKit's rules:
 *
 * - ARGs before the first FROM (global ARGs) are visible only in FROM lines, unless a stage
 *   redeclares them (`ARG NAME` inherits the global default; `ARG NAME=x` sets its own default).
 * - An ARG declared in a stage is visible from its declaration to the end of that stage; ENV is
 *   visible from its declaration on and is inherited by stages built `FROM` this one. ENV wins over
 *   an ARG of the same name.
 * - A value that is only known at build time (an ARG without default, a variable the base image
 *   may set, a predefined platform ARG) is unknown (`undefined`), never guessed.
 *
 * Stage references: a FROM names an earlier stage by its `AS` name (case-insensitive); `COPY
 * --from` and `RUN --mount=from=` name a stage by name or by index.
 */
import type { DockerfileModel, DockerInstruction, DockerProperty, DockerStage } from './model.js';
import { PersistentVars } from './persistent-vars.js';
import { substitute, type VarScope } from './variables.js';

export interface StageNode {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  stage: DockerStage;
  /** FROM image after global ARG substitution; undefined when unknown. */
  image?: string;
  /** The earlier stage this one is built on, if the FROM names one. */
  parent?: number;
}

export interface DockerScope {
  stages: StageNode[];
  /** Index of the stage a `--from`/FROM value names (by name or index), or undefined for an image. */
  stageRef(value: string): number | undefined;
  /** Variables visible to an instruction (for ONBUILD triggers: those of the ONBUILD line). */
  varsAt(inst: DockerInstruction): VarScope;
  /** The ENV alone in force at an instruction (what an ONBUILD trigger's child build inherits). */
  envAt(inst: DockerInstruction): VarScope;
  /** Substitutes variables as BuildKit would for this instruction; undefined when unknown. */
  resolve(text: string, inst: DockerInstruction): string | undefined;
  /** The stage and its ancestors through `FROM <stage>`, nearest first. */
  chain(stageIndex: number): number[];
  /** The stage `docker build` builds without `--target`: the last one. */
  finalStage?: number;
  /** Stages whose files end up in the final image: the final stage and its `FROM` ancestors. */
  inFinalImage(stageIndex: number): boolean;
  /** ARG and ENV values left unknown because their expansion passed MAX_EXPANSION. */
  tooLarge: { inst: DockerInstruction; property: DockerProperty }[];
}

type TooLarge = DockerScope['tooLarge'];

const EMPTY: VarScope = new Map();

/** Global ARG defaults, each substituted with the ARGs declared before it. */
function globalScope(model: DockerfileModel, tooLarge: TooLarge): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const inst of model.instructions) {
    if (inst.stage !== -1) break;
    if (inst.keyword !== 'ARG') continue;
    for (const p of inst.properties) {
      const note = () => tooLarge.push({ inst, property: p });
      out.set(p.name, p.value === null ? undefined : substitute(p.value, out, model.escapeChar, note));
    }
  }
  return out;
}

const cache = new WeakMap<DockerfileModel, DockerScope>();

/** The scope of a model (computed once per model; rules share it). */
export function buildScope(model: DockerfileModel): DockerScope {
  let scope = cache.get(model);
  if (!scope) {
    scope = computeScope(model);
    cache.set(model, scope);
  }
  return scope;
}

function computeScope(model: DockerfileModel): DockerScope {
  const esc = model.escapeChar;
  const tooLarge: TooLarge = [];
  const globals = globalScope(model, tooLarge);
  // In FROM, a global ARG declared without a default is unset unless --build-arg gives one, so
  // `${BASE:-debian:12}` builds debian:12 by default (like `ARG BASE=debian:12`); `${BASE}` alone
  // stays unknown. A default that cannot be resolved stays unknown either way.
  const fromVars = new Map(globals);
  for (const inst of model.instructions) {
    if (inst.stage !== -1) break;
    if (inst.keyword !== 'ARG') continue;
    for (const p of inst.properties) {
      if (p.value === null) fromVars.delete(p.name);
      else fromVars.set(p.name, globals.get(p.name));
    }
  }
  const byName = new Map<string, number>();
  const nodes: StageNode[] = [];
  for (const stage of model.stages) {
    const image = substitute(stage.imageRaw, fromVars, esc);
    const parent = image !== undefined ? byName.get(image.toLowerCase()) : undefined;
    nodes.push({ index: stage.index, name: stage.name, stage, image, parent });
    if (stage.name !== undefined && !byName.has(stage.name)) byName.set(stage.name, stage.index);
  }

  // Per-stage walk: the scope in force at each instruction. Scopes are persistent maps that share
  // structure, so a stage inheriting its parent's ENV costs nothing and memory stays
  // proportional to the number of ARG and ENV changes (copying Maps was quadratic in a long
  // `FROM` chain).
  const at = new Map<DockerInstruction, VarScope>();
  const envAt = new Map<DockerInstruction, VarScope>();
  const finalEnv: PersistentVars[] = [];
  for (const node of nodes) {
    let env =
      node.parent !== undefined ? (finalEnv[node.parent] ?? PersistentVars.EMPTY) : PersistentVars.EMPTY;
    // ARGs and ENV in one map, ENV winning over an ARG of the same name.
    let current = env;
    at.set(node.stage.from, globals);
    for (const inst of node.stage.instructions) {
      at.set(inst, current);
      envAt.set(inst, env);
      if (inst.keyword === 'ARG') {
        const before = current;
        for (const p of inst.properties) {
          const note = () => tooLarge.push({ inst, property: p });
          const value =
            p.value !== null
              ? substitute(p.value, before, esc, note)
              : globals.has(p.name)
                ? globals.get(p.name)
                : undefined;
          if (!env.has(p.name)) current = current.set(p.name, value);
        }
      } else if (inst.keyword === 'ENV') {
        const before = current;
        for (const p of inst.properties) {
          const note = () => tooLarge.push({ inst, property: p });
          const value = p.value === null ? undefined : substitute(p.value, before, esc, note);
          env = env.set(p.name, value);
          current = current.set(p.name, value);
        }
      }
    }
    finalEnv[node.index] = env;
  }

  const chain = (index: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let i: number | undefined = index; i !== undefined && !seen.has(i); i = nodes[i]?.parent) {
      seen.add(i);
      out.push(i);
    }
    return out;
  };
  const finalStage = nodes.length > 0 ? nodes.length - 1 : undefined;
  const finalChain = new Set(finalStage !== undefined ? chain(finalStage) : []);

  const varsAt = (inst: DockerInstruction): VarScope => at.get(inst) ?? EMPTY;
  return {
    stages: nodes,
    stageRef(value: string): number | undefined {
      const v = value.trim();
      if (/^\d{1,6}$/.test(v)) {
        const n = Number(v);
        return n < nodes.length ? n : undefined;
      }
      return byName.get(v.toLowerCase());
    },
    varsAt,
    envAt: (inst) => envAt.get(inst) ?? EMPTY,
    resolve(text: string, inst: DockerInstruction): string | undefined {
      return substitute(text, varsAt(inst), esc);
    },
    chain,
    finalStage,
    inFinalImage: (i) => finalChain.has(i),
    tooLarge,
  };
}

/** True when the string is a single variable reference (`$X`, `${X}`, `${X:-...}`) and nothing else. */
export function isPureReference(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('${')) return t.indexOf('}') === t.length - 1;
  if (!t.startsWith('$') || t.length < 2) return false;
  for (let i = 1; i < t.length; i++) {
    const c = t[i]!;
    const ok =
      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (i > 1 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

/** The instruction's own words: heredoc bodies (which dockerfile-ast lists as arguments) left out. */
export function commandArgs(inst: DockerInstruction): DockerInstruction['args'] {
  const marker = inst.args.find((a) => a.value.startsWith('<<'));
  if (!marker || inst.heredocs.length === 0) return inst.args;
  return inst.args.filter((a) => a.span.line <= marker.span.line);
}
