import { closeSync, constants, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';

/** A report as the renderers give it: one string, or pieces in order (see renderJsonChunks). */
export type ReportText = string | Iterable<string>;

/** About this many characters go to each write: few system calls, and a bounded buffer. */
const PIECE = 1 << 16;

/**
 * Joins a report's pieces into writes of about PIECE characters. Only the current write is held:
 * a report of any size is written with memory for one piece, never built whole.
 */
export function* batched(text: ReportText, size = PIECE): Generator<string, void, undefined> {
  if (typeof text === 'string') {
    if (text !== '') yield text;
    return;
  }
  let buf = '';
  for (const chunk of text) {
    buf += chunk;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

/**
 * Writes a report to a writer such as the CLI's stdout, a batch at a time. A writer that returns a
 * promise (a stream waiting for 'drain') is awaited before the next batch is made, so a slow
 * reader holds back the renderer instead of the report piling up in memory.
 */
export async function writeChunks(
  text: ReportText,
  write: (s: string) => unknown,
  /** True once the reader is gone (a closed pipe): the rest is then neither made nor written. */
  closed: () => boolean = () => false,
): Promise<void> {
  for (const piece of batched(text)) {
    if (closed()) return;
    const r = write(piece);
    if (r instanceof Promise) await r;
  }
}

/** Writes every batch to an open file descriptor (a short write is continued, never dropped). */
function writeAll(fd: number, text: ReportText): void {
  for (const piece of batched(text)) {
    const bytes = Buffer.from(piece, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
  }
}

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
 * scanned tree is the user's own, written as usual. The report is written as its pieces come
 * (`batched`), never joined into one string first.
 */
export function writeOutput(
  path: string,
  data: ReportText,
  trees: readonly string[],
  /** How the user spelled the path, for the error. */
  shown = path,
): void {
  const target = resolve(path);
  const tree = trees.map((t) => resolve(t)).find((t) => inside(t, target) && t !== target);
  if (tree === undefined) {
    const fd = openSync(target, 'w');
    try {
      writeAll(fd, data);
    } finally {
      closeSync(fd);
    }
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
      writeAll(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
