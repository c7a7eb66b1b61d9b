import { defineRule, hit } from '../../core/index.js';
import { onlyWeakHashes, parseHashes, resolvedSha1 } from '../../refs/hashes.js';
import { groupOf, groupPackage, integritySpan, resolvedSpan, unmarkedNote, type GroupEntry } from './util.js';

export const rule = defineRule({
  id: 'lockfile/weak-integrity',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'low',
  title: 'Package verified only by a SHA-1 (or MD5) hash',
  description:
    'SHA-1 and MD5 are broken for collision resistance, so a hash of that kind is a weaker proof that the bytes installed are the bytes that were locked. Substituting a published tarball would need a second preimage, which is not practical for SHA-1 today, hence `low`. Old lockfiles keep `sha1-` integrity (or Yarn classic `#<sha1>` fragments) for years because package managers keep an existing hash, and releases published before 2017 exist on npm with a SHA-1 only. One finding per lockfile, at the first such entry, counts them and names the first few `name@version`; the other entries are related spans (the first 50). Its fingerprint covers the list of releases, so with `report: new` a change that adds one more SHA-1-only entry is reported as new.',
  fix: 'Refresh the entries so that they record a SHA-512 hash (npm: delete the entry and run `npm install`; Yarn classic: `yarn upgrade <pkg>` with Yarn >= 1.10; a mirror that serves only SHA-1 must be asked for SHA-512). Releases published before 2017 often exist with a SHA-1 only: there, upgrading to a newer release is the way out.',
  examples: {
    bad: '"node_modules/ms": {\n  "version": "2.0.0",\n  "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz",\n  "integrity": "sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g="\n}',
    good: '"node_modules/ms": {\n  "version": "2.0.0",\n  "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz",\n  "integrity": "sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A=="\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  references: ['https://www.w3.org/TR/SRI/', 'https://shattered.io/'],
  check(model) {
    const entries: GroupEntry[] = [];
    const algs = new Set<string>();
    for (const p of model.packages) {
      if (p.source === 'git') continue; // a git commit is SHA-1 by design, not an integrity hash
      if (p.integrity && onlyWeakHashes(p.integrity)) {
        for (const h of parseHashes(p.integrity)) algs.add(h.alg);
        entries.push({ p, span: integritySpan(p) });
      } else if (!p.integrity && resolvedSha1(p)) {
        algs.add('sha1');
        entries.push({ p, span: resolvedSpan(p) });
      }
    }
    if (entries.length === 0) return [];
    const g = groupOf(entries);
    const how = [...algs].sort().join('/');
    const what = g.ids.length === 1 ? `${g.named} is` : `${g.ids.length} packages (${g.named}) are`;
    return [
      hit(
        g.first.span,
        `${what} verified only by ${how}, a broken hash, though a second preimage (what substituting a published tarball needs) is not practical today${unmarkedNote(g)}.`,
        {
          evidence: `${how} ${g.cover}`,
          ...groupPackage(g),
          ...(g.related.length > 0 ? { related: g.related } : {}),
          fix: `Refresh ${g.ids.length === 1 ? 'the entry' : 'these entries'} so that the lockfile records a SHA-512 hash (a release that exists only with SHA-1 needs an upgrade).`,
        },
      ),
    ];
  },
});
