/** Re-records expected.ts from a run of every case (review the diff before committing it). */
import { writeFileSync } from 'node:fs';
import { build, cli, cleanup } from './harness.js';
import { formatCases, specialCases } from './cases.js';
const out: Record<string, { exit: number; findings: string[] }> = {};
for (const c of [...formatCases(), ...specialCases()]) {
  const r = await cli(['scan', '.', '--format', 'json', '--offline', ...(c.args ?? [])], build(c));
  const findings =
    r.code === 2
      ? []
      : JSON.parse(r.stdout).findings.map(
          (f: { ruleId: string; path: string; startLine: number; startColumn: number; severity: string }) =>
            `${f.ruleId} ${f.path} ${f.startLine}:${f.startColumn} ${f.severity}`,
        );
  out[c.name] = { exit: r.code, findings };
}
cleanup();
const body = Object.entries(out)
  .map(([k, v]) => `  ${JSON.stringify(k)}: { exit: ${v.exit}, findings: ${JSON.stringify(v.findings)} },`)
  .join('\n');
writeFileSync(
  '__tests__/hostile/expected.ts',
  `/**
 * What each hostile case must produce (exit code; every finding as \`rule path line:column severity\`).
 * Recorded from a run and reviewed case by case (see docs/hostile.md); when a change moves one,
 * review the difference before accepting it: \`node scripts/run-ts.mjs __tests__/hostile/record.ts\`.
 */
export const EXPECTED: Record<string, { exit: number; findings: string[] }> = {
${body}
};
`,
);
