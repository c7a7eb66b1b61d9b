import { defineRule, hit, spanAt, type Hit } from '../../core/index.js';
import { parseHashes } from '../../refs/hashes.js';
import { isInsecureScheme, schemeOf } from '../../refs/urls.js';
import { display, packageFields, resolvedSpan, short } from './util.js';

/** Hashes a second preimage of which is within reach of research, if not of practice. */
const WEAK = new Set(['sha1', 'md5']);

export const rule = defineRule({
  id: 'lockfile/insecure-transport',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'high',
  title: 'Package fetched over an unencrypted connection',
  description:
    'An `http://`, `git://` or `git+http://` source is fetched without TLS, so anyone on the network path (a compromised proxy, a hostile Wi-Fi, a poisoned DNS answer) can serve different code. An entry that records a strong hash (SHA-256 or better) is the exception: the client checks the downloaded bytes against it, so the network can block the install or see what is installed but cannot substitute code; that is reported at `low`. Without a hash, or with only SHA-1/MD5, it is `high`, and a package index over http can steer resolution itself.',
  fix: 'Use the `https://` (or `git+https://` / `git+ssh://`) form of the same source and regenerate the lockfile.',
  examples: {
    bad: 'lodash@^4.17.21:\n  version "4.17.21"\n  resolved "http://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz"',
    good: 'lodash@^4.17.21:\n  version "4.17.21"\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz"',
    language: 'yaml',
    path: 'yarn.lock',
  },
  references: ['https://github.com/lirantal/lockfile-lint#validate-https'],
  check(model) {
    const hits: Hit[] = [];
    for (const p of model.packages) {
      if (!p.resolved) continue;
      const scheme = schemeOf(p.resolved);
      if (!isInsecureScheme(scheme)) continue;
      const strong = parseHashes(p.integrity).find((h) => !WEAK.has(h.alg) && h.alg !== 'unknown');
      hits.push(
        hit(
          resolvedSpan(p),
          strong
            ? `${display(p)} is fetched over ${scheme}://, without TLS, but the lockfile records its ${strong.alg} hash and the client checks it: the network cannot substitute the code, only block the install or see what is installed.`
            : `${display(p)} is fetched over ${scheme}://, without TLS${p.integrity ? ' and without a strong hash' : ' and without a hash'}: anyone on the network path can substitute the code.`,
          {
            ...packageFields(p, p.resolved),
            ...(strong ? { severity: 'low' as const } : {}),
            fix: `Use a TLS source (https:// or git+https://) for ${p.realName ?? p.name} and regenerate the lockfile.`,
          },
        ),
      );
    }
    for (const r of model.registries) {
      const scheme = schemeOf(r.url);
      if (!isInsecureScheme(scheme)) continue;
      hits.push(
        hit(
          spanAt(r, Math.min(r.url.length, 10_000)),
          `Package index ${short(r.url, 120)} is reached over ${scheme}://, without TLS: anyone on the network path can change what gets resolved.`,
          { evidence: short(r.url), fix: 'Use the https:// URL of the index.' },
        ),
      );
    }
    return hits;
  },
});
