import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import type { Finding } from '../../src/core/index.js';
import { scan } from '../../src/scan/engine.js';
import { planFixes } from '../../src/fix/plan.js';
import { NO_ANSWERS, type ResolveAnswers } from '../../src/fix/resolve.js';
import { parseProblem } from '../../src/cli/fix.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const images = (...names: string[]): ResolveAnswers => ({
  images: new Map(names.map((n) => [n, { digest: DIGEST }])),
  actions: new Map(),
  failures: [],
});

async function scanText(path: string, text: string): Promise<Finding[]> {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-autofix-'));
  dirs.push(root);
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  const r = await scan({ root, paths: [root], config: { ...defaultConfig(), online: false } });
  return r.findings;
}

/**
 * Scans `text`, applies the fixes of `ruleId`, checks the result is `expected`, re-scans it: the
 * rule's finding is gone and every other finding is still there (same rule and message).
 */
async function fixAndRescan(
  path: string,
  text: string,
  ruleId: string,
  expected: string,
  answers = NO_ANSWERS,
) {
  const findings = await scanText(path, text);
  const mine = findings.filter((f) => f.ruleId === ruleId);
  expect(mine.length).toBeGreaterThan(0);
  const [file] = await planFixes(mine, {
    read: () => text,
    parse: (_p, t) =>
      parseProblem(
        path.endsWith('.yml') ? 'workflow' : path.endsWith('.npmrc') ? 'pm-config' : 'dockerfile',
        path,
        t,
      ),
    answers,
  });
  expect(file!.outcomes.map((o) => o.reason)).toStrictEqual(mine.map(() => undefined));
  expect(file!.after).toBe(expected);
  const again = await scanText(path, file!.after);
  expect(again.filter((f) => f.ruleId === ruleId)).toStrictEqual([]);
  // Other findings stay; a message quoting the image now quotes it with its digest.
  const others = (fs: Finding[]) =>
    fs
      .filter((f) => f.ruleId !== ruleId)
      .map((f) => `${f.ruleId}: ${f.message.replace(/@sha256:[0-9a-f]{64}/g, '')}`)
      .sort();
  expect(others(again)).toStrictEqual(others(findings));
  // A second run changes nothing.
  const [second] = await planFixes(
    again.filter((f) => f.ruleId === ruleId),
    {
      read: () => file!.after,
      parse: () => Promise.resolve(undefined),
      answers,
    },
  );
  expect(second).toBeUndefined();
  return mine;
}

