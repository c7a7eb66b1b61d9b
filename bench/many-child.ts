// The CLI as the many-findings bench runs it: `bulkhead scan ...` in a process of its own, which
// then reports what it cost (peak resident memory, CPU time) as one JSON line on file descriptor 3.
import { writeSync } from 'node:fs';
import { main } from '../src/cli/main.js';

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: false,
  env: process.env,
  cwd: process.cwd(),
});
const use = process.resourceUsage();
writeSync(
  3,
  `${JSON.stringify({ code, maxRssKiB: use.maxRSS, cpuMs: (use.userCPUTime + use.systemCPUTime) / 1000 })}\n`,
);
