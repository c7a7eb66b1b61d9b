import { defineEngineRule, type Hit } from '../../core/index.js';
import { packageKey, type LockfileDiff } from '../../formats/lockfile/diff.js';
import { short } from './util.js';

/** Needs the base version of the lockfile, so the base comparison (scan/base/) runs it, not the engine. */
export const rule = defineEngineRule({
  id: 'lockfile/integrity-changed',
  kind: 'lockfile',
  severity: 'high',
  title: 'Integrity hash changed for an unchanged version',
  description:
    'A published version is immutable on the public registries, so the same name and version cannot have new bytes. A change that keeps the version but rewrites its hash is what a lockfile-injection pull request looks like: the attacker updates the integrity to match their tarball so the install still verifies.',
  fix: "Restore the base branch's entry for this package (or delete it and reinstall from the registry) and find out why the hash changed.",
  examples: {
    bad: '-  "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="\n+  "integrity": "sha512-AAAAE57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="',
    good: '-  "version": "4.17.20",\n-  "integrity": "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA=="\n+  "version": "4.17.21",\n+  "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="',
    language: 'diff',
  },
});

export function message(id: string, baseIntegrity: string, newUrl?: string): string {
  const moved = newUrl !== undefined ? ` and its download URL changed to ${short(newUrl, 120)}` : '';
  return `${id} keeps its version but its integrity hash changed (was ${short(baseIntegrity, 40)})${moved}: a published version cannot have new bytes, so this entry was rewritten.`;
}

/** One hit per changed entry that counts, at the head entry's integrity value. */
export function integrityChangedHits(diff: LockfileDiff): Hit[] {
  const hits: Hit[] = [];
  for (const c of diff.changed) {
    // Only a new hash of the same algorithm counts: one added, dropped or re-encoded is an upgrade.
    if (!c.integrityDiffers) continue;
    const h = c.head;
    const id = packageKey(h);
    const line = h.integrityLine ?? h.line;
    const column = h.integrityLine !== undefined ? (h.integrityColumn ?? 1) : h.column;
    hits.push({
      message: message(
        id,
        c.base.integrity ?? '',
        c.fields.includes('resolved') ? (h.resolved ?? '(none)') : undefined,
      ),
      span: {
        line,
        column,
        endLine: line,
        endColumn: column + Math.max(1, Math.min((h.integrity ?? '').length, 10_000)),
      },
      evidence: `${id} ${short(h.integrity ?? '', 200)}`,
      package: id,
      fix: `Restore the base entry of ${id} (or delete it and reinstall from the registry) and find out why its hash changed.`,
    });
  }
  return hits;
}
