import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/pipe-without-pipefail.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = async (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/pipe-without-pipefail', () => {
  const bad: [string, string, Expected[]][] = [
    ['curl | tar', 'FROM x\nRUN curl -fsSL https://x.test/t.tgz | tar -xz\n', [{ line: 2, column: 5 }]],
    [
      'wget | gpg on a continuation line',
      'FROM x\nRUN apt-get update && \\\n  wget -qO- https://x.test/k | gpg --dearmor -o /k.gpg\n',
      [{ line: 3, column: 3 }],
    ],
    [
      'pipefail set after the pipe',
      'FROM x\nRUN curl https://x.test/a | tar x; set -o pipefail\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'pipefail SHELL in another stage only',
      'FROM x AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM y\nRUN curl https://x.test/a | tar x\n',
      [{ line: 4, column: 5 }],
    ],
    [
      'heredoc without set -o pipefail',
      'FROM x\nRUN <<EOF\ncurl https://x.test/a | tar x\nEOF\n',
      [{ line: 3, column: 1 }],
    ],
    ['plain bash -c', 'FROM x\nRUN bash -c "curl https://x.test/a | tar x"\n', [{ line: 2, column: 14 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  const good: [string, string][] = [
    [
      'SHELL with pipefail',
      'FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl https://x.test/a | tar x\n',
    ],
    ['set -euo pipefail first', 'FROM x\nRUN set -euo pipefail; curl https://x.test/a | tar x\n'],
    [
      'set -o pipefail in a heredoc',
      'FROM x\nRUN <<EOF\nset -o pipefail\ncurl https://x.test/a | tar x\nEOF\n',
    ],
    ['bash -o pipefail -c', 'FROM x\nRUN bash -o pipefail -c "curl https://x.test/a | tar x"\n'],
    [
      'inherited from the parent stage',
      'FROM x AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a\nRUN curl https://x.test/a | tar x\n',
    ],
    ['download not in a pipe', 'FROM x\nRUN curl -o a https://x.test/a && tar xf a\n'],
    ['pipe without a download', 'FROM x\nRUN cat /etc/os-release | grep ID\n'],
    ['download is the last element', 'FROM x\nRUN echo data | curl -d @- https://x.test/a\n'],
    ['piped into a shell (remote-script-exec reports it)', 'FROM x\nRUN curl https://x.test/i | sh\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
