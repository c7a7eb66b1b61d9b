import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/use-trusted-publishing.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const y = (...lines: string[]) => [...lines, ''].join('\n');
const job = (...lines: string[]) =>
  y('on: release', 'jobs:', '  publish:', '    runs-on: ubuntu-24.04', '    steps:', ...lines);

ruleTester(rule, parseWorkflow, { path: '.github/workflows/release.yml' }).run({
  valid: [
    {
      name: 'a secret in a script line that publishes nothing',
      code: job('      - run: ./notify.sh ${{ secrets.SLACK_TOKEN }} released'),
    },
    {
      name: '_authToken for a private registry in a script',
      code: job('      - run: echo "//npm.example.com/:_authToken=${{ secrets.T }}" > .npmrc && npm publish'),
    },
    {
      name: 'pypi-publish with trusted publishing (no password)',
      code: job('      - uses: pypa/gh-action-pypi-publish@release/v1'),
    },
    {
      name: 'npm publish with the job token for GitHub Packages',
      code: job(
        '      - run: npm publish',
        '        env:',
        '          NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      ),
    },
    {
      name: 'a private npm registry has no trusted publishing',
      code: job(
        '      - uses: actions/setup-node@v4',
        '        with:',
        '          registry-url: https://npm.pkg.github.com',
        '      - run: npm publish',
        '        env:',
        '          NODE_AUTH_TOKEN: ${{ secrets.PKG_TOKEN }}',
      ),
    },
    {
      name: 'a private Python index',
      code: job(
        '      - uses: pypa/gh-action-pypi-publish@release/v1',
        '        with:',
        '          repository-url: https://pypi.internal.example/simple',
        '          password: ${{ secrets.INTERNAL_TOKEN }}',
      ),
    },
    {
      name: 'an npm read token for installing private dependencies (the job does not publish)',
      code: job(
        '      - run: npm ci && npm test',
        '        env:',
        '          NODE_AUTH_TOKEN: ${{ secrets.NPM_READ_TOKEN }}',
      ),
    },
    {
      name: 'a token minted by OIDC (crates-io-auth-action output)',
      code: job(
        '      - uses: rust-lang/crates-io-auth-action@v1',
        '        id: auth',
        '      - run: cargo publish',
        '        env:',
        '          CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a secret written into the npm registry _authToken in a script: at the expression',
      code: job(
        '      - run: |',
        '          echo "//registry.npmjs.org/:_authToken=${{ secrets.NPM_TOKEN }}" > ~/.npmrc',
        '          npm publish',
      ),
      errors: [{ line: 7, column: 50, endColumn: 74, message: '`_authToken` for the npm registry hands' }],
    },
    {
      name: 'twine upload with the token on its command line',
      code: job('      - run: twine upload -u __token__ -p ${{ secrets.PYPI }} dist/*'),
      errors: [{ line: 6, column: 43, message: 'an upload to PyPI' }],
    },
    {
      name: 'pypi-publish with a password: at the value',
      code: job(
        '      - uses: pypa/gh-action-pypi-publish@release/v1',
        '        with:',
        '          password: ${{ secrets.PYPI_TOKEN }}',
      ),
      errors: [{ line: 8, column: 21, endColumn: 46, message: 'to a publish to PyPI' }],
    },
    {
      name: 'NODE_AUTH_TOKEN from a secret with npm publish',
      code: job(
        '      - uses: actions/setup-node@v4',
        '        with:',
        '          registry-url: https://registry.npmjs.org',
        '      - run: npm publish --provenance',
        '        env:',
        '          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}',
      ),
      errors: [{ line: 11, column: 28, message: 'secrets.NPM_TOKEN to a publish to the npm registry' }],
    },
    {
      name: 'a job-level token used by two publish steps: one finding at the entry',
      code: y(
        'on: push',
        'jobs:',
        '  release:',
        '    runs-on: ubuntu-24.04',
        '    env:',
        '      TWINE_PASSWORD: ${{ secrets.PYPI }}',
        '    steps:',
        '      - run: twine upload dist/a/*',
        '      - run: twine upload dist/b/*',
      ),
      errors: [{ line: 6, column: 23, message: 'to a publish to PyPI' }],
    },
    {
      name: 'RubyGems and crates.io tokens',
      code: job(
        '      - run: gem push pkg/*.gem',
        '        env:',
        '          GEM_HOST_API_KEY: ${{ secrets.RUBYGEMS }}',
        '      - run: cargo publish',
        '        env:',
        '          CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES }}',
      ),
      errors: [
        { line: 8, column: 29, message: 'RubyGems' },
        { line: 11, column: 33, message: 'crates.io' },
      ],
    },
  ],
});
