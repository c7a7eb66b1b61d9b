import type { LockfileModel, Package } from '../../formats/lockfile/model.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { LineIndex } from '../../formats/position.js';
import { isCommitArchive, isFullCommit } from '../../refs/git.js';
import { parseHashes, resolvedSha1 } from '../../refs/hashes.js';
import { parseSourceUrl } from '../../refs/urls.js';
import { entrySpan, groupOf, groupPackage, unmarkedNote, type GroupEntry } from './util.js';

/** Formats where hashes are a per-file opt-in (pip hash-checking mode, Bundler CHECKSUMS). */
const OPT_IN_FORMATS = new Set<LockfileModel['format']>(['requirements', 'gemfile']);

function exempt(p: Package): boolean {
  return p.source === 'link' || p.source === 'file' || p.source === 'workspace' || p.source === 'bundled';
}

function hasHash(p: Package): boolean {
  return parseHashes(p.integrity).length > 0;
}

/**
 * Yarn Berry records no checksum for platform-specific packages (`conditions: os=... & cpu=...`)
 * it did not fetch when the lockfile was written; that is Yarn's design, not tampering.
 */
function berryConditional(model: LockfileModel, p: Package, index: LineIndex): boolean {
  for (let l = p.line + 1; l <= Math.min(p.line + 40, index.lineCount); l++) {
    const t = index.line(l);
    if (t === '' || !t.startsWith(' ')) return false;
    if (t.startsWith('  conditions:')) return true;
  }
  return false;
}

/**
 * How to get hashes written, in the words of the package manager that owns the format (a
 * requirements.txt is not fixed with `npm install`).
 */
const REGENERATE: Record<LockfileModel['format'], string> = {
  npm: 'delete the entries (or `node_modules` and the lockfile) and run `npm install` with a current npm, which writes `integrity` for every registry package',
  'yarn-classic':
    'run `yarn install` with Yarn >= 1.10, which writes `integrity` for every entry (`yarn upgrade <pkg>` for a single one)',
  'yarn-berry': 'run `yarn install` with a current Yarn, which writes a `checksum` for every entry',
  pnpm: 'run `pnpm install` with a current pnpm, which writes `resolution.integrity` for every package',
  bun: 'run `bun install` with a current Bun, which writes the integrity hash for every package',
  requirements:
    'add `--hash=sha256:<digest>` to every requirement (`pip-compile --generate-hashes` or `uv pip compile --generate-hashes` writes them); with hashes present pip runs in `--require-hashes` mode and refuses any download that does not match',
  pipfile: 'run `pipenv lock`, which records `hashes` for every package',
  poetry: 'run `poetry lock` with a current Poetry, which records the file hashes of every package',
  uv: 'run `uv lock`, which records a `hash` for every distribution',
  gemfile: 'run `bundle lock --add-checksums` so Bundler records and verifies a CHECKSUMS section',
  cargo:
    'run `cargo generate-lockfile` (or `cargo update -p <crate>`), which writes a `checksum` for every registry crate',
  composer: 'run `composer update --lock`, which records `dist.shasum` where the repository provides one',
  'go-sum': 'run `go mod tidy`, which writes the `h1:` hash of every module',
};

/** The fix for entries of this format that lack a hash. */
export function regenerateFix(format: LockfileModel['format']): string {
  return `To lock content, ${REGENERATE[format] ?? 'regenerate the lockfile with a current package manager so that it records an integrity hash for every entry'}.`;
}

/** A requirements.txt line that names a package and nothing else: whatever is newest is installed. */
function noVersionAtAll(model: LockfileModel, p: Package): boolean {
  return model.format === 'requirements' && p.version === '' && !p.specifier && !p.resolved;
}

