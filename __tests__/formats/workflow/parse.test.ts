import { describe, expect, it } from '@jest/globals';
import { ParseError } from '../../../src/formats/position.js';
import { isActionMetadataPath, MAX_NODES, parseWorkflow } from '../../../src/formats/workflow/parse.js';
import type { WfNode, WfScalar } from '../../../src/formats/workflow/model.js';

const P = '.github/workflows/ci.yml';
const parse = (lines: string[], path = P) => parseWorkflow(lines.join('\n') + '\n', path);
const at = (s: { line: number; column: number; endLine: number; endColumn: number }) =>
  `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
const scalarValue = (n: WfNode | undefined) => (n as WfScalar).value;

function parseError(text: string, path = P): ParseError {
  try {
    parseWorkflow(text, path);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('no ParseError');
}

describe('on: in its three forms', () => {
  it('a string', () => {
    const m = parse(['on: push', 'jobs: {}']);
    expect(m.triggers.map((t) => [t.event, at(t.span)])).toEqual([['push', '1:5-1:9']]);
  });
  it('a list, with the quoted "on" key', () => {
    const m = parse(['"on": [push, "pull_request_target"]', 'jobs: {}']);
    expect(m.triggers.map((t) => [t.event, at(t.span)])).toEqual([
      ['push', '1:8-1:12'],
      ['pull_request_target', '1:15-1:34'],
    ]);
    expect(at(m.onSpan!)).toBe('1:1-1:5');
  });
  it('a mapping, with and without configuration', () => {
    const m = parse(['on:', '  workflow_dispatch:', '  pull_request:', '    types: [opened]', 'jobs: {}']);
    expect(m.triggers.map((t) => [t.event, at(t.span), t.config?.type])).toEqual([
      ['workflow_dispatch', '2:3-2:20', undefined],
      ['pull_request', '3:3-3:15', 'map'],
    ]);
  });
});

describe('run: scripts map every line to the file', () => {
  const lineSpans = (lines: string[]) =>
    parse(lines).jobs[0]!.steps[0]!.run!.lines.map((l) => [l.text, at(l.span)]);
  const job = ['on: push', 'jobs:', '  b:', '    runs-on: ubuntu-24.04', '    steps:'];

  it('literal block, with a more-indented line and an empty line', () => {
    expect(
      lineSpans([
        ...job,
        '      - run: |',
        '          make',
        '            --jobs 2',
        '',
        '          make test',
      ]),
    ).toEqual([
      ['make', '7:11-7:15'],
      ['  --jobs 2', '8:11-8:21'],
      ['', '9:1-9:1'],
      ['make test', '10:11-10:20'],
    ]);
  });

  it('strip (|-) and keep (|+) chomping', () => {
    expect(lineSpans([...job, '      - run: |-', '          a', '          b'])).toEqual([
      ['a', '7:11-7:12'],
      ['b', '8:11-8:12'],
    ]);
    const kept = parse([...job, '      - run: |+', '          a', '', 'x: 1']).jobs[0]!.steps[0]!.run!.script;
    expect(kept).toBe('a\n\n');
  });

  it('an indentation indicator (|2) keeps the extra blanks as content', () => {
    expect(lineSpans([...job, '      - run: |2', '            indented', '          less'])).toEqual([
      ['  indented', '7:11-7:21'],
      ['less', '8:11-8:15'],
    ]);
  });

  it('folded block: joined words keep their own lines', () => {
    const m = parse([
      ...job,
      '      - run: >-',
      '          npm install',
      '          left-pad',
      '        shell: bash',
    ]);
    const run = m.jobs[0]!.steps[0]!.run!;
    expect(run.script).toBe('npm install left-pad');
    const words = run.analysis!.commands[0]!.args.map((w) => [w.value, w.line, w.column]);
    expect(words).toEqual([
      ['install', 7, 15],
      ['left-pad', 8, 11],
    ]);
  });

  it('double-quoted with escapes and an escaped line break', () => {
    const m = parse([...job, '      - run: "echo \\"a\\"\\t\\', '          b"']);
    const run = m.jobs[0]!.steps[0]!.run!;
    expect(run.script).toBe('echo "a"\tb');
    const args = run.analysis!.commands[0]!.args.map((w) => [w.raw, w.line, w.column]);
    expect(args[0]).toEqual(['"a"', 6, 20]);
    expect(run.node.posAt(run.script.indexOf('b'))).toEqual({ line: 7, column: 11 });
  });

  it('single-quoted with a doubled quote; CRLF line ends', () => {
    const m = parseWorkflow(
      [...job, "      - run: 'echo ''x'' y'", '      - run: |', '          curl x', '          sh'].join(
        '\r\n',
      ) + '\r\n',
      P,
    );
    const [a, b] = m.jobs[0]!.steps;
    expect(a!.run!.script).toBe("echo 'x' y");
    expect(a!.run!.node.posAt(9)).toEqual({ line: 6, column: 26 });
    expect(b!.run!.lines.map((l) => [l.text, at(l.span)]).slice(0, 2)).toEqual([
      ['curl x', '8:11-8:17'],
      ['sh', '9:11-9:13'],
    ]);
  });

  it('expressions have file spans, multi-line ones included', () => {
    const m = parse([
      ...job,
      '      - run: |',
      '          echo "${{ github.event.issue.title }}"',
      '          echo "${{',
      "            format('{0}', github.head_ref) }}\"",
    ]);
    const ex = m.jobs[0]!.steps[0]!.run!.node.expressions;
    expect(ex.map((e) => [at(e.span), e.ast?.kind])).toEqual([
      ['7:17-7:48', 'property'],
      ['8:17-9:46', 'call'],
    ]);
  });

  it('the shell analysis sees an expression as an unknown value, its text as written', () => {
    const m = parse([...job, "      - run: curl -o x '${{ inputs.url }}' && sh x"]);
    const a = m.jobs[0]!.steps[0]!.run!.analysis!;
    expect(a.commands.map((c) => c.name)).toEqual(['curl', 'sh']);
    const url = a.commands[0]!.args[2]!;
    expect([url.value, url.raw, url.line, url.column]).toEqual([undefined, "'${{ inputs.url }}'", 6, 24]);
  });
});

describe('shells', () => {
  const steps = ['    steps:', '      - run: a', '      - run: b', '        shell: sh'];
  it('step, job default, workflow default, runner default', () => {
    const m = parse([
      'on: push',
      'defaults:',
      '  run:',
      '    shell: bash',
      'jobs:',
      '  one:',
      '    runs-on: ubuntu-24.04',
      '    defaults: { run: { shell: pwsh } }',
      ...steps,
      '  two:',
      '    runs-on: ubuntu-24.04',
      ...steps,
    ]);
    expect(m.jobs.flatMap((j) => j.steps.map((s) => [s.run!.shell.name, s.run!.shell.origin]))).toEqual([
      ['pwsh', 'job-default'],
      ['sh', 'step'],
      ['bash', 'workflow-default'],
      ['sh', 'step'],
    ]);
    expect(m.jobs[0]!.steps[0]!.run!.analysis!.dialect).toBe('powershell');
  });

  it('Windows runners default to pwsh, from a label or from static matrix values; unknown stays bash', () => {
    const job = (runsOn: string, matrix = '') =>
      parse([
        'on: push',
        'jobs:',
        '  j:',
        `    runs-on: ${runsOn}`,
        ...(matrix ? ['    strategy:', `      matrix: ${matrix}`] : []),
        '    steps:',
        '      - run: a',
      ]).jobs[0]!.steps[0]!.run!.shell.name;
    expect(job('windows-2022')).toBe('pwsh');
    expect(job('[self-hosted, windows, x64]')).toBe('pwsh');
    expect(job('${{ matrix.os }}', '{ os: [windows-2022, windows-2025] }')).toBe('pwsh');
    expect(job('${{ matrix.os }}', '{ os: [windows-2022, ubuntu-24.04] }')).toBe('bash');
    expect(job('${{ matrix.os }}', '${{ fromJSON(inputs.m) }}')).toBe('bash');
    expect(job('ubuntu-24.04')).toBe('bash');
  });

  it('python scripts get no shell analysis', () => {
    const m = parse([
      'on: push',
      'jobs:',
      '  j:',
      '    runs-on: x',
      '    steps:',
      '      - run: print(1)',
      '        shell: python',
    ]);
    expect(m.jobs[0]!.steps[0]!.run!.analysis).toBeUndefined();
  });
});

describe('matrix', () => {
  const matrixOf = (lines: string[]) =>
    parse([
      'on: push',
      'jobs:',
      '  j:',
      '    runs-on: x',
      '    strategy:',
      '      matrix:',
      ...lines.map((l) => '        ' + l),
    ]).jobs[0]!.matrix!;
  const combos = (m: ReturnType<typeof matrixOf>) =>
    m.combinations?.map((c) =>
      Object.entries(c)
        .map(([k, v]) => `${k}=${scalarValue(v)}`)
        .join(','),
    );

  it('static values are expanded with exclude and include as GitHub documents', () => {
    const m = matrixOf([
      'os: [ubuntu, windows]',
      'node: [18, 20]',
      'exclude:',
      '  - { os: windows, node: 18 }',
      'include:',
      '  - { os: windows, experimental: true }',
      '  - { os: macos, node: 22 }',
    ]);
    expect(combos(m)).toEqual([
      'os=ubuntu,node=18',
      'os=ubuntu,node=20',
      'os=windows,node=20,experimental=true',
      'os=macos,node=22',
    ]);
    expect(m.values('node').values.map(scalarValue)).toEqual(['18', '20', '22']);
    expect(m.values('node').unknown).toBe(false);
  });

  it('dynamic parts are unknown, never guessed', () => {
    const whole = matrixOf(['${{ fromJSON(needs.plan.outputs.matrix) }}']);
    expect(whole.dynamic).toBe(true);
    expect(whole.combinations).toBeUndefined();
    const one = matrixOf(['os: ${{ fromJSON(inputs.os) }}', 'node: [20]']);
    expect(one.dynamic).toBe(false);
    expect(one.combinations).toBeUndefined();
    expect(one.values('os').unknown).toBe(true);
    expect(one.values('node')).toMatchObject({ unknown: false });
  });

  it('more than 256 combinations are not expanded', () => {
    const m = matrixOf([
      'a: [' + Array.from({ length: 20 }, (_, i) => i).join(',') + ']',
      'b: [' + Array.from({ length: 20 }, (_, i) => i).join(',') + ']',
    ]);
    expect(m.combinations).toBeUndefined();
  });
});

describe('jobs, containers, services, reusable calls, action metadata', () => {
  it('container in both forms, services, job-level uses', () => {
    const m = parse([
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    container: node:20',
      '    services:',
      '      db:',
      '        image: postgres:16',
      '    steps: []',
      '  b:',
      '    runs-on: ubuntu-24.04',
      '    container:',
      '      image: ghcr.io/acme/ci:1',
      '      credentials: { username: u, password: "${{ secrets.P }}" }',
      '  c:',
      '    uses: acme/wf/.github/workflows/x.yml@v1',
      '    secrets: inherit',
    ]);
    const [a, b, c] = m.jobs;
    expect([a!.container!.image!.value, at(a!.container!.image!.span)]).toEqual(['node:20', '5:16-5:23']);
    expect(a!.services.map((s) => [s.id, s.image!.value, at(s.keySpan)])).toEqual([
      ['db', 'postgres:16', '7:7-7:9'],
    ]);
    expect(b!.container!.image!.value).toBe('ghcr.io/acme/ci:1');
    expect(b!.container!.credentials!.get('password')!.value.type).toBe('scalar');
    expect([c!.uses!.kind, c!.uses!.owner, c!.uses!.path, c!.uses!.ref, scalarValue(c!.secrets)]).toEqual([
      'reusable-workflow',
      'acme',
      '.github/workflows/x.yml',
      'v1',
      'inherit',
    ]);
    expect(m.uses.map((u) => u.kind)).toEqual(['reusable-workflow']);
  });

  it('uses: kinds and their parts', () => {
    const m = parse([
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: x',
      '    steps:',
      '      - uses: Actions/Checkout@v4 # v4.1.1',
      '      - uses: ./local',
      '      - uses: $/self/path',
      '      - uses: docker://ghcr.io/acme/img:1@sha256:' + 'a'.repeat(64),
      '      - uses: github/codeql-action/init@v3',
    ]);
    expect(m.uses.map((u) => [u.kind, u.owner, u.repo, u.path, u.ref, u.image, u.comment])).toEqual([
      ['repository', 'actions', 'checkout', undefined, 'v4', undefined, 'v4.1.1'],
      ['local', undefined, undefined, './local', undefined, undefined, undefined],
      ['self', undefined, undefined, 'self/path', undefined, undefined, undefined],
      [
        'docker',
        undefined,
        undefined,
        undefined,
        undefined,
        'ghcr.io/acme/img:1@sha256:' + 'a'.repeat(64),
        undefined,
      ],
      ['repository', 'github', 'codeql-action', 'init', 'v3', undefined, undefined],
    ]);
    expect(at(m.uses[0]!.refSpan!)).toBe('6:32-6:34');
    // A block scalar ends on a later line: the comment below it is not its version note.
    const block = parse([
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: x',
      '    steps:',
      '      - uses: >-',
      '          acme/a@v1',
      '        # v1.2.3',
    ]);
    expect([block.uses[0]!.raw, block.uses[0]!.comment]).toEqual(['acme/a@v1', undefined]);
    expect(m.uses[0]!.scopeLine).toBe(6);
  });

  it('action metadata: composite, docker and JavaScript actions', () => {
    const composite = parse(
      [
        'name: x',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - uses: acme/a@v1',
        '    - run: make',
        '      shell: bash',
      ],
      'ci/action.yaml',
    );
    expect(composite.type).toBe('action');
    expect(composite.runs!.steps.map((s) => s.uses?.where ?? s.run!.shell.origin)).toEqual([
      'composite-step',
      'step',
    ]);
    const docker = parse(
      ['name: x', 'runs:', '  using: docker', '  image: docker://alpine:3.20'],
      'action.yml',
    );
    expect([docker.runs!.using!.value, docker.runs!.image!.value, at(docker.runs!.image!.span)]).toEqual([
      'docker',
      'docker://alpine:3.20',
      '4:10-4:30',
    ]);
    const js = parse(['name: x', 'runs:', '  using: node24', '  main: dist/index.js'], 'action.yml');
    expect(js.runs!.main!.value).toBe('dist/index.js');
    expect(isActionMetadataPath('.github/workflows/action.yml')).toBe(false);
    expect(isActionMetadataPath('a/b/action.yml')).toBe(true);
  });

  it('plain scalars keep their source text (3.10 is not 3.1)', () => {
    const m = parse([
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: x',
      '    steps:',
      '      - uses: acme/py@v1',
      '        with: { python-version: 3.10, cache: true }',
    ]);
    const w = m.jobs[0]!.steps[0]!.with!;
    expect([
      scalarValue(w.get('python-version')!.value),
      (w.get('python-version')!.value as WfScalar).yamlValue,
    ]).toEqual(['3.10', 3.1]);
    expect(scalarValue(w.get('cache')!.value)).toBe('true');
  });
});

describe('anchors, aliases and merge keys', () => {
  it('aliases resolve to the anchored node; merge keys add what the mapping does not set', () => {
    const m = parse([
      'on: push',
      'x-base: &base',
      '  runs-on: ubuntu-24.04',
      '  env: { A: "1" }',
      'jobs:',
      '  a:',
      '    <<: *base',
      '    env: { B: "2" }',
      '    steps: []',
    ]);
    const job = m.jobs[0]!;
    expect(scalarValue(job.runsOn)).toBe('ubuntu-24.04');
    expect(at((job.runsOn as WfScalar).span)).toBe('3:12-3:24');
    expect(job.env!.entries.map((e) => e.key)).toEqual(['B']);
    expect(m.aliases.map((a) => [a.name, at(a.span)])).toEqual([['base', '7:9-7:14']]);
  });

  it('an alias bomb is a parse error, quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const t = Date.now();
    const e = parseError(['on: push', ...lines, 'jobs: {}'].join('\n'));
    expect(e.message).toBe(`YAML aliases expand to more than ${MAX_NODES.toLocaleString('en-US')} nodes`);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});

describe('what GitHub refuses is a ParseError with a position', () => {
  const step = (uses: string) =>
    ['on: push', 'jobs:', '  a:', '    runs-on: x', '    steps:', `      - uses: ${uses}`, ''].join('\n');
  it.each([
    ['an expression in uses', step('${{ inputs.action }}'), 6, 15, /expression/],
    ['uses without @ref', step('actions/checkout'), 6, 15, /no @ref/],
    ['uses with an empty ref', step('actions/checkout@'), 6, 15, /empty @ref/],
    ['uses without a repository', step('checkout@v4'), 6, 15, /owner\/repo/],
    [
      'a job-level uses that is not a workflow',
      'on: push\njobs:\n  a:\n    uses: acme/act@v1\n',
      4,
      11,
      /workflow file/,
    ],
    ['a duplicate key', 'on: push\non: pull_request\njobs: {}\n', 2, 1, /unique/],
    ['invalid YAML', 'on: push\njobs:\n  a: [\n', 4, 1, /invalid YAML/],
    [
      'steps that are not a list',
      'on: push\njobs:\n  a:\n    runs-on: x\n    steps: make\n',
      5,
      12,
      /list of steps/,
    ],
    [
      'a step that is not a mapping',
      'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - make\n',
      6,
      9,
      /must be a mapping/,
    ],
    ['a job that is not a mapping', 'on: push\njobs:\n  a: make\n', 3, 3, /must be a mapping/],
    ['a document that is not a mapping', '- on\n- push\n', 1, 1, /must be a mapping/],
    ['uses that is a list', step('[a, b]'), 6, 15, /single value/],
  ])('%s', (_name, text, line, column, message) => {
    const e = parseError(text);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message).toMatch(message);
  });

  it('block nesting too deep to read is a ParseError, not a crash', () => {
    const e = parseError('on: push\nx:\n' + '- '.repeat(300_000) + 'x\n');
    expect(e.message).toMatch(/invalid YAML|nested too deeply/);
  });

  it('flow nesting past the limit, before the YAML reader recurses', () => {
    const e = parseError('on: push\njobs: ' + '['.repeat(100_000));
    expect(e.message).toMatch(/nested deeper/);
  });

  it('unknown keys are kept, never an error (new GitHub syntax)', () => {
    const m = parse([
      'on: push',
      'cache-mode: read',
      'jobs:',
      '  a:',
      '    runs-on: x',
      '    parallel: { max: 2 }',
      '    steps: [{ run: make, future-key: 1 }]',
    ]);
    expect(m.root!.get('cache-mode')).toBeDefined();
    expect(m.jobs[0]!.node.get('parallel')!.value.type).toBe('map');
    expect(m.jobs[0]!.steps[0]!.node.get('future-key')).toBeDefined();
  });
});
