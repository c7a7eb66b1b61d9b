import { defineRule, hit, type Hit, type Related, type Severity } from '../../core/index.js';
import type { WfJob, WfStep, WfTrigger, WorkflowModel } from '../../formats/workflow/model.js';
import {
  jobGuard,
  jobSecrets,
  jobToken,
  STEP_WINDOW,
  triggersIn,
  withInput,
} from '../../formats/workflow/triggers.js';
import { execRelated, executionIn, type Execution } from './untrusted-code.js';

/** Triggers whose run can download what a fork's pull request run uploaded. */
const ARTIFACT_EVENTS: ReadonlySet<string> = new Set(['workflow_run', 'pull_request_target']);

/** Actions that download another run's artifacts whatever their inputs. */
const CROSS_RUN_ACTIONS = new Set([
  'dawidd6/action-download-artifact',
  'aochmann/actions-download-artifact',
  'bettermarks/action-artifact-download',
]);

const OUTSIDE =
  /^(?:\$\{\{\s*runner\.temp\s*\}\}|\$\{?RUNNER_TEMP\}?|\/tmp(?:\/|$)|\/home\/|~|\$\{?HOME\}?|\$\{\{\s*github\.workspace\s*\}\}\/\.\.)/i;

/** Where a download lands, relative to the workspace: '' for its root, undefined outside it. */
function landing(dir: string | undefined): string | undefined {
  if (dir === undefined) return '';
  const d = dir.trim();
  if (OUTSIDE.test(d) || (d.startsWith('/') && !d.startsWith('/home/runner/work/'))) return undefined;
  const rel = d
    .replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/i, '')
    .replace(/^\$\{?GITHUB_WORKSPACE\}?\/?/, '')
    .replace(/^\.(?:\/|$)/, '')
    .replace(/\/$/, '');
  return rel;
}

interface Download {
  step: WfStep;
  span: { line: number; column: number; endLine: number; endColumn: number };
  what: string;
  /** Workspace-relative directory ('' = the root); undefined when outside the workspace. */
  dir?: string;
  /** Index of the shell command that downloaded, for `gh run download` in a script. */
  after: number;
}

function downloadOf(step: WfStep): Download | undefined {
  const u = step.uses;
  if (u?.kind === 'repository') {
    const name = `${u.owner}/${u.repo}`;
    if (name === 'actions/download-artifact' && !u.path) {
      const runId = withInput(step, 'run-id');
      if (!runId) return undefined; // the current run's own artifacts
      return {
        step,
        span: runId.span,
        what: '`actions/download-artifact` with `run-id`',
        dir: landing(withInput(step, 'path')?.value),
        after: -1,
      };
    }
    if (CROSS_RUN_ACTIONS.has(name) && !u.path)
      return {
        step,
        span: u.span,
        what: `\`${name}\``,
        dir: landing(withInput(step, 'path')?.value),
        after: -1,
      };
    if (name === 'actions/github-script') {
      const script = withInput(step, 'script');
      const v = script?.value ?? '';
      if (!v.includes('downloadArtifact')) return undefined;
      // The usual recipe writes the zip into the workspace and a later step unzips it.
      const toTemp = v.includes('runner.temp') || v.includes('RUNNER_TEMP') || v.includes("'/tmp/");
      return {
        step,
        span: script!.span,
        what: '`actions/github-script` calling `downloadArtifact`',
        dir: toTemp ? undefined : '',
        after: -1,
      };
    }
    return undefined;
  }
  const script = step.run?.analysis;
  if (!script) return undefined;
  for (const cmd of script.commands) {
    if (cmd.base !== 'gh') continue;
    const a = cmd.args.map((w) => w.value);
    if (a[0] !== 'run' || a[1] !== 'download') continue;
    const di = a.findIndex((x) => x === '-D' || x === '--dir');
    const eq = a.find((x) => x?.startsWith('--dir='));
    const dir = di >= 0 ? (cmd.args[di + 1]?.partial ?? '') : eq ? eq.slice(6) : undefined;
    return { step, span: { ...cmd.span }, what: '`gh run download`', dir: landing(dir), after: cmd.index };
  }
  return undefined;
}

const rel = (t: WfTrigger): Related => ({ span: t.span, label: `triggered by ${t.event}` });

