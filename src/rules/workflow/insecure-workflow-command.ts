import { defineRule, hit, type Hit, type Related, type Severity } from '../../core/index.js';
import type { Span } from '../../formats/position.js';
import { envFileWrites } from '../../formats/workflow/env-files.js';
import type { WfMap, WfStep, WorkflowModel } from '../../formats/workflow/model.js';

const FLAG = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';
/** What the runner reads as true (its ConvertToBoolean: `1`, `true`, `$true`, any case). */
const TRUE = new Set(['true', '1', '$true']);

/** A `::set-env` / `::add-path` command in a script line. */
interface Command {
  step: WfStep;
  span: Span;
  name: string;
}

function commandsIn(step: WfStep): Command[] {
  const out: Command[] = [];
  const sh = step.run?.shell.name;
  for (const l of step.run?.lines ?? []) {
    // A shell comment line (`# ::set-env is gone`) prints nothing.
    if (
      (sh === 'bash' || sh === 'sh' || sh === 'pwsh' || sh === 'powershell') &&
      l.text.trimStart().startsWith('#')
    )
      continue;
    const lower = l.text.toLowerCase();
    for (const name of ['::set-env', '::add-path']) {
      const i = lower.indexOf(name);
      if (i === -1) continue;
      const end = lower.indexOf('::', i + name.length);
      const len = end === -1 ? name.length : end + 2 - i;
      out.push({
        step,
        span: {
          line: l.span.line,
          column: l.span.column + i,
          endLine: l.span.line,
          endColumn: l.span.column + i + len,
        },
        name: name.slice(2),
      });
    }
  }
  return out;
}

/** Where the flag is set and which steps it reaches. */
interface Enabler {
  span: Span;
  how: string;
  severity: Severity;
  steps: WfStep[];
  scopeLine: number;
}

function envEnabler(
  map: WfMap | undefined,
  steps: WfStep[],
  where: string,
  scopeLine: number,
): Enabler | undefined {
  const e = map?.entries.find((x) => x.key === FLAG);
  if (!e || e.value.type !== 'scalar') return undefined;
  const v = e.value.value.trim().toLowerCase();
  if (e.value.expressions.length)
    return {
      span: e.keySpan,
      how: `\`${FLAG}\` set from an expression in the ${where} \`env:\` (it may be true)`,
      severity: 'medium',
      steps,
      scopeLine,
    };
  if (!TRUE.has(v)) return undefined;
  return {
    span: e.keySpan,
    how: `\`${FLAG}: ${e.value.value}\` in the ${where} \`env:\``,
    severity: 'high',
    steps,
    scopeLine,
  };
}

function enablers(model: WorkflowModel): Enabler[] {
  const out: Enabler[] = [];
  const allSteps = [...model.jobs.flatMap((j) => j.steps), ...(model.runs?.steps ?? [])];
  const wf = envEnabler(model.env, allSteps, 'workflow', model.env ? model.env.span.line : 1);
  if (wf) out.push(wf);
  for (const job of model.jobs) {
    const j = envEnabler(job.env, job.steps, `job '${job.id}'`, job.keySpan.line);
    if (j) out.push(j);
  }
  const stepLists = [...model.jobs.map((j) => j.steps), model.runs?.steps ?? []];
  for (const steps of stepLists) {
    for (const step of steps) {
      const s = envEnabler(step.env, [step], 'step', step.line);
      if (s) out.push(s);
      // `echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> $GITHUB_ENV`: on for the later steps.
      if (!step.run) continue;
      for (const w of envFileWrites(step.run)) {
        if (w.file !== 'GITHUB_ENV') continue;
        const p = w.parts.find((x) => x.mode !== 'output' && x.text.toUpperCase().includes(`${FLAG}=`));
        if (!p) continue;
        out.push({
          span: p.span,
          how: `\`${FLAG}\` written to $GITHUB_ENV (for the later steps of the job)`,
          severity: 'high',
          steps: steps.filter((s2) => s2.index > step.index),
          scopeLine: step.line,
        });
      }
    }
  }
  return out;
}

