import { defineRule, hit, spanAt, type Related } from '../../core/index.js';
import { coverOf, GROUP_NAMED, GROUP_RELATED, short } from './util.js';

export const rule = defineRule({
  id: 'lockfile/unrecognized-entry',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'high',
  title: 'Lockfile entries that are not package entries',
  description:
    'The lockfile parses, but some entries of its package map carry nothing a package entry has (no version, download URL or resolution). The package manager did not write them, and what it makes of them is unknown, so they could hide anything; reading them as empty packages would check nothing and say nothing. One finding per lockfile names the first few keys; the other entries are related spans (the first 50).',
  fix: 'Find out where these entries came from (the change that added them), remove them, and regenerate the lockfile with the package manager.',
  examples: {
    bad: '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/lodash": { "a": 1 }\n  }\n}',
    good: '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/lodash": {\n      "version": "4.17.21",\n      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n      "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="\n    }\n  }\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  check(model) {
    const entries = model.unrecognized ?? [];
    if (entries.length === 0) return [];
    const sorted = [...entries].sort((a, b) => a.line - b.line || a.column - b.column);
    const keys = sorted.map((e) => JSON.stringify(short(e.key, 80)));
    const named =
      keys.length > GROUP_NAMED
        ? `${keys.slice(0, GROUP_NAMED).join(', ')} and ${keys.length - GROUP_NAMED} more`
        : keys.join(', ');
    const spanOf = (e: (typeof sorted)[number]): ReturnType<typeof spanAt> =>
      spanAt(e, Math.max(1, Math.min(e.key.length + 2, 10_000)));
    const related: Related[] = sorted
      .slice(1, GROUP_RELATED + 1)
      .map((e) => ({ span: spanOf(e), label: short(e.key, 120) }));
    const unmarked = sorted.length - 1 - related.length;
    return [
      hit(
        spanOf(sorted[0]!),
        `${sorted.length === 1 ? 'An entry' : `${sorted.length} entries`} of the package map ${sorted.length === 1 ? 'is not a package entry' : 'are not package entries'} (no version, download URL or resolution): ${named}; what the package manager makes of ${sorted.length === 1 ? 'it' : 'them'} was not checked${unmarked > 0 ? ` (the first ${GROUP_RELATED} other entries are marked; ${unmarked} more are not)` : ''}.`,
        { evidence: `unrecognized ${coverOf(sorted.map((e) => e.key))}` },
      ),
    ];
  },
});
