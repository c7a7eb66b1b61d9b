import { defineEngineRule } from '../../core/index.js';

/** Reported by the diff consumer (`integrityChangedHits` in formats/lockfile/diff.ts), not per file. */
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