export const rule = defineRule({
  id: 'workflow/insecure-workflow-command',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Insecure workflow commands (`::set-env`, `::add-path`) enabled or used',
  description:
    "`::set-env` and `::add-path` were workflow commands read from a step's log output: any text that reached the log (a test name, a pull request title printed by a tool, a file's content) could set an environment variable or a PATH entry for the rest of the job, `NODE_OPTIONS` or `LD_PRELOAD` included (CVE-2020-15228). GitHub disabled them in November 2020; `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` turns them back on (zizmor's insecure-commands, actionlint's deprecated-commands).\n\n" +
    '**What is read.** `ACTIONS_ALLOW_UNSECURE_COMMANDS` in the `env:` of the workflow, a job or a step (the runner reads `true`, `1` or `$true` in any case as on; a value from an expression may be on), or written to `$GITHUB_ENV` in a `run:` script (on for the later steps); and `::set-env` / `::add-path` in `run:` scripts. `::add-mask::`, `::notice::`, `::group::` and writes to the environment files are fine.\n\n' +
    "**Grouping.** One finding per place the flag is turned on, at its key (high; medium when the value is an expression), with every `::set-env`/`::add-path` of the steps it reaches as related places: removing the flag and moving those lines to `$GITHUB_ENV`/`$GITHUB_PATH` is one change. A `::set-env`/`::add-path` that no flag in the file reaches is its own finding, low: the runner refuses it and fails the step unless the flag is set outside the file (a repository variable passed in, a self-hosted runner's environment), so it is dead code to migrate.",
  fix: 'Remove `ACTIONS_ALLOW_UNSECURE_COMMANDS` and write to the environment files instead: `echo "NAME=value" >> "$GITHUB_ENV"` for `::set-env name=NAME::value`, `echo "/some/dir" >> "$GITHUB_PATH"` for `::add-path::/some/dir`.',
  examples: {
    bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n    steps:\n      - run: echo "::add-path::$HOME/.local/bin"',
    good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "$HOME/.local/bin" >> "$GITHUB_PATH"',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/',
    'https://github.com/advisories/GHSA-mfwh-5m23-j46w',
    'https://docs.zizmor.sh/audits/#insecure-commands',
  ],
  check(model) {
    const hits: Hit[] = [];
    const cmds = [...model.jobs.flatMap((j) => j.steps), ...(model.runs?.steps ?? [])].flatMap(commandsIn);
    const covered = new Set<Command>();
    const seen = new Set<string>();
    for (const e of enablers(model)) {
      const key = `${e.span.line}:${e.span.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const reached = cmds.filter((c) => e.steps.includes(c.step));
      reached.forEach((c) => covered.add(c));
      const related: Related[] = reached.map((c) => ({ span: c.span, label: `\`::${c.name}\` used here` }));
      hits.push(
        hit(
          e.span,
          `${e.how} re-enables the \`::set-env\` and \`::add-path\` log commands: any text a step prints (a test name, a pull request title, a file) can then set environment variables such as NODE_OPTIONS or LD_PRELOAD, or PATH entries, for the rest of the job${reached.length ? ` (${reached.length} such command${reached.length === 1 ? '' : 's'} in the steps it reaches)` : ''}.`,
          {
            severity: e.severity,
            evidence: FLAG,
            fix: 'Remove the flag and write to "$GITHUB_ENV" / "$GITHUB_PATH" instead of `::set-env` / `::add-path`.',
            related,
            scopeLine: e.scopeLine,
          },
        ),
      );
    }
    for (const c of cmds) {
      if (covered.has(c)) continue;
      const key = `${c.span.line}:${c.span.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push(
        hit(
          c.span,
          `\`::${c.name}\` is a workflow command GitHub disabled in 2020 because any text in the log could forge it: the runner fails the step unless ${FLAG} is set outside this file, and then anything the job prints can set environment variables or PATH entries (low: off by default).`,
          {
            severity: 'low',
            evidence: `::${c.name}`,
            fix:
              c.name === 'set-env'
                ? 'Write `NAME=value` to "$GITHUB_ENV": `echo "NAME=value" >> "$GITHUB_ENV"`.'
                : 'Write the directory to "$GITHUB_PATH": `echo "/some/dir" >> "$GITHUB_PATH"`.',
            scopeLine: c.step.line,
          },
        ),
      );
    }
    return hits;
  },
});