function jobHits(model: WorkflowModel, job: WfJob, triggers: WfTrigger[], out: Hit[]): void {
  const events = new Set(triggers.map((t) => t.event));
  for (const step of job.steps) {
    const d = downloadOf(step);
    if (!d || d.dir === undefined) continue;
    const guard = jobGuard(model, events, job, step);
    if (guard?.kind === 'blocks') continue;
    const under = d.dir === '' ? undefined : d.dir;
    const execs: Execution[] = [];
    const same = executionIn(step, under, d.after);
    if (same && d.after >= 0) execs.push(same);
    for (const s of job.steps.slice(step.index + 1, step.index + 1 + STEP_WINDOW)) {
      if (execs.length >= 3) break;
      // A later `unzip` without `-d` puts a github-script download in the working directory.
      const x = executionIn(s, under);
      if (x) execs.push(x);
    }
    if (!execs.length) continue; // read as data only: the recommended pattern
    const token = jobToken(model, job);
    const secrets = jobSecrets(model, job);
    const held = token.level !== 'read' || secrets.length > 0;
    let severity: Severity = held ? 'critical' : 'high';
    let gate = '';
    if (guard?.kind === 'gates') {
      severity = 'medium';
      gate = `; the job ${guard.why}, but the artifact is whatever the run that a person approved uploaded`;
    }
    const related: Related[] = [
      ...triggers.map(rel),
      ...execs.map((x) => ({ ...execRelated(x), label: `runs code the artifact can replace: ${x.what}` })),
    ];
    if (token.node && token.level === 'write')
      related.push({ span: token.node.span, label: 'the job token can write' });
    if (secrets[0]) related.push({ span: secrets[0].span, label: `the job reads ${secrets[0].name}` });
    if (guard) related.push({ span: guard.span, label: `guard: ${guard.why}` });
    out.push(
      hit(
        d.span,
        `${d.what} under ${[...events].map((e) => `\`${e}\``).join(', ')} unpacks an artifact that a pull request's run uploaded into ${under ? `\`${under}\` in ` : ''}the workspace, and a later step runs code there (${execs[0]!.what}): a fork's run can upload files that replace scripts, manifests or local actions and run with this job's ${held ? 'token and secrets' : 'privileges and cache'}${gate} (${severity}).`,
        {
          severity,
          evidence: d.what.replace(/`/g, ''),
          fix: 'Download the artifact to `${{ runner.temp }}/artifacts` (outside the workspace), treat it as data only (parse and validate numbers and names, never execute or `source` it, never write it to `$GITHUB_ENV`), and run nothing from the workspace after it in this job.',
          related,
          scopeLine: step.line,
        },
      ),
    );
  }
}

export const rule = defineRule({
  id: 'workflow/artifact-poisoning',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: "Pull request's artifact unpacked into the workspace of a privileged job",
  description:
    "A `workflow_run` job runs with the base repository's token and secrets after a `pull_request` run that a fork controlled; the artifacts that run uploaded are the fork's files. Unpacking them into the workspace and then running anything there (`npm ci`, `make`, a script, a local action) lets the artifact replace `package.json`, a script or an `action.yml` and run as the privileged job (CodeQL's artifact-poisoning; the pattern GitHub's own docs recommend is safe only when the artifact is read as data).\n\n" +
    "**What is reported.** Under `workflow_run` or `pull_request_target`: `actions/download-artifact` with `run-id:` (another run's artifacts; without it the step downloads its own run's), `dawidd6/action-download-artifact` and similar cross-run downloaders, `actions/github-script` calling `downloadArtifact` (the zip is written to the workspace unless the script names `runner.temp`), and `gh run download` in a `run:` script, each when the files land in the workspace (`path:`/`--dir` absent, relative, or under `github.workspace`) and a later step of the job runs code there (the same list as workflow/untrusted-checkout: build, test and install commands, scripts of the checkout, local actions; for a download into a subdirectory, only steps that work in it).\n\n" +
    "**Not reported.** A download to `${{ runner.temp }}`, `/tmp` or `$HOME`, or one whose files are only read as data (a comment posted from a report, a number parsed): that is the fix. Jobs whose `if:` keeps fork runs out (`workflow_run.event == 'push'`, `head_repository.full_name == github.repository`). Data uses that feed `$GITHUB_ENV` belong to workflow/github-env-injection.\n\n" +
    "**Grouping and severity.** One finding per download step, at the `run-id:` value, the action or the `gh run download` command, with the trigger, the steps that run code the artifact can replace (up to three), the job's write token and secrets, and any guard as related places: moving the download out of the workspace is one edit. Critical when the job holds secrets or a write token (or the repository's default token), high otherwise (the run still writes the base branch's cache), medium when a person gates the job (a label, an association check, a deployment environment).",
  fix: "Download to `${{ runner.temp }}`, read the artifact as data only, and validate what you read; never run code from the workspace after unpacking a pull request's artifact in a privileged job.",
  examples: {
    bad: 'on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4.1.1\n      - uses: actions/download-artifact@v4.1.8\n        with:\n          run-id: ${{ github.event.workflow_run.id }}\n          github-token: ${{ github.token }}\n      - run: npm ci && npm run report\n        env:\n          TOKEN: ${{ secrets.REPORT_TOKEN }}',
    good: 'on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/download-artifact@v4.1.8\n        with:\n          run-id: ${{ github.event.workflow_run.id }}\n          github-token: ${{ github.token }}\n          path: ${{ runner.temp }}/artifacts',
    language: 'yaml',
    path: '.github/workflows/report.yml',
  },
  references: [
    'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
    'https://codeql.github.com/codeql-query-help/actions/actions-artifact-poisoning-critical/',
  ],
  check(model) {
    if (model.type !== 'workflow') return [];
    const triggers = triggersIn(model, ARTIFACT_EVENTS);
    if (!triggers.length) return [];
    const hits: Hit[] = [];
    for (const job of model.jobs) jobHits(model, job, triggers, hits);
    const seen = new Set<string>();
    return hits.filter((h) => {
      const k = `${h.span.line}:${h.span.column}`;
      return !seen.has(k) && !!seen.add(k);
    });
  },
});
