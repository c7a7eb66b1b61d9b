import { ParseError } from '../position.js';
import { formatOfFile } from '../lookup.js';
import { findConflictMarkers, hostileToParseError, locateNames, newModel } from './common.js';
import type { LockfileFormat, LockfileModel } from './model.js';

/**
 * Parses any registered lockfile into the common model. A file with git conflict markers is not
 * parsed: the model lists the markers (and no packages) for `lockfile/merge-conflict`. Unreadable
 * content throws ParseError.
 */
export function parseLockfile(text: string, path: string): LockfileModel {
  const format = formatOfFile('lockfile', path, text);
  if (!format) throw new ParseError(`'${path}' is not a lockfile Bulkhead can read`, 1, 1);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Valid JSON cannot hold a marker at a line start (strings have no raw newlines), so JSON
  // lockfiles look for markers only when they fail to parse; the others look first.
  const json = format.json === true;
  if (!json) {
    const markers = findConflictMarkers(text);
    if (markers.length > 0) return conflicted(text, path, format.name, markers);
  }
  let model: LockfileModel;
  try {
    model = format.parse(text, path);
  } catch (e) {
    if (json && e instanceof ParseError) {
      const markers = findConflictMarkers(text);
      if (markers.length > 0) return conflicted(text, path, format.name, markers);
    }
    hostileToParseError(e, path);
  }
  locateNames(model);
  return model;
}

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
