import { parseWorkflow } from '../../../src/formats/workflow/parse.js';
import { rule } from '../../../src/rules/workflow/unpinned-container-image.js';
import { defaultConfig } from '../../../src/config/schema.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const D = `sha256:${'a1'.repeat(32)}`;
/** A workflow with one job whose body lines (indented by four spaces) are `body`. */
const job = (...body: string[]) =>
  [
    'on: push',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-24.04',
    ...body,
    '    steps:',
    '      - run: make test',
    '',
  ].join('\n');
const steps = (...lines: string[]) =>
  ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', ...lines, ''].join('\n');

ruleTester(rule, parseWorkflow, { path: '.github/workflows/ci.yml' }).run({
  valid: [
    { name: 'container pinned by digest', code: job(`    container: node:20.11.1@${D}`) },
    {
      name: 'mapping form pinned, with options and credentials',
      code: job(
        '    container:',
        `      image: ghcr.io/acme/build:1.2@${D}`,
        '      options: --cpus 2',
        '      credentials:',
        '        username: ${{ github.actor }}',
        '        password: ${{ secrets.GITHUB_TOKEN }}',
      ),
    },
    {
      name: 'services pinned, with ports and options',
      code: job(
        '    services:',
        '      db:',
        `        image: postgres:16.4@${D}`,
        '        ports: ["5432:5432"]',
        '        options: >-',
        '          --health-cmd pg_isready',
        `      cache: "redis:7@${D}"`,
      ),
    },
    { name: 'docker:// with digest', code: steps(`      - uses: docker://alpine:3.20@${D}`) },
    { name: 'registry with a port and digest', code: job(`    container: localhost:5000/img@${D}`) },
    {
      name: 'runs.image: Dockerfile builds the action itself',
      path: 'action.yml',
      code: "name: x\nruns:\n  using: docker\n  image: Dockerfile\n  args: ['--flag']\n",
    },
    {
      name: 'runs.image: a Dockerfile path',
      path: 'tools/act/action.yaml',
      code: 'name: x\nruns:\n  using: docker\n  image: ./docker/Dockerfile\n',
    },
    {
      name: 'runs.image: docker:// with digest',
      path: 'action.yml',
      code: `name: x\nruns:\n  using: docker\n  image: docker://ghcr.io/acme/act:1@${D}\n`,
    },
    {
      name: 'static matrix of pinned images',
      code: job(
        '    strategy:',
        '      matrix:',
        `        image: ["node:20@${D}", "node:22@${D}"]`,
        '    container: ${{ matrix.image }}',
      ),
    },
    {
      name: 'dynamic matrix: not guessed',
      code: job(
        '    strategy:',
        '      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}',
        '    container: ${{ matrix.image }}',
      ),
    },
    {
      name: 'a tag from an input could carry a digest: not guessed',
      code: job('    container: postgres:${{ inputs.tag }}'),
    },
    {
      name: 'matrix entries with an empty container run on the runner',
      code: job(
        '    strategy:',
        '      matrix:',
        '        include:',
        "          - container: ''",
        `          - container: "debian:12@${D}"`,
        '    container: ${{ matrix.container }}',
      ),
    },
    {
      name: 'a condition on the matrix choosing a pinned image or nothing',
      code: job(
        '    strategy:',
        '      matrix:',
        '        name: [Tests, Lint]',
        '    services:',
        '      db:',
        `        image: \${{ matrix.name == 'Tests' && 'postgres:17.5@${D}' || '' }}`,
      ),
    },
    {
      name: 'a condition on an input choosing an image: not guessed',
      code: job("    container: ${{ inputs.image || 'node:20' }}"),
    },
    { name: 'container: null', code: job('    container: ~') },
    { name: 'no container, a plain job', code: job() },
    { name: 'an action uses: is not an image', code: steps('      - uses: actions/checkout@v4') },
  ],
  invalid: [
    {
      name: 'string container with a version tag: medium, exact span',
      code: job('    container: node:20.11.1'),
      errors: [{ line: 5, column: 16, endColumn: 28, severity: 'medium', message: 'is pinned by tag only' }],
    },
    {
      name: 'untagged container: high',
      code: job('    container: node'),
      errors: [{ line: 5, column: 16, endColumn: 20, message: 'has no tag, so it means :latest' }],
    },
    {
      name: 'mapping form image, quoted: span inside the quotes',
      code: job('    container:', '      image: "ubuntu:latest"', '      options: --user 1001'),
      errors: [{ line: 6, column: 15, endColumn: 28, message: 'uses :latest' }],
    },
    {
      name: 'services with ports and options, each its own finding',
      code: job(
        '    services:',
        '      db:',
        '        image: postgres:16',
        '        ports:',
        '          - 5432:5432',
        '        options: --health-cmd pg_isready',
        '      redis: redis',
      ),
      errors: [
        { line: 7, column: 16, endColumn: 27, severity: 'medium', message: "The service 'db' of job 'test'" },
        { line: 11, column: 14, endColumn: 19, message: "The service 'redis'" },
      ],
    },
    {
      name: 'docker:// steps: span of the image after the scheme',
      code: steps('      - uses: docker://alpine:3.20', '      - uses: docker://ghcr.io/acme/tool'),
      errors: [
        { line: 6, column: 24, endColumn: 35, severity: 'medium', message: 'uses a floating tag' },
        { line: 7, column: 24, endColumn: 41, message: 'has no tag' },
      ],
    },
    {
      name: 'docker:// with a malformed digest',
      code: steps('      - uses: docker://alpine@sha256:1234'),
      errors: [{ line: 6, column: 24, severity: 'medium', message: 'malformed digest' }],
    },
    {
      name: 'registry with a port is not read as a tag',
      code: job('    container: registry.local:5000/build'),
      errors: [{ line: 5, column: 16, message: 'has no tag' }],
    },
    {
      name: 'runs.image: docker:// in action metadata',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: docker\n  image: "docker://ghcr.io/acme/act:v1"\n',
      errors: [
        {
          line: 4,
          column: 20,
          endColumn: 39,
          severity: 'medium',
          message: 'The Docker action runs the image',
        },
      ],
    },
    {
      name: 'docker:// in a composite action step',
      path: 'action.yml',
      code: 'name: x\nruns:\n  using: composite\n  steps:\n    - uses: docker://busybox:latest\n',
      errors: [{ line: 5, column: 22, message: 'uses :latest' }],
    },
    {
      name: 'static matrix: one finding at the container value, worst severity',
      code: job(
        '    strategy:',
        '      matrix:',
        `        image: ["node:20", "node:latest", "node:22@${D}"]`,
        '    container: ${{ matrix.image }}',
      ),
      errors: [
        {
          line: 8,
          column: 16,
          endColumn: 35,
          message: "'node:20' uses a floating tag; 'node:latest' uses :latest",
        },
      ],
    },
    {
      name: 'static matrix with include, tag-only values: medium',
      code: job(
        '    strategy:',
        '      matrix:',
        '        node: [18, 20]',
        '        include:',
        '          - node: 22',
        '    container: node:${{ matrix.node }}-alpine',
      ),
      errors: [{ line: 10, column: 16, severity: 'medium', message: "'node:22-alpine' uses a floating tag" }],
    },
    {
      name: 'a literal chosen by a condition on the matrix is graded; the empty branch is no service',
      code: job(
        '    strategy:',
        '      matrix:',
        '        name: [Tests, Lint]',
        '    services:',
        '      db:',
        "        image: ${{ (matrix.name == 'Tests') && 'postgres:17.5' || '' }}",
        "      cache: ${{ matrix.name == 'Tests' && 'redis' || '' }}",
      ),
      errors: [
        {
          line: 10,
          column: 16,
          endColumn: 72,
          severity: 'medium',
          message: "'postgres:17.5' uses a floating tag",
        },
        { line: 11, column: 14, message: "'redis' has no tag" },
      ],
    },
    {
      name: 'an unknown registry cannot add a digest: reported',
      code: job('    container: ${{ env.REGISTRY }}/app:1.2.3'),
      errors: [
        {
          line: 5,
          column: 16,
          severity: 'medium',
          message: 'has no digest whatever ${{ env.registry }} holds',
        },
      ],
    },
    {
      name: 'an unknown registry before an untagged name: high',
      code: job('    services:', '      db:', '        image: ${{ vars.MIRROR }}/postgres'),
      errors: [{ line: 7, column: 16, message: 'has no tag whatever' }],
    },
    {
      name: 'dynamic matrix, but the known tail decides: reported',
      code: job(
        '    strategy:',
        '      matrix: ${{ fromJSON(inputs.matrix) }}',
        '    container: ${{ matrix.distro }}:latest',
      ),
      errors: [{ line: 7, column: 16, message: 'uses :latest whatever' }],
    },
    {
      name: 'an anchored service image reused by alias is one finding, at the anchor',
      code: job(
        '    services:',
        '      a:',
        '        image: &pg postgres:16',
        '      b:',
        '        image: *pg',
      ),
      errors: [{ line: 7, column: 20, severity: 'medium' }],
    },
  ],
});

