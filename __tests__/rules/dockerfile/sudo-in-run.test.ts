import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/sudo-in-run.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SUDO = /^sudo in a RUN step/;

ruleTester(rule, parseDockerfile).run({
  invalid: [
    {
      name: 'sudo apt-get',
      code: 'FROM x\nRUN sudo apt-get update\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 9, message: SUDO }],
    },
    {
      name: 'sudo after ;',
      code: 'FROM x\nRUN echo a; sudo -u app make\n',
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'sudo in a pipe',
      code: 'FROM x\nRUN curl -s https://x.test/k | sudo tee /etc/k\n',
      errors: [{ line: 2, column: 32 }],
    },
    {
      name: 'sudo on a continuation line',
      code: 'FROM x\nRUN apt-get update && \\\n    sudo apt-get install -y a\n',
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 9 }],
    },
    { name: 'sudo with options alone', code: 'FROM x\nRUN sudo -v\n', errors: [{ line: 2, column: 5 }] },
    {
      name: 'sudo inside sh -c',
      code: "FROM x\nRUN sh -c 'sudo make install'\n",
      errors: [{ line: 2, column: 12 }],
    },
    {
      name: 'sudo in a heredoc',
      code: 'FROM x\nRUN <<EOF\nsudo make install\nEOF\n',
      errors: [{ line: 3, column: 1 }],
    },
  ],
  valid: [
    { name: 'installing the sudo package', code: 'FROM x\nRUN apt-get install -y sudo\n' },
    { name: 'sudoers file', code: 'FROM x\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n' },
    { name: 'word sudo in text', code: 'FROM x\nRUN echo "do not use sudo"\n' },
    { name: 'visudo', code: 'FROM x\nRUN visudo -c\n' },
    { name: 'gosu', code: 'FROM x\nRUN gosu app true\n' },
  ],
});
