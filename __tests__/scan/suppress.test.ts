import { describe, expect, it } from '@jest/globals';
import { defaultConfig, type Config, type IgnoreEntry } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/load.js';
import { applySuppressions } from '../../src/scan/engine.js';
import { RULE_IDS } from '../../src/rules/index.js';
import { findInlineIgnores } from '../../src/scan/suppress.js';
import type { CommentSyntax } from '../../src/formats/comments.js';
import { scanFiles } from '../helpers/rules.js';

/** Engine tests look only at the engine's own findings and the two base-image rules, so rules
 * added later (runs-as-root, ...) do not change these expectations. */
const ENGINE_RULES = /^(scan|config)\/|^dockerfile\/(base-image-latest|base-image-unpinned|parse-error)$/;
const ours = <T extends { ruleId: string }>(list: T[]): T[] =>
  list.filter((f) => ENGINE_RULES.test(f.ruleId));

type Pending = Parameters<typeof applySuppressions>[0][number];

function hit(ruleId: string, path: string, line: number, extra: Partial<Pending> = {}): Pending {
  return {
    ruleId,
    severity: 'high',
    message: `${ruleId} at ${line}`,
    path,
    startLine: line,
    startColumn: 1,
    endLine: line,
    endColumn: 2,
    ...extra,
  };
}

function configWith(ignore: Partial<IgnoreEntry>[], rules: Config['rules'] = {}): Config {
  return {
    ...defaultConfig(),
    rules,
    ignore: ignore.map((e) => ({ path: '**', reason: 'reviewed', ...e }) as IgnoreEntry),
  };
}

const NOW = new Date('2026-06-15T12:00:00Z');
const D = 'sha256:' + 'a'.repeat(64);

describe('findInlineIgnores', () => {
  it('reads rule ids, reason, line, column and whether the comment is alone on its line', async () => {
    const text = [
      'FROM x',
      '# bulkhead-ignore dockerfile/a,dockerfile/b -- vendored image, reviewed',
      'RUN y  #  bulkhead-ignore dockerfile/c -- why',
      '#bulkhead-ignore dockerfile/d',
      '  # bulkhead-ignore dockerfile/e --',
      'RUN echo bulkhead-ignore not-a-comment -- x',
      '# bulkhead-ignorex dockerfile/f -- not the marker',
      '# bulkhead-ignore dockerfile/g -- crlf\r',
    ].join('\n');
    expect(
      (await findInlineIgnores('Dockerfile', text, 'dockerfile')).map(
        ({ path: _p, used: _u, ...rest }) => rest,
      ),
    ).toEqual([
      {
        line: 2,
        column: 1,
        rules: ['dockerfile/a', 'dockerfile/b'],
        reason: 'vendored image, reviewed',
        ownLine: true,
      },
      { line: 3, column: 8, rules: ['dockerfile/c'], reason: 'why', ownLine: false },
      { line: 4, column: 1, rules: ['dockerfile/d'], reason: undefined, ownLine: true },
      { line: 5, column: 3, rules: ['dockerfile/e'], reason: undefined, ownLine: true },
      { line: 8, column: 1, rules: ['dockerfile/g'], reason: 'crlf', ownLine: true },
    ]);
  });

  const SYNTAXES: CommentSyntax[] = [
    'ini',
    'requirements',
    'yaml',
    'toml',
    'jsonc',
    'yarn-lockfile',
    'dockerfile',
  ];
  it.each([
    ['markers that are not comments, on one long line', 'x bulkhead-ignore '.repeat(60_000)],
    ['comment markers on one long line', '# bulkhead-ignore '.repeat(60_000)],
    ['many lines of markers', '# bulkhead-ignore r/x -- y\n'.repeat(40_000)],
    ['hashes and blanks', '#'.repeat(200_000) + ' '.repeat(200_000) + 'bulkhead-ignore'],
    ['block comments on one long line', '/* bulkhead-ignore r/x -- y */ '.repeat(40_000)],
    ['line comments on one long line', '// bulkhead-ignore r/x -- y '.repeat(40_000)],
  ])('is linear on hostile input: %s', async (_name, text) => {
    for (const syntax of SYNTAXES) {
      const t = performance.now();
      await findInlineIgnores('x', text, syntax);
      expect([syntax, performance.now() - t < 1000]).toEqual([syntax, true]);
    }
  });
});

