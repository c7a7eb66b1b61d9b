import { findFlag, textOf, type ArgWord } from '../../refs/package-commands.js';
import { hasExpansion, type SpecGrade } from '../../refs/grade.js';
import { gradeGitName, gradeGitRef } from '../../refs/git.js';
import { defineRule, hit, type Severity } from '../../core/index.js';
import type { Hit } from '../../core/index.js';
import { runSteps, stepCommands, type StepCommand } from './package-util.js';

/** A full commit, or a variable (never guessed): the clone is pinned. */
function pins(grade: SpecGrade): boolean {
  return grade === 'locked' || grade === 'unknown';
}

const PIN_SUBS = new Set(['checkout', 'switch', 'reset', 'fetch']);

function isRemote(url: string): boolean {
  if (hasExpansion(url)) return true;
  return url.includes('://') || /^[\w.-]+@[\w.-]+:/.test(url);
}

export const rule = defineRule({
  id: 'dockerfile/git-clone-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'git clone without a pinned commit',
  description:
    'A `git clone` of a branch builds whatever the branch points to at build time, so a force-push or a compromised maintainer account changes the image without any change to the Dockerfile. Tags can be moved too: a clone of `--branch v1.2.3` is reported at low severity. Only a full 40-character commit, checked out after the clone in the same stage, fixes the source.',
  fix: 'Check out a full commit after cloning: `git clone --filter=blob:none https://host/repo.git && git -C repo checkout <40-hex-commit>` (or `git fetch --depth 1 origin <commit> && git checkout FETCH_HEAD`); `ADD --checksum=<commit> https://host/repo.git#<commit> /src` does the same in one instruction.',
  examples: {
    bad: 'RUN git clone --depth 1 https://github.com/acme/tool.git /src/tool',
    good: 'RUN git clone https://github.com/acme/tool.git /src/tool \\\n && git -C /src/tool checkout 3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
    language: 'dockerfile',
  },
  references: [
    'https://docs.docker.com/reference/dockerfile/#adding-private-git-repositories',
    'https://git-scm.com/docs/git-clone',
  ],
  check(model) {
    const hits: Hit[] = [];
    const commands = stepCommands(runSteps(model));
    commands.forEach((sc: StepCommand, i) => {
      const { inv, step } = sc;
      if (inv.tool !== 'git' || inv.sub !== 'clone') return;
      const urlWord = inv.positionals[0];
      if (!urlWord) return;
      const url = textOf(urlWord);
      if (!isRemote(url)) return;
      const revision = findFlag(inv, '--revision');
      if (revision?.value !== undefined && pins(gradeGitRef(revision.value))) return;
      const branch = findFlag(inv, '-b', '--branch');
      let grade: SpecGrade = 'unpinned';
      let at: ArgWord = urlWord;
      let ref: string | undefined;
      if (branch?.value !== undefined) {
        ref = branch.value;
        // `git clone -b` takes a branch or tag name, never a commit: a variable is at best a tag.
        grade = gradeGitName(ref);
        if (grade === 'unknown') grade = 'exact';
        at = branch.valueWord ?? branch.word;
      }
      let checkedOut: string | undefined;
      // A later checkout, reset or fetch in the same stage may fix the commit.
      for (const later of commands.slice(i + 1)) {
        if (later.step.stage !== step.stage) continue;
        if (later.inv.tool !== 'git' || !PIN_SUBS.has(later.inv.sub)) continue;
        for (const w of later.inv.positionals) {
          const g = gradeGitRef(textOf(w));
          if (pins(g)) return;
          if (g === 'exact') {
            grade = 'exact';
            checkedOut = `\`git ${later.inv.sub} ${textOf(w)}\``;
          }
        }
      }
      const severity: Severity | undefined = grade === 'exact' ? 'low' : undefined;
      const what = ref === undefined ? 'its default branch' : `'${ref}'`;
      const message =
        checkedOut !== undefined
          ? `\`git clone\` of ${url} then ${checkedOut}: a tag or short commit, which can be moved or re-pointed; only a full commit fixes the source.`
          : grade === 'exact'
            ? `\`git clone\` of ${url} builds ${what}, a tag that can be moved, with no full commit checked out afterwards.`
            : `\`git clone\` of ${url} builds ${what}: whatever the branch points to at build time.`;
      hits.push(
        hit(at, message, {
          evidence: at.raw,
          scopeLine: step.scopeLine,
          fix: `After cloning, check out the full commit you reviewed: \`git -C <dir> checkout <40-hex-commit>\`.`,
          package: ref !== undefined ? `${url}@${ref}` : url,
          ...(severity ? { severity } : {}),
        }),
      );
    });
    return hits;
  },
});
