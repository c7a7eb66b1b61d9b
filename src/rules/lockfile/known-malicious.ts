import { findMalicious, listsVersion, type MaliciousEntry } from '../../intel/known-malicious.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import type { Package } from '../../formats/lockfile/model.js';
import { entrySpan, packageFields, pkgId } from './util.js';
import { releasesOf, type Issue } from './vulnerable-dependency.js';

/** The embedded list's part of a message, and the evidence the offline finding carries. */
function listed(
  p: Package,
  entries: MaliciousEntry[],
): { parts: string[]; evidence: ReturnType<typeof packageFields> } {
  const parts = entries.map((e) => {
    const ids = e.advisories.length > 0 ? e.advisories.join(', ') : 'no advisory id';
    const whole = listsVersion(e, p.version) ? '' : ' (every version of this package is malicious)';
    return `${e.incident}${whole}: ${ids}; source ${e.source}`;
  });
  return { parts, evidence: packageFields(p, entries.map((e) => e.advisories[0] ?? e.source).join(' ')) };
}

function osvPart(i: Issue): string {
  const aliases = i.aliases.length > 0 ? ` (${i.aliases.slice(0, 4).join(', ')})` : '';
  const every = i.allVersions
    ? ' — the record marks every version (introduced 0, no end); such records have wrongly covered legitimate packages before, so read it'
    : '';
  return `OSV ${i.main.id}${aliases}${i.summary ? `: ${i.summary}` : ''}${every}; ${i.main.url}`;
}

export const rule = defineRule({
  id: 'lockfile/known-malicious',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'critical',
  title: 'Known malicious package version',
  description:
    'This exact version was published with malicious code (a hijacked maintainer account, a worm, or a package created for the attack) and is listed in a public advisory. Installing it runs the payload, usually from an install script, on developer machines and CI runners alike. Offline, the embedded list (each entry cites its advisory) is checked; online, the malware records of OSV are too: `MAL-` records and advisories tagged CWE-506 (account takeovers such as ua-parser-js have only the latter), withdrawn records ignored. When both sources name a release it is one finding citing both. A record whose range covers every version says so in the message, since such ranges have wrongly covered legitimate packages. One finding per lockfile entry.',
  fix: 'Move to a clean version (regenerate the lockfile after changing the range), rotate every credential the affected machines and CI jobs could read, and check for persistence the advisory describes.',
  examples: {
    bad: '"node_modules/debug": {\n  "version": "4.4.2",\n  "resolved": "https://registry.npmjs.org/debug/-/debug-4.4.2.tgz"\n}',
    good: '"node_modules/debug": {\n  "version": "4.4.1",\n  "resolved": "https://registry.npmjs.org/debug/-/debug-4.4.1.tgz"\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  options:
    'Cannot be turned off or downgraded with `rules:`; only an `ignore:` entry that names the package and version (`package: name@version`) suppresses it.',
  references: ['https://github.com/ossf/malicious-packages', 'https://osv.dev/list?q=MAL-'],
  check(model) {
    const hits: Hit[] = [];
    for (const p of model.packages) {
      const name = p.realName ?? p.name;
      const entries = findMalicious(p.ecosystem, name, p.version);
      if (entries.length === 0) continue;
      const { parts, evidence } = listed(p, entries);
      const via = p.resolved
        ? ` (resolved from ${p.resolved.length > 160 ? `${p.resolved.slice(0, 159)}…` : p.resolved})`
        : '';
      hits.push(
        hit(entrySpan(p), `${name}@${p.version}${via} is a known malicious release — ${parts.join(' | ')}.`, {
          ...evidence,
          fix: `Replace ${name}@${p.version} with a clean version, regenerate the lockfile, and rotate credentials exposed to machines that installed it (see ${entries[0]!.source}).`,
        }),
      );
    }
    return hits;
  },
  online: {
    appliesTo: 'lockfile',
    // OSV malware records (MAL- ids, CWE-506 advisories; withdrawn ones are dropped by intel/):
    // one finding per entry, as offline, merged with the embedded list's when both name it, so
    // the engine replaces the offline finding at the same place instead of adding a second.
    check(model, _ctx, answers) {
      const hits: Hit[] = [];
      for (const r of releasesOf(model, answers)) {
        const bad = r.issues.filter((i) => i.malicious);
        if (bad.length === 0) continue;
        for (const { p, span } of r.entries) {
          const name = p.realName ?? p.name;
          const entries = findMalicious(p.ecosystem, name, p.version);
          const offline = entries.length > 0 ? listed(p, entries) : undefined;
          const parts = [...(offline?.parts ?? []), ...bad.map(osvPart)];
          hits.push(
            hit(span, `${pkgId(p)} is a known malicious release — ${parts.join(' | ')}.`, {
              ...(offline?.evidence ?? packageFields(p, bad.map((i) => i.main.id).join(' '))),
              fix: `Replace ${pkgId(p)} with a clean version, regenerate the lockfile, and rotate credentials exposed to machines that installed it (see ${bad[0]!.main.url}).`,
            }),
          );
        }
      }
      return hits;
    },
  },
});