describe('unpinned-container-image related spans', () => {
  it('points at each unpinned matrix value', () => {
    const code = job(
      '    strategy:',
      '      matrix:',
      `        image: ["node:20", "node:22@${D}"]`,
      '    container: ${{ matrix.image }}',
    );
    const model = parseWorkflow(code, '.github/workflows/ci.yml');
    const hits = rule.check(model as never, {
      path: '.github/workflows/ci.yml',
      config: defaultConfig(),
      workspace: { read: () => undefined },
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.related).toEqual([
      { span: { line: 7, column: 18, endLine: 7, endColumn: 25 }, label: "matrix value 'node:20'" },
    ]);
    expect(hits[0]!.severity).toBe('medium');
  });

  it('names each alias of an anchored image as a related place', () => {
    const code = job(
      '    services:',
      '      a:',
      '        image: &pg postgres:16',
      '      b:',
      '        image: *pg',
    );
    const model = parseWorkflow(code, '.github/workflows/ci.yml');
    const hits = rule.check(model as never, {
      path: '.github/workflows/ci.yml',
      config: defaultConfig(),
      workspace: { read: () => undefined },
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.related).toEqual([
      {
        span: { line: 9, column: 16, endLine: 9, endColumn: 19 },
        label: 'the same image, reused through an alias',
      },
    ]);
  });
});
