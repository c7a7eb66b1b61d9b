import { describe, expect, it } from '@jest/globals';
import { hit, hitAt, spanAt, spanFromTo, spanOf } from '../../src/core/index.js';

describe('span helpers', () => {
  it('spanOf keeps only the four span fields', () => {
    const word = { line: 2, column: 5, endLine: 2, endColumn: 9, raw: 'sudo', value: 'sudo' };
    expect(spanOf(word)).toStrictEqual({ line: 2, column: 5, endLine: 2, endColumn: 9 });
  });

  it('spanFromTo runs from one start to another end, across lines', () => {
    expect(
      spanFromTo({ line: 3, column: 7 }, { line: 1, column: 1, endLine: 5, endColumn: 12 }),
    ).toStrictEqual({
      line: 3,
      column: 7,
      endLine: 5,
      endColumn: 12,
    });
  });

  it('spanAt covers a length on one line', () => {
    expect(spanAt({ line: 4, column: 10 }, 6)).toStrictEqual({
      line: 4,
      column: 10,
      endLine: 4,
      endColumn: 16,
    });
  });
});

describe('hit', () => {
  it('copies the span and keeps the extra fields', () => {
    const word = { line: 2, column: 5, endLine: 2, endColumn: 9, raw: 'sudo' };
    const h = hit(word, 'm', { evidence: 'sudo', scopeLine: 2, package: 'p' });
    expect(h).toStrictEqual({
      span: { line: 2, column: 5, endLine: 2, endColumn: 9 },
      message: 'm',
      evidence: 'sudo',
      scopeLine: 2,
      package: 'p',
    });
  });
});

describe('hitAt (a rule that knows only the start)', () => {
  it('covers the evidence on the start line', () => {
    expect(hitAt({ line: 1, column: 3 }, 'm', { evidence: 'no hashes' }).span).toStrictEqual({
      line: 1,
      column: 3,
      endLine: 1,
      endColumn: 12,
    });
  });

  it('covers one character without evidence, or with empty evidence', () => {
    expect(hitAt({ line: 7, column: 1 }, 'm').span).toStrictEqual({
      line: 7,
      column: 1,
      endLine: 7,
      endColumn: 2,
    });
    expect(hitAt({ line: 7, column: 1 }, 'm', { evidence: '' }).span.endColumn).toBe(2);
  });

  it('caps the length at 10,000 characters', () => {
    expect(hitAt({ line: 1, column: 5 }, 'm', { evidence: 'x'.repeat(50_000) }).span.endColumn).toBe(10_005);
  });
});
