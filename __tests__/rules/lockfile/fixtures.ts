import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import type { LockfileModel, Package } from '../../../src/formats/lockfile/model.js';

export const SHA512 = 'sha512-' + 'A'.repeat(86) + '==';
export const SHA1 = 'sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=';
export const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/**
 * An npm v3 package-lock.json with the given entries first and the root ("") last, so that the
 * first entry's key is on line 7 (column 5), its fields on the lines after it in the order given
 * (`resolved` values start at column 20, `integrity` values at column 21).
 */
export function npmLock(
  entries: Record<string, Record<string, unknown>>,
  rootDeps: Record<string, string> = {},
): string {
  const packages: Record<string, unknown> = {
    ...entries,
    '': { name: 'app', version: '1.0.0', dependencies: rootDeps },
  };
  return (
    JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) +
    '\n'
  );
}

export function reg(
  name: string,
  version: string,
  integrity: string | null = SHA512,
): Record<string, unknown> {
  const base = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return {
    version,
    resolved: `https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`,
    ...(integrity !== null ? { integrity } : {}),
  };
}

export function parse(text: string, path = 'package-lock.json'): LockfileModel {
  return parseLockfile(text, path);
}

/** A hand-built model, for shapes a parser does not produce from a small fixture. */
export function model(packages: Partial<Package>[], extra: Partial<LockfileModel> = {}): LockfileModel {
  return {
    path: 'package-lock.json',
    text: '',
    format: 'npm',
    importers: ['.'],
    registries: [],
    conflictMarkers: [],
    ...extra,
    packages: packages.map((p, i) => ({
      ecosystem: 'npm',
      name: 'pkg',
      version: '1.0.0',
      source: 'registry',
      line: 10 + i * 10,
      column: 5,
      ...p,
    })) as Package[],
  };
}
