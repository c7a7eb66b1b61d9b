/**
 * The worker thread's side of threaded checking (see threads.ts): rebuilds the scan's shared
 * state from `workerData`, then checks each file index it is sent, strictly one after another and
 * in the order sent (the main thread relies on that order to know which file a dying worker was
 * checking), reading the next file while the current one is checked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { DiscoveredFile } from './discover.js';
import { checkOne, fileEnv, internalErrorOutcome, readText, wantsText, type FileOutcome } from './engine.js';
import type { WorkerInit, WorkerReply } from './threads.js';

/** Test seams: run before each file is checked (a test makes a worker die on a chosen file). */
export interface WorkerHooks {
  beforeCheck?(path: string): void;
}

/** Serves the main thread when this module runs as a scan worker; does nothing elsewhere. */
export function serveScanWorker(hooks: WorkerHooks = {}): void {
  const init = workerData as WorkerInit | undefined;
  if (!parentPort || init?.bulkhead !== 'scan-worker') return;
  const port = parentPort;
  // Buffers arrive as plain Uint8Arrays: the fs calls take Buffers (a name need not be UTF-8).
  const revive = (list: DiscoveredFile[]): DiscoveredFile[] =>
    list.map((f) => ({
      ...f,
      absPath: Buffer.from(f.absPath.buffer, f.absPath.byteOffset, f.absPath.byteLength),
    }));
  const files = revive(init.files);
  // Empty when every readable file is a checked one (no shard).
  const readable = init.readable.length > 0 ? revive(init.readable) : files;
  let logs: [keyof Logger, string][] = [];
  const log: Logger = {
    debug: (m) => logs.push(['debug', m]),
    info: (m) => logs.push(['info', m]),
    warning: (m) => logs.push(['warning', m]),
    error: (m) => logs.push(['error', m]),
  };
  const env = fileEnv(readable, init.input, log);
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (index: number) => {
    const file = files[index]!;
    // Started now, awaited in turn: the read overlaps the check of the file before it.
    const read = wantsText(file, env.caps) ? readText(file) : undefined;
    chain = chain.then(async () => {
      hooks.beforeCheck?.(file.path);
      let outcome: FileOutcome;
      try {
        outcome = await checkOne(file, read, env);
      } catch (e) {
        // checkOne reports parser and rule failures itself; anything else still settles the file.
        outcome = internalErrorOutcome(file.path, (e as Error).message);
      }
      const reply: WorkerReply = { index, outcome, logs };
      logs = [];
      port.postMessage(reply);
    });
  });
}
