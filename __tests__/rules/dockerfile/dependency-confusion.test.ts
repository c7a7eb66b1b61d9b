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
    // Issue 10: the public index beside a private one (or a URL only known at build time).
    [
      'PyPI as an explicit extra index beside a vendor index',
      P +
        'RUN pip install --index-url https://download.pytorch.org/whl/cpu --extra-index-url https://pypi.org/simple torch\n',
      [{ line: 2, column: 66 }],
    ],
    [
      'PyPI as --index-url with a private extra index',
      P + `RUN pip install -i https://pypi.org/simple --extra-index-url ${X} acme==1.0\n`,
      [{ line: 2, column: 44 }],
    ],
    [
      'a public mirror as --index-url with a private extra index',
      P + `RUN pip install -i https://mirrors.aliyun.com/pypi/simple/ --extra-index-url ${X} acme==1.0\n`,
      [{ line: 2, column: 60 }],
    ],
    [
      'an Artifactory remote (proxy) repository beside a local one',
      P +
        'RUN pip install --index-url https://af.example.com/api/pypi/pypi-remote/simple --extra-index-url https://af.example.com/api/pypi/pypi-local/simple acme==1.0\n',
      [{ line: 2, column: 80 }],
    ],
    [
      'an extra index only known at build time',
      P + `ARG EXTRA\nRUN pip install --index-url ${X} --extra-index-url $EXTRA acme==1.0\n`,
      [{ line: 3, column: 70 }],
    ],
    [
      'an --index-url only known at build time',
      P + 'ARG IDX\nRUN pip install --index-url $IDX --extra-index-url https://pypi.nvidia.com tensorrt\n',
      [{ line: 3, column: 34 }],
    ],
    [
      'ENV PIP_EXTRA_INDEX_URL from an ARG (home-assistant), PyPI by default',
      P +
        'ARG EXTRA_INDEX_URL=https://wheels.home-assistant.io/musllinux-index/\nENV PIP_EXTRA_INDEX_URL=$EXTRA_INDEX_URL\nRUN pip install acme\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'ENV PIP_INDEX_URL set only after a pip install used the extra index',
      P +
        `ENV PIP_EXTRA_INDEX_URL=${X}\nRUN pip install acme\nENV PIP_INDEX_URL=https://pypi2.internal/simple\n`,
      [{ line: 2, column: 5 }],
    ],
    [
      'pip.conf with a private index-url and PyPI as the extra index',
      "FROM x\nRUN printf '[global]\\nindex-url = https://pypi.internal/simple\\nextra-index-url = https://pypi.org/simple\\n' > /etc/pip.conf\n",
      [{ line: 2, column: 65 }],
    ],
    [
      'pipx --pip-args with a private index-url and PyPI as the extra index',
      P + `RUN pipx install --pip-args="--index-url ${X} --extra-index-url https://pypi.org/simple" acme\n`,
      [{ line: 2, column: 18 }],
    ],
    [
      'uv unsafe strategy with a private default index and PyPI',
      P +
        `RUN uv pip install --index-strategy unsafe-best-match --default-index ${X} --index pypi=https://pypi.org/simple acme\n`,
      [{ line: 2, column: 112 }],
    ],
    [
      'pip config set: a private index-url and PyPI as the extra index',
      P +
        `RUN pip config set global.index-url ${X} && pip config set global.extra-index-url https://pypi.org/simple\n`,
      [{ line: 2, column: 96 }],
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

  it('reports a command once, at its first extra index, the others related', async () => {
    const hits = await run(
      P + `RUN pip install --extra-index-url ${X} --extra-index-url https://b.internal/simple acme\n`,
    );
    expect(positions(hits)).toEqual([{ line: 2, column: 17 }]);
    expect(hits[0]!.related).toEqual([
      { span: { line: 2, column: 76, endLine: 2, endColumn: 93 }, label: 'another extra index' },
    ]);
    expect(hits[0]!.message).toContain('PyPI (the default index)');
  });

  it('names an index without its credentials', async () => {
    const [hit] = await run(
      P +
        'ARG TOKEN\nRUN pip install --extra-index-url https://__token__:${TOKEN}@gitlab.com/api/v4/projects/1/packages/pypi/simple acme\n',
    );
    expect(hit!.message).toContain('`https://gitlab.com/api/v4/projects/1/packages/pypi/simple`');
    expect(hit!.message).not.toContain('TOKEN');
  });

  it('names a value only known at build time as written, without credentials', async () => {
    const [hit] = await run(
      P + `ARG HOST\nARG PW\nENV PIP_INDEX_URL=${X} PIP_EXTRA_INDEX_URL=https://u:\${PW}@\${HOST}/simple\n`,
    );
    expect(positions([hit!])).toEqual([{ line: 4, column: 60 }]);
    expect(hit!.message).toContain('`https://${HOST}/simple` (only known at build time)');
    expect(hit!.message).toContain('if the index only known at build time is (or proxies) the public index');
    expect(hit!.message).not.toContain('PW');
  });

  const good: [string, string][] = [
    // Issue 10: every index is private (nobody outside can upload), or every index is public.
    [
      'vendor indexes only (jupyter pytorch-notebook)',
      P +
        "RUN pip install -v --no-cache-dir --extra-index-url=https://pypi.nvidia.com --index-url 'https://download.pytorch.org/whl/cu128' \\\n    'torch' 'torchaudio'\n",
    ],
    ['two private indexes', P + `RUN pip install -i ${X} --extra-index-url https://b.internal/simple acme\n`],
    [
      'private indexes from variables with known values',
      P +
        'ARG IDX=https://download.pytorch.org/whl/cpu\nRUN pip install --index-url $IDX --extra-index-url https://pypi.nvidia.com torch\n',
    ],
    [
      'credentials only known at build time on a private index',
      P +
        'ARG TOKEN\nRUN pip install --index-url https://download.pytorch.org/whl/cpu --extra-index-url https://__token__:${TOKEN}@gitlab.com/api/v4/projects/1/packages/pypi/simple acme\n',
    ],
    [
      'a local wheel directory beside a private index',
      P + `RUN pip install -i ${X} --extra-index-url file:///wheels acme\n`,
    ],
    [
      'a PyPI mirror as the extra index, nothing private',
      P + 'RUN pip install --extra-index-url https://pypi.tuna.tsinghua.edu.cn/simple requests\n',
    ],
    ['PyPI itself as the extra index', P + 'ENV PIP_EXTRA_INDEX_URL=https://pypi.org/simple/\n'],
    [
      'ENV PIP_INDEX_URL and PIP_EXTRA_INDEX_URL, both private, in one ENV',
      P + `ENV PIP_INDEX_URL=${X} PIP_EXTRA_INDEX_URL=https://b.internal/simple\nRUN pip install acme\n`,
    ],
    [
      'ENV PIP_INDEX_URL set before any pip runs',
      P + `ENV PIP_EXTRA_INDEX_URL=https://b.internal/simple\nENV PIP_INDEX_URL=${X}\nRUN pip install acme\n`,
    ],
    [
      'inline PIP_INDEX_URL and PIP_EXTRA_INDEX_URL, both private',
      P + `RUN PIP_INDEX_URL=${X} PIP_EXTRA_INDEX_URL=https://b.internal/simple pip install acme\n`,
    ],
    [
      'exported PIP_INDEX_URL before PIP_EXTRA_INDEX_URL',
      P +
        `RUN export PIP_INDEX_URL=${X} && export PIP_EXTRA_INDEX_URL=https://b.internal/simple && pip install acme\n`,
    ],
    [
      'pip.conf with a private index-url and private extra indexes on continuation lines',
      'FROM x\nCOPY <<EOF /etc/pip.conf\n[global]\nindex-url = https://pypi.internal/simple\nextra-index-url =\n    https://b.internal/simple\n    https://download.pytorch.org/whl/cpu\nEOF\n',
    ],
    [
      'requirements text with -i and --extra-index-url, both private',
      "FROM x\nRUN printf -- '-i https://pypi.internal/simple\\n--extra-index-url https://b.internal/simple\\n' > req.txt\n",
    ],
    [
      'pipx --pip-args with private indexes only',
      P + `RUN pipx install --pip-args="--index-url ${X} --extra-index-url https://b.internal/simple" acme\n`,
    ],
    [
      'pip config set: private index-url and extra index',
      P +
        `RUN pip config set global.index-url ${X} && pip config set global.extra-index-url https://b.internal/simple\n`,
    ],
    [
      'uv unsafe strategy with private indexes only',
      P +
        `RUN uv pip install --index-strategy unsafe-best-match --default-index ${X} --index b=https://b.internal/simple acme\n`,
    ],
    [
      'a script heredoc with private indexes only is not judged again as text',
      'FROM x\nRUN cat <<EOF | sh\npip install -i https://pypi.internal/simple \\\n  --extra-index-url https://b.internal/simple foo==1\nEOF\n',
    ],
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
