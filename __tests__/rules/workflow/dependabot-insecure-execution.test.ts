import { describe, expect, it } from '@jest/globals';
import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { classify } from '../../../src/scan/classify.js';
import { rule } from '../../../src/rules/workflow/dependabot-insecure-execution.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const entry = (eco: string, ...extra: string[]) => [
  `  - package-ecosystem: ${eco}`,
  '    directory: /',
  '    schedule:',
  '      interval: weekly',
  ...extra,
];
const cfg = (...lines: string[]) => ['version: 2', 'updates:', ...lines, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/dependabot.yml' }).run({
  valid: [
    { name: 'the default', code: cfg(...entry('pip')) },
    { name: 'deny', code: cfg(...entry('pip', '    insecure-external-code-execution: deny')) },
    { name: 'an empty file', code: '' },
    { name: 'a file without updates', code: 'version: 2\n' },
    {
      name: 'updates that is not a list (GitHub refuses the file)',
      code: 'version: 2\nupdates:\n  pip: allow\n',
    },
    {
      name: 'the key in a comment',
      code: cfg(...entry('pip', '    # insecure-external-code-execution: allow')),
    },
    {
      name: 'the word allow elsewhere',
      code: cfg(...entry('pip', '    allow:', '      - dependency-name: insecure-external-code-execution')),
    },
    {
      name: 'the same text in a workflow file is not Dependabot config',
      path: '.github/workflows/dependabot.yml',
      code: 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          insecure-external-code-execution: allow\n',
    },
    {
      name: 'dependabot.yml outside .github is not read as its config',
      path: 'docs/dependabot.yml',
      code: cfg(...entry('pip', '    insecure-external-code-execution: allow')),
    },
  ],
  invalid: [
    {
      name: 'allow: the span is the value',
      code: cfg(...entry('pip', '    insecure-external-code-execution: allow')),
      errors: [
        {
          line: 7,
          column: 39,
          endLine: 7,
          endColumn: 44,
          message:
            'insecure-external-code-execution: allow lets Dependabot run code from the manifests and dependencies it updates (pip)',
        },
      ],
    },
    {
      name: '.yaml spelling, quoted value',
      path: '.github/dependabot.yaml',
      code: cfg(...entry('bundler', '    insecure-external-code-execution: "allow"')),
      errors: [{ line: 7, column: 40, endColumn: 45, message: '(bundler)' }],
    },
    {
      name: 'one finding per entry that sets it',
      code: cfg(
        ...entry('pip', '    insecure-external-code-execution: allow'),
        ...entry('npm'),
        ...entry('mix', '    insecure-external-code-execution: allow', '    registries: "*"'),
      ),
      errors: [
        { line: 7, column: 39 },
        { line: 16, column: 39, message: '(mix)' },
      ],
    },
    {
      name: 'a setting shared through an anchor is one finding, at the anchor',
      code: [
        'version: 2',
        'x-defaults: &defaults',
        '  insecure-external-code-execution: allow',
        '  schedule:',
        '    interval: weekly',
        'updates:',
        '  - <<: *defaults',
        '    package-ecosystem: pip',
        '    directory: /',
        '  - <<: *defaults',
        '    package-ecosystem: bundler',
        '    directory: /',
        '',
      ].join('\n'),
      errors: [{ line: 3, column: 37, endColumn: 42, message: 'shared by 2 update entries' }],
    },
    {
      name: 'nested repository under the scan root',
      path: 'svc/.github/dependabot.yml',
      code: cfg(...entry('pip', '    insecure-external-code-execution: Allow')),
      errors: [{ line: 7, column: 39 }],
    },
  ],
});

describe('Dependabot config discovery and parsing', () => {
  it('is classified with the workflow files', () => {
    expect(classify('.github/dependabot.yml')).toBe('workflow');
    expect(classify('.github/dependabot.yaml')).toBe('workflow');
    expect(classify('svc/.github/dependabot.yml')).toBe('workflow');
    expect(classify('dependabot.yml')).toBeUndefined();
    expect(classify('.github/dependabot.yml.bak')).toBeUndefined();
  });

  it('reads the generic tree only: no jobs, triggers or uses', () => {
    const m = parseWorkflow(cfg(...entry('github-actions')), '.github/dependabot.yml');
    expect(m.type).toBe('dependabot');
    expect(m.jobs).toEqual([]);
    expect(m.uses).toEqual([]);
    expect(m.root?.get('updates')?.value.type).toBe('seq');
  });

  it('fails closed: invalid YAML and duplicate keys are parse errors', () => {
    expect(() => parseWorkflow('version: 2\nupdates: [\n', '.github/dependabot.yml')).toThrow(/invalid YAML/);
    expect(() =>
      parseWorkflow(cfg(...entry('pip', '    directory: /docs')), '.github/dependabot.yml'),
    ).toThrow(/invalid YAML/);
    expect(() => parseWorkflow('- updates\n', '.github/dependabot.yml')).toThrow(
      /Dependabot config file must be a mapping/,
    );
  });
});
