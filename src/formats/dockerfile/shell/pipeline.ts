/**
 * Pipelines of a script: which commands read the output of a given one (`curl ... | sh`).
 */
import type { ShellCommand, ShellScript } from './model.js';

/** Built once per script, so per-command questions about the rest of a pipe stay linear. */
const pipelineIndex = new WeakMap<ShellScript, Map<number, ShellCommand[]>>();

/** The commands after `cmd` in its pipeline (`a | b | c`: b and c for a), in pipeline order. */
export function laterInPipeline(script: ShellScript, cmd: ShellCommand): ShellCommand[] {
  let byPipe = pipelineIndex.get(script);
  if (!byPipe) {
    byPipe = new Map();
    for (const c of script.commands) {
      const list = byPipe.get(c.pipeline);
      if (list) list.push(c);
      else byPipe.set(c.pipeline, [c]);
    }
    pipelineIndex.set(script, byPipe);
  }
  return (byPipe.get(cmd.pipeline) ?? []).filter((c) => c.pipeIndex > cmd.pipeIndex);
}
