import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defaultConfig, type IgnoreEntry } from '../../src/config/schema.js';
import { compareFindings, normalizeEvidence, type Finding } from '../../src/core/index.js';
import { applySuppressions } from '../../src/scan/engine.js';
import { fingerprintOf } from '../../src/scan/fingerprint.js';

type Pending = Parameters<typeof applySuppressions>[0][number];

const RULES = ['dockerfile/base-image-latest', 'dockerfile/base-image-unpinned'];
const PATHS = ['a/Dockerfile', 'b/Dockerfile', 'Dockerfile'];
/** Hides base-image-unpinned in b/Dockerfile: those go to `suppressed`. */
const IGNORE: IgnoreEntry[] = [{ rule: RULES[1]!, path: 'b/Dockerfile', reason: 'reviewed' } as IgnoreEntry];

/**
 * The dedupe and fingerprint steps as they were written before they were made linear in memory (a
 * set of every key, a counter keyed by path): kept findings, then hidden ones, sorted stably, the
 * first of exact repeats kept, the occurrence counted per rule, path and evidence.
 */
function reference(pending: Pending[]): { reported: string[]; hidden: string[] } {
  const hides = (p: Pending) => p.ruleId === RULES[1] && p.path === 'b/Dockerfile';
  const all = [...pending.filter((p) => !hides(p)), ...pending.filter(hides)].map((p) => ({
    ...p,
    fingerprint: '',
    hidden: hides(p),
  })) as (Finding & { hidden: boolean })[];
  all.sort(compareFindings);
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  const reported: string[] = [];
  const hidden: string[] = [];
  for (const f of all) {
    const key = `${f.ruleId}\0${f.path}\0${f.startLine}\0${f.startColumn}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const basis = f.evidence ?? f.message;
    const okey = `${f.ruleId}\0${f.path}\0${normalizeEvidence(basis)}`;
    const n = occurrences.get(okey) ?? 0;
    occurrences.set(okey, n + 1);
    (f.hidden ? hidden : reported).push(`${show(f)} ${fingerprintOf(f.ruleId, f.path, basis, n)}`);
  }
  return { reported, hidden };
}

const show = (f: Pick<Finding, 'ruleId' | 'path' | 'startLine' | 'startColumn' | 'message' | 'evidence'>) =>
  `${f.path}:${f.startLine}:${f.startColumn} ${f.ruleId} ${f.message} [${f.evidence ?? ''}]`;

const pendingArb = fc.record({
  ruleId: fc.constantFrom(...RULES),
  path: fc.constantFrom(...PATHS),
  startLine: fc.integer({ min: 1, max: 4 }),
  startColumn: fc.integer({ min: 1, max: 2 }),
  message: fc.constantFrom('m1', 'm2'),
  evidence: fc.option(fc.constantFrom('FROM x', ' FROM   x ', 'FROM y'), { nil: undefined }),
});

describe('dedupe and fingerprints without key sets', () => {
  it('match the set-based reference on random findings (repeats, evidence shared across lines, hidden ones)', () => {
    fc.assert(
      fc.property(fc.array(pendingArb, { maxLength: 40 }), (raw) => {
        const pending: Pending[] = raw.map((r, i) => ({
          ...r,
          severity: 'high',
          endLine: r.startLine,
          endColumn: r.startColumn + 1,
          // The order of equal findings decides which survives: make it visible.
          fix: `fix ${i}`,
          ...(r.evidence === undefined ? { evidence: undefined } : {}),
        }));
        for (const p of pending) if (p.evidence === undefined) delete p.evidence;
        const { findings, suppressed } = applySuppressions(
          pending.map((p) => ({ ...p })),
          [],
          { config: { ...defaultConfig(), ignore: IGNORE } },
        );
        const want = reference(pending);
        const mine = (f: Finding) => !f.ruleId.startsWith('config/');
        expect(findings.filter(mine).map((f) => `${show(f)} ${f.fingerprint}`)).toEqual(want.reported);
        expect(suppressed.map((f) => `${show(f)} ${f.fingerprint}`)).toEqual(want.hidden);
        // The first of exact repeats (in input order, reported before hidden) is the one kept.
        for (const f of [...findings.filter(mine), ...suppressed]) {
          const first = pending.find(
            (p) =>
              p.ruleId === f.ruleId &&
              p.path === f.path &&
              p.startLine === f.startLine &&
              p.startColumn === f.startColumn &&
              p.message === f.message,
          )!;
          expect(f.fix).toBe(first.fix);
        }
      }),
      { numRuns: 300, seed: 10 },
    );
  });

  it('numbers repeated evidence per rule and file, across lines, and starts again in each file', () => {
    const at = (path: string, line: number, evidence: string): Pending => ({
      ruleId: RULES[0]!,
      severity: 'high',
      message: `m${line}`,
      path,
      startLine: line,
      startColumn: 1,
      endLine: line,
      endColumn: 2,
      evidence,
    });
    const { findings } = applySuppressions(
      [
        at('b', 2, 'FROM x'),
        at('a', 3, 'FROM  x'),
        at('a', 1, 'FROM x'),
        at('b', 1, 'FROM x'),
        at('a', 1, 'FROM x'),
      ],
      [],
      { config: defaultConfig() },
    );
    expect(findings.map((f) => [f.path, f.startLine, f.fingerprint])).toEqual([
      ['a', 1, fingerprintOf(RULES[0]!, 'a', 'FROM x', 0)],
      ['a', 3, fingerprintOf(RULES[0]!, 'a', 'FROM x', 1)],
      ['b', 1, fingerprintOf(RULES[0]!, 'b', 'FROM x', 0)],
      ['b', 2, fingerprintOf(RULES[0]!, 'b', 'FROM x', 1)],
    ]);
  });
});
