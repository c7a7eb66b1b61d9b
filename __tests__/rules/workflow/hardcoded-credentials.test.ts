import { describe, expect, it } from '@jest/globals';
import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/hardcoded-credentials.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

/** A GitHub token shape, built so the test file itself holds no token-shaped literal. */
const GHP = ['gh', 'p_', 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('');
const y = (...lines: string[]) => [...lines, ''].join('\n');
const job = (...lines: string[]) => y('on: push', 'jobs:', '  test:', '    runs-on: ubuntu-24.04', ...lines);

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    {
      name: 'container credentials from secrets',
      code: job(
        '    container:',
        '      image: ghcr.io/acme/ci:1',
        '      credentials:',
        '        username: ${{ github.actor }}',
        '        password: ${{ secrets.GITHUB_TOKEN }}',
        '    steps:',
        '      - run: make',
      ),
    },
    {
      name: 'secret-named env from a secret or a shell variable',
      code: job(
        '    env:',
        '      API_KEY: ${{ secrets.API_KEY }}',
        '      DB_PASSWORD: $DB_PASS',
        '    steps:',
        '      - run: make',
      ),
    },
    {
      name: 'placeholders and settings are not credentials',
      code: job(
        '    env:',
        '      DB_PASSWORD: postgres',
        '      ADMIN_PASSWORD: changeme',
        '      TOKEN_FILE: /run/secrets/t',
        '      PASSWORD_AUTH: true',
        '    steps:',
        '      - run: make',
      ),
    },
    {
      name: "a test database's password in a job with service containers",
      code: job(
        '    services:',
        '      db:',
        '        image: postgres:16',
        '        env:',
        '          POSTGRES_PASSWORD: s3cretTestPw',
        '    env:',
        '      DB_PASSWORD: s3cretTestPw',
        '    steps:',
        '      - run: make test',
      ),
    },
    {
      name: 'a name that is not a secret, a short value',
      code: job(
        '    env:',
        '      SECRET_NAME: prod-api-key',
        '      API_KEY: abc',
        '    steps:',
        '      - run: make',
      ),
    },
  ],
  invalid: [
    {
      name: 'literal container registry password',
      code: job(
        '    container:',
        '      image: registry.example.com/ci:1',
        '      credentials:',
        '        username: ci',
        '        password: hunter2-Prod',
        '    steps:',
        '      - run: make',
      ),
      errors: [
        { line: 9, column: 19, endColumn: 31, severity: 'high', message: "the container of job 'test'" },
      ],
    },
    {
      name: 'literal service registry password (even a short one)',
      code: job(
        '    services:',
        '      cache:',
        '        image: registry.example.com/redis:7',
        '        credentials:',
        '          username: ci',
        '          password: pw123',
        '    steps:',
        '      - run: make',
      ),
      errors: [{ line: 10, column: 21, severity: 'high', message: "service 'cache'" }],
    },
    {
      name: 'a GitHub token inside a run script: the token span, not the line',
      code: job(
        '    steps:',
        '      - run: |',
        '          make',
        `          curl -H "Authorization: token ${GHP}" https://api.github.com/user`,
      ),
      errors: [{ line: 8, column: 41, endColumn: 81, severity: 'high', message: 'a GitHub token' }],
    },
    {
      name: 'a secret-named env with a literal value: medium',
      code: job(
        '    steps:',
        '      - run: make',
        '        env:',
        '          STRIPE_API_KEY: sk_live_notreal_1234',
      ),
      errors: [
        { line: 8, column: 27, severity: 'medium', message: 'sets STRIPE_API_KEY to a literal value' },
      ],
    },
    {
      name: 'a secret-named with: input',
      code: job(
        '    steps:',
        '      - uses: docker/login-action@v3',
        '        with:',
        '          username: ci',
        '          password: Sup3rS3cretPass',
      ),
      errors: [{ line: 9, column: 21, severity: 'medium', message: 'sets password to a literal' }],
    },
  ],
});

describe('masking', () => {
  it('never prints the value: not in the message, evidence or fix', async () => {
    const code = job(
      '    env:',
      `      GH_TOKEN: ${GHP}`,
      '      DEPLOY_PASSWORD: Sup3rS3cretPass',
      '    steps:',
      '      - run: make',
    );
    const hits = await runRule(rule, parseWorkflow, code, '.github/workflows/ci.yml');
    expect(hits).toHaveLength(2);
    for (const h of hits) {
      const text = `${h.message} ${h.evidence} ${h.fix}`;
      expect(text).not.toContain(GHP.slice(4));
      expect(text).not.toContain('Sup3rS3cretPass');
    }
  });
});
