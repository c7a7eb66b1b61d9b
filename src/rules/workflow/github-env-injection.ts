import { defineRule, type Hit, type Related, type Severity } from '../../core/index.js';
import type { Span } from '../../formats/position.js';
import {
  afterName,
  envFileWrites,
  partOffset,
  readsFiles,
  spanWithin,
  varReads,
  type EnvFile,
  type EnvFileWrite,
  type WrittenPart,
} from '../../formats/workflow/env-files.js';
import type { WfJob, WfRun, WfStep, WorkflowModel } from '../../formats/workflow/model.js';
import { bestSource, RANK, sourceOf, type Scope } from './template-injection.js';

/** Where attacker-written text enters one written part. */
interface Taint {
  /** What the message calls it. */
  what: string;
  /** The exact place in the script (the expression, the `$VAR`, the file read). */
  span: Span;
  /** The text at `span`, for the evidence. */
  text: string;
  severity: Severity;
  why: string;
  related: Related[];
  /** A `${{ }}` pasted into the script: also a template injection (this finding owns it). */
  inline: boolean;
  /** A git ref name: no newline can be in it. */
  singleLine?: boolean;
}

/** `pull_request_target` / `workflow_run`: the events whose jobs can hold a pull request's files. */
const PR_PRIVILEGED = new Set(['pull_request_target', 'workflow_run']);
const ARTIFACT_ACTIONS = new Set(['actions/download-artifact', 'dawidd6/action-download-artifact']);
const HEAD_CONTEXT = /head_ref|\.head\.|head_sha|head_branch|head_commit|pull_requests|refs\/pull\//i;

/**
 * Under `pull_request_target`/`workflow_run`, the earlier step of the job that puts files of the
 * pull request into the workspace: an artifact download, or a checkout of the head.
 */
function untrustedFiles(model: WorkflowModel, job: WfJob | undefined, step: WfStep): Related[] | undefined {
  if (!job || model.type !== 'workflow') return undefined;
  const trig = model.triggers.filter((t) => PR_PRIVILEGED.has(t.event));
  if (!trig.length) return undefined;
  for (const s of job.steps) {
    if (s.index >= step.index) break;
    const u = s.uses;
    const id = u?.kind === 'repository' ? `${u.owner}/${u.repo}` : '';
    let label: string | undefined;
    if (ARTIFACT_ACTIONS.has(id)) label = 'an artifact of the triggering run is downloaded here';
    else if (id === 'actions/github-script') {
      const script = s.with?.get('script')?.value;
      if (script?.type === 'scalar' && /downloadArtifact/i.test(script.value))
        label = 'an artifact of the triggering run is downloaded here';
    } else if (id === 'actions/checkout') {
      const ref = s.with?.get('ref')?.value;
      if (ref?.type === 'scalar' && HEAD_CONTEXT.test(ref.value))
        label = "the pull request's head is checked out here";
    } else if (s.run && /\bgh\s+(run\s+download|pr\s+checkout)\b/.test(s.run.script))
      label = 'files of the pull request are fetched here';
    if (label)
      return [
        { span: (u?.span ?? s.run?.node.span)!, label },
        ...trig.map((t) => ({ span: t.span, label: `triggered by ${t.event}` })),
      ];
  }
  return undefined;
}

/** Does `tr` with these arguments delete every newline? */
function trDropsNewlines(args: (string | undefined)[]): boolean {
  const flags = args.filter((a) => a?.startsWith('-')).join('');
  const sets = args.filter((a) => a !== undefined && !a.startsWith('-')) as string[];
  if (!flags.includes('d') || sets.length === 0) return false;
  const hasNl = /\\n|\[:space:\]|\[:cntrl:\]/.test(sets[0]!) || sets[0]!.includes('\n');
  // `-d SET` deletes SET; `-dc SET` / `-dC SET` deletes everything outside it.
  return /[cC]/.test(flags) ? !hasNl : hasNl;
}

/**
 * Is the text at `span` inside a command substitution whose pipeline drops newlines after it
 * (`tr -d '\n'`, `tr -dc '[:alnum:]'`, `head -n 1`, `head -1`)? The substitution also strips
 * trailing newlines, so what it yields is one line.
 */
function newlineFree(run: WfRun, span: Span): boolean {
  const cmds = run.analysis?.commands ?? [];
  for (const c of cmds) {
    if (c.nesting !== 'command-substitution' || !spanWithin(span, c.span)) continue;
    for (const d of cmds) {
      if (d.pipeline !== c.pipeline || d.pipeIndex <= c.pipeIndex) continue;
      const args = d.args.map((a) => a.value);
      if (d.base === 'tr' && trDropsNewlines(args)) return true;
      if (d.base === 'head' && (args.join(' ') === '-n 1' || args[0] === '-1' || args[0] === '-n1'))
        return true;
    }
  }
  return false;
}

