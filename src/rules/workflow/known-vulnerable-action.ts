import { defineRule, hit, type Hit, type Severity } from '../../core/index.js';
import {
  COMPROMISED_ACTIONS_DATE,
  findCompromised,
  type ActionMatch,
  type ActionMatchKind,
  type CompromisedAction,
} from '../../intel/compromised-actions.js';

const SEVERITY: Record<ActionMatchKind, Severity> = {
  'malicious-commit': 'critical',
  'malicious-tag': 'critical',
  'unverifiable-commit': 'medium',
  'vulnerable-version': 'high',
  window: 'low',
};

function window(e: CompromisedAction): string {
  const w = e.exposure_window_utc;
  return w.start === w.end ? `on ${w.start} (UTC)` : `between ${w.start} and ${w.end} (UTC)`;
}

function cite(e: CompromisedAction): string {
  const ids = e.advisories.length > 0 ? e.advisories.join(', ') : 'no advisory id';
  return `${e.incident}: ${ids}; source ${e.source}`;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

/** What the match means, in one sentence. */
function what(target: string, ref: string, m: ActionMatch): string {
  const e = m.entry;
  const a = e.affected_refs;
  const fix = a.version_range ? ` (before ${a.version_range.fixed})` : '';
  switch (m.kind) {
    case 'malicious-commit':
      return `${target}@${short(ref)} is a commit the advisory names as malicious ("${m.commit!.note.replace(/\.$/, '')}"): a pin to it runs the payload whenever the job runs, whatever its comment says`;
    case 'malicious-tag':
      return `the tag '${ref}' of ${target} was moved to malicious code from ${e.exposure_window_utc.start} and the data does not say it was restored, so the job runs the payload today`;
    case 'unverifiable-commit':
      return `every tag of ${target} was moved to malicious code from ${e.exposure_window_utc.start} and the advisory names no commit, so this pin cannot be checked offline`;
    case 'vulnerable-version':
      if (m.repointed)
        return `the tag '${ref}' of ${target} pointed at malicious code ${window(e)} and has since been ${m.tagNow === 'deleted' ? 'deleted (the ref no longer resolves)' : 'restored'}; it is still a release the advisory lists as affected${fix}`;
      return `'${ref}' is a release of ${target} the advisory lists as affected${fix}`;
    case 'window':
      if (e.affected_refs.any_ref)
        return `${target} ran the compromised code it pulls at run time ${window(e)}, whatever ref it was used at; the code it pulls has since been restored`;
      return `the tag '${ref}' of ${target} pointed at malicious code ${window(e)} and has since been ${m.tagNow === 'deleted' ? 'deleted' : 'restored'}`;
  }
}

function fixText(target: string, m: ActionMatch): string {
  const e = m.entry;
  const safe = e.safe_refs.length > 0 ? ` (the advisory names ${e.safe_refs.join(', ')} as safe)` : '';
  const rotate = `if the job ran ${window(e)}, treat every secret it could read as leaked and rotate it`;
  switch (m.kind) {
    case 'malicious-commit':
    case 'malicious-tag':
      return `Remove ${target} or move to a clean release pinned by full commit${safe}; treat every secret the job could read as leaked, rotate it, and check the runs' logs for what the advisory describes.`;
    case 'unverifiable-commit':
      return `Check that the commit predates ${e.exposure_window_utc.start} (it must be on the repository's history from before the incident, not an imposter commit), or remove ${target}; ${rotate}.`;
    case 'vulnerable-version':
      return `Upgrade ${target} to ${e.affected_refs.version_range!.fixed} or later, pinned by full commit${safe}; ${rotate}.`;
    case 'window':
      return `Look for runs of this workflow ${window(e)}: if there were any, treat every secret the job could read as leaked and rotate it. Then ignore this finding, saying what you checked.`;
  }
}

export const rule = defineRule({
  id: 'workflow/known-vulnerable-action',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'critical',
  title: 'Action ref or commit that carried malicious code',
  description: [
    'The action is on the embedded list of compromised actions (tj-actions/changed-files, the reviewdog actions, aquasecurity/trivy-action and setup-trivy, actions-cool, …): its tags were moved to malicious code, or it pulled compromised code at run time, and the job ran it with its token and secrets. Each finding cites the advisory and the source the entry was checked against. The list is dated (`bulkhead --version` prints the date) and is an offline fallback: advisories published or revised after that date are not in it.',
    "Grades follow what is true today, not only what happened. **Critical**: a full commit SHA the advisory names as malicious (it carries the payload forever; judged by the SHA, never by its `# v…` comment), or a tag the data says was repointed and never restored (actions-cool, setup-trivy v0.2.0–v0.2.5); for an action whose every tag was moved, any ref that is not a full commit counts, since whether a name is a tag or a branch cannot be told offline. **High**: a tag or version the advisory lists as affected (`version_range`, e.g. tj-actions/changed-files before 46.0.1, trivy-action before 0.35.0) — the advisory's fix is an upgrade, and a moving major tag (`@v45`) counts when its whole series is below the fix. **Medium**: a commit pin of an action whose every tag was moved and whose advisory names no commit, which cannot be checked offline. **Low**: exposure-window history — a tag that pointed at the payload only during the window and has since been restored (reviewdog/action-setup@v1), or an action that pulled the compromised code at run time whatever its ref (reviewdog/action-shellcheck and siblings): the code is clean today, but a run inside the window leaked its secrets, which the finding names so they can be checked once.",
    'A commit pin not on the list is not reported even when its comment names an affected version: the comment proves nothing, and mapping a commit to a release needs the GitHub API (the online checks). For the same reason a trivy-action pin to a commit from before 2025-04-09 (affected through setup-trivy per the advisory) is not found offline. Step `uses:`, composite-action steps and job-level reusable-workflow calls are checked; one finding per `uses:` value (an aliased step once, at its anchor), with the worst match and every advisory that applies.',
  ].join('\n\n'),
  fix: 'Move to the release the advisory names as fixed, pinned by full commit SHA, and rotate every secret the job could read if it ran during the exposure window.',
  examples: {
    bad: 'on: push\njobs:\n  changes:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67 # v46.0.1',
    good: 'on: push\njobs:\n  changes:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: tj-actions/changed-files@ed68ef82c095e0d48ec87eccea555d944a631a4c',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  options: `The list is embedded and dated (${COMPROMISED_ACTIONS_DATE} in this version); suppress a reviewed finding with an inline \`bulkhead-ignore\` or an \`ignore:\` entry with a reason.`,
  references: [
    'https://github.com/advisories/GHSA-mrrh-fwg8-r2c3',
    'https://github.com/advisories/GHSA-qmg3-hpqr-gqvc',
    'https://github.com/advisories/GHSA-69fq-xp46-6x23',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const u of model.uses) {
      if (u.kind !== 'repository' && u.kind !== 'reusable-workflow') continue;
      const ref = u.ref ?? '';
      const matches = findCompromised(u.owner!, u.repo!, ref);
      if (matches.length === 0) continue;
      const worst = matches[0]!;
      const target = `${u.owner}/${u.repo}`;
      const cites = [...new Set(matches.map((m) => cite(m.entry)))].join(' | ');
      hits.push(
        hit(u.span, `${what(target, ref, worst)} — ${cites}.`, {
          evidence: u.raw,
          fix: fixText(target, worst),
          scopeLine: u.scopeLine,
          ...(SEVERITY[worst.kind] !== 'critical' ? { severity: SEVERITY[worst.kind] } : {}),
        }),
      );
    }
    return hits;
  },
});