export const rule = defineRule({
  id: 'lockfile/missing-integrity',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'high',
  title: 'Package locked without an integrity hash',
  description:
    "Without a hash, the lockfile pins only a name and a version (or a URL): whatever bytes the server returns are installed. Package managers can then be made to accept a tarball they never verified (pnpm fixed exactly this in 2026 for tarball entries with the integrity removed). A git entry has no hash, so it must name a full 40-hex commit instead; `lockfile/git-dependency` reports git entries, this rule does not. One finding per lockfile for the entries with neither a URL nor a hash (`medium`: fetched by version from the configured registry) and one for the entries with a URL but no hash (`high`), each at the first entry, counting the others and naming the first few `name@version` (the others are related spans, the first 50): the entries of one lockfile lose their hashes the same way, and one regeneration fixes them. The fingerprint covers the list of releases, so with `report: new` a change that adds one more unhashed entry is reported as new. In `requirements.txt` and `Gemfile.lock`, where hashes are a per-file opt-in, a file with no hash at all is one finding. In `requirements.txt`, requirements that name no version at all (`requests`) are one more finding of their own: they are not merely unverified but unpinned, and pip refuses them in hash-checking mode. The fix names the package manager of the lockfile's format.",
  fix: 'Regenerate the entry with a current package manager so that it records the integrity hash (`npm install`, `pnpm install`, `pip-compile --generate-hashes`, `bundle lock --add-checksums`); lock git sources to a full commit.',
  examples: {
    bad: '"node_modules/left-pad": {\n  "version": "1.3.0",\n  "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"\n}',
    good: '"node_modules/left-pad": {\n  "version": "1.3.0",\n  "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",\n  "integrity": "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEsoUVhG9+7pWkf+9WoqefhuRLwSfbyXl8NbArQuOwCVEzg=="\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  references: [
    'https://pip.pypa.io/en/stable/topics/secure-installs/',
    'https://github.com/pnpm/pnpm/pull/11966',
  ],
  check(model) {
    const hits: Hit[] = [];
    const checked = model.packages.filter((p) => !exempt(p));
    const bare = checked.filter((p) => noVersionAtAll(model, p));
    if (bare.length > 0) {
      // Grouped per file, like the rest of the rule: one `pip-compile` pins them all.
      const g = groupOf(bare.map((p) => ({ p, span: entrySpan(p) })));
      const names =
        g.ids.length === 1 ? `'${bare[0]!.name}' names` : `${g.ids.length} requirements (${g.named}) name`;
      hits.push(
        hit(
          g.first.span,
          `${names} no version at all, so pip installs whatever release the index calls newest at build time, with no hash to check it against${unmarkedNote(g)}.`,
          {
            severity: 'medium',
            evidence: `no version ${g.cover}`,
            fix: 'Pin an exact version with its hash (`name==<version> --hash=sha256:<digest>`); `pip-compile --generate-hashes` or `uv pip compile --generate-hashes` writes both from a requirements.in.',
            ...groupPackage(g),
            ...(g.related.length > 0 ? { related: g.related } : {}),
          },
        ),
      );
    }
    let index: LineIndex | undefined;
    const lines = (): LineIndex => (index ??= new LineIndex(model.text));
    // pip turns on hash checking for the whole file as soon as one requirement has a hash, and
    // Bundler writes CHECKSUMS for all gems or none: a file with no hash at all is one finding.
    if (OPT_IN_FORMATS.has(model.format) && checked.length > 0 && !checked.some(hasHash)) {
      const first = checked.reduce((a, b) => (b.line < a.line ? b : a));
      const how =
        model.format === 'requirements'
          ? 'generate hashes (`pip-compile --generate-hashes` or `uv pip compile --generate-hashes`) and install with `--require-hashes`'
          : 'run `bundle lock --add-checksums` so Bundler records and verifies a CHECKSUMS section';
      hits.push(
        hit(
          entrySpan(first),
          `None of the ${checked.length} packages in this lockfile carries a hash, so installs accept whatever bytes the index serves.`,
          { severity: 'medium', evidence: 'no hashes', fix: `To lock content, ${how}.` },
        ),
      );
      return hits;
    }
    const unversioned: GroupEntry[] = [];
    const byUrl: GroupEntry[] = [];
    for (const p of checked) {
      if (hasHash(p)) continue;
      // A git entry has no hash by design: lockfile/git-dependency reports each one, naming the
      // missing commit pin when there is none, so the same entry is not reported twice.
      if (p.source === 'git') continue;
      if (resolvedSha1(p)) continue; // a sha1 checksum: lockfile/weak-integrity reports it
      if (p.commit && isFullCommit(p.commit)) continue; // archive of a fixed commit
      // git-hosted archives of a full commit (codeload, Composer's GitHub zipballs): the commit is the pin
      if (isCommitArchive(parseSourceUrl(p.resolved))) continue;
      if (model.format === 'yarn-berry' && berryConditional(model, p, lines())) continue;
      if (noVersionAtAll(model, p)) continue; // its own finding above
      (p.resolved ? byUrl : unversioned).push({ p, span: entrySpan(p) });
    }
    // One finding per lockfile and kind: the entries of one lockfile lost their hashes the same way
    // (a tool that did not write them, a hand edit), and one regeneration fixes them all.
    if (unversioned.length > 0) {
      // Fetched by name and version from whatever registry is configured, unverified: the same
      // exposure as an unhashed pin in requirements.txt, so one step lower than a bare URL.
      const g = groupOf(unversioned);
      const message =
        g.ids.length === 1
          ? `${g.named} has neither a download URL nor an integrity hash: it is fetched by version from the configured registry and installed unverified.`
          : `${g.ids.length} packages (${g.named}) have neither a download URL nor an integrity hash: each is fetched by version from the configured registry and installed unverified${unmarkedNote(g)}.`;
      hits.push(
        hit(g.first.span, message, {
          severity: 'medium',
          evidence: `no integrity ${g.cover}`,
          fix: regenerateFix(model.format),
          ...groupPackage(g),
          ...(g.related.length > 0 ? { related: g.related } : {}),
        }),
      );
    }
    if (byUrl.length > 0) {
      const g = groupOf(byUrl);
      const what =
        g.ids.length === 1
          ? `${g.named} is downloaded from a URL`
          : `${g.ids.length} packages (${g.named}) are downloaded from URLs`;
      hits.push(
        hit(
          g.first.span,
          `${what} without an integrity hash, so whatever bytes the server returns are installed${unmarkedNote(g)}.`,
          {
            evidence: `url without integrity ${g.cover}`,
            fix: regenerateFix(model.format),
            ...groupPackage(g),
            ...(g.related.length > 0 ? { related: g.related } : {}),
          },
        ),
      );
    }
    return hits;
  },
});
