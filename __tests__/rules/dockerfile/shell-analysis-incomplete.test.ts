import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/shell-analysis-incomplete.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const STOPPED = /^The shell analysis of this RUN stopped at a limit: /;

ruleTester(rule, parseDockerfile).run({
  invalid: [
    {
      name: 'eval nested 17 deep',
      code: `FROM x\nRUN ${'eval '.repeat(17)}true\n`,
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 4,
          message:
            /nested more than 16 deep \(line 2, column \d+\): the script nested there was not checked\. A download run there/,
        },
      ],
    },
    {
      name: 'more than 20,000 commands',
      code: `FROM x\nRUN echo ok\nRUN ${':;'.repeat(20_001)}true\n`,
      errors: [{ line: 3, column: 1, message: /more than 20,000 shell commands \(line 3, column \d+\)/ }],
    },
    {
      name: 'a script over the parser size, once per RUN whatever it holds',
      code: `FROM x\nRUN echo ${'w '.repeat(33_000)}\nRUN ${'eval '.repeat(17)}true ${'w '.repeat(33_000)}\n`,
      errors: [
        {
          line: 2,
          column: 1,
          message:
            /^The shell analysis of this RUN stopped at a limit: a script of more than 64,000 characters/,
        },
        { line: 3, column: 1, message: STOPPED },
      ],
    },
  ],
  valid: [
    { name: 'nested 16 deep is read whole', code: `FROM x\nRUN ${'eval '.repeat(16)}true\n` },
    { name: 'an ordinary RUN', code: 'FROM x\nRUN sh -c "eval \\"echo ok\\""\n' },
  ],
});
