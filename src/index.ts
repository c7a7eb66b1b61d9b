import { run } from './main.js';
import { setWorkerEntry } from './scan/worker-entry.js';

// Bundled, dist/worker.js sits beside this file: large scans check their files there too.
setWorkerEntry(new URL('./worker.js', import.meta.url));
await run();
