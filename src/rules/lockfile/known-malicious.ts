import { findMalicious, listsVersion } from '../../intel/known-malicious.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { entrySpan, packageFields } from './util.js';

export const rule = defineRule({
  id: 'lockfile/known-malicious',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'critical',
  title: 'Known malicious package version',
  description:
    'This exact version was published with malicious code (a hijacked maintainer account, a worm, or a package created for the attack) and is listed in a public advisory. Installing it runs the payload, usually from an install script, on developer machines and CI runners alike. The embedded list is a documented offline fallback; each finding cites its advisory.',
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
      const parts = entries.map((e) => {
        const ids = e.advisories.length > 0 ? e.advisories.join(', ') : 'no advisory id';
        const whole = listsVersion(e, p.version) ? '' : ' (every version of this package is malicious)';
        return `${e.incident}${whole}: ${ids}; source ${e.source}`;
      });
      const via = p.resolved
        ? ` (resolved from ${p.resolved.length > 160 ? `${p.resolved.slice(0, 159)}…` : p.resolved})`
        : '';
      hits.push(
        hit(entrySpan(p), `${name}@${p.version}${via} is a known malicious release — ${parts.join(' | ')}.`, {
          ...packageFields(p, entries.map((e) => e.advisories[0] ?? e.source).join(' ')),
          fix: `Replace ${name}@${p.version} with a clean version, regenerate the lockfile, and rotate credentials exposed to machines that installed it (see ${entries[0]!.source}).`,
        }),
      );
    }
    return hits;
  },
});