const worse = (a: Severity, b: Severity): boolean => RANK.indexOf(a) > RANK.indexOf(b);

interface Assigned {
  name: string;
  at: Span;
  taint?: Taint;
}

function taintsOfPart(
  scope: Scope,
  run: WfRun,
  p: WrittenPart,
  assigned: Assigned[],
  files: Related[] | undefined,
  file: EnvFile | undefined,
): Taint[] {
  const out: Taint[] = [];
  // A branch name after `NAME=` cannot add a line to $GITHUB_ENV (a whole line or a PATH entry can).
  const harmless = (single: boolean | undefined, at: number): boolean =>
    single === true && file === 'GITHUB_ENV' && afterName(run, p, at);
  // `${{ }}` inside the part: pasted in by the runner before the shell runs.
  for (const x of run.node.expressions) {
    if (p.mode === 'output' || !spanWithin(x.span, p.span)) continue;
    // Unparsable expressions stay with template-injection (fail closed there).
    if (!x.ast) continue;
    const best = bestSource(scope, x.ast, 'event');
    if (best && !harmless(best.src.singleLine, x.start))
      out.push({
        what: best.src.what,
        span: x.span,
        text: `\${{${x.source}}}`,
        severity: best.src.severity,
        why: best.src.why,
        related: best.src.related,
        inline: true,
        singleLine: best.src.singleLine === true,
      });
  }
  // `$VAR`: a shell variable assigned earlier from tainted text, or an `env:` entry set from it.
  const base = p.mode === 'output' ? undefined : partOffset(run, p);
  for (const v of varReads(p.text, p.mode)) {
    if (base === undefined) break;
    const span = run.node.spanOf(base + v.offset, base + v.offset + v.length);
    const text = p.text.slice(v.offset, v.offset + v.length);
    // Any earlier assignment may be the one that ran (`if ...; then V=$(cat f); else V=1; fi`):
    // the variable is tainted when one of them is (the worst), clean when all are clean.
    let prior: Assigned | undefined;
    for (const a of assigned)
      if (
        a.name === v.name &&
        (a.at.line < span.line || (a.at.line === span.line && a.at.column < span.column)) &&
        (!prior || (a.taint && (!prior.taint || worse(a.taint.severity, prior.taint.severity))))
      )
        prior = a;
    if (prior) {
      if (prior.taint && !harmless(prior.taint.singleLine, base + v.offset))
        out.push({
          ...prior.taint,
          what: `'$${v.name}', which is set from ${prior.taint.what}`,
          span,
          text,
          inline: false,
          related: [{ span: prior.at, label: `${v.name} is set here` }, ...prior.taint.related],
        });
      continue;
    }
    const s =
      v.name === 'GITHUB_HEAD_REF'
        ? sourceOf(scope, { path: ['github', 'head_ref'], serialized: false })
        : sourceOf(scope, { path: ['env', v.name.toLowerCase()], serialized: false });
    if (s?.kind === 'event' && !harmless(s.singleLine, base + v.offset))
      out.push({
        what:
          v.name === 'GITHUB_HEAD_REF'
            ? "'$GITHUB_HEAD_REF' (the pull request's branch name)"
            : `'${text}' (${s.what})`,
        span,
        text,
        severity: s.severity,
        why: s.why,
        related: s.related,
        inline: false,
        singleLine: s.singleLine === true,
      });
  }
  // A file of the pull request: `cat pr.txt`, `$(cat pr.txt)`, `$(< pr.txt)`.
  if (files) {
    const readers =
      p.mode === 'output'
        ? [p.command]
        : (run.analysis?.commands ?? []).filter(
            (c) =>
              c.nesting === 'command-substitution' && spanWithin(c.span, p.span) && readsFiles(c, c.base),
          );
    const sub = p.mode === 'word' ? p.text.indexOf('$(<') : -1;
    for (const c of readers)
      out.push({
        what: `the output of \`${c.name}\` reading a file`,
        span: c.span,
        text: c.name,
        severity: 'critical',
        why: 'the file comes from the pull request (an artifact of its run, or its checked-out head), and the job has the repository token and secrets',
        related: files,
        inline: false,
      });
    if (sub !== -1 && base !== undefined)
      out.push({
        what: 'a file read with `$(< file)`',
        span: run.node.spanOf(base + sub, base + sub + 3),
        text: '$(<',
        severity: 'critical',
        why: 'the file comes from the pull request (an artifact of its run, or its checked-out head), and the job has the repository token and secrets',
        related: files,
        inline: false,
      });
  }
  // `$(echo "$V" | tr -d '\n')`, `$(... | head -n 1)`: no newline survives the substitution.
  return out.filter((t) => !newlineFree(run, t.span));
}

