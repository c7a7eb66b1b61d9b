import { ParseError } from '../position.js';
import { parseBun } from './bun.js';
import { findConflictMarkers, hostileToParseError, newModel } from './common.js';
import { parseCargo } from './cargo.js';
import { parseComposer } from './composer.js';
import { parseGemfileLock } from './gemfile.js';
import { parseGoSum } from './go-sum.js';
import type { LockfileFormat, LockfileModel } from './model.js';
import { parseNpm } from './npm.js';
import { parsePipfileLock } from './pipfile.js';
import { parsePnpm } from './pnpm.js';
import { parsePoetry } from './poetry.js';
import { parseRequirements } from './requirements.js';
import { parseUv } from './uv.js';
import { parseYarnBerry } from './yarn-berry.js';
import { parseYarnClassic } from './yarn-classic.js';

type Parser = (text: string, path: string) => LockfileModel;

const BY_NAME: Record<string, [LockfileFormat, Parser]> = {
  'package-lock.json': ['npm', parseNpm],
  'npm-shrinkwrap.json': ['npm', parseNpm],
  'pnpm-lock.yaml': ['pnpm', parsePnpm],
  'bun.lock': ['bun', parseBun],
  'Pipfile.lock': ['pipfile', parsePipfileLock],
  'poetry.lock': ['poetry', parsePoetry],
  'uv.lock': ['uv', parseUv],
  'go.sum': ['go-sum', parseGoSum],
  'Cargo.lock': ['cargo', parseCargo],
  'Gemfile.lock': ['gemfile', parseGemfileLock],
  'composer.lock': ['composer', parseComposer],
};

/** Yarn Berry lockfiles start their data with a `__metadata:` key; classic ones never have it. */
function isBerry(text: string): boolean {
  return text.startsWith('__metadata:') || text.includes('\n__metadata:');
}

/** Which format a lockfile path (and, for yarn.lock, its content) is; undefined = not a lockfile. */
export function lockfileFormat(text: string, path: string): [LockfileFormat, Parser] | undefined {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1]!;
  const parent = parts.length > 1 ? parts[parts.length - 2] : '';
  if (name === 'yarn.lock')
    return isBerry(text) ? ['yarn-berry', parseYarnBerry] : ['yarn-classic', parseYarnClassic];
  const known = BY_NAME[name];
  if (known) return known;
  if (name.endsWith('.txt') && (name.includes('requirements') || parent === 'requirements')) {
    return ['requirements', parseRequirements];
  }
  return undefined;
}

/**
 * Parses any supported lockfile into the common model. A file with git conflict markers is not
 * parsed: the model lists the markers (and no packages) for `lockfile/merge-conflict`. Unreadable
 * content throws ParseError.
 */
export function parseLockfile(text: string, path: string): LockfileModel {
  const found = lockfileFormat(text, path);
  if (!found) throw new ParseError(`'${path}' is not a lockfile Bulkhead can read`, 1, 1);
  const [format, parser] = found;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Valid JSON cannot hold a marker at a line start (strings have no raw newlines), so JSON
  // lockfiles look for markers only when they fail to parse; the others look first.
  const json = JSON_FORMATS.has(format);
  if (!json) {
    const markers = findConflictMarkers(text);
    if (markers.length > 0) return conflicted(text, path, format, markers);
  }
  try {
    return parser(text, path);
  } catch (e) {
    if (json && e instanceof ParseError) {
      const markers = findConflictMarkers(text);
      if (markers.length > 0) return conflicted(text, path, format, markers);
    }
    hostileToParseError(e, path);
  }
}

const JSON_FORMATS = new Set<LockfileFormat>(['npm', 'bun', 'pipfile', 'composer']);

function conflicted(
  text: string,
  path: string,
  format: LockfileFormat,
  markers: { line: number; column: number }[],
): LockfileModel {
  const model = newModel(text, path, format);
  model.conflictMarkers = markers;
  return model;
}
