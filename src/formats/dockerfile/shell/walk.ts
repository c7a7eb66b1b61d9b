/**
 * Walking a Dockerfile's instructions as they run. An ONBUILD stands for the instruction it
 * triggers in a child build, so a rule sees `ONBUILD RUN curl ... | sh` as a RUN, together with
 * its owner: the ONBUILD line, where findings are scoped and suppressed. The one place that
 * unwraps ONBUILD.
 */
import type { DockerfileModel, DockerInstruction } from '../model.js';
import type { ShellScript } from './model.js';

export interface OwnedInstruction {
  /** The instruction that runs: the listed one, or an ONBUILD's trigger. */
  inst: DockerInstruction;
  /** The instruction as listed in the model: `inst` itself, or the ONBUILD holding it. */
  owner: DockerInstruction;
}

/** Every instruction in file order, an ONBUILD replaced by its trigger (none when it has none). */
export function* instructionsAsRun(model: DockerfileModel): Generator<OwnedInstruction> {
  for (const owner of model.instructions) {
    if (owner.keyword !== 'ONBUILD') yield { inst: owner, owner };
    else if (owner.trigger) yield { inst: owner.trigger, owner };
  }
}

/** A RUN of the file with its shell script: a RUN instruction, or the RUN of an ONBUILD. */
export interface RunScript extends OwnedInstruction {
  /** First line of the owner (the ONBUILD line for a trigger). */
  scopeLine: number;
  stage: number;
  script: ShellScript;
}

const runsByModel = new WeakMap<DockerfileModel, readonly RunScript[]>();

/** Every RUN script of the file in order, ONBUILD triggers included. Built once per model. */
export function runScripts(model: DockerfileModel): readonly RunScript[] {
  let runs = runsByModel.get(model);
  if (runs) return runs;
  const out: RunScript[] = [];
  for (const { inst, owner } of instructionsAsRun(model)) {
    if (inst.keyword !== 'RUN') continue;
    const script = inst.shell;
    if (!script) continue;
    out.push({ inst, owner, scopeLine: owner.span.line, stage: owner.stage, script });
  }
  runs = out;
  runsByModel.set(model, runs);
  return runs;
}

/** The RUN scripts grouped by stage, each group in file order (stages in order of first RUN). */
export function runScriptsByStage(model: DockerfileModel): RunScript[][] {
  const byStage = new Map<number, RunScript[]>();
  for (const run of runScripts(model)) {
    const list = byStage.get(run.stage) ?? [];
    list.push(run);
    byStage.set(run.stage, list);
  }
  return [...byStage.values()];
}