function stepHits(scope: Scope, out: Hit[]): void {
  const run = scope.step.run;
  const script = run?.analysis;
  if (!run || !script) return;
  const writes = envFileWrites(run);
  if (writes.length === 0) return;
  const files = untrustedFiles(scope.model, scope.job, scope.step);
  // Shell variables in source order, each tainted or not by what it is set from.
  const assigned: Assigned[] = [];
  const sorted = [...script.assignments].sort(
    (a, b) => a.span.line - b.span.line || a.span.column - b.span.column,
  );
  for (const a of sorted) {
    const entry: Assigned = { name: a.name, at: a.span };
    if (a.value) {
      const t = taintsOfPart(
        scope,
        run,
        {
          span: a.value,
          text: a.value.raw,
          mode: script.dialect === 'posix' ? 'word' : 'pwsh',
          command: script.commands[0]!,
        },
        assigned,
        files,
        undefined,
      );
      const worst = t.reduce<Taint | undefined>(
        (m, x) => (!m || worse(x.severity, m.severity) ? x : m),
        undefined,
      );
      if (worst) entry.taint = worst;
    }
    assigned.push(entry);
  }
  for (const w of writes) {
    const taints = w.parts.flatMap((p) => taintsOfPart(scope, run, p, assigned, files, w.file));
    if (taints.length === 0) continue;
    out.push(writeHit(scope, w, taints));
  }
}

function writeHit(scope: Scope, w: EnvFileWrite, taints: Taint[]): Hit {
  const worst = taints.reduce((m, x) => (worse(x.severity, m.severity) ? x : m), taints[0]!);
  const first = taints[0]!;
  const file = `$${w.file}`;
  const effect =
    w.file === 'GITHUB_PATH'
      ? 'every later step of the job looks up programs first in a directory whoever wrote it names, so `git` or `node` can be theirs'
      : taints.every((t) => t.singleLine)
        ? 'it is a whole line of the file, so a branch named `NODE_OPTIONS=--require=./evil.js` sets that variable for every later step of the job, which then runs code chosen by whoever named it'
        : 'a value with a newline (`x\\nNODE_OPTIONS=--require=./evil.js`, `BASH_ENV`, `LD_PRELOAD`) sets environment variables for every later step of the job, which then run code chosen by whoever wrote it';
  const inline = taints.some((t) => t.inline);
  const also = inline
    ? ' The expression is also pasted into the script itself, so it runs as code in this step (reported here, not again as workflow/template-injection).'
    : '';
  const related: Related[] = [{ span: w.target, label: `written to ${file} here` }];
  for (const t of taints) {
    if (t !== first) related.push({ span: t.span, label: `also written: ${t.what}` });
    for (const r of t.related)
      if (!related.some((x) => x.span.line === r.span.line && x.span.column === r.span.column))
        related.push(r);
  }
  const v = 'VALUE';
  const fix =
    (inline
      ? `Pass the expression through the step's \`env:\` (\`env: { ${v}: \${{ … }} }\`) and stop writing it to ${file}: `
      : `Do not write attacker-written text to ${file}: `) +
    (w.file === 'GITHUB_ENV'
      ? 'give it to the later steps that need it through their own `env:` from the original context, or validate it (`[[ "$VALUE" =~ ^[A-Za-z0-9._/-]+$ ]]`) and write it with a random delimiter: `D=$(openssl rand -hex 16); { echo "NAME<<$D"; echo "$VALUE"; echo "$D"; } >> "$GITHUB_ENV"`.'
      : 'add only fixed directories to $GITHUB_PATH (`echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"`).');
  const evidence = taints
    .map((t) => t.text)
    .join(' ')
    .slice(0, 200);
  return {
    span: first.span,
    message: `\`run:\` writes ${first.what} to ${file}: ${effect} (${worst.severity}: ${worst.why}).${also}`,
    severity: worst.severity,
    evidence: `${evidence} >> ${file}`,
    fix,
    related,
    scopeLine: scope.step.line,
  };
}

