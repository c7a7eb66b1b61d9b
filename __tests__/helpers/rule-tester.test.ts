import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../src/formats/dockerfile/parse.js';
import { onbuildVariant, shiftError } from './rule-tester.js';

describe('the ONBUILD variant of a Dockerfile case', () => {
  it('prefixes RUN, ADD and COPY at their keyword, not FROM, ENV or continuation lines', () => {
    const code = 'FROM x\nENV A=1\n  RUN a && \\\n    b\nCOPY a /b\nadd https://x.test/a /a\n';
    const v = onbuildVariant(parseDockerfile(code, 'Dockerfile'), code)!;
    expect(v.code).toBe(
      'FROM x\nENV A=1\n  ONBUILD RUN a && \\\n    b\nONBUILD COPY a /b\nONBUILD add https://x.test/a /a\n',
    );
    expect([...v.shifted]).toEqual([
      [3, 3],
      [5, 1],
      [6, 1],
    ]);
  });

  it('leaves heredoc bodies alone', () => {
    const code = 'FROM x\nRUN <<EOF\nRUN-like text\nEOF\n';
    const v = onbuildVariant(parseDockerfile(code, 'Dockerfile'), code)!;
    expect(v.code).toBe('FROM x\nONBUILD RUN <<EOF\nRUN-like text\nEOF\n');
  });

  it('is undefined when there is nothing ONBUILD can carry', () => {
    const code = 'FROM x\nUSER root\n';
    expect(onbuildVariant(parseDockerfile(code, 'Dockerfile'), code)).toBeUndefined();
  });

  it('shifts errors on a prefixed line at or after the keyword, and nothing else', () => {
    const shifted = new Map([[3, 3]]);
    expect(shiftError({ line: 3, column: 7, endLine: 3, endColumn: 9 }, shifted)).toEqual({
      line: 3,
      column: 15,
      endLine: 3,
      endColumn: 17,
    });
    expect(shiftError({ line: 3, column: 1 }, shifted)).toEqual({ line: 3, column: 1 });
    expect(shiftError({ line: 4, column: 5, endColumn: 6 }, shifted)).toEqual({
      line: 4,
      column: 5,
      endColumn: 6,
    });
    // A span from a prefixed line onto a continuation line: only the start moves.
    expect(shiftError({ line: 3, column: 7, endLine: 4, endColumn: 6 }, shifted)).toEqual({
      line: 3,
      column: 15,
      endLine: 4,
      endColumn: 6,
    });
  });
});
