/**
 * Issue 18: fast-check properties over every parser Bulkhead has (Dockerfile, every lockfile
 * format, every package-manager config, workflows, action metadata, dependabot, .bulkhead.yml).
 * Inputs are valid seed files mutated with syntax-heavy and hostile fragments, and random text.
 * Run counts are modest so the whole file stays within a few seconds per parser.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { defaultConfig } from '../../src/config/schema.js';
import type { Finding } from '../../src/core/index.js';
import { ConfigurationError } from '../../src/errors.js';
import { parseDockerfile } from '../../src/formats/dockerfile/parse.js';
import { parseLockfile } from '../../src/formats/lockfile/parse.js';
import { parsePmConfig } from '../../src/formats/pm-config/parse.js';
import { ParseError } from '../../src/formats/position.js';
import { parseWorkflow } from '../../src/formats/workflow/parse.js';
import { checkRunReport } from '../../src/report/check-run.js';
import { renderJson } from '../../src/report/json.js';
import { ICON, renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { scan } from '../../src/scan/engine.js';
import { FORMATS, PAYLOAD } from './cases.js';

const SEED = 18;
const RUNS = 40;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Fragments that stress tokenisers: delimiters, quotes, escapes, line ends, odd Unicode. */
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  ',',
  '=',
  '#',
  '\\',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '  ',
  '- ',
  '&a ',
  '*a',
  '<<',
  '${',
  '$(',
  '`',
  '@',
  '/',
  '../',
  '\u0000',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\x1b[31m',
  '\ud800',
  'é',
  '𝒳',
  '1e999',
  '-0',
  '0x',
  'null',
  'true',
  '~',
  '|',
  '>',
  '%0A',
  '::',
  'http://',
  PAYLOAD,
  'RUN ',
  'FROM ',
  '\\\n',
  '<<EOF\n',
  'EOF\n',
  'uses: ',
  'run: ',
  '[[package]]\n',
  'version = ',
  'sha512-',
];

const fragment = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

/** A seed text with random edits: inserts, deletions and replacements at random offsets. */
function mutated(seed: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.array(fragment, { maxLength: 3 }));
  return fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => {
    let s = seed;
    for (const [at, del, ins] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      s = s.slice(0, i) + ins.join('') + s.slice(i + del);
    }
    return s;
  });
}

const textFor = (seed: string) =>
  fc.oneof(
    { weight: 4, arbitrary: mutated(seed) },
    { weight: 1, arbitrary: fc.array(fragment, { maxLength: 40 }).map((a) => a.join('')) },
  );

const CONFIG_SEED = `fail-on: high\nrules:\n  dockerfile/base-image-latest: medium\nignore:\n  - rule: dockerfile/runs-as-root\n    reason: x\npaths:\n  include: ['**']\n`;

/**
 * Lines added to the seeds of formats whose valid seed has nothing to report, so that the engine
 * properties see real findings (a registry over http, a committed password).
 */
const RISKY: Record<string, string> = {
  '.npmrc': 'registry=http://e.x/\n',
  '.yarnrc': 'registry "http://e.x/"\n',
  'pip.conf': 'extra-index-url = http://e.x/simple\n',
  '.pypirc': '[pypi]\nrepository = http://e.x/legacy/\nusername = u\npassword = hunter2hunter2hunter2\n',
};

/** Every parser, called as the engine calls it, with the error type it may throw. */
const PARSERS: {
  name: string;
  path: string;
  seed: string;
  parse: (text: string, path: string) => unknown;
  allowed: new (...a: never[]) => Error;
}[] = [
  ...FORMATS.map((f) => ({
    name: f.path,
    path: f.path,
    seed: f.valid + (RISKY[f.path] ?? ''),
    parse:
      f.path === 'Dockerfile'
        ? parseDockerfile
        : f.path.endsWith('.yml')
          ? parseWorkflowOrPm(f.path)
          : f.path === 'bunfig.toml' || f.path.startsWith('.') || f.path === 'pip.conf'
            ? parsePmConfig
            : parseLockfile,
    allowed: ParseError,
  })),
  {
    name: '.bulkhead.yml',
    path: '.bulkhead.yml',
    seed: CONFIG_SEED,
    parse: parseConfig,
    allowed: ConfigurationError,
  },
];

function parseWorkflowOrPm(path: string): (text: string, p: string) => unknown {
  return path === '.yarnrc.yml' ? parsePmConfig : parseWorkflow;
}

/** Parsers read text after the engine removed a BOM only for lockfiles: do the same. */
const bare = (path: string, text: string) =>
  text.charCodeAt(0) === 0xfeff && /lock|\.txt|go\.sum/.test(path) ? text.slice(1) : text;

