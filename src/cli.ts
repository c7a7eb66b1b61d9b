// CLI entry: everything lives in cli/main.ts; this file only wires it to the process.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
});
