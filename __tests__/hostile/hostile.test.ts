/**
 * Issue 18, "Proven under attack": every parser fed hostile input from generated tables, run
 * through the CLI in every format. Each case must finish in bounded time, exit 0/1/2 as
 * documented, give exactly its reviewed findings (an unreadable input is a finding), read nothing
 * outside the tree, and leave every channel (JSON, SARIF, markdown, text, check-run payload,
 * workflow commands) well formed and free of injection.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { channels } from './channels.js';
import { formatCases, specialCases } from './cases.js';
import { EXPECTED } from './expected.js';
import { build, cleanup, isCouldNotCheck, OUTSIDE_CANARY, brief, type HostileCase } from './harness.js';

afterAll(cleanup);

const CASES: HostileCase[] = [...formatCases(), ...specialCases()];

/** Per case, the four formats together; generous for a loaded 2-core CI runner. */
const BOUND_MS = 15_000;

test('the table has at least 60 cases, each with a reviewed expectation, names unique', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  expect(CASES.map((c) => c.name).filter((n) => EXPECTED[n] === undefined)).toEqual([]);
  expect(Object.keys(EXPECTED).filter((n) => !CASES.some((c) => c.name === n))).toEqual([]);
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('bounded, exact, confined, and every channel clean', async () => {
    const root = build(c);
    const t = performance.now();
    const r = await channels(root, ['--offline', ...(c.args ?? [])]);
    expect(performance.now() - t).toBeLessThan(BOUND_MS);
    const want = EXPECTED[c.name]!;
    expect(r.code).toBe(want.exit);
    if (c.exit !== undefined) expect(r.code).toBe(c.exit);
    for (const run of Object.values(r.runs)) {
      expect(run.stdout + run.stderr).not.toContain(OUTSIDE_CANARY);
      expect(run.stdout).not.toContain(root);
    }
    if (r.code === 2) {
      // One line on stderr, no stack, nothing on stdout.
      expect(r.runs.json!.stdout).toBe('');
      expect(r.runs.json!.stderr).toMatch(/^bulkhead: [^\n]*\n$/);
      return;
    }
    const findings = r.findings!;
    expect(
      findings.map((f) => `${f.ruleId} ${f.path} ${f.startLine}:${f.startColumn} ${f.severity}`),
    ).toEqual(want.findings);
    if (c.couldNotCheck) expect(findings.filter(isCouldNotCheck).map(brief)).toEqual(c.couldNotCheck);
    for (const f of findings) {
      expect(f.path.startsWith('/') || f.path.startsWith('../')).toBe(false);
      expect(f.startLine).toBeGreaterThanOrEqual(1);
      expect(f.startColumn).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});
