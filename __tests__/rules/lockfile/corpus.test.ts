import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import { lockfileRules } from '../../../src/rules/lockfile/index.js';
import { context } from '../../helpers/rules.js';
import { model } from './fixtures.js';

const ROOT = '/work/shared/corpus/lockfiles';
const present = existsSync(ROOT);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

describe('lockfile rules on the real-world corpus', () => {
  if (!present) {
    it.skip(`corpus not found at ${ROOT}; skipping`, () => undefined);
    return;
  }
  it('run on every lockfile without errors, and report only what review found true', () => {
    const counts: Record<string, number> = {};
    const byFile: Record<string, Record<string, number>> = {};
    for (const f of files(ROOT)) {
      const rel = relative(ROOT, f);
      const m = parseLockfile(readFileSync(f, 'utf8'), rel);
      for (const r of lockfileRules) {
        if (!r.check) continue;
        const hits = r.check(m as never, context(rel));
        for (const h of hits) {
          expect(h.span.line).toBeGreaterThan(0);
          expect(h.span.column).toBeGreaterThan(0);
          expect(h.evidence ?? '').not.toMatch(/:\d+:\d+/);
        }
        if (hits.length === 0) continue;
        counts[r.id] = (counts[r.id] ?? 0) + hits.length;
        (byFile[rel] ??= {})[r.id] = hits.length;
      }
    }
    // Reviewed by hand (see docs/lockfile-rules.md): these rules must stay silent on the corpus.
    for (const id of [
      'lockfile/package-name-mismatch',
      'lockfile/known-malicious',
      'lockfile/tarball-dependency',
      'lockfile/merge-conflict',
      'lockfile/empty',
    ]) {
      expect([id, counts[id] ?? 0]).toEqual([id, 0]);
    }
    // Private mirrors: rushstack's Azure DevOps feed and rubygems.org's paid gem server.
    expect(
      Object.keys(byFile)
        .filter((f) => byFile[f]!['lockfile/untrusted-host'])
        .sort(),
    ).toEqual([
      'other/rubygems__rubygems.org/Gemfile.lock',
      'pnpm/microsoft__rushstack/common/config/subspaces/default/pnpm-lock.yaml',
    ]);
    // http:// resolved URLs really present in that old pdf.js lockfile.
    expect(Object.keys(byFile).filter((f) => byFile[f]!['lockfile/insecure-transport'])).toEqual([
      'npm/mozilla__pdf.js@d62f847/package-lock.json',
    ]);
    // Yarn Berry's unfetched platform packages have no checksum by design.
    expect(
      Object.keys(byFile).filter(
        (f) => f.startsWith('yarn-berry/') && byFile[f]!['lockfile/missing-integrity'],
      ),
    ).toEqual([]);
    // 9 git dependencies with a resolved URL, plus medusa's yarn classic
    // `json-schema-ref-parser@github:…#fix/dates-as-strings` entry, which has no `resolved`.
    expect(counts['lockfile/git-dependency']).toBe(10);
    expect(byFile['yarn-classic/medusajs__medusa@3f19a3c/yarn.lock']?.['lockfile/git-dependency']).toBe(1);
  });

  it('stays fast on a 2 MB resolved URL', () => {
    const huge = 'https://registry.npmjs.org/' + 'a/'.repeat(1_000_000) + '-/x-1.0.0.tgz';
    const m = model([
      {
        name: 'x',
        resolved: huge,
        source: 'tarball',
        integrity: 'sha1-' + 'b'.repeat(2_000_000),
        commit: '-'.repeat(100_000),
      },
    ]);
    const started = Date.now();
    for (const r of lockfileRules) r.check?.(m as never, context('package-lock.json'));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
