import { defineRule, hit, type Hit } from '../../core/index.js';
import { onlyWeakHashes, parseHashes, resolvedSha1 } from '../../refs/hashes.js';
import { display, integritySpan, packageFields, resolvedSpan } from './util.js';

export const rule = defineRule({
  id: 'lockfile/weak-integrity',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'medium',
  title: 'Package verified only by a SHA-1 (or MD5) hash',
  description:
    'SHA-1 and MD5 are broken for collision resistance: a hash of that kind no longer proves that the bytes installed are the bytes that were reviewed. Old lockfiles carry `sha1-` integrity (or Yarn classic `#<sha1>` fragments) for years because package managers keep an existing hash.',
  fix: 'Refresh the entry so that it records a SHA-512 hash (npm: delete the entry and run `npm install`; Yarn classic: `yarn upgrade <pkg>` with Yarn >= 1.10; a mirror that serves only SHA-1 must be asked for SHA-512). Releases published before 2017 often exist with a SHA-1 only: there, upgrading to a newer release is the way out.',
  examples: {
    bad: '"node_modules/ms": {\n  "version": "2.0.0",\n  "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz",\n  "integrity": "sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g="\n}',
    good: '"node_modules/ms": {\n  "version": "2.0.0",\n  "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz",\n  "integrity": "sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A=="\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  references: ['https://www.w3.org/TR/SRI/', 'https://shattered.io/'],
  check(model) {
    const hits: Hit[] = [];
    for (const p of model.packages) {
      if (p.source === 'git') continue; // a git commit is SHA-1 by design, not an integrity hash
      if (p.integrity && onlyWeakHashes(p.integrity)) {
        const algs = [...new Set(parseHashes(p.integrity).map((h) => h.alg))].join('/');
        hits.push(
          hit(
            integritySpan(p),
            `${display(p)} is verified only by ${algs}, a broken hash: it no longer proves the bytes are the ones that were locked.`,
            packageFields(p, p.integrity),
          ),
        );
        continue;
      }
      if (!p.integrity) {
        const sha1 = resolvedSha1(p);
        if (sha1) {
          hits.push(
            hit(
              resolvedSpan(p),
              `${display(p)} is verified only by the sha1 in its resolved URL (#${sha1.slice(0, 8)}…), a broken hash; the entry has no integrity field.`,
              packageFields(p, `#${sha1}`),
            ),
          );
        }
      }
    }
    return hits;
  },
});
