import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../../src/formats/dockerfile/parse.js';
import { bodyPositions, evidenceText, within } from '../../../../src/formats/dockerfile/shell/positions.js';

describe('bodyPositions', () => {
  it('maps a verbatim body index to its file line and column', () => {
    const pos = bodyPositions('ab\ncd\n\nef', { line: 5, column: 7 });
    expect([0, 1, 2, 3, 4, 6, 7, 8].map((i) => pos(i))).toEqual([
      { line: 5, column: 7 },
      { line: 5, column: 8 },
      { line: 5, column: 9 },
      { line: 6, column: 1 },
      { line: 6, column: 2 },
      { line: 7, column: 1 },
      { line: 8, column: 1 },
      { line: 8, column: 2 },
    ]);
  });
});

describe('evidenceText', () => {
  const model = parseDockerfile('FROM x\nRUN curl -fsSL https://x.test/a \\\n  | sh\n', 'Dockerfile');

  it('quotes the first line of a span without its line continuation', () => {
    expect(evidenceText(model, { line: 2, column: 5, endLine: 3, endColumn: 7 })).toBe(
      'curl -fsSL https://x.test/a',
    );
    expect(evidenceText(model, { line: 3, column: 5, endLine: 3, endColumn: 7 })).toBe('sh');
  });

  it('caps long evidence at 160 characters', () => {
    const long = parseDockerfile(`FROM x\nRUN echo ${'a'.repeat(300)}\n`, 'Dockerfile');
    const t = evidenceText(long, { line: 2, column: 5, endLine: 2, endColumn: 310 });
    expect(t).toBe(`echo ${'a'.repeat(152)}...`);
    expect(t).toHaveLength(160);
  });
});

describe('within', () => {
  it('treats the span end as exclusive', () => {
    const s = { line: 2, column: 3, endLine: 4, endColumn: 5 };
    expect([
      within({ line: 2, column: 3 }, s),
      within({ line: 2, column: 2 }, s),
      within({ line: 3, column: 1 }, s),
      within({ line: 4, column: 4 }, s),
      within({ line: 4, column: 5 }, s),
    ]).toEqual([true, false, true, true, false]);
  });
});