describe.each(PARSERS.map((p) => [p.name, p] as const))('%s parser', (_n, p) => {
  test('throws nothing but its typed error', () => {
    fc.assert(
      fc.property(textFor(p.seed), (text) => {
        try {
          p.parse(bare(p.path, text), p.path.replace(/^yarn-classic\//, ''));
        } catch (e) {
          if (!(e instanceof p.allowed))
            throw new Error(`threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

function lineBounds(text: string): { lines: number; longest: number } {
  const byLf = text.split('\n');
  const byAny = text.split(/\r\n|\r|\n|\u2028|\u2029/);
  return {
    lines: Math.max(byLf.length, byAny.length),
    longest: Math.max(...byLf.map((l) => l.length), 0),
  };
}

async function scanText(path: string, text: string): Promise<Finding[]> {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-prop-'));
  dirs.push(root);
  const r = await scan({ root, paths: [root], config: defaultConfig(), stdin: { path, text } });
  return r.findings;
}

/** The per-finding lines of a full markdown report (one bullet with a severity icon each). */
function markdownCount(md: string): number {
  const icons = Object.values(ICON);
  return md.split('\n').filter((l) => icons.some((i) => l.startsWith(`- ${i} `))).length;
}

/** Finding counts in JSON, SARIF, full markdown and the check-run annotations. */
function channelCounts(findings: Finding[]): number[] {
  const summary = summarize(findings, 'high', 1);
  const json = (JSON.parse(renderJson(findings, summary)) as { findings: unknown[] }).findings.length;
  const sarif = (JSON.parse(renderSarif(findings)) as { runs: { results: unknown[] }[] }).runs[0]!.results
    .length;
  const md = markdownCount(renderMarkdown(findings, summary, { maxBytes: 50_000_000 }));
  const plan = checkRunReport({
    findings,
    existing: [],
    suppressed: [],
    config: { origin: 'default' },
    summary,
    notes: [],
    name: 'Bulkhead',
    completedAt: '2026-12-06T00:00:00Z',
  });
  return [json, sarif, md, plan.annotated + plan.dropped];
}

describe.each(PARSERS.filter((p) => p.name !== '.bulkhead.yml').map((p) => [p.name, p] as const))(
  '%s through the engine',
  (_n, p) => {
    test('no internal error, spans inside the file, deterministic, same count in every channel', async () => {
      let seen = 0;
      await fc.assert(
        fc.asyncProperty(textFor(p.seed), async (text) => {
          const path = p.path.replace(/^yarn-classic\//, '');
          const a = await scanText(path, text);
          const b = await scanText(path, text);
          expect(b).toEqual(a);
          expect(a.filter((f) => f.ruleId === 'scan/internal-error')).toEqual([]);
          const { lines, longest } = lineBounds(text);
          for (const f of a) {
            if (f.path !== path) continue;
            expect(f.startLine).toBeGreaterThanOrEqual(1);
            expect(f.startLine).toBeLessThanOrEqual(lines);
            expect(f.endLine).toBeGreaterThanOrEqual(f.startLine);
            expect(f.endLine).toBeLessThanOrEqual(lines);
            expect(f.startColumn).toBeGreaterThanOrEqual(1);
            expect(f.startColumn).toBeLessThanOrEqual(longest + 1);
            expect(f.endColumn).toBeLessThanOrEqual(longest + 2);
            if (f.endLine === f.startLine) expect(f.endColumn).toBeGreaterThanOrEqual(f.startColumn);
          }
          const counts = channelCounts(a);
          expect(counts).toEqual(counts.map(() => a.length));
          seen += a.length;
        }),
        { seed: SEED, numRuns: 15 },
      );
      // The checks above ran on real findings, not only on empty lists.
      expect(seen).toBeGreaterThan(0);
    }, 60_000);
  },
);

test('findings do not depend on the order files are named or written', async () => {
  const pool = FORMATS.map((f) => f.path);
  await fc.assert(
    fc.asyncProperty(
      fc.shuffledSubarray(pool, { minLength: 2, maxLength: 6 }),
      fc.array(fragment, { minLength: 1, maxLength: 4 }),
      async (names, junk) => {
        const root = mkdtempSync(join(tmpdir(), 'bulkhead-order-'));
        dirs.push(root);
        // Write in the shuffled order (directory order follows creation on most filesystems).
        for (const [i, n] of names.entries()) {
          const f = FORMATS.find((x) => x.path === n)!;
          mkdirSync(dirname(join(root, n)), { recursive: true });
          writeFileSync(join(root, n), i % 2 === 0 ? f.valid + junk.join('') : f.valid);
        }
        const forward = await scan({ root, paths: names.map((n) => join(root, n)), config: defaultConfig() });
        const backward = await scan({
          root,
          paths: [...names].reverse().map((n) => join(root, n)),
          config: defaultConfig(),
        });
        const walked = await scan({ root, paths: [root], config: defaultConfig() });
        expect(backward.findings).toEqual(forward.findings);
        expect(walked.findings).toEqual(forward.findings);
      },
    ),
    { seed: SEED, numRuns: 12 },
  );
}, 60_000);
