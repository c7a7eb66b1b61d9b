import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigUsed, Finding, Severity } from '../../src/core/index.js';
import { jsonChunks, Streamed } from '../../src/report/json-stream.js';
import { renderJson, renderJsonChunks } from '../../src/report/json.js';
import { renderMarkdown, renderMarkdownChunks } from '../../src/report/markdown.js';
import { levelFor, renderSarif, renderSarifChunks } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { renderText, renderTextChunks } from '../../src/report/text.js';
import { batched, writeChunks, writeOutput } from '../../src/cli/output.js';
import { renderJson as legacyJson } from './legacy/json.js';
import { renderMarkdown as legacyMarkdown } from './legacy/markdown.js';
import { renderSarif as legacySarif } from './legacy/sarif.js';
import { renderText as legacyText } from './legacy/text.js';
import { finding, SAMPLE } from './fixtures.js';
import { ALL_RULES } from '../../src/rules/index.js';

const SEVS: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Findings a renderer has to escape, in an order that is not sorted by path (grouping must keep first-seen order). */
const HOSTILE: Finding[] = [
  ...SAMPLE,
  finding({
    ruleId: 'dockerfile/remote-add-no-checksum',
    severity: 'critical',
    path: 'ünïcödé/目录/Dockerfile',
    startLine: 7,
    message: 'ADD downloads `x` | y @team <b>bold</b>\nsecond line \x1b[31mred\u202e',
    evidence: '  ADD   https://e.example/x   /x ',
    fix: 'Use --checksum=sha256:<hex> *now*',
    related: [
      { span: { line: 8, column: 1, endLine: 8, endColumn: 4 }, label: 'also here' },
      { span: { line: 9, column: 2, endLine: 9, endColumn: 5 }, label: 'and "here"', path: 'other' },
    ],
  }),
  finding({
    ruleId: 'dockerfile/os-package-unpinned',
    severity: 'low',
    path: 'apps/web front/[old]_(v1)/Dockerfile',
    startLine: 3,
    startColumn: 5,
    endLine: 4,
    endColumn: 2,
    message: "`apt-get` installs 'curl' without a version.",
  }),
  finding({
    ruleId: 'dockerfile/base-image-unpinned',
    severity: 'medium',
    path: 'Dockerfile',
    startLine: 9,
    message: "Base image 'alpine' has a tag but no digest.",
  }),
  finding({
    ruleId: 'lockfile/untrusted-host',
    severity: 'high',
    path: 'rtl/\u202eevil/package-lock.json',
    startLine: 2,
    message: '3 entries come from http://evil.example',
  }),
];

const SUPPRESSED: Finding[] = [
  finding({
    ruleId: 'dockerfile/base-image-latest',
    severity: 'high',
    path: 'x/Dockerfile',
    message: 'hidden one',
    suppression: { kind: 'inline', path: 'x/Dockerfile', line: 1, reason: 'vendored <b>|</b> @ops' },
  }),
  finding({
    ruleId: 'dockerfile/base-image-latest',
    severity: 'low',
    path: 'y/Dockerfile',
    message: 'hidden two',
    suppression: { kind: 'config', path: '.bulkhead.yml', line: 4 },
  }),
  finding({ ruleId: 'dockerfile/base-image-unpinned', severity: 'info', path: 'z', message: 'no record' }),
];

const CONFIGS: (ConfigUsed | undefined)[] = [
  undefined,
  { origin: 'base', path: '.bulkhead.yml', commit: 'a'.repeat(40) },
  { origin: 'default' },
];

const joined = (chunks: Iterable<string>) => [...chunks].join('');

