/**
 * The CLI's standard streams, with Unix manners: when the reader of a pipe goes away
 * (`bulkhead scan | head`), writing fails with EPIPE. That is no error of the scan: the process
 * stops writing, prints nothing, and ends with the exit code the run would have had anyway.
 */
import type { Writable } from 'node:stream';

export interface StdStreams {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether a reader closed stdout (then everything later written to it is dropped). */
  closed: () => boolean;
}

/** Whether an error is a closed pipe (or, on some systems, a reset socket) at the other end. */
export function isClosedPipe(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

/**
 * Wraps two writable streams. A closed pipe on either is swallowed (the later writes to it are
 * dropped); any other stream error is rethrown, as before.
 */
export function guardStreams(out: Writable, err: Writable): StdStreams {
  let outClosed = false;
  let errClosed = false;
  out.on('error', (e) => {
    if (!isClosedPipe(e)) throw e;
    outClosed = true;
  });
  err.on('error', (e) => {
    if (!isClosedPipe(e)) throw e;
    errClosed = true;
  });
  const write = (stream: Writable, closed: () => boolean, mark: () => void) => (s: string) => {
    if (closed() || stream.destroyed) return;
    try {
      stream.write(s);
    } catch (e) {
      if (!isClosedPipe(e)) throw e;
      mark();
    }
  };
  return {
    stdout: write(
      out,
      () => outClosed,
      () => (outClosed = true),
    ),
    stderr: write(
      err,
      () => errClosed,
      () => (errClosed = true),
    ),
    closed: () => outClosed,
  };
}

/** Reads a stream to its end as UTF-8, refusing more than `max` bytes. */
export async function readAll(stream: NodeJS.ReadableStream, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > max) throw new Error(`more than ${max} bytes; not read`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
