import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { MAX_EXPANSION, substitute } from '../../src/formats/dockerfile/variables.js';
import { scanFiles } from '../helpers/rules.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const PINNED = `FROM debian:12.5@sha256:${'a'.repeat(64)}`;

/** `ARG A0=xxxxxxxx`, then A1 ... A24 each two copies of the one before: 8 × 2^24 characters. */
function chain(): string {
  const lines = ['ARG A0=xxxxxxxx'];
  for (let i = 1; i <= 24; i++) lines.push(`ARG A${i}=\${A${i - 1}}\${A${i - 1}}`);
  return lines.join('\n');
}

describe('variable expansion is bounded by size (issue 9, item 3)', () => {
  test('substitute: the cap is MAX_EXPANSION characters past the text, and reaching it is reported', () => {
    let capped = 0;
    const note = () => capped++;
    const fits = 'x'.repeat(MAX_EXPANSION + 4);
    expect(substitute('${X}', new Map([['X', fits]]), '\\', note)).toBe(fits);
    expect(substitute('${X}', new Map([['X', `${fits}x`]]), '\\', note)).toBeUndefined();
    expect(substitute('a$X', new Map([['X', `${fits}xx`]]), '\\', note)).toBeUndefined();
    // A default counts against the whole text's cap (`${U:-$X}` is 8 characters, 4 more than `${X}`).
    expect(substitute('${U:-$X}', new Map([['X', `${fits}xxxx`]]), '\\', note)).toBe(`${fits}xxxx`);
    expect(substitute('${U:-$X}', new Map([['X', `${fits}xxxxx`]]), '\\', note)).toBeUndefined();
    expect(capped).toBe(3);
    // Unknown is still unknown, not "too large".
    expect(substitute('${U}', new Map(), '\\', note)).toBeUndefined();
    expect(capped).toBe(3);
  });

  test('24 chained ARGs in a stage: no crash, one blocking finding at the first ARG past the cap', async () => {
    const t0 = performance.now();
    const res = await scanFiles({ Dockerfile: `${PINNED}\n${chain()}\nRUN echo \${A24}\nUSER app\n` });
    roots.push(res.root);
    expect(performance.now() - t0).toBeLessThan(5_000);
    // 8 × 2^14 = 131,072 characters is the first value more than 65,536 past `${A13}${A13}`.
    expect(res.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.startColumn, f.message])).toEqual([
      [
        'dockerfile/expansion-too-large',
        'high',
        16,
        5,
        'ARG A14 expands to more than 65,536 characters past its text; its value is treated as unknown, so what uses it is not checked.',
      ],
    ]);
  });

  test('the same chain before the first FROM, used in the image', async () => {
    const res = await scanFiles({ Dockerfile: `${chain()}\nFROM debian:\${A24}\nUSER app\n` });
    roots.push(res.root);
    expect(res.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.evidence])).toEqual([
      ['dockerfile/expansion-too-large', 'high', 15, 'A14=${A13}${A13}'],
    ]);
  });

  test('an instruction whose own words pass the cap', async () => {
    const big = 'y'.repeat(40_000);
    const res = await scanFiles({
      Dockerfile: `${PINNED}\nARG B=${big}\nCOPY --chown=\${B}\${B} a /a\nUSER app\n`,
    });
    roots.push(res.root);
    expect(res.findings.map((f) => [f.ruleId, f.startLine, f.startColumn, f.evidence])).toEqual([
      ['dockerfile/expansion-too-large', 3, 14, '${B}${B}'],
    ]);
  });

  test('expansions under the cap are left alone', async () => {
    const res = await scanFiles({
      Dockerfile: `${PINNED}\nARG A0=xxxxxxxx\nARG A1=\${A0}\${A0}\nRUN echo \${A1}\nUSER app\n`,
    });
    roots.push(res.root);
    expect(res.findings).toEqual([]);
  });
});