describe('applySuppressions: inline', () => {
  const apply = async (text: string, pending: Pending[], config = defaultConfig()) =>
    applySuppressions(pending, await findInlineIgnores('Dockerfile', text, 'dockerfile'), {
      config,
      now: NOW,
      // The made-up rules of these tests, beside the real ones (config/ignore-unknown-rule).
      ruleIds: new Set([...RULE_IDS, 'r/x', 'r/y', 'r/z']),
    });

  it('an ignore on the line above or on the same line hides the finding', async () => {
    const text = 'A\n# bulkhead-ignore r/x -- ok\nB\nRUN c # bulkhead-ignore r/x -- ok\n';
    const r = await apply(text, [
      hit('r/x', 'Dockerfile', 3),
      hit('r/x', 'Dockerfile', 4),
      hit('r/x', 'Dockerfile', 1),
    ]);
    expect(r.findings.map((f) => [f.ruleId, f.startLine])).toEqual([['r/x', 1]]);
    expect(r.suppressed.map((f) => f.startLine)).toEqual([3, 4]);
  });

  it('a trailing ignore does not cover the next line; an ignore two lines up covers nothing', async () => {
    const text = 'RUN a # bulkhead-ignore r/x -- ok\nB\n# bulkhead-ignore r/x -- ok\n\nC\n';
    const r = await apply(text, [hit('r/x', 'Dockerfile', 2), hit('r/x', 'Dockerfile', 5)]);
    expect(r.findings.map((f) => [f.ruleId, f.startLine])).toEqual([
      ['config/unused-ignore', 1],
      ['r/x', 2],
      ['config/unused-ignore', 3],
      ['r/x', 5],
    ]);
  });

  it('an ignore above a statement covers hits inside it (Hit.scopeLine)', async () => {
    const text = '# bulkhead-ignore r/x -- ok\nRUN a \\\n  && b \\\n  && c\n';
    const r = await apply(text, [hit('r/x', 'Dockerfile', 4, { scopeLine: 2 })]);
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toHaveLength(1);
  });

  it('only covers the rule ids it names', async () => {
    const r = await apply('# bulkhead-ignore r/x,r/y -- ok\nA\n', [
      hit('r/x', 'Dockerfile', 2),
      hit('r/z', 'Dockerfile', 2),
    ]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['r/z']);
  });

  it('an ignore in one file does not cover another file', async () => {
    const r = await apply('# bulkhead-ignore r/x -- ok\nA\n', [hit('r/x', 'other/Dockerfile', 2)]);
    expect(r.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['config/unused-ignore', 'Dockerfile'],
      ['r/x', 'other/Dockerfile'],
    ]);
  });

  it('without a reason it does not apply and is itself a finding', async () => {
    const r = await apply('# bulkhead-ignore r/x\nA\n', [hit('r/x', 'Dockerfile', 2)]);
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.startColumn, f.message])).toEqual([
      [
        'config/ignore-without-reason',
        'low',
        1,
        1,
        "'# bulkhead-ignore r/x' has no reason after ' -- ', so it does not apply.",
      ],
      ['r/x', 'high', 2, 1, 'r/x at 2'],
    ]);
  });

  it('an ignore that hides nothing is config/unused-ignore at info', async () => {
    const r = await apply('A\n# bulkhead-ignore r/x -- stale\nB\n', []);
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.message])).toEqual([
      ['config/unused-ignore', 'info', 2, "'# bulkhead-ignore r/x' matched no finding; remove it."],
    ]);
  });

  it('cannot hide lockfile/known-malicious', async () => {
    const r = await apply('# bulkhead-ignore lockfile/known-malicious -- trust me\nA\n', [
      hit('lockfile/known-malicious', 'Dockerfile', 2, { package: 'evil@1.0.0' }),
    ]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(
      ['lockfile/known-malicious', 'config/unused-ignore'].sort(),
    );
  });
});