describe('streaming renderers give the bytes the whole-string renderers gave', () => {
  const cases: [string, Finding[]][] = [
    ['none', []],
    ['sample', SAMPLE],
    ['hostile', HOSTILE],
  ];
  for (const [name, list] of cases) {
    for (const failOn of ['high', 'never', 'info'] as const) {
      for (const config of CONFIGS) {
        for (const suppressed of [[], SUPPRESSED]) {
          const label = `${name}, fail-on ${failOn}, config ${config?.origin ?? 'none'}, ${suppressed.length} suppressed`;
          const summary = summarize(list, failOn, 3);
          it(`json: ${label}`, () => {
            const opts = { suppressed, ...(config ? { config } : {}) };
            expect(joined(renderJsonChunks(list, summary, opts))).toBe(legacyJson(list, summary, opts));
            expect(renderJson(list, summary, opts)).toBe(legacyJson(list, summary, opts));
          });
          it(`sarif: ${label}`, () => {
            for (const suppressedResults of [false, true]) {
              const opts = {
                levelFor: levelFor(failOn),
                suppressed,
                suppressedResults,
                automationId: 'ci/<x>/',
                ...(config ? { config } : {}),
              };
              expect(joined(renderSarifChunks(list, opts))).toBe(legacySarif(list, opts));
            }
            expect(renderSarif(list)).toBe(legacySarif(list));
          });
          it(`text: ${label}`, () => {
            for (const color of [false, true]) {
              const opts = { color, suppressed, ...(config ? { config } : {}) };
              expect(joined(renderTextChunks(list, summary, opts))).toBe(legacyText(list, summary, opts));
              expect(renderText(list, summary, opts)).toBe(legacyText(list, summary, opts));
            }
          });
          it(`markdown: ${label}`, () => {
            const opts = {
              suppressed,
              suppressedDetails: suppressed.length > 0,
              existing: name === 'hostile' ? SAMPLE : [],
              linkBase: 'https://github.com/o/r/blob/abc',
              notes: ['Report mode: new\nsecond'],
              title: 'Bulkhead <x>',
              ...(config ? { config } : {}),
            };
            expect(joined(renderMarkdownChunks(list, summary, opts))).toBe(
              legacyMarkdown(list, summary, opts),
            );
            expect(renderMarkdown(list, summary)).toBe(legacyMarkdown(list, summary));
          });
        }
      }
    }
  }

  it('markdown cut at every byte budget is the same, <details> closed alike', () => {
    const summary = summarize(HOSTILE, 'high', 3);
    const opts = {
      suppressed: SUPPRESSED,
      suppressedDetails: true,
      existing: SAMPLE,
      truncationNote: 'See x.',
    };
    const full = Buffer.byteLength(legacyMarkdown(HOSTILE, summary, opts));
    let cut = 0;
    for (let max = 0; max <= full + 10; max += 7) {
      const want = legacyMarkdown(HOSTILE, summary, { ...opts, maxBytes: max });
      if (want.includes('Truncated to fit')) cut++;
      expect(renderMarkdown(HOSTILE, summary, { ...opts, maxBytes: max })).toBe(want);
    }
    // The sweep crossed real cuts, including ones inside a <details>.
    expect(cut).toBeGreaterThan(50);
  });
});

/** Every array in a JSON value, replaced by a Streamed over a generator of its elements. */
function streamArrays(v: unknown): unknown {
  if (Array.isArray(v))
    return new Streamed(
      (function* () {
        for (const x of v) yield streamArrays(x);
      })(),
    );
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, streamArrays(x)]));
  return v;
}

describe('jsonChunks', () => {
  it('is JSON.stringify(value, null, 2), with or without streamed arrays', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const want = JSON.stringify(v, null, 2);
        expect(joined(jsonChunks(v))).toBe(want);
        expect(joined(jsonChunks(streamArrays(v)))).toBe(want);
      }),
      { numRuns: 300, seed: 10 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes null for it in an array', () => {
    const v = {
      a: undefined,
      b: [1, undefined, () => 1],
      c: new Streamed([undefined, { d: undefined, e: 1 }]),
      f: new Date(0),
      g: {},
      h: new Streamed([]),
    };
    const plain = { ...v, c: [undefined, { d: undefined, e: 1 }], h: [] };
    expect(joined(jsonChunks(v))).toBe(JSON.stringify(plain, null, 2));
  });
});

function synthetic(n: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      ruleId: i % 3 === 0 ? 'dockerfile/remote-add-no-checksum' : 'dockerfile/base-image-unpinned',
      severity: SEVS[i % SEVS.length]!,
      message: `Finding ${i} in file ${Math.floor(i / 50)} | "quoted" \\ <tag> ünï`,
      path: `dir ${Math.floor(i / 500)}/sub/${Math.floor(i / 50)}/Dockerfile`,
      startLine: (i % 50) + 1,
      startColumn: 1,
      endLine: (i % 50) + 1,
      endColumn: 9,
      ...(i % 2 === 0 ? { evidence: `ADD https://e.example/${i} /x` } : {}),
      ...(i % 4 === 0 ? { fix: `Pin it (${i})` } : {}),
      ...(i % 7 === 0
        ? { related: [{ span: { line: 1, column: 1, endLine: 1, endColumn: 2 }, label: `r${i}` }] }
        : {}),
      fingerprint: i.toString(16).padStart(32, '0'),
    });
  }
  return out;
}

