import { defineRule, hit, type Severity } from '../../core/index.js';
import type { Hit } from '../../core/index.js';
import { gitFragmentParts, lockedCommit } from '../../refs/git.js';
import { display, packageFields, resolvedSpan } from './util.js';

/** A value git would read as an option (`--upload-pack=...`) or that splits into several arguments. */
function optionLike(v: string): boolean {
  return v.startsWith('-') || /\s/.test(v);
}

export const rule = defineRule({
  id: 'lockfile/git-dependency',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'medium',
  title: 'Package installed from a git repository',
  description:
    'A git dependency bypasses the registry: no integrity hash, no registry malware takedown, and its `prepare` script runs at install time. A branch or tag can be moved by whoever controls the repository, and a ref that starts with `-` has been passed to git as an option (pnpm CVE-2026-50014: `--upload-pack=<command>`).',
  fix: 'Prefer the published registry package. If the fork is needed, lock it to a full 40-hex commit and review the repository.',
  examples: {
    bad: '"node_modules/ms": {\n  "version": "2.1.3",\n  "resolved": "git+ssh://git@github.com/vercel/ms.git#main"\n}',
    good: '"node_modules/ms": {\n  "version": "2.1.3",\n  "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",\n  "integrity": "sha512-..."\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  references: [
    'https://github.com/advisories/GHSA-p4xf-rf54-rj3x',
    'https://pnpm.io/settings#blockexoticsubdeps',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const p of model.packages) {
      if (p.source !== 'git') continue;
      const id = display(p);
      const refs = [
        ...(p.commit !== undefined ? [p.commit] : []),
        ...gitFragmentParts(p.resolved).map((f) => f.value),
      ];
      const bad =
        refs.find(optionLike) ??
        (p.resolved !== undefined && p.resolved.startsWith('-') ? p.resolved : undefined);
      const commit = lockedCommit(p);
      let severity: Severity;
      let message: string;
      if (bad !== undefined) {
        severity = 'critical';
        message = `Git dependency ${id} has a ref or commit '${bad.slice(0, 80)}' that ${bad.startsWith('-') ? 'starts with -, so git can read it as an option (command execution via --upload-pack)' : 'contains whitespace, so it can split into extra git arguments'}.`;
      } else if (!commit) {
        severity = 'high';
        message = `Git dependency ${id} carries neither an integrity hash nor a full 40-hex commit, so whoever controls the repository decides what is installed.`;
      } else {
        severity = p.transitive ? 'high' : 'medium';
        message = `${p.transitive ? 'Transitive git' : 'Git'} dependency ${id} bypasses the registry (no integrity hash; it is built from the repository at install time); it is locked to commit ${commit.slice(0, 12)}.`;
      }
      if (severity === 'high' && !commit && p.transitive)
        message = message.replace('Git dependency', 'Transitive git dependency');
      hits.push(
        hit(resolvedSpan(p), message, {
          ...packageFields(p, p.resolved ?? p.commit),
          ...(severity !== 'medium' ? { severity } : {}),
          fix: commit
            ? `Prefer the registry release of ${p.realName ?? p.name}, or keep the commit pin after reviewing the repository.`
            : `Lock ${p.realName ?? p.name} to a full commit SHA (or use the registry release).`,
        }),
      );
    }
    return hits;
  },
});
