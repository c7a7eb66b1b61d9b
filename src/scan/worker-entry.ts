/**
 * Where the worker thread's module is. The bundled entries (dist/cli.js, dist/index.js) name the
 * dist/worker.js beside them; the engine runs on one thread when none is named (the sources run
 * unbundled in tests, which pass their own).
 */
let entry: URL | undefined;

export function setWorkerEntry(url: URL): void {
  entry = url;
}

export function workerEntry(): URL | undefined {
  return entry;
}
