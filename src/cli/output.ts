import { closeSync, constants, lstatSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';

/** `-` and `/dev/stdout` mean the report goes to standard output, as without `--output`. */
export function isStdout(output: string): boolean {
  return output === '-' || output === '/dev/stdout';
}

function inside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Writes `--output`. A path inside the scanned tree is a path the scanned repository controls: a
 * cloned repository can plant `report.sarif -> ~/.bashrc`, or a linked directory, and the write
 * would overwrite whatever the link points at. So there, no component below the tree's top may
 * be a link, and the file is created new (O_EXCL | O_NOFOLLOW) and renamed into place, which
 * replaces a link planted after the check instead of writing through it. A path outside every
 * scanned tree is the user's own, written as usual.
 */
export function writeOutput(
  path: string,
  data: string,
  trees: readonly string[],
  /** How the user spelled the path, for the error. */
  shown = path,
): void {
  const target = resolve(path);
  const tree = trees.map((t) => resolve(t)).find((t) => inside(t, target) && t !== target);
  if (tree === undefined) {
    writeFileSync(target, data);
    return;
  }
  const parts = relative(tree, target).split(/[\\/]/);
  let at = tree;
  for (const part of parts) {
    at = join(at, part);
    let st;
    try {
      st = lstatSync(at);
    } catch {
      break; // Missing: the open below fails on a missing directory, or creates the file.
    }
    if (st.isSymbolicLink())
      throw new ConfigurationError(
        `--output: ${shown} goes through a symbolic link inside the scanned tree (${relative(tree, at)}); not written. Write the report outside the scanned tree, or remove the link.`,
      );
  }
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    try {
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
