import { findFlag, textOf, type ArgWord } from '../../refs/package-commands.js';
import { hasExpansion } from '../../refs/grade.js';
import { defineRule, hit } from '../../core/index.js';
import type { Hit } from '../../core/index.js';
import { betterPin, gitPin, isPinned, type GitPin } from './git-pin.js';
import { runSteps, stepCommands, type StepCommand } from './package-util.js';

const SEVERITY = 'medium';

const PIN_SUBS = new Set(['checkout', 'switch', 'reset', 'fetch']);

function isRemote(url: string): boolean {
  if (hasExpansion(url)) return true;
  return url.includes('://') || /^[\w.-]+@[\w.-]+:/.test(url);
}

export const rule = defineRule({
  id: 'dockerfile/git-clone-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: SEVERITY,
  title: 'git clone without a pinned commit',
  description:
    'A `git clone` of a branch builds whatever the branch points to at build time, so a force-push or a compromised maintainer account changes the image without any change to the Dockerfile. The ref is graded as for `ADD <git-url>#<ref>` (remote-add-no-checksum), so the same ref gets the same severity in both: a full 40-hex commit (`--revision=<commit>`, or checked out after the clone in the same stage) is not reported; an exact tag (`-b v1.2.3`, `git checkout v1.2.3`) or a short commit is low, since tags can be moved but rarely are; a branch, a major-only tag (`v1`, moved to every release) or no ref at all is medium. A `-b` from a build-time variable is low (`-b` never takes a commit); a checkout of a variable is not reported, since it may be a commit. One finding per clone, at the ref (or the URL when there is none); the message says why the ref grades as it does.',
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
      // `--revision` (git 2.49) takes any ref, a commit included; `-b` takes only a branch or tag.
      const revision = findFlag(inv, '--revision');
      const branch = findFlag(inv, '-b', '--branch');
      let pin: GitPin;
      let at: ArgWord = urlWord;
      let ref: string | undefined;
      if (revision?.value !== undefined) {
        ref = revision.value;
        pin = gitPin(ref, 'ref');
        at = revision.valueWord ?? revision.word;
      } else if (branch?.value !== undefined) {
        ref = branch.value;
        pin = gitPin(ref, 'name');
        at = branch.valueWord ?? branch.word;
      } else pin = gitPin(undefined);
      if (isPinned(pin)) return;
      let checkedOut: string | undefined;
      // A later checkout, reset or fetch in the same stage may fix the commit.
      for (const later of commands.slice(i + 1)) {
        if (later.step.stage !== step.stage) continue;
        if (later.inv.tool !== 'git' || !PIN_SUBS.has(later.inv.sub)) continue;
        for (const w of later.inv.positionals) {
          const p = gitPin(textOf(w), 'ref');
          if (isPinned(p)) return;
          // Only a release tag or short commit improves on the clone; other words may be paths or remotes.
          if (p.grade === 'exact' && betterPin(pin, p) === p) {
            pin = p;
            checkedOut = `\`git ${later.inv.sub} ${textOf(w)}\``;
          }
        }
      }
      const message =
        checkedOut !== undefined
          ? `\`git clone\` of ${url} then ${checkedOut}: ${pin.reason}; only a full commit fixes the source.`
          : `\`git clone\` of ${url}: ${pin.reason}; no full commit is checked out afterwards.`;
      hits.push(
        hit(at, message, {
          evidence: at.raw,
          scopeLine: step.scopeLine,
          fix: `After cloning, check out the full commit you reviewed: \`git -C <dir> checkout <40-hex-commit>\`.`,
          package: ref !== undefined ? `${url}@${ref}` : url,
          ...(pin.severity !== undefined && pin.severity !== SEVERITY ? { severity: pin.severity } : {}),
        }),
      );
    });
    return hits;
  },
});