describe('applySuppressions: config ignore entries', () => {
  const run = (ignore: Partial<IgnoreEntry>[], pending: Pending[], rules: Config['rules'] = {}) =>
    applySuppressions(pending, [], {
      config: configWith(ignore, rules),
      configSource: { path: '.bulkhead.yml', text: '', ignoreLines: [4, 8, 12] },
      now: NOW,
    });

  it('matches rule and path glob', () => {
    const r = run(
      [{ rule: 'r/x', path: 'legacy/**' }],
      [
        hit('r/x', 'legacy/a/Dockerfile', 1),
        hit('r/x', 'app/Dockerfile', 1),
        hit('r/y', 'legacy/Dockerfile', 1),
      ],
    );
    expect(r.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['r/x', 'app/Dockerfile'],
      ['r/y', 'legacy/Dockerfile'],
    ]);
    expect(r.suppressed.map((f) => f.path)).toEqual(['legacy/a/Dockerfile']);
  });

  it('matches an image exactly, and a package by name or name@version', () => {
    const r = run(
      [
        { rule: 'r/x', image: 'node:20' },
        { rule: 'r/p', package: 'lodash' },
        { rule: 'r/q', package: '@scope/pkg@1.0.0' },
      ],
      [
        hit('r/x', 'Dockerfile', 1, { image: 'node:20' }),
        hit('r/x', 'Dockerfile', 2, { image: 'node:21' }),
        hit('r/p', 'package-lock.json', 3, { package: 'lodash@4.17.21' }),
        hit('r/p', 'package-lock.json', 4, { package: 'lodash-es@4.17.21' }),
        hit('r/q', 'package-lock.json', 5, { package: '@scope/pkg@1.0.0' }),
        hit('r/q', 'package-lock.json', 6, { package: '@scope/pkg@1.0.1' }),
      ],
    );
    expect(r.findings.map((f) => f.startLine)).toEqual([2, 4, 6]);
  });

  it('an expired entry stops applying and says so at its line; until is inclusive', () => {
    const r = run(
      [
        { rule: 'r/x', until: '2026-06-14' },
        { rule: 'r/y', until: '2026-06-15' },
      ],
      [hit('r/x', 'Dockerfile', 1), hit('r/y', 'Dockerfile', 2)],
    );
    expect(r.findings.map((f) => [f.ruleId, f.path, f.startLine, f.severity, f.message])).toEqual([
      [
        'config/expired-ignore',
        '.bulkhead.yml',
        4,
        'medium',
        'Ignore entry for r/x expired on 2026-06-14; the findings it covered are reported again.',
      ],
      ['r/x', 'Dockerfile', 1, 'high', 'r/x at 1'],
    ]);
  });

  it('an entry that matches nothing is config/unused-ignore at its line', () => {
    const r = run([{ rule: 'r/x' }, { rule: 'r/y', path: 'nothing/**' }], [hit('r/x', 'Dockerfile', 1)]);
    expect(r.findings.map((f) => [f.ruleId, f.path, f.startLine, f.severity, f.message])).toEqual([
      [
        'config/unused-ignore',
        '.bulkhead.yml',
        8,
        'info',
        "Ignore entry for r/y (path 'nothing/**') matched no finding.",
      ],
    ]);
  });

  it('lockfile/known-malicious needs an entry naming package@version', () => {
    const mal = (line: number) =>
      hit('lockfile/known-malicious', 'package-lock.json', line, {
        package: 'evil@1.0.0',
        severity: 'critical',
      });
    expect(run([{ rule: 'lockfile/known-malicious' }], [mal(1)]).findings.map((f) => f.ruleId)).toEqual([
      'config/unused-ignore',
      'lockfile/known-malicious',
    ]);
    expect(
      run([{ rule: 'lockfile/known-malicious', package: 'evil' }], [mal(1)]).findings.map((f) => f.ruleId),
    ).toEqual(['config/unused-ignore', 'lockfile/known-malicious']);
    expect(run([{ rule: 'lockfile/known-malicious', package: 'evil@1.0.0' }], [mal(1)]).findings).toEqual([]);
  });
});

describe('applySuppressions: severity overrides', () => {
  const run = (rules: Config['rules'], pending: Pending[]) =>
    applySuppressions(pending, [], { config: configWith([], rules), now: NOW });

  it('off drops the rule; a severity replaces the default', () => {
    const r = run({ 'r/x': 'off', 'r/y': 'low' }, [
      hit('r/x', 'D', 1),
      hit('r/y', 'D', 2),
      hit('r/z', 'D', 3),
    ]);
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['r/y', 'low'],
      ['r/z', 'high'],
    ]);
  });

  it('never applies to lockfile/known-malicious', () => {
    const r = run({ 'lockfile/known-malicious': 'off' }, [
      hit('lockfile/known-malicious', 'D', 1, { severity: 'critical' }),
    ]);
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([['lockfile/known-malicious', 'critical']]);
    const r2 = run({ 'lockfile/known-malicious': 'info' }, [
      hit('lockfile/known-malicious', 'D', 1, { severity: 'critical' }),
    ]);
    expect(r2.findings.map((f) => f.severity)).toEqual(['critical']);
  });
});

