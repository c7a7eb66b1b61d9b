import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/git-clone-unpinned.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');
const F = 'FROM alpine/git:2.45.2\n';
const U = 'https://github.com/acme/tool.git';
const SHA = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const SHA256 = '9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f';

describe('dockerfile/git-clone-unpinned', () => {
  const bad: [string, string, Expected[]][] = [
    ['default branch', F + `RUN git clone ${U} /src\n`, [{ line: 2, column: 15 }]],
    ['a branch name', F + `RUN git clone --depth 1 --branch main ${U}\n`, [{ line: 2, column: 34 }]],
    ['a tag is low', F + `RUN git clone -b v1.2.3 ${U}\n`, [{ line: 2, column: 18, severity: 'low' }]],
    [
      'a later checkout of a tag is low',
      F + `RUN git clone ${U} && cd tool && git checkout v1.2.3\n`,
      [{ line: 2, column: 15, severity: 'low' }],
    ],
    [
      'URL on a continuation line',
      F + `RUN apk add --no-cache make \\\n && git clone \\\n      ${U} /src\n`,
      [{ line: 4, column: 7 }],
    ],
    [
      'branch from an unknown variable is at best a tag',
      F + `ARG REF\nRUN git clone --branch "$REF" ${U}\n`,
      [{ line: 3, column: 24, severity: 'low' }],
    ],
    [
      'git -C and an scp-style URL',
      F + 'RUN git -C /src clone git@github.com:acme/tool.git\n',
      [{ line: 2, column: 23 }],
    ],
    [
      'a later checkout of a branch',
      F + `RUN git clone ${U} && git -C tool checkout develop\n`,
      [{ line: 2, column: 15 }],
    ],
    [
      'a SHA checkout in another stage does not count',
      F + `RUN git clone ${U} /src\nFROM alpine/git:2.45.2\nRUN git -C /src checkout ${SHA}\n`,
      [{ line: 2, column: 15 }],
    ],
    ['heredoc', F + `RUN <<EOF\nset -e\ngit clone ${U}\nEOF\n`, [{ line: 4, column: 11 }]],
    // The one pin grade: a major-version tag floats like a branch (DESIGN: `@v4` is floating).
    ['a major-version tag', F + `RUN git clone -b v4 ${U}\n`, [{ line: 2, column: 18 }]],
    [
      '--branch never names a commit, even when it looks like one',
      F + `RUN git clone --branch ${'abcdef'.repeat(6)}abcd ${U}\n`,
      [{ line: 2, column: 24 }],
    ],
    [
      'a later checkout of a short commit is low',
      F + `RUN git clone ${U} && git -C tool checkout ${SHA.slice(0, 7)}\n`,
      [{ line: 2, column: 15, severity: 'low' }],
    ],
    [
      'a later checkout of a major-version tag changes nothing',
      F + `RUN git clone ${U} && git -C tool checkout v4\n`,
      [{ line: 2, column: 15 }],
    ],
    [
      '--revision with a branch (at the flag)',
      F + `RUN git clone --revision=main ${U}\n`,
      [{ line: 2, column: 15 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  it('names the repository and the fix', async () => {
    const [hit] = await run(F + `RUN git clone --branch main ${U}\n`);
    expect(hit).toMatchObject({ package: `${U}@main`, evidence: 'main', scopeLine: 2 });
    expect(hit!.fix).toContain('checkout <40-hex-commit>');
  });

  const good: [string, string][] = [
    [
      'checkout of a full commit in the same RUN',
      F + `RUN git clone ${U} /src && cd /src && git checkout ${SHA}\n`,
    ],
    [
      'checkout in a later RUN of the stage',
      F + `RUN git clone ${U} /src\nWORKDIR /src\nRUN git checkout -q ${SHA}\n`,
    ],
    ['reset --hard to a commit', F + `RUN git clone ${U} && git -C tool reset --hard ${SHA}\n`],
    [
      'fetch of a commit',
      F +
        `RUN git clone --depth 1 ${U} t && git -C t fetch --depth 1 origin ${SHA} && git -C t checkout FETCH_HEAD\n`,
    ],
    ['--revision with a commit', F + `RUN git clone --revision=${SHA} ${U}\n`],
    ['--revision with a SHA-256 commit', F + `RUN git clone --revision=${SHA256} ${U}\n`],
    ['checkout of a SHA-256 commit', F + `RUN git clone ${U} && git -C tool checkout ${SHA256}\n`],
    [
      'checkout of an unknown variable is never guessed',
      F + `ARG COMMIT\nRUN git clone ${U} && git -C tool checkout "$COMMIT"\n`,
    ],
    ['a local clone', F + 'RUN git clone /src/repo /build\n'],
    ['words of another command', F + `RUN echo git clone ${U}\n`],
    [
      'checkout of a commit from a known ARG',
      F + `ARG COMMIT=${SHA}\nRUN git clone ${U} && git -C tool checkout \${COMMIT}\n`,
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
