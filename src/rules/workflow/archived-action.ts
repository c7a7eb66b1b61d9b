import { defineRule, hit, type Hit } from '../../core/index.js';
import type { Related } from '../../core/span.js';
import type { UsesRef } from '../../formats/workflow/model.js';
import { ARCHIVED_ACTIONS, ARCHIVED_ACTIONS_DATE, findArchived } from '../../intel/archived-actions.js';

export const rule = defineRule({
  id: 'workflow/archived-action',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Action from an archived repository',
  description: [
    `The \`uses:\` names an action whose repository is archived: its owner has stopped maintaining it, so a vulnerability in it or in the dependencies bundled into it will not be fixed, and it often still runs on a Node.js version the runner is retiring. The embedded list (${ARCHIVED_ACTIONS.length} actions, as of ${ARCHIVED_ACTIONS_DATE}: \`actions/create-release\`, \`actions/upload-release-asset\`, \`actions/setup-ruby\`, \`actions-rs/*\`, …) holds only repositories whose archival a cited write-up states and zizmor's curated list confirms; each finding cites both. It is a fallback: the GitHub API (online checks) knows every archived repository.`,
    'Medium: an archived repository is read-only, so its tags cannot be moved while it stays archived; the risk is the missing fixes, not a takeover. One finding per action per file, at its first `uses:`, with every other `uses:` of it in the file as related places: replacing an action in a workflow is one change. Step `uses:`, composite-action steps and reusable-workflow calls are checked, whatever the ref.',
  ].join('\n\n'),
  fix: 'Replace the action with the maintained alternative its notice names (or a few lines of `run:` with the preinstalled CLI), pinned by full commit.',
  examples: {
    bad: 'on: push\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/create-release@v1',
    good: 'on: push\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: write\n    steps:\n      - run: gh release create "$GITHUB_REF_NAME" --generate-notes\n        env:\n          GH_TOKEN: ${{ github.token }}',
    language: 'yaml',
    path: '.github/workflows/release.yml',
  },
  references: [
    'https://docs.github.com/en/repositories/archiving-a-github-repository/archiving-repositories',
  ],
  check(model) {
    const groups = new Map<string, UsesRef[]>();
    for (const u of model.uses) {
      if (u.kind !== 'repository' && u.kind !== 'reusable-workflow') continue;
      if (!findArchived(u.owner!, u.repo!)) continue;
      const key = `${u.owner}/${u.repo}`;
      groups.set(key, [...(groups.get(key) ?? []), u]);
    }
    const hits: Hit[] = [];
    for (const [target, uses] of groups) {
      const e = findArchived(uses[0]!.owner!, uses[0]!.repo!)!;
      const first = uses[0]!;
      const related: Related[] = uses.slice(1).map((u) => ({ span: u.span, label: `also uses ${target}` }));
      const more = uses.length > 1 ? ` (used ${uses.length} times in this file)` : '';
      hits.push(
        hit(
          first.span,
          `${target} is archived (${e.archived}): it receives no fixes${more}. Source ${e.source} ("${e.source_says}"); also listed by ${e.also_listed_by}.`,
          {
            evidence: first.raw,
            fix: `Replace ${target}: use ${e.replacement}. Pin any action you switch to by full commit.`,
            scopeLine: first.scopeLine,
            ...(related.length > 0 ? { related } : {}),
          },
        ),
      );
    }
    return hits;
  },
});