export const rule = defineRule({
  id: 'workflow/github-env-injection',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Attacker-written text written to $GITHUB_ENV or $GITHUB_PATH',
  description:
    "Every line a step writes to `$GITHUB_ENV` becomes an environment variable of every later step, and every line of `$GITHUB_PATH` a directory searched first for programs. When the written text carries something an outsider chooses (an issue or pull request text, a comment, a branch name, a commit message, a file of the pull request), a newline in it adds a line of the attacker's own: `NODE_OPTIONS=--require=./evil.js`, `BASH_ENV` or `LD_PRELOAD` run their code in the next step that starts node, bash or any dynamically linked program, with the job's token and secrets (CodeQL's envvar-injection and envpath-injection, zizmor's github-env).\n\n" +
    "**What is read.** The write comes from the shell analysis of the `run:` script (the same one Dockerfile RUNs get), not from the text: `echo`/`printf` with an output redirect to `$GITHUB_ENV` in any quoting (`>>`, `>`, `&>>`), a redirected group, `if` or loop (`{ echo a; echo b; } >> \"$GITHUB_ENV\"`), `| tee -a $GITHUB_ENV`, `cat <<EOF >> $GITHUB_ENV` (the heredoc body; a quoted `<<'EOF'` expands only `${{ }}`), pipelines (the earlier commands' words), and in PowerShell `>> $env:GITHUB_ENV`, `| Out-File -FilePath $env:GITHUB_ENV -Append`, `Add-Content`/`Set-Content -Value`. The written text is tainted by (1) a `${{ }}` expression that template-injection would report (the same untrusted-context table and dataflow, graded by the same trigger logic), (2) `$VAR` / `${VAR}` / `$env:VAR` when VAR is an `env:` entry (step, job, workflow) set from such an expression, a shell variable assigned earlier in the script from tainted text, or `$GITHUB_HEAD_REF`, (3) under `pull_request_target`/`workflow_run`, a file read (`cat f`, `$(cat f)`, `$(< f)`, `jq . f`) after an earlier step of the job downloaded an artifact or checked out the pull request's head (critical). Not reported: literal writes (`echo \"FOO=bar\" >> $GITHUB_ENV`, zizmor #2200), runner values (`$RUNNER_TEMP`, `$(go env GOPATH)`), `secrets.*`, numbers and SHAs; text passed through a command substitution that drops newlines (`$(echo \"$T\" | tr -d '\\n')`, `tr -dc '[:alnum:]'`, `head -n 1`); a branch name after `NAME=` (git refuses newlines in ref names, so it cannot add a line; written as a whole line or to `$GITHUB_PATH` it is reported); string `inputs.*` and matrices computed by an expression (their text comes from the caller or another job: template-injection grades them where they are pasted into a script). A variable counts as tainted when any earlier assignment of it in the script is (both branches of an `if`).\n\n" +
    "**Grouping.** One finding per write (per redirect or `tee` target: a group `{ ...; } >> $GITHUB_ENV` with three tainted lines is one finding), at the first tainted place (the expression or the `$VAR`), with the `$GITHUB_ENV` word, the other tainted places, the `env:` entries, assignments, triggers and download steps as related places. A `${{ }}` expression inside the written text is both a template injection and an environment-file injection; it is reported once, here, because this rule's fix covers both (move it to `env:` **and** stop writing it unchecked), while template-injection's fix alone (`env:` indirection) would leave the write exploitable; workflow/template-injection skips those expressions.\n\n" +
    '**Severity.** As template-injection: critical when an event that fills the field lets an outsider trigger the job with a writable token (`pull_request_target`, `issues`, `issue_comment`, `workflow_run`, ...), high under other such events and in reusable workflows and actions, medium under `pull_request`-like events only, low when no trigger fills it; files of the pull request critical.\n\n' +
    '**Not analysed.** The file named through another variable, .NET file calls in PowerShell, cmd and custom shells, and `$GITHUB_OUTPUT` (a step output is not an environment variable; when it is expanded into a later script, template-injection reads `steps.*.outputs` as not attacker-written).',
  fix: 'Do not write attacker-written text to `$GITHUB_ENV`/`$GITHUB_PATH`: pass it to later steps through their own `env:`, or validate it and write it with a random heredoc delimiter (`D=$(openssl rand -hex 16); { echo "TITLE<<$D"; echo "$TITLE"; echo "$D"; } >> "$GITHUB_ENV"`).',
  examples: {
    bad: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "TITLE=$TITLE" >> "$GITHUB_ENV"\n        env:\n          TITLE: ${{ github.event.issue.title }}\n      - run: npm test',
    good: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n        env:\n          TITLE: ${{ github.event.issue.title }}',
    language: 'yaml',
    path: '.github/workflows/triage.yml',
  },
  references: [
    'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-environment-variable',
    'https://docs.zizmor.sh/audits/#github-env',
    'https://codeql.github.com/codeql-query-help/actions/actions-envvar-injection-critical/',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const job of model.jobs) for (const step of job.steps) stepHits({ model, job, step }, hits);
    for (const step of model.runs?.steps ?? []) stepHits({ model, step }, hits);
    const seen = new Set<string>();
    return hits.filter((h) => {
      const k = `${h.span.line}:${h.span.column}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
});
