/**
 * Shared plumbing of the package-pinning rules: walk every RUN (and ONBUILD RUN) of a Dockerfile
 * in order, with its stage and shell script, and identify package-manager commands.
 */
import type { DockerfileModel } from '../../formats/dockerfile/model.js';
import { buildScope, type DockerScope } from '../../formats/dockerfile/scope.js';
import type { ShellCommand } from '../../formats/dockerfile/shell/model.js';
import { runScripts, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import { readInvocation, textOf, type Invocation } from '../../refs/package-commands.js';

export interface StepCommand {
  step: RunScript;
  cmd: ShellCommand;
  inv: Invocation;
}

/** Every RUN with a POSIX shell body, in file order. PowerShell and cmd bodies are skipped. */
export function runSteps(model: DockerfileModel): RunScript[] {
  return runScripts(model).filter((r) => r.script.dialect === 'posix');
}

/** Package-manager and git commands of the given steps, in order. */
export function stepCommands(steps: readonly RunScript[]): StepCommand[] {
  const out: StepCommand[] = [];
  for (const step of steps) {
    for (const cmd of step.script.commands) {
      if (!cmd.base) continue;
      const inv = readInvocation(cmd);
      if (inv) out.push({ step, cmd, inv });
    }
  }
  return out;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);

export function truthy(v: string | undefined): boolean {
  return (
    v !== undefined &&
    TRUE.has(
      v
        .trim()
        .toLowerCase()
        .replace(/^["']|["']$/g, ''),
    )
  );
}

/**
 * The value an environment variable has when `cmd` runs: its prefix assignment (`X=1 cmd`), an
 * earlier `export X=1`/`X=1` in the same script, or the stage's ENV/ARG defaults. `undefined` when
 * unset or unknown.
 */
export class EnvView {
  private scope: DockerScope | undefined;
  constructor(private readonly model: DockerfileModel) {}

  get(name: string, step: RunScript, cmd: ShellCommand): string | undefined {
    for (const a of cmd.assigns) if (a.name === name) return a.value ? textOf(a.value) : '';
    let found: string | undefined;
    let seen = false;
    for (const a of step.script.assignments) {
      if (a.name !== name) continue;
      if (a.span.line > cmd.span.line || (a.span.line === cmd.span.line && a.span.column > cmd.span.column))
        break;
      found = a.value ? a.value.value : '';
      seen = true;
    }
    if (seen) return found;
    this.scope ??= buildScope(this.model);
    return this.scope.varsAt(step.owner).get(name);
  }
}
