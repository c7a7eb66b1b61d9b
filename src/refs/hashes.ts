/**
 * Content hashes as lockfiles write them: SRI (`sha512-<base64>`, several separated by spaces),
 * `sha256:<hex>` and pip's `--hash=sha256:<hex>`, Go's `h1:`, Yarn Berry's `<cacheKey>/<hex>`,
 * and bare hex digests (Cargo, Composer).
 */

/** One hash token: `alg` lower-case (`sha512`, `h1`, `berry-10c0`, ...) or `unknown`. */
export interface HashToken {
  alg: string;
  digest: string;
}

const MAX_INTEGRITY = 1 << 20;
const SRI_SHA512 = /^sha512-[A-Za-z0-9+/=]+$/;

/** Splits an integrity value into hash tokens; unrecognised shapes come back with alg `unknown`. */
export function parseHashes(integrity: string | undefined): HashToken[] {
  if (!integrity) return [];
  // The common case, one SRI sha512 token, without the general tokenizer.
  if (integrity.length < 200 && SRI_SHA512.test(integrity))
    return [{ alg: 'sha512', digest: integrity.slice(7) }];
  const out: HashToken[] = [];
  for (const raw of integrity.slice(0, MAX_INTEGRITY).split(/[\s,]+/)) {
    const tok = raw.startsWith('--hash=') ? raw.slice(7) : raw;
    if (tok === '') continue;
    const m = /^(sha1|sha224|sha256|sha384|sha512|md5|blake2b_256|h1)[-:=]/i.exec(tok);
    if (m) {
      out.push({ alg: m[1]!.toLowerCase(), digest: tok.slice(m[0].length) });
      continue;
    }
    const slash = tok.indexOf('/');
    // Yarn Berry `<cacheKey>/<hex>`: checksums of different cache keys are not comparable.
    if (slash > 0 && slash < 12 && /^[0-9a-z]+$/i.test(tok.slice(0, slash))) {
      out.push({ alg: `berry-${tok.slice(0, slash)}`, digest: tok.slice(slash + 1) });
      continue;
    }
    const hex = /^[0-9a-f]+$/i.test(tok);
    if (hex && tok.length === 128) out.push({ alg: 'berry', digest: tok });
    else if (hex && tok.length === 64) out.push({ alg: 'sha256', digest: tok });
    else if (hex && tok.length === 40) out.push({ alg: 'sha1', digest: tok });
    else out.push({ alg: 'unknown', digest: tok });
  }
  return out;
}

const WEAK = new Set(['sha1', 'md5']);

/** True when at least one hash is present and every one is weak (sha1, md5). */
export function onlyWeakHashes(integrity: string | undefined): boolean {
  const hs = parseHashes(integrity);
  return hs.length > 0 && hs.every((h) => WEAK.has(h.alg));
}

/**
 * The sha1 Yarn classic writes as `resolved "...tgz#<sha1>"` (before `integrity` existed). A git
 * entry's `#<40-hex>` is a commit, not a checksum.
 */
export function resolvedSha1(entry: { resolved?: string; source: string }): string | undefined {
  if (!entry.resolved || entry.source === 'git') return undefined;
  const hash = entry.resolved.lastIndexOf('#');
  if (hash === -1) return undefined;
  const frag = entry.resolved.slice(hash + 1);
  return frag.length === 40 && /^[0-9a-f]+$/i.test(frag) ? frag : undefined;
}
