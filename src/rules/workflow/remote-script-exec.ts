import { defineRule, hit, spanAt, spanFromTo, type Hit } from '../../core/index.js';
import type { Download } from '../../formats/dockerfile/shell/downloads.js';
import { scriptExecutions, type DownloadExecution } from '../../formats/dockerfile/shell/executions.js';
import { codeDownloads } from '../../formats/dockerfile/shell/foreign.js';
import type { ShellScript } from '../../formats/dockerfile/shell/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import type { WfStep, WorkflowModel } from '../../formats/workflow/model.js';

const FIX =
  'Download to a file, check it against a checksum pinned in the workflow (`echo "<sha256>  install.sh" | sha256sum -c -`) or a signature, then run it; better, use a pinned action or a pinned package, or commit a reviewed script.';

/** A `run:` step with its shell analysis. */
interface StepScript {
  step: WfStep;
  script: ShellScript;
}

/**
 * The analysed `run:` steps, grouped by what shares a filesystem: the steps of one job, the steps
 * of a composite action. Steps with no analysis (`shell: python`, custom shells) are left out.
 */
function stepGroups(model: WorkflowModel): StepScript[][] {
  const lists = model.jobs.map((j) => j.steps);
  if (model.runs) lists.push(model.runs.steps);
  return lists.map((steps) =>
    steps.flatMap((step) => {
      const script = step.run?.analysis;
      return script ? [{ step, script }] : [];
    }),
  );
}

function urlText(dl: Download): string {
  const u = dl.urls[0];
  return u ? ` from ${u.partial.slice(0, 120)}` : '';
}

function scriptHit(model: WorkflowModel, e: DownloadExecution<StepScript>): Hit {
  const { dl, run, how, end } = e;
  const c = dl.cmd;
  const last = end && end.span.endLine === c.nameWord.line && end.span.endColumn > c.span.endColumn ? end : c;
  const span = spanFromTo(c.nameWord, last.span);
  return hit(
    span,
    `A script downloaded${urlText(dl)} is ${how} without a checksum or signature check: whoever controls that URL runs code in the job, with its token and secrets.`,
    { evidence: evidenceText(model, span), fix: FIX, scopeLine: run.step.line },
  );
}

export const rule = defineRule({
  id: 'workflow/remote-script-exec',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Downloaded script executed without verification in a run: step',
  description:
    "The Codecov breach (2021) began with a `curl -s https://codecov.io/bash | bash` uploader that an attacker had modified: every CI job that ran it sent its environment, tokens included, to the attacker. Piping a download into a shell (`curl ... | bash`), running it through `$(...)` or `<(...)`, saving it and executing it (also in a later step of the same job, which shares the runner's filesystem), PowerShell's `iex (iwr ...)`, or fetching it inside Python/Node/Ruby/Perl code fed to an interpreter from the script (`python3 -c`, `node -e`) and passing it to `exec()`/`eval()` runs whatever the server sends, with the job's token and secrets. The `run:` scripts go through the same shell analysis as Dockerfile RUNs (bash/sh by default, `pwsh`/`powershell` through the PowerShell tokenizer), and this rule reads the same answer to \"is this download executed?\" as dockerfile/remote-script-exec, so both mean the same thing. One finding per executed download, at the download command's exact line and column inside the `run:` block. A URL that names a full commit on a git host is pinned content, and a checksum or signature check (`sha256sum -c`, `gpg --verify`) between the download and its execution ends the chain: neither is reported. A `${{ }}` expression in the URL is an unknown value: the download is still reported when it is executed. Steps run by a shell Bulkhead does not parse (`shell: python`, custom commands) are not analysed by this rule.",
  fix: FIX,
  examples: {
    bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: curl -s https://codecov.io/bash | bash',
    good: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          curl -fsSLo uploader https://example.com/v0.8.0/uploader\n          echo "d4979343f156353c239832738f4eaab6df43d0db3e2c944c6b48bc997a9ba879  uploader" | sha256sum -c -\n          sh uploader',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://about.codecov.io/security-update/',
    'https://github.com/ossf/scorecard/blob/main/docs/checks.md#pinned-dependencies',
  ],
  check(model) {
    const hits: Hit[] = [];
    const seen = new Set<string>();
    const push = (h: Hit): void => {
      // An anchored step reused through aliases is the same text: report it once.
      const key = `${h.span.line}:${h.span.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      hits.push(h);
    };
    for (const group of stepGroups(model)) {
      const executions: DownloadExecution<StepScript>[] = [];
      scriptExecutions(group, executions);
      for (const e of executions) push(scriptHit(model, e));
      // Code fed to another interpreter (`python3 -c`, `node -e`) that fetches a URL and evals it.
      for (const { step, script } of group) {
        for (const f of script.foreign) {
          const d = codeDownloads(f, model);
          if (!d || !d.evaluates || d.verified) continue;
          const span = spanAt(d, d.url.length);
          push(
            hit(
              span,
              `${f.interpreter} code downloads ${d.url.slice(0, 120)} and runs code with exec()/eval() without a checksum or signature check: whoever controls that URL runs code in the job, with its token and secrets.`,
              { evidence: evidenceText(model, span), fix: FIX, scopeLine: step.line },
            ),
          );
        }
      }
    }
    hits.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return hits;
  },
});
