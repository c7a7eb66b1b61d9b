// CLI entry: everything lives in cli/main.ts; this file only wires it to the process.
import { main } from './cli/main.js';
import { guardStreams, readAll } from './cli/process-io.js';
import { setWorkerEntry } from './scan/worker-entry.js';

// Bundled, dist/worker.js sits beside this file: large scans check their files there too.
setWorkerEntry(new URL('./worker.js', import.meta.url));

// A reader that goes away (`| head`) ends the output quietly, with the exit code the run has.
const std = guardStreams(process.stdout, process.stderr);

process.exitCode = await main(process.argv.slice(2), {
  stdout: std.stdout,
  stderr: std.stderr,
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  stdin: (max) => readAll(process.stdin, max),
  closed: std.closed,
  // The network is wired in here only: loaded when a scan is online, never by `main` itself.
  // GITHUB_TOKEN, when set, goes to the GitHub API of GITHUB_API_URL (else api.github.com) only.
  intel: async (settings) =>
    (await import('./intel/index.js')).createIntel(
      settings,
      {},
      {
        ...(process.env.GITHUB_TOKEN ? { token: process.env.GITHUB_TOKEN } : {}),
        ...(process.env.GITHUB_API_URL ? { apiUrl: process.env.GITHUB_API_URL } : {}),
      },
    ),
});
