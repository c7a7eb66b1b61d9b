// Worker-thread entry (dist/worker.js): scans started by dist/cli.js or dist/index.js check files here.
import { serveScanWorker } from './scan/worker.js';

serveScanWorker();
