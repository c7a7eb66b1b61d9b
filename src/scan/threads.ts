/**
 * Checking files in worker threads (the main thread's side). Each worker rebuilds the scan's
 * shared state from plain data (`FileEnvInput` and the file list), checks the files it is handed
 * one at a time and posts back each file's `FileOutcome`; the engine merges the outcomes in file
 * order, so the report is the one a single-thread scan makes, order included.
 *
 * A worker that dies (a crash, an out-of-memory abort) loses no file: the file it was checking gets
 * scan/internal-error, the files queued behind it go to the other workers, and a fresh worker
 * takes its place.
 *
 * Loaded only when a scan uses threads (a dynamic import from the engine).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { DiscoveredFile } from './discover.js';
import { internalErrorOutcome, type FileEnvInput, type FileOutcome } from './engine.js';
import { workerEntry as registeredEntry } from './worker-entry.js';

/** Files handed to one worker at once: the next one is read while the current one is checked. */
const IN_FLIGHT = 2;

/** What the main thread sends a worker at start (`workerData`). */
export interface WorkerInit {
  bulkhead: 'scan-worker';
  files: DiscoveredFile[];
  /** Every file the rules may read beside the checked ones (a shard checks only some). */
  readable: DiscoveredFile[];
  input: FileEnvInput;
}

/** A worker's answer for one file. */
export interface WorkerReply {
  index: number;
  outcome: FileOutcome;
  /** What the checks logged, replayed on the main thread's logger. */
  logs: [keyof Logger, string][];
}

/**
 * Checks `files` in `threads` worker threads. Undefined when threads cannot be used here (no
 * worker module, or the inputs cannot be sent to one): the caller then checks them itself.
 */
export async function checkInWorkers(
  files: readonly DiscoveredFile[],
  input: FileEnvInput,
  threads: number,
  log: Logger,
  entry: URL | undefined = registeredEntry(),
  readable: readonly DiscoveredFile[] = files,
): Promise<FileOutcome[] | undefined> {
  if (!entry || (entry.protocol === 'file:' && !existsSync(fileURLToPath(entry)))) {
    log.debug(`threads: no worker module (${entry?.href ?? 'none registered'}); checking on one thread`);
    return undefined;
  }
  // Standard input's text never goes to a worker: scans of it are one file, below the threshold.
  if (files.length === 0) return [];
  const plain = (list: readonly DiscoveredFile[]) => list.map(({ text: _, ...f }) => f);
  const init: WorkerInit = {
    bulkhead: 'scan-worker',
    files: plain(files),
    readable: readable === files ? [] : plain(readable),
    input,
  };
  const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(files.length);
  const queue: number[] = files.map((_, i) => i);
  let done = 0;
  let first: Worker;
  try {
    first = new Worker(entry, { workerData: init });
  } catch (e) {
    log.debug(`threads: cannot start a worker (${(e as Error).message}); checking on one thread`);
    return undefined;
  }
  return new Promise<FileOutcome[]>((resolve) => {
    const live = new Set<Worker>();
    let finished = false;
    const finish = () => {
      finished = true;
      for (const w of live) void w.terminate();
      live.clear();
      resolve(outcomes as FileOutcome[]);
    };
    const settle = (index: number, outcome: FileOutcome) => {
      if (outcomes[index] !== undefined) return;
      outcomes[index] = outcome;
      done++;
    };
    const start = (w: Worker) => {
      const inFlight: number[] = [];
      let dead = false;
      live.add(w);
      const feed = () => {
        while (inFlight.length < IN_FLIGHT && queue.length > 0) {
          const i = queue.shift()!;
          inFlight.push(i);
          w.postMessage(i);
        }
      };
      const died = (why: string) => {
        if (dead || finished) return;
        dead = true;
        live.delete(w);
        void w.terminate();
        // Files are checked in the order sent: the oldest unanswered one is the one that was running.
        const [running, ...waiting] = inFlight;
        if (running !== undefined)
          settle(running, internalErrorOutcome(files[running]!.path, `worker thread died: ${why}`));
        queue.unshift(...waiting);
        if (done === files.length) return finish();
        // A replacement takes the queue on: every death settles a file, so this ends.
        let next: Worker;
        try {
          next = new Worker(entry, { workerData: init });
        } catch (e) {
          log.debug(`threads: cannot restart a worker (${(e as Error).message})`);
          if (live.size > 0) return;
          for (const i of queue.splice(0))
            settle(i, internalErrorOutcome(files[i]!.path, `worker thread died: ${why}`));
          return finish();
        }
        start(next);
      };
      w.on('message', (reply: WorkerReply) => {
        const at = inFlight.indexOf(reply.index);
        if (at !== -1) inFlight.splice(at, 1);
        for (const [level, message] of reply.logs) log[level](message);
        settle(reply.index, reply.outcome);
        if (done === files.length) return finish();
        feed();
      });
      w.on('error', (e) => died(e.message));
      w.on('exit', (code) => died(`exit code ${code}`));
      feed();
    };
    start(first);
    for (let n = 1; n < threads && queue.length > 0; n++) {
      try {
        start(new Worker(entry, { workerData: init }));
      } catch {
        break; // the workers already started do the work
      }
    }
  });
}
