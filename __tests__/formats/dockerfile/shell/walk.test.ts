import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../../src/formats/dockerfile/parse.js';
import { instructionsAsRun, runScripts } from '../../../../src/formats/dockerfile/shell/walk.js';

const TEXT = [
  'FROM alpine:3.20 AS build',
  'RUN apk add curl',
  'ONBUILD RUN curl -fsSL https://x.test/i.sh | sh',
  'ONBUILD COPY . /src',
  'FROM build',
  'RUN <<EOF',
  'set -e',
  '  wget https://x.test/a',
  'EOF',
  '  ONBUILD   RUN ["sh", "-c", "make"]',
  'ONBUILD',
  '',
].join('\n');

describe('runScripts', () => {
  const model = parseDockerfile(TEXT, 'Dockerfile');
  const runs = runScripts(model);

  it('yields every RUN in file order, each stage and each ONBUILD RUN included', () => {
    expect(
      runs.map((r) => ({
        inst: [r.inst.keyword, r.inst.span],
        owner: [r.owner.keyword, r.owner.span],
        scopeLine: r.scopeLine,
        stage: r.stage,
      })),
    ).toEqual([
      {
        inst: ['RUN', { line: 2, column: 1, endLine: 2, endColumn: 17 }],
        owner: ['RUN', { line: 2, column: 1, endLine: 2, endColumn: 17 }],
        scopeLine: 2,
        stage: 0,
      },
      {
        inst: ['RUN', { line: 3, column: 9, endLine: 3, endColumn: 48 }],
        owner: ['ONBUILD', { line: 3, column: 1, endLine: 3, endColumn: 48 }],
        scopeLine: 3,
        stage: 0,
      },
      {
        inst: ['RUN', { line: 6, column: 1, endLine: 9, endColumn: 4 }],
        owner: ['RUN', { line: 6, column: 1, endLine: 9, endColumn: 4 }],
        scopeLine: 6,
        stage: 1,
      },
      {
        inst: ['RUN', { line: 10, column: 13, endLine: 10, endColumn: 37 }],
        owner: ['ONBUILD', { line: 10, column: 3, endLine: 10, endColumn: 37 }],
        scopeLine: 10,
        stage: 1,
      },
    ]);
  });

  it('gives a plain RUN itself as owner, and an ONBUILD RUN the listed ONBUILD', () => {
    expect(runs[0]!.owner).toBe(runs[0]!.inst);
    expect(runs[1]!.owner).toBe(model.instructions[2]);
    expect(runs[1]!.owner.trigger).toBe(runs[1]!.inst);
    expect(runs[3]!.owner).toBe(model.instructions[6]);
  });

  it('carries the script with exact word positions (ONBUILD, heredoc and JSON form)', () => {
    const words = runs.map((r) =>
      r.script.commands.map((c) => [c.name, c.nameWord.line, c.nameWord.column, c.nameWord.endColumn]),
    );
    expect(words).toEqual([
      [['apk', 2, 5, 8]],
      [
        ['curl', 3, 13, 17],
        ['sh', 3, 46, 48],
      ],
      [
        ['set', 7, 1, 4],
        ['wget', 8, 3, 7],
      ],
      [
        ['sh', 10, 18, 22],
        ['make', 10, 31, 35],
      ],
    ]);
    const heredocRun = runs[2]!.script.commands[1]!;
    expect(heredocRun.nesting).toBe('heredoc');
    expect(heredocRun.args.map((a) => [a.value, a.line, a.column, a.endColumn])).toEqual([
      ['https://x.test/a', 8, 8, 24],
    ]);
  });

  it('builds the list once per model', () => {
    expect(runScripts(model)).toBe(runs);
  });
});

describe('instructionsAsRun', () => {
  it('replaces each ONBUILD by its trigger, owned by the ONBUILD, and skips an empty ONBUILD', () => {
    const model = parseDockerfile(TEXT, 'Dockerfile');
    expect(
      [...instructionsAsRun(model)].map(({ inst, owner }) => [inst.keyword, owner.keyword, owner.span.line]),
    ).toEqual([
      ['FROM', 'FROM', 1],
      ['RUN', 'RUN', 2],
      ['RUN', 'ONBUILD', 3],
      ['COPY', 'ONBUILD', 4],
      ['FROM', 'FROM', 5],
      ['RUN', 'RUN', 6],
      ['RUN', 'ONBUILD', 10],
    ]);
    expect(model.instructions.map((i) => i.keyword)).toEqual([
      'FROM',
      'RUN',
      'ONBUILD',
      'ONBUILD',
      'FROM',
      'RUN',
      'ONBUILD',
      'ONBUILD',
    ]);
  });
});
