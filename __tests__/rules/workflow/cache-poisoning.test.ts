import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/cache-poisoning.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const TAGS = ['on:', '  push:', "    tags: ['v*']"];
/** A tag-push workflow whose one job `publish` has `steps`. */
const wf = (on: string[], ...steps: string[]) =>
  [...on, 'jobs:', '  publish:', '    runs-on: ubuntu-24.04', '    steps:', ...steps, ''].join('\n');
const PUB = '      - uses: pypa/gh-action-pypi-publish@v1.12.3';
const PY = ['      - uses: actions/setup-python@v5.3.0', '        with:', "          python-version: '3.12'"];

ruleTester(rule, parseWorkflow, { path: '.github/workflows/release.yml' }).run({
  valid: [
    { name: 'release job without a cache', code: wf(TAGS, ...PY, '      - run: python -m build', PUB) },
    {
      name: 'cache toggled off for tags by an expression (zizmor #1940)',
      code: wf(
        TAGS,
        ...PY,
        "          cache: ${{ !startsWith(github.ref, 'refs/tags/') && 'pip' || '' }}",
        PUB,
      ),
    },
    {
      name: 'a cache in a push-to-branch CI workflow that publishes nothing',
      code: wf(
        ['on:', '  push:', '    branches: [main]'],
        ...PY,
        '          cache: pip',
        '      - run: pytest',
      ),
    },
    {
      name: 'a cache in a tag workflow job that does not publish (tests on a tag)',
      code: wf(TAGS, ...PY, '          cache: pip', '      - run: pytest'),
    },
    {
      name: 'setup-go v3 (no default cache), cache: false on v5, lookup-only actions/cache',
      code: wf(
        ['on: release'],
        '      - uses: actions/setup-go@v3',
        '      - uses: actions/setup-go@v5',
        '        with:',
        '          cache: false',
        '      - uses: actions/cache@v4',
        '        with:',
        '          path: x',
        '          key: k',
        '          lookup-only: true',
        '      - uses: goreleaser/goreleaser-action@v6',
      ),
    },
    {
      name: 'a cache step kept off tag runs by its if:, and a job only for branch pushes',
      code: [
        'on:',
        '  push:',
        '    branches: [main]',
        "    tags: ['v*']",
        'jobs:',
        '  publish:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        "      - if: ${{ !startsWith(github.ref, 'refs/tags/') }}",
        '        uses: actions/cache@v4',
        '        with:',
        '          path: ~/.cache/pip',
        '          key: pip',
        '      - run: python -m build',
        PUB,
        '  nightly:',
        "    if: github.ref == 'refs/heads/main'",
        '    runs-on: ubuntu-24.04',
        '    steps:',
        ...PY,
        '          cache: pip',
        PUB,
        '',
      ].join('\n'),
    },
    {
      name: 'a tested job the release only needs for ordering (no artifact handed over)',
      code: [
        ...TAGS,
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        ...PY,
        '          cache: pip',
        '      - run: pytest',
        '  publish:',
        '    needs: test',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: python -m build',
        PUB,
        '',
      ].join('\n'),
    },
    {
      name: 'cache-mode: read under pull_request; cache-mode: write in a push workflow',
      code: [
        'on: pull_request',
        'cache-mode: read',
        'jobs:',
        '  t:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: make',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'setup-python cache: pip in a job that publishes to PyPI on a tag: high at the input',
      code: wf(TAGS, ...PY, '          cache: pip', '      - run: python -m build', PUB),
      errors: [
        { line: 11, column: 18, endLine: 11, endColumn: 21, severity: 'high', message: 'pypi-publish' },
      ],
    },
    {
      name: 'release event, setup-go v5 default cache and rust-cache: one finding per job, at the first',
      code: wf(
        ['on:', '  release:', '    types: [published]'],
        '      - uses: actions/setup-go@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v5.0.2',
        '      - uses: Swatinem/rust-cache@v2',
        '      - run: gh release upload "$TAG" dist/*',
      ),
      errors: [{ line: 8, column: 15, severity: 'high', message: 'v4+ restores' }],
    },
    {
      name: 'BuildKit type=gha cache in a pushed image build',
      code: wf(
        TAGS,
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          push: true',
        '          tags: ghcr.io/o/app:${{ github.ref_name }}',
        '          cache-from: type=gha',
      ),
      errors: [{ line: 12, column: 23, severity: 'high', message: 'type=gha' }],
    },
    {
      name: 'a build job whose artifact the publishing job downloads: medium',
      code: [
        ...TAGS,
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/setup-node@v4',
        '        with:',
        '          cache: npm',
        '      - run: npm ci && npm run build',
        '      - uses: actions/upload-artifact@v4',
        '        with:',
        '          name: dist',
        '          path: dist',
        '  publish:',
        '    needs: build',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/download-artifact@v4',
        '        with:',
        '          name: dist',
        '      - run: npm publish',
        '',
      ].join('\n'),
      errors: [{ line: 10, column: 18, severity: 'medium', message: 'builds what job `publish` publishes' }],
    },
    {
      name: 'cache-mode: write under pull_request_target (workflow level) and write-only in a job',
      code: [
        'on: [pull_request_target, push]',
        'cache-mode: write',
        'jobs:',
        '  t:',
        '    runs-on: ubuntu-24.04',
        '    cache-mode: write-only',
        '    steps:',
        '      - run: make',
        '',
      ].join('\n'),
      errors: [
        { line: 2, column: 13, severity: 'high', message: 'cache-mode: write' },
        { line: 6, column: 17, severity: 'high', message: 'write-only' },
      ],
    },
  ],
});