describe('sort, dedupe and fingerprints', () => {
  it('sorts by path, line, column, rule id and drops exact duplicates', () => {
    const r = applySuppressions(
      [
        hit('r/b', 'b', 1),
        hit('r/b', 'a', 2, { startColumn: 5 }),
        hit('r/a', 'a', 2, { startColumn: 5 }),
        hit('r/z', 'a', 2),
        hit('r/a', 'a', 10),
        hit('r/a', 'a', 10),
      ],
      [],
      { config: defaultConfig(), now: NOW },
    );
    expect(r.findings.map((f) => [f.path, f.startLine, f.startColumn, f.ruleId])).toEqual([
      ['a', 2, 1, 'r/z'],
      ['a', 2, 5, 'r/a'],
      ['a', 2, 5, 'r/b'],
      ['a', 10, 1, 'r/a'],
      ['b', 1, 1, 'r/b'],
    ]);
    expect(new Set(r.findings.map((f) => f.fingerprint)).size).toBe(5);
    expect(r.findings[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('fingerprints stay the same when unrelated lines move, and differ per occurrence', async () => {
    const before = await scanFiles({ Dockerfile: 'FROM node\nRUN a\nFROM python\nFROM node\n' });
    const after = await scanFiles({
      Dockerfile: '# a comment\n\nFROM node\nRUN a\nRUN b\nFROM python\nFROM node\n',
    });
    const fp = (r: typeof before) => ours(r.findings).map((f) => [f.ruleId, f.startLine, f.fingerprint]);
    expect(fp(before).map((x) => x[2])).toEqual(fp(after).map((x) => x[2]));
    expect(fp(after).map((x) => x[1])).toEqual([3, 6, 7]);
    const [a, , c] = ours(before.findings);
    expect(a!.fingerprint).not.toBe(c!.fingerprint);
  });
  it('suppressing one occurrence does not change the fingerprint of another', async () => {
    const text = 'FROM node\nRUN a\nFROM node\n';
    const plain = await scanFiles({ Dockerfile: text });
    const ignored = await scanFiles({
      Dockerfile: '# bulkhead-ignore dockerfile/base-image-latest -- first stage only\n' + text,
    });
    const latest = (fs: typeof plain.findings) =>
      fs.filter((f) => f.ruleId === 'dockerfile/base-image-latest').map((f) => f.fingerprint);
    expect(latest(ours(ignored.findings))).toEqual([latest(ours(plain.findings))[1]]);
    expect(latest(ours(ignored.suppressed))).toEqual([latest(ours(plain.findings))[0]]);
  });
});

describe('suppression through the whole engine', () => {
  it('inline ignore above a FROM hides it; the suppressed finding is kept for audit', async () => {
    const r = await scanFiles({
      Dockerfile:
        '# bulkhead-ignore dockerfile/base-image-latest -- local tooling image\nFROM node\nFROM python\n',
    });
    expect(ours(r.findings).map((f) => [f.ruleId, f.startLine, f.startColumn])).toEqual([
      ['dockerfile/base-image-latest', 3, 6],
    ]);
    expect(ours(r.suppressed).map((f) => [f.ruleId, f.startLine])).toEqual([
      ['dockerfile/base-image-latest', 2],
    ]);
  });

  it('config ignore by image and a severity override, from a parsed config file', async () => {
    const { config } = parseConfig(
      [
        'rules:',
        '  dockerfile/base-image-unpinned: low',
        'ignore:',
        '  - rule: dockerfile/base-image-latest',
        '    image: python',
        '    reason: CI-only image',
        '  - rule: dockerfile/base-image-latest',
        '    path: old/**',
        '    reason: retired',
        '    until: 2026-01-01',
      ].join('\n'),
      '.bulkhead.yml',
    );
    const r = await scanFiles(
      { Dockerfile: `FROM python\nFROM node:20\nFROM node@${D}\n`, 'old/Dockerfile': 'FROM node\n' },
      { config, now: NOW },
    );
    expect(ours(r.findings).map((f) => [f.ruleId, f.path, f.startLine, f.severity])).toEqual([
      ['config/expired-ignore', '.bulkhead.yml', 1, 'medium'],
      ['dockerfile/base-image-unpinned', 'Dockerfile', 2, 'low'],
      ['dockerfile/base-image-latest', 'old/Dockerfile', 1, 'high'],
    ]);
  });
});
