import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/insecure-build-flags.js';
import { positions, runRule } from '../../helpers/rules.js';

const F = 'FROM alpine:3.19\n';

describe('dockerfile/insecure-build-flags', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['--security=insecure', F + 'RUN --security=insecure make\n', [{ line: 2, column: 5 }]],
    [
      '--network=host with curl',
      F + 'RUN --network=host curl -fsSLo /x https://example.com/x\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'after a mount flag',
      F + 'RUN --mount=type=cache,target=/var/cache/apt --network=host apt-get update\n',
      [{ line: 2, column: 46 }],
    ],
    [
      'download on a continuation line',
      F + 'RUN --network=host \\\n    make && pip install requests\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'git clone',
      F + 'RUN --network=host git clone https://github.com/acme/x.git\n',
      [{ line: 2, column: 5 }],
    ],
    ['ONBUILD payload', F + 'ONBUILD RUN --security=insecure ./build.sh\n', [{ line: 2, column: 13 }]],
    [
      'both flags',
      F + 'RUN --security=insecure --network=host wget https://example.com/a\n',
      [
        { line: 2, column: 5 },
        { line: 2, column: 25 },
      ],
    ],
    [
      'python -m pip install',
      F + 'RUN --network=host python3 -m pip install flask==3.0.0\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'download in a heredoc',
      F + 'RUN --network=host <<EOF\nset -e\ncurl -fsSL https://example.com/x -o /x\nEOF\n',
      [{ line: 2, column: 5 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['host network without downloads', F + 'RUN --network=host ./integration-test.sh\n'],
    ['no network', F + 'RUN --network=none make test\n'],
    ['sandbox security', F + 'RUN --security=sandbox make\n'],
    ['download on the default network', F + 'RUN curl -fsSL https://example.com/x -o /x\n'],
    ['download word only as an argument', F + 'RUN --network=host echo curl wget\n'],
    ['default network flag', F + 'RUN --network=default apt-get update\n'],
    ['unknown flags are tolerated', F + 'RUN --weird=1 --network=host make\n'],
    [
      'curl to a service on the build host',
      F + 'RUN --network=host curl -fsS http://localhost:8080/health\n',
    ],
    ['curl --version', F + 'RUN --network=host curl --version\n'],
    ['git without fetching', F + 'RUN --network=host git status\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });

  it('names the download command and its line', async () => {
    const [hit] = await runRule(
      rule,
      parseDockerfile,
      F + 'RUN --network=host \\\n    make && pip install requests\n',
      'Dockerfile',
    );
    expect(hit!.message).toContain('`pip` on line 3');
    expect(hit!.span.endColumn).toBe(19);
  });
});