describe('20,000 findings through the streaming path', () => {
  const N = 20_000;
  const list = synthetic(N);
  const hidden = synthetic(500).map((f) => ({
    ...f,
    path: `hidden/${f.path}`,
    suppression: { kind: 'config' as const, path: '.bulkhead.yml', line: 3, reason: 'ok' },
  }));
  const summary = summarize(list, 'high', 400);

  /**
   * The pieces, checked to be small: the report is never one string inside the renderer. The
   * large ones are parts that do not grow with the findings: SARIF's rule list, one piece a rule
   * (its docs three times: text, markdown, full description).
   */
  function pieces(chunks: Iterable<string>): string[] {
    const all = [...chunks];
    expect(all.length).toBeGreaterThan(N);
    const largest = Math.max(...all.map((c) => c.length));
    expect(largest).toBeLessThan(64 * 1024);
    expect(largest * 20).toBeLessThan(all.reduce((n, c) => n + c.length, 0));
    expect(all.filter((c) => c.length > 4096).length).toBeLessThanOrEqual(ALL_RULES.length);
    return all;
  }

  it('JSON parses back to the findings, and is the old bytes', () => {
    const text = pieces(renderJsonChunks(list, summary, { suppressed: hidden })).join('');
    const parsed = JSON.parse(text) as {
      findings: Finding[];
      suppressed: Finding[];
      summary: { total: number };
    };
    expect(parsed.findings).toEqual(list);
    expect(parsed.suppressed).toEqual(hidden);
    expect(parsed.summary.total).toBe(N);
    expect(text).toBe(legacyJson(list, summary, { suppressed: hidden }));
  });

  it('SARIF parses back with one result per finding, in order, and is the old bytes', () => {
    const opts = { levelFor: levelFor('high'), suppressed: hidden, suppressedResults: true };
    const text = pieces(renderSarifChunks(list, opts)).join('');
    const log = JSON.parse(text) as {
      runs: {
        results: {
          ruleId: string;
          partialFingerprints: { primaryLocationLineHash: string };
          suppressions?: unknown[];
        }[];
      }[];
    };
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(N + hidden.length);
    expect(results.map((r) => r.partialFingerprints.primaryLocationLineHash)).toEqual(
      [...list, ...hidden].map((f) => f.fingerprint),
    );
    expect(results.filter((r) => r.suppressions).length).toBe(hidden.length);
    expect(text).toBe(legacySarif(list, opts));
  });

  it('markdown has one line per finding and is the old bytes', () => {
    const opts = { suppressed: hidden, suppressedDetails: true };
    const text = pieces(renderMarkdownChunks(list, summary, opts)).join('');
    const rows = text
      .split('\n')
      .filter((l) => /^- \S+ (\*\*)?(critical|high|medium|low|info)(\*\*)? · \[/.test(l));
    expect(rows).toHaveLength(N + hidden.length);
    expect(text).toBe(legacyMarkdown(list, summary, opts));
  });

  it('text has one line per finding and is the old bytes', () => {
    const text = pieces(renderTextChunks(list, summary, { color: false })).join('');
    expect(text.split('\n').filter((l) => /^ {2}\d+:\d+ {2}/.test(l))).toHaveLength(N);
    expect(text).toBe(legacyText(list, summary, { color: false }));
  });
});

describe('writing a report in pieces', () => {
  it('batches small pieces into writes of about the batch size, losing nothing', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `piece ${i};`);
    const out = [...batched(chunks, 100)];
    expect(out.join('')).toBe(chunks.join(''));
    expect(out.length).toBeGreaterThan(50);
    for (const b of out.slice(0, -1)) expect(b.length).toBeGreaterThanOrEqual(100);
    expect(Math.max(...out.map((b) => b.length))).toBeLessThan(100 + 12);
    expect([...batched(''), ...batched([])]).toEqual([]);
    expect([...batched('whole')]).toEqual(['whole']);
  });

  it('awaits a writer that is waiting for drain before making the next batch', async () => {
    const log: string[] = [];
    let made = 0;
    function* gen() {
      for (let i = 0; i < 3; i++) {
        made++;
        yield 'x'.repeat(70_000);
      }
    }
    await writeChunks(gen(), async (s) => {
      log.push(`write ${s.length} after ${made} made`);
      await new Promise((r) => setTimeout(r, 1));
    });
    expect(log).toEqual(['write 70000 after 1 made', 'write 70000 after 2 made', 'write 70000 after 3 made']);
  });

  it('stops making and writing pieces once the reader is gone', async () => {
    let made = 0;
    function* gen() {
      for (let i = 0; i < 10; i++) {
        made++;
        yield 'x'.repeat(70_000);
      }
    }
    const written: number[] = [];
    await writeChunks(
      gen(),
      (s) => written.push(s.length),
      () => written.length >= 2,
    );
    expect(written).toEqual([70_000, 70_000]);
    expect(made).toBe(3);
  });

  it('writes the same bytes to a file inside and outside the scanned tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-stream-'));
    try {
      const tree = join(dir, 'tree');
      mkdirSync(tree);
      const summary = summarize(HOSTILE, 'high', 2);
      const want = legacyJson(HOSTILE, summary, { suppressed: SUPPRESSED });
      const inside = join(tree, 'report.json');
      const outside = join(dir, 'report.json');
      writeOutput(inside, renderJsonChunks(HOSTILE, summary, { suppressed: SUPPRESSED }), [tree]);
      writeOutput(outside, renderJsonChunks(HOSTILE, summary, { suppressed: SUPPRESSED }), [tree]);
      expect(readFileSync(inside, 'utf8')).toBe(want);
      expect(readFileSync(outside, 'utf8')).toBe(want);
      // The link check still runs before anything is written.
      symlinkSync(outside, join(tree, 'link.json'));
      expect(() => writeOutput(join(tree, 'link.json'), ['x'], [tree])).toThrow(/symbolic link/);
      expect(readFileSync(outside, 'utf8')).toBe(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