describe('rules that declare a mechanical fix', () => {
  it('dockerfile/base-image-unpinned: FROM and COPY --from get the digest, CRLF and comments kept', async () => {
    const text =
      '# build\r\nFROM node:20 AS build\r\nCOPY --from=busybox:1.36 /bin/busybox /bin/\r\nFROM build\r\n';
    const mine = await fixAndRescan(
      'Dockerfile',
      text,
      'dockerfile/base-image-unpinned',
      `# build\r\nFROM node:20@${DIGEST} AS build\r\nCOPY --from=busybox:1.36@${DIGEST} /bin/busybox /bin/\r\nFROM build\r\n`,
      images('node:20', 'busybox:1.36'),
    );
    expect(mine.map((f) => [f.startLine, f.startColumn, f.autofix?.resolve?.kind])).toStrictEqual([
      [2, 6, 'image-digest'],
      [3, 13, 'image-digest'],
    ]);
  });

  it('dockerfile/base-image-unpinned: no autofix for an image built from a variable or quoted', async () => {
    const f = await scanText('Dockerfile', 'ARG V=20\nFROM node:${V}\nFROM "alpine:3.20"\n');
    const mine = f.filter((x) => x.ruleId === 'dockerfile/base-image-unpinned');
    expect(mine.map((x) => [x.startLine, x.autofix])).toStrictEqual([
      [2, undefined],
      [3, undefined],
    ]);
  });

  it('dockerfile/syntax-directive-unpinned: the frontend gets its digest', async () => {
    await fixAndRescan(
      'Dockerfile',
      `# syntax=docker/dockerfile:1.7\nFROM alpine:3.20@${DIGEST}\n`,
      'dockerfile/syntax-directive-unpinned',
      `# syntax=docker/dockerfile:1.7@${DIGEST}\nFROM alpine:3.20@${DIGEST}\n`,
      images('docker/dockerfile:1.7'),
    );
  });

  it('workflow/unpinned-container-image: container: and services image: get the digest', async () => {
    const wf = (a: string, b: string) =>
      `on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    container: ${a}\n    services:\n      db:\n        image: "${b}" # db\n    steps:\n      - run: echo hi\n`;
    await fixAndRescan(
      '.github/workflows/ci.yml',
      wf('node:20', 'postgres:16.4'),
      'workflow/unpinned-container-image',
      wf(`node:20@${DIGEST}`, `postgres:16.4@${DIGEST}`),
      images('node:20', 'postgres:16.4'),
    );
  });

  it('offline, a digest fix is not made and says why', async () => {
    const text = 'FROM node:20\n';
    const mine = (await scanText('Dockerfile', text)).filter(
      (f) => f.ruleId === 'dockerfile/base-image-unpinned',
    );
    const [file] = await planFixes(mine, {
      read: () => text,
      parse: () => Promise.resolve(undefined),
      answers: NO_ANSWERS,
    });
    expect(file!.after).toBe(text);
    expect(file!.outcomes[0]!.reason).toBe('no digest for node:20 (offline, or the registry did not answer)');
  });

  it('a digest answer of the wrong shape, or a file changed since, makes no edit', async () => {
    const text = 'FROM node:20\n';
    const mine = (await scanText('Dockerfile', text)).filter(
      (f) => f.ruleId === 'dockerfile/base-image-unpinned',
    );
    const bad: ResolveAnswers = {
      images: new Map([['node:20', { digest: 'sha256:zz' }]]),
      actions: new Map(),
      failures: [],
    };
    const [a] = await planFixes(mine, {
      read: () => text,
      parse: () => Promise.resolve(undefined),
      answers: bad,
    });
    expect(a!.outcomes[0]!.reason).toBe("the registry's digest for node:20 is not sha256:<64 hex>");
    const [b] = await planFixes(mine, {
      read: () => 'FROM node:22\n',
      parse: () => Promise.resolve(undefined),
      answers: images('node:20'),
    });
    expect(b!.outcomes[0]!.reason).toBe('the text at 1:6 is no longer node:20');
    expect(b!.after).toBe('FROM node:22\n');
  });

  it('dockerfile/tls-verification-disabled: curl -k and --insecure go, a flag cluster loses its k', async () => {
    await fixAndRescan(
      'Dockerfile',
      `FROM alpine:3.20@${DIGEST}\nRUN curl -fsSLk https://example.com/a -o /a && \\\n    curl --insecure -o /b https://example.com/b && curl -o /c https://example.com/c -k\n`,
      'dockerfile/tls-verification-disabled',
      `FROM alpine:3.20@${DIGEST}\nRUN curl -fsSL https://example.com/a -o /a && \\\n    curl -o /b https://example.com/b && curl -o /c https://example.com/c\n`,
    );
  });

  it('dockerfile/tls-verification-disabled: wget and quoted curl flags stay text fixes', async () => {
    const f = await scanText(
      'Dockerfile',
      'FROM scratch\nRUN curl "-k" https://e.example/a; wget --no-check-certificate https://e.example/b\n',
    );
    const mine = f.filter((x) => x.ruleId === 'dockerfile/tls-verification-disabled');
    expect(mine.length).toBe(2);
    expect(mine.every((x) => x.autofix === undefined)).toBe(true);
  });

  it('dockerfile/lockfile-not-enforced: npm install becomes npm ci, flags kept', async () => {
    await fixAndRescan(
      'Dockerfile',
      `FROM node:20@${DIGEST}\nCOPY package.json package-lock.json ./\nRUN npm install --omit=dev\n`,
      'dockerfile/lockfile-not-enforced',
      `FROM node:20@${DIGEST}\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n`,
    );
  });

  it('config/tls-disabled: strict-ssl=false becomes true in .npmrc', async () => {
    await fixAndRescan(
      '.npmrc',
      'registry=https://registry.example/\nstrict-ssl=false\n',
      'config/tls-disabled',
      'registry=https://registry.example/\nstrict-ssl=true\n',
    );
  });

  it('workflow/credential-persistence: persist-credentials: false under an existing with: or a new one', async () => {
    const tail =
      '      - run: make\n      - uses: actions/upload-artifact@v4\n        with:\n          name: site\n          path: .\n          include-hidden-files: true\n';
    const head = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n';
    await fixAndRescan(
      '.github/workflows/ci.yml',
      `${head}      - uses: actions/checkout@v4\n${tail}`,
      'workflow/credential-persistence',
      `${head}      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n${tail}`,
    );
    await fixAndRescan(
      '.github/workflows/ci.yml',
      `${head}      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n${tail}`,
      'workflow/credential-persistence',
      `${head}      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n          fetch-depth: 0\n${tail}`,
    );
    await fixAndRescan(
      '.github/workflows/ci.yml',
      `${head}      - uses: actions/checkout@v4\n        with: { persist-credentials: true }\n${tail}`,
      'workflow/credential-persistence',
      `${head}      - uses: actions/checkout@v4\n        with: { persist-credentials: false }\n${tail}`,
    );
  });

  it('drops a fix whose result would not parse, and says so', async () => {
    const text =
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n';
    const broken: Finding = {
      ruleId: 'workflow/credential-persistence',
      severity: 'high',
      message: 'x',
      path: '.github/workflows/ci.yml',
      startLine: 6,
      startColumn: 9,
      endLine: 6,
      endColumn: 10,
      fingerprint: 'f',
      autofix: {
        title: 't',
        edits: [{ span: { line: 6, column: 1, endLine: 6, endColumn: 1 }, text: '  x: [\n' }],
      },
    };
    const [file] = await planFixes([broken], {
      read: () => text,
      parse: (p, t) => parseProblem('workflow', p, t),
      answers: NO_ANSWERS,
    });
    expect(file!.after).toBe(text);
    expect(file!.outcomes[0]!.reason).toMatch(/^the fixed file would not parse \(/);
  });
});

describe('npm ci stays a text fix where it is a decision', () => {
  it('not in an ONBUILD trigger, not with --package-lock=false or --no-shrinkwrap', async () => {
    const f = await scanText(
      'Dockerfile',
      'FROM node:20\nONBUILD RUN npm install\nRUN npm install --package-lock=false\nRUN npm install --no-shrinkwrap\n',
    );
    const mine = f.filter((x) => x.ruleId === 'dockerfile/lockfile-not-enforced');
    expect(mine.map((x) => [x.startLine, x.autofix])).toStrictEqual([
      [2, undefined],
      [3, undefined],
      [4, undefined],
    ]);
  });
});
