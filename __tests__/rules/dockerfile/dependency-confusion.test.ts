import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/dependency-confusion.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');
const P = 'FROM python:3.12\n';
const X = 'https://pypi.internal.example.com/simple';

describe('dockerfile/dependency-confusion', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'pip --extra-index-url URL',
      P + `RUN pip install --extra-index-url ${X} acme==1.0\n`,
      [{ line: 2, column: 17 }],
    ],
    [
      'pip --extra-index-url=URL in a multi-line RUN',
      P + `RUN pip install \\\n    --no-cache-dir \\\n    --extra-index-url=${X} \\\n    acme==1.0\n`,
      [{ line: 4, column: 5 }],
    ],
    ['ENV PIP_EXTRA_INDEX_URL', P + `ENV LANG=C.UTF-8 PIP_EXTRA_INDEX_URL=${X}\n`, [{ line: 2, column: 18 }]],
    ['ARG with a default', P + `ARG PIP_EXTRA_INDEX_URL=${X}\n`, [{ line: 2, column: 5 }]],
    [
      'inline assignment',
      P + `RUN PIP_EXTRA_INDEX_URL=${X} pip install acme==1.0\n`,
      [{ line: 2, column: 5 }],
    ],
    [
      'export in the script',
      P + `RUN export PIP_EXTRA_INDEX_URL=${X} && pip install acme==1.0\n`,
      [{ line: 2, column: 12 }],
    ],
    ['pip config set', P + `RUN pip config set global.extra-index-url ${X}\n`, [{ line: 2, column: 20 }]],
    [
      'uv with an unsafe index strategy',
      P + `RUN uv pip install --index-strategy unsafe-best-match --extra-index-url ${X} acme==1.0\n`,
      [{ line: 2, column: 55 }],
    ],
    [
      'uv strategy from ENV',
      P + `ENV UV_INDEX_STRATEGY=unsafe-first-match\nRUN uv pip install --index ${X} acme==1.0\n`,
      [{ line: 3, column: 20 }],
    ],
    [
      'poetry supplemental source',
      P + `RUN poetry source add --priority=supplemental private ${X}\n`,
      [{ line: 2, column: 23 }],
    ],
    [
      'pipx --pip-args',
      P + `RUN pipx install --pip-args="--extra-index-url ${X}" acme==1.0\n`,
      [{ line: 2, column: 18 }],
    ],
    // Audit 2026-11: pip config and requirements text written into the image.
    [
      'pip.conf written by printf',
      "FROM x\nRUN printf '[global]\\nextra-index-url = https://pypi.internal/simple\\n' > /etc/pip.conf\n",
      [{ line: 2, column: 23 }],
    ],
    [
      'pip.conf from COPY <<EOF',
      'FROM x\nCOPY <<EOF /etc/pip.conf\n[global]\nextra-index-url = https://pypi.internal/simple\nEOF\n',
      [{ line: 4, column: 1 }],
    ],
    [
      'requirements line appended by echo',
      'FROM x\nRUN echo "--extra-index-url https://pypi.internal/simple" >> requirements.txt\n',
      [{ line: 2, column: 11 }],
    ],
    [
      'flag on a continuation line in bash <<EOF, reported once',
      'FROM x\nRUN bash <<EOF\npip install \\\n  --extra-index-url https://x.test/simple foo==1\nEOF\n',
      [{ line: 4, column: 3 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  it('explains the attack and the fix', async () => {
    const [hit] = await run(P + `RUN pip install --extra-index-url ${X} acme==1.0\n`);
    expect(hit!.message).toContain('highest version');
    expect(hit!.fix).toContain('--index-url');
    expect(hit).toMatchObject({ scopeLine: 2, evidence: '--extra-index-url' });
  });

  const good: [string, string][] = [
    ['a single --index-url', P + `RUN pip install --index-url ${X} acme==1.0\n`],
    ['uv on its default first-index strategy', P + `RUN uv pip install --extra-index-url ${X} acme==1.0\n`],
    ['uv index from ENV, default strategy', P + `ENV UV_EXTRA_INDEX_URL=${X}\nRUN uv sync --locked\n`],
    [
      'poetry explicit and primary sources',
      P +
        `RUN poetry source add --priority=explicit private ${X} && poetry source add --priority=primary p2 ${X}\n`,
    ],
    ['ARG without a value', P + 'ARG PIP_EXTRA_INDEX_URL\n'],
    ['global ARG not redeclared in a stage', `ARG PIP_EXTRA_INDEX_URL=${X}\n` + P],
    ['words of another command', P + `RUN echo --extra-index-url ${X}\n`],
    ['--trusted-host is another rule', P + 'RUN pip install --trusted-host pypi.internal acme==1.0\n'],
    [
      'echo that mentions the flag mid-line',
      'FROM x\nRUN echo "use pip install --extra-index-url https://x.test"\n',
    ],
    [
      'pip.conf with index-url only',
      "FROM x\nRUN printf '[global]\\nindex-url = https://pypi.internal/simple\\n' > /etc/pip.conf\n",
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
