import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/sudo-in-run.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = async (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/sudo-in-run', () => {
  const bad: [string, string, Expected[]][] = [
    ['sudo apt-get', 'FROM x\nRUN sudo apt-get update\n', [{ line: 2, column: 5 }]],
    ['sudo after ;', 'FROM x\nRUN echo a; sudo -u app make\n', [{ line: 2, column: 13 }]],
    ['sudo in a pipe', 'FROM x\nRUN curl -s https://x.test/k | sudo tee /etc/k\n', [{ line: 2, column: 32 }]],
    [
      'sudo on a continuation line',
      'FROM x\nRUN apt-get update && \\\n    sudo apt-get install -y a\n',
      [{ line: 3, column: 5 }],
    ],
    ['sudo with options alone', 'FROM x\nRUN sudo -v\n', [{ line: 2, column: 5 }]],
    ['sudo inside sh -c', "FROM x\nRUN sh -c 'sudo make install'\n", [{ line: 2, column: 12 }]],
    ['sudo in a heredoc', 'FROM x\nRUN <<EOF\nsudo make install\nEOF\n', [{ line: 3, column: 1 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['installing the sudo package', 'FROM x\nRUN apt-get install -y sudo\n'],
    ['sudoers file', 'FROM x\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n'],
    ['word sudo in text', 'FROM x\nRUN echo "do not use sudo"\n'],
    ['visudo', 'FROM x\nRUN visudo -c\n'],
    ['gosu', 'FROM x\nRUN gosu app true\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
