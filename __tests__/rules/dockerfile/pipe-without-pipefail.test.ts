import { expect, test } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/pipe-without-pipefail.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, parseDockerfile).run({
  invalid: [
    {
      name: 'curl | tar',
      code: 'FROM x\nRUN curl -fsSL https://x.test/t.tgz | tar -xz\n',
      errors: [
        {
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 9,
          message: '`curl` is piped into `tar` without pipefail',
        },
      ],
    },
    {
      name: 'two pipes in one RUN: one finding (one pipefail fixes both), the second as a related span',
      code: 'FROM x\nRUN curl -fsSL https://x.test/a.tgz | tar -xz && \\\n  wget -qO- https://x.test/k | gpg --dearmor -o /k.gpg\n',
      errors: [
        {
          line: 2,
          column: 5,
          message: '`curl` is piped into `tar` without pipefail (and 1 more pipe in this RUN)',
        },
      ],
    },
    {
      name: 'wget | gpg on a continuation line',
      code: 'FROM x\nRUN apt-get update && \\\n  wget -qO- https://x.test/k | gpg --dearmor -o /k.gpg\n',
      errors: [{ line: 3, column: 3, message: '`wget` is piped into `gpg`' }],
    },
    {
      name: 'pipefail set after the pipe',
      code: 'FROM x\nRUN curl https://x.test/a | tar x; set -o pipefail\n',
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'pipefail SHELL in another stage only',
      code: 'FROM x AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM y\nRUN curl https://x.test/a | tar x\n',
      errors: [{ line: 4, column: 5 }],
    },
    {
      name: 'heredoc without set -o pipefail',
      code: 'FROM x\nRUN <<EOF\ncurl https://x.test/a | tar x\nEOF\n',
      errors: [{ line: 3, column: 1 }],
    },
    {
      name: 'plain bash -c',
      code: 'FROM x\nRUN bash -c "curl https://x.test/a | tar x"\n',
      errors: [{ line: 2, column: 14 }],
    },
  ],
  valid: [
    {
      name: 'SHELL with pipefail',
      code: 'FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl https://x.test/a | tar x\n',
    },
    {
      name: 'set -euo pipefail first',
      code: 'FROM x\nRUN set -euo pipefail; curl https://x.test/a | tar x\n',
    },
    {
      name: 'set -o pipefail in a heredoc',
      code: 'FROM x\nRUN <<EOF\nset -o pipefail\ncurl https://x.test/a | tar x\nEOF\n',
    },
    {
      name: 'bash -o pipefail -c',
      code: 'FROM x\nRUN bash -o pipefail -c "curl https://x.test/a | tar x"\n',
    },
    {
      name: 'inherited from the parent stage',
      code: 'FROM x AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a\nRUN curl https://x.test/a | tar x\n',
    },
    { name: 'download not in a pipe', code: 'FROM x\nRUN curl -o a https://x.test/a && tar xf a\n' },
    { name: 'pipe without a download', code: 'FROM x\nRUN cat /etc/os-release | grep ID\n' },
    { name: 'download is the last element', code: 'FROM x\nRUN echo data | curl -d @- https://x.test/a\n' },
    {
      name: 'piped into a shell (remote-script-exec reports it)',
      code: 'FROM x\nRUN curl https://x.test/i | sh\n',
    },
  ],
});

test('the second pipe of a RUN is a related span of the one finding', async () => {
  const { runRule } = await import('../../helpers/rules.js');
  const hits = await runRule(
    rule,
    parseDockerfile,
    'FROM x\nRUN curl -fsSL https://x.test/a.tgz | tar -xz && \\\n  wget -qO- https://x.test/k | gpg --dearmor -o /k.gpg\n',
    'Dockerfile',
  );
  expect(hits).toHaveLength(1);
  expect(hits[0]!.related!.map((r) => [r.span.line, r.span.column, r.label])).toEqual([
    [3, 3, '`wget` piped into `gpg`'],
  ]);
});
