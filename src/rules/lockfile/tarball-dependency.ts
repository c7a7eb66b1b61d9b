import { defineRule, hit, type Hit } from '../../core/index.js';
import { display, packageFields, resolvedSpan } from './util.js';

export const rule = defineRule({
  id: 'lockfile/tarball-dependency',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'medium',
  title: 'Package installed from a URL tarball',
  description:
    'A dependency fetched from an arbitrary URL skips the registry: nobody can take a malicious version down, its host can serve new bytes at the same URL, and older lockfiles record no hash for it. A transitive URL dependency is worse: nobody in the project chose it (pnpm blocks them with `blockExoticSubdeps`).',
  fix: 'Depend on the registry release instead; if the URL is needed, make sure the lockfile records its integrity hash and that the host is yours.',
  examples: {
    bad: '"node_modules/bolt11": {\n  "version": "1.2.7",\n  "resolved": "https://github.com/LN-Zap/bolt11/archive/v1.2.7.tar.gz"\n}',
    good: '"node_modules/bolt11": {\n  "version": "1.2.7",\n  "resolved": "https://registry.npmjs.org/bolt11/-/bolt11-1.2.7.tgz",\n  "integrity": "sha512-..."\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  references: ['https://pnpm.io/settings#blockexoticsubdeps'],
  check(model) {
    const hits: Hit[] = [];
    for (const p of model.packages) {
      if (p.source !== 'tarball') continue;
      const id = display(p);
      hits.push(
        hit(
          resolvedSpan(p),
          p.transitive
            ? `Transitive dependency ${id} is downloaded from a URL tarball rather than a registry; nobody in this project chose that source.`
            : `${id} is downloaded from a URL tarball rather than a registry, so the registry's takedowns and version immutability do not apply.`,
          { ...packageFields(p, p.resolved), ...(p.transitive ? { severity: 'high' } : {}) },
        ),
      );
    }
    return hits;
  },
});
