import { describe, expect, it } from '@jest/globals';
import { rule as malicious } from '../../../src/rules/lockfile/known-malicious.js';
import { rule as conflict } from '../../../src/rules/lockfile/merge-conflict.js';
import { rule as empty } from '../../../src/rules/lockfile/empty.js';
import { KNOWN_MALICIOUS } from '../../../src/intel/known-malicious.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';
import { model, npmLock, parse, reg, SHA512 } from './fixtures.js';

type Bad = [string, string, string, Expected[]];
type Good = [string, string, string];
const H = 'a'.repeat(64);

describe('lockfile/known-malicious', () => {
  const bad: Bad[] = [
    [
      'debug 4.4.2 (chalk/debug 2025)',
      'package-lock.json',
      npmLock({ 'node_modules/debug': reg('debug', '4.4.2') }),
      [{ line: 7, column: 19 }],
    ],
    [
      'any flatmap-stream version',
      'package-lock.json',
      npmLock({ 'node_modules/flatmap-stream': reg('flatmap-stream', '0.0.1') }),
      [{ line: 7, column: 19 }],
    ],
    [
      'an alias of a malicious release',
      'package-lock.json',
      npmLock({ 'node_modules/dbg': { name: 'debug', ...reg('debug', '4.4.2') } }),
      [{ line: 7, column: 19 }],
    ],
    [
      'a scoped release',
      'package-lock.json',
      npmLock({ 'node_modules/@ctrl/tinycolor': reg('@ctrl/tinycolor', '4.1.1') }),
      [{ line: 7, column: 19 }],
    ],
    [
      'yarn classic',
      'yarn.lock',
      `# yarn lockfile v1\n\n\naxios@^1.14.0:\n  version "1.14.1"\n  resolved "https://registry.yarnpkg.com/axios/-/axios-1.14.1.tgz"\n  integrity ${SHA512}\n`,
      [{ line: 4, column: 1 }],
    ],
    [
      'PyPI, name case-folded',
      'requirements.txt',
      `Ultralytics==8.3.41 --hash=sha256:${H}\n`,
      [{ line: 1, column: 1 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected) => {
    const hits = await runRule(malicious, parse, text, path);
    expect(positions(hits)).toEqual(expected);
    expect(hits[0]!.package).toMatch(/@\d/);
  });

  it('cites the source and advisory ids and sets package', async () => {
    const [hit] = await runRule(
      malicious,
      parse,
      npmLock({ 'node_modules/debug': reg('debug', '4.4.2') }),
      'package-lock.json',
    );
    const entry = KNOWN_MALICIOUS.find((e) => e.name === 'debug')!;
    expect(hit!.package).toBe('debug@4.4.2');
    expect(hit!.message).toContain(entry.source);
    for (const id of entry.advisories) expect(hit!.message).toContain(id);
    expect(hit!.message).toContain('https://registry.npmjs.org/debug/-/debug-4.4.2.tgz');
    expect(hit!.evidence).toBe('debug@4.4.2 MAL-2025-46974');
  });

  it('says that every flatmap-stream version is malicious', async () => {
    const [hit] = await runRule(
      malicious,
      parse,
      npmLock({ 'node_modules/flatmap-stream': reg('flatmap-stream', '0.2.0') }),
      'package-lock.json',
    );
    expect(hit!.message).toContain('every version');
  });

  const good: Good[] = [
    ['a clean debug', 'package-lock.json', npmLock({ 'node_modules/debug': reg('debug', '4.4.1') })],
    [
      'a clean event-stream',
      'package-lock.json',
      npmLock({ 'node_modules/event-stream': reg('event-stream', '3.3.5') }),
    ],
    [
      'a PyPI name in an npm lockfile',
      'package-lock.json',
      npmLock({ 'node_modules/ultralytics': reg('ultralytics', '8.3.41') }),
    ],
    ['an npm name in a PyPI lockfile', 'requirements.txt', `debug==4.4.2 --hash=sha256:${H}\n`],
    [
      'an alias named like a malicious package',
      'package-lock.json',
      npmLock({ 'node_modules/debug': { name: 'my-debug', ...reg('my-debug', '4.4.2') } }),
    ],
    [
      'a version prefix is not a match',
      'package-lock.json',
      npmLock({ 'node_modules/debug': reg('debug', '4.4.20') }),
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text) => {
    expect(await runRule(malicious, parse, text, path)).toEqual([]);
  });

  it('keeps every data entry with its source and advisories', () => {
    expect(KNOWN_MALICIOUS.length).toBeGreaterThanOrEqual(79);
    for (const e of KNOWN_MALICIOUS) {
      expect(e.source).toMatch(/^https:\/\//);
      expect(Array.isArray(e.advisories)).toBe(true);
      expect(e.versions.length).toBeGreaterThan(0);
      expect(['npm', 'PyPI']).toContain(e.ecosystem);
    }
  });
});

describe('lockfile/merge-conflict', () => {
  const lock = npmLock({ 'node_modules/ms': reg('ms', '2.1.3') });
  const lines = lock.split('\n');
  const conflicted = (at: number): string =>
    [
      ...lines.slice(0, at),
      '<<<<<<< HEAD',
      '    "x": 1,',
      '=======',
      '    "x": 2,',
      '>>>>>>> feature',
      ...lines.slice(at),
    ].join('\n');
  const bad: Bad[] = [
    ['npm lockfile', 'package-lock.json', conflicted(6), [{ line: 7, column: 1 }]],
    [
      'two conflicts',
      'package-lock.json',
      [
        ...conflicted(6).split('\n').slice(0, 12),
        '<<<<<<< HEAD',
        'a',
        '=======',
        'b',
        '>>>>>>> x',
        ...conflicted(6).split('\n').slice(12),
      ].join('\n'),
      [
        { line: 7, column: 1 },
        { line: 13, column: 1 },
      ],
    ],
    [
      'yarn.lock',
      'yarn.lock',
      '# yarn lockfile v1\n\n\n<<<<<<< HEAD\nms@^2:\n  version "2.1.2"\n=======\nms@^2:\n  version "2.1.3"\n>>>>>>> main\n',
      [{ line: 4, column: 1 }],
    ],
    [
      'pnpm-lock.yaml',
      'pnpm-lock.yaml',
      "lockfileVersion: '9.0'\n<<<<<<< ours\nimporters: {}\n=======\nimporters: {}\n>>>>>>> theirs\n",
      [{ line: 2, column: 1 }],
    ],
    [
      'diff3 style',
      'yarn.lock',
      '# yarn lockfile v1\n<<<<<<< HEAD\na\n||||||| base\nb\n=======\nc\n>>>>>>> x\n',
      [{ line: 2, column: 1 }],
    ],
    [
      'requirements.txt',
      'requirements.txt',
      '<<<<<<< HEAD\nrequests==2.31.0\n=======\nrequests==2.32.0\n>>>>>>> main\n',
      [{ line: 1, column: 1 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, expected) => {
    expect(positions(await runRule(conflict, parse, text, path))).toEqual(expected);
  });
  const good: Good[] = [
    ['a clean lockfile', 'package-lock.json', lock],
    ['markers inside a value', 'yarn.lock', '# yarn lockfile v1\n\n\n"a@<<<<<<< x":\n  version "1.0.0"\n'],
    ['an indented marker-like line', 'requirements.txt', 'requests==2.31.0\n  =======\n'],
    ['a longer run of =', 'requirements.txt', '# ==========\nrequests==2.31.0\n'],
    [
      'a clean yarn.lock',
      'yarn.lock',
      '# yarn lockfile v1\n\n\nms@^2:\n  version "2.1.3"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz"\n',
    ],
  ];
  it.each(good)('accepts %s', async (_n, path, text) => {
    expect(await runRule(conflict, parse, text, path)).toEqual([]);
  });
});

describe('lockfile/empty', () => {
  const PKG = '{\n  "name": "app",\n  "dependencies": { "lodash": "^4.17.21" }\n}\n';
  const EMPTY = npmLock({});
  const bad: [string, string, string, Record<string, string>, Expected[]][] = [
    [
      'npm v3 with only the root',
      'package-lock.json',
      EMPTY,
      { 'package.json': PKG },
      [{ line: 1, column: 1 }],
    ],
    [
      'in a subdirectory',
      'web/package-lock.json',
      EMPTY,
      { 'web/package.json': PKG },
      [{ line: 1, column: 1 }],
    ],
    [
      'an empty yarn.lock',
      'yarn.lock',
      '# yarn lockfile v1\n\n\n',
      { 'package.json': PKG },
      [{ line: 1, column: 1 }],
    ],
    [
      'pnpm with no packages',
      'pnpm-lock.yaml',
      "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n",
      { 'package.json': PKG },
      [{ line: 1, column: 1 }],
    ],
    [
      'dev dependencies count',
      'package-lock.json',
      EMPTY,
      { 'package.json': '{"devDependencies": {"jest": "^30.0.0"}}' },
      [{ line: 1, column: 1 }],
    ],
    [
      'uv.lock with no packages',
      'uv.lock',
      'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n',
      { 'pyproject.toml': '[project]\nname = "app"\ndependencies = ["requests>=2"]\n' },
      [{ line: 1, column: 1 }],
    ],
  ];
  it.each(bad)('flags %s', async (_n, path, text, files, expected) => {
    expect(positions(await runRule(empty, parse, text, path, { files }))).toEqual(expected);
  });
  const good: [string, string, string, Record<string, string>][] = [
    [
      'packages present',
      'package-lock.json',
      npmLock({ 'node_modules/lodash': reg('lodash', '4.17.21') }),
      { 'package.json': PKG },
    ],
    ['no manifest next to it', 'package-lock.json', EMPTY, { 'other/package.json': PKG }],
    ['a manifest without dependencies', 'package-lock.json', EMPTY, { 'package.json': '{"name": "app"}' }],
    [
      'only workspace dependencies',
      'package-lock.json',
      EMPTY,
      { 'package.json': '{"dependencies": {"b": "workspace:*", "c": "file:../c"}}' },
    ],
    [
      'a conflicted lockfile (merge-conflict reports it)',
      'yarn.lock',
      '<<<<<<< HEAD\n=======\n>>>>>>> x\n',
      { 'package.json': PKG },
    ],
    ['an unreadable manifest', 'package-lock.json', EMPTY, { 'package.json': '{ not json' }],
  ];
  it.each(good)('accepts %s', async (_n, path, text, files) => {
    expect(await runRule(empty, parse, text, path, { files })).toEqual([]);
  });
});

describe('lockfile/merge-conflict reads the markers the parser found', () => {
  const text = '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> b\n';
  const withMarkers = (conflictMarkers: { line: number; column: number }[]) => () =>
    model([], { text, conflictMarkers });
  it('reports the markers the model lists, at their positions', async () => {
    const hits = await runRule(conflict, withMarkers([{ line: 1, column: 1 }]), text, 'package-lock.json');
    expect(positions(hits)).toEqual([{ line: 1, column: 1 }]);
    expect(hits[0]!.evidence).toBe('<<<<<<<');
  });
  it('does not scan the text again when the parser found none', async () => {
    expect(await runRule(conflict, withMarkers([]), text, 'package-lock.json')).toEqual([]);
  });
});
