import { defineRule, spanFromTo, type Hit } from '../../core/index.js';
import type { WfMap, WfStep } from '../../formats/workflow/model.js';
import { readInvocation } from '../../refs/package-commands.js';
import { floatingPackages, groupHit, managerName } from '../dockerfile/language-package-unpinned.js';

/** A variable's value from the `env:` of the step, else its job, else the workflow (GitHub's order). */
function envOf(maps: readonly (WfMap | undefined)[], name: string): string | undefined {
  for (const m of maps) {
    const v = m?.get(name)?.value;
    if (v?.type === 'scalar') return v.value;
  }
  return undefined;
}

const JOB_RUNS = { one: 'the job runs', many: 'the job runs' };

export const rule = defineRule({
  id: 'workflow/unpinned-package-install',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Package installed without an exact version in a run: step',
  description:
    "`pip install requests`, `npm install -g typescript`, `gem install rails` or `go install x@latest` in a `run:` step install whatever the registry calls newest when the job starts, and run its install scripts with the job's token and secrets: a hijacked maintainer account or a typo-squatted release runs in CI without any change to review (zizmor's adhoc-packages, Scorecard's Pinned-Dependencies). Ranges (`>=2`, `^1.2`) and tags (`@latest`) float the same way.\n\n" +
    '**Same judgement as the Dockerfile rule.** The `run:` script goes through the same shell analysis as a Dockerfile RUN, and each install command is judged by the code of dockerfile/language-package-unpinned (pip, uv, pipx, npm, yarn, pnpm, bun, gem, go, cargo, composer). Not reported: exact versions, requirement and lock files (`pip install -r`, `npm ci`, `bundle install`), local paths (`pip install .`, `pip install -e .`), pip in hash-checking mode (`--require-hashes` or `PIP_REQUIRE_HASHES` in the `env:` of the step, job or workflow), and registry packages of a pip/uv install with a constraints file (`-c`, `PIP_CONSTRAINT`).\n\n' +
    '**Grouping.** One finding per install command, at the command words (`pip install`), naming every floating package, each package word a related span: one edit of the command fixes them all. The evidence lists the packages, so with `report: new` a change that adds one more package is new.\n\n' +
    '**Severity.** Medium (research §7); a command whose packages are all installer bootstrap (`pip install -U pip setuptools wheel`) or git sources at a tag is low.\n\n' +
    '**Not analysed.** Packages whose name comes from a `${{ }}` expression or a shell variable (their value is not known from the file), steps run by PowerShell, cmd, `python` or a custom shell, and installs inside a Dockerfile the workflow builds (the Dockerfile rules read those).',
  fix: 'Install an exact version (`pip install requests==2.32.3`, `npm install -g typescript@5.6.3`, `gem install rails -v 7.2.1`, `go install golang.org/x/tools/gopls@v0.16.2`), or better a lockfile with hashes (`pip install --require-hashes -r requirements.txt`, `npm ci`).',
  examples: {
    bad: 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          pip install ruff\n          npm install -g markdownlint-cli@latest',
    good: 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          pip install ruff==0.8.4\n          npm install -g markdownlint-cli@0.43.0',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://docs.zizmor.sh/audits/#adhoc-packages',
    'https://github.com/ossf/scorecard/blob/main/docs/checks.md#pinned-dependencies',
    'https://pip.pypa.io/en/stable/topics/secure-installs/',
  ],
  check(model) {
    const hits: Hit[] = [];
    const seen = new Set<string>();
    const visit = (step: WfStep, envs: (WfMap | undefined)[]): void => {
      const script = step.run?.analysis;
      if (!script || script.dialect !== 'posix') return;
      for (const cmd of script.commands) {
        if (!cmd.base) continue;
        const inv = readInvocation(cmd);
        if (!inv) continue;
        // Only what the file states: a name from `${{ }}` or a variable is not judged.
        const members = floatingPackages(inv, cmd, (n) => envOf(envs, n)).filter(
          (m) => !m.fromVariable && m.word.value !== undefined,
        );
        if (members.length === 0) continue;
        const span = spanFromTo(inv.toolWord, inv.subWord);
        // An anchored step reused through aliases is the same text: report it once.
        const key = `${span.line}:${span.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push(groupHit(managerName(inv), inv, { span, members }, step.line, JOB_RUNS));
      }
    };
    for (const job of model.jobs) for (const step of job.steps) visit(step, [step.env, job.env, model.env]);
    if (model.runs) for (const step of model.runs.steps) visit(step, [step.env]);
    hits.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return hits;
  },
});
