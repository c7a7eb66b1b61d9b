import { defineOnlineRule, type Hit } from '../../core/index.js';
import { pkgId } from './util.js';
import { publishedVersion, pypiReleases, registryReleases, releaseHit, whereNote } from './registry-check.js';

/** Longest part of a deprecation message quoted. */
const QUOTE_MAX = 200;

/**
 * A maintainer's deprecation message as one line of plain text for a finding: control characters,
 * line breaks and runs of white space become one space, backticks become `'` (so the text cannot
 * open a code span of the message), capped at 200 characters. The report's renderer escapes the
 * rest (markdown, links, mentions, bidi overrides).
 */
export function deprecationText(s: string): string {
  const flat = s
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .replace(/`/g, "'")
    .trim();
  return flat.length > QUOTE_MAX ? `${flat.slice(0, QUOTE_MAX - 1)}…` : flat;
}

export const rule = defineOnlineRule({
  id: 'lockfile/deprecated',
  kind: 'lockfile',
  severity: 'low',
  title: 'Locked version is deprecated',
  description:
    "The locked version carries a `deprecated` message in the npm registry's packument: its maintainers asked users to move off it (often for a bug or a vulnerability fixed elsewhere, sometimes because the package was abandoned or taken over). The message is quoted as plain text, on one line, cut at 200 characters. Only npm entries installed from the public registry (or from under `intel.npm-registry-url`) are checked, against `intel.npm-registry-url` only, from the packument the other registry rules fetch (no extra request). Python entries with an exact version are reported when PyPI's JSON API (`intel.pypi-url`) lists every file of the version as yanked (PEP 592: pip installs a yanked release only when pinned exactly, which a lockfile does), with the `yanked_reason` quoted the same way when there is one. One finding per release per lockfile, at its first entry, with the other entries locking it as related places. Runs only online (docs/online.md).",
  fix: 'Read the deprecation message; move to the version or package it names and regenerate the lockfile.',
  examples: {
    bad: '"node_modules/request": {\n  "version": "2.88.2"\n}  # deprecated: "request has been deprecated, see https://github.com/request/request/issues/3142"',
    good: '"node_modules/undici": {\n  "version": "6.21.0"\n}',
    language: 'text',
  },
  options:
    'Runs only when `intel.npm-registry-url` (npm entries) or `intel.pypi-url` (Python entries) is set (no default: no registry look-ups) and `online` is not `false`/`--offline`; `intel.timeout-ms`.',
  references: [
    'https://docs.npmjs.com/cli/v10/commands/npm-deprecate',
    'https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md',
  ],
  online: {
    appliesTo: 'lockfile',
    check(model, ctx, answers) {
      const hits: Hit[] = [];
      for (const r of registryReleases(model, ctx.config.intel['npm-registry-url'] ?? '', answers)) {
        const why = publishedVersion(r)?.deprecated;
        if (why === undefined) continue;
        const text = deprecationText(why);
        if (text === '') continue;
        const id = pkgId(r.group.first.p);
        hits.push(
          releaseHit(r, `${id}${whereNote(r.group)} is deprecated on the npm registry: '${text}'.`, {
            evidence: `${id} deprecated`,
            fix: `Read the deprecation message of ${id}; move to the version or package it names and regenerate the lockfile.`,
          }),
        );
      }
      for (const r of pypiReleases(model, ctx.config.intel['pypi-url'] ?? '', answers)) {
        // PEP 592 yanks files; PyPI yanks a release by yanking every file of it.
        if (r.files === undefined || r.files.length === 0 || !r.files.every((f) => f.yanked)) continue;
        const reason = r.files.find((f) => f.yankedReason !== undefined)?.yankedReason;
        const text = reason !== undefined ? deprecationText(reason) : '';
        const id = pkgId(r.group.first.p);
        hits.push(
          releaseHit(
            r,
            `${id}${whereNote(r.group)} is yanked on PyPI: ${text !== '' ? `'${text}'` : 'no reason given'}.`,
            {
              evidence: `${id} yanked`,
              fix: `Read why ${id} was yanked; move to another version of ${r.name} and lock again (pip installs a yanked version only when pinned exactly).`,
            },
          ),
        );
      }
      return hits;
    },
  },
});
