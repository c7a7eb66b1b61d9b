/**
 * The review-suggestions channel against the loopback REST fake, through the real Octokit client:
 * every request body is validated against GitHub's OpenAPI description, and the fake refuses a
 * comment outside the diff's hunks as GitHub does (422). The findings are stubs that carry
 * `autofix.edits`, as the rules' fixes will.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Finding } from '../../src/core/index.js';
import { restApi } from '../../src/github/api.js';
import type { Settings } from '../../src/github/inputs.js';
import { createOctokit } from '../../src/github/octokit.js';
import { publishAll, type ActionReport, type PublishContext } from '../../src/github/publish/index.js';
import { jobSummaryPublisher } from '../../src/github/publish/job-summary.js';
import { reviewSuggestionsPublisher } from '../../src/github/publish/review-suggestions.js';
import type { Logger } from '../../src/logger.js';
import { summarize } from '../../src/report/summary.js';
import { defaultConfig } from '../../src/config/schema.js';
import type { Intel } from '../../src/intel/intel.js';
import { scan } from '../../src/scan/engine.js';
import { finding } from '../action/fixtures.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../e2e/fake-github.js';
import { validateRequest } from '../e2e/openapi.js';
import { readDocument } from '../report/gfm-lite.js';

const HEAD = 'c'.repeat(40);
const dirs: string[] = [];
const servers: FakeGitHub[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1));
/** Twenty lines; 6, 12 and 16 install with npm, line 18 names a hostile value. */
const DOCKERFILE =
  lines(20, (i) =>
    i === 1
      ? 'FROM node:20'
      : i === 6 || i === 12 || i === 16
        ? `RUN npm install ./pkg${i}`
        : i === 18
          ? 'LABEL note="``` @everyone <b>x</b>"'
          : `RUN echo ${i}`,
  ).join('\n') + '\n';
const CI_DOCKERFILE = 'FROM node:20\nRUN npm install\n';
/** The pull request added line 6 and changed line 16: hunks 3-9 and 13-19 (context three each side). */
const PATCH = [
  '@@ -3,6 +3,7 @@',
  ...lines(7, (k) => {
    const i = k + 2;
    const l = DOCKERFILE.split('\n')[i - 1]!;
    return i === 6 ? `+${l}` : ` ${l}`;
  }),
  '@@ -12,7 +13,7 @@',
  ...lines(7, (k) => {
    const i = k + 12;
    const l = DOCKERFILE.split('\n')[i - 1]!;
    return i === 16 ? `-RUN npm install ./old\n+${l}` : ` ${l}`;
  }),
].join('\n');

function npmFix(path: string, text: string, line: number): Finding {
  const l = text.split('\n')[line - 1]!;
  const col = l.indexOf('npm install') + 1;
  return finding({
    ruleId: 'dockerfile/npm-install',
    severity: 'medium',
    path,
    startLine: line,
    startColumn: col,
    endLine: line,
    endColumn: col + 11,
    evidence: l,
    message: '`npm install` can change the lockfile; `npm ci` installs exactly what it says.',
    autofix: {
      title: 'use npm ci',
      edits: [{ span: { line, column: col, endLine: line, endColumn: col + 11 }, text: 'npm ci' }],
    },
  });
}

/** A fix whose new text tries to close the suggestion block and mention people. */
const HOSTILE = finding({
  ruleId: 'dockerfile/label-note',
  path: 'Dockerfile',
  startLine: 18,
  evidence: 'hostile',
  message: 'Label note @maintainers <img src=x>.',
  autofix: {
    title: 'rewrite the note',
    edits: [
      {
        span: { line: 18, column: 13, endLine: 18, endColumn: 35 },
        text: '````\n```\n@everyone <script>alert(1)</script>',
      },
    ],
  },
});

const FINDINGS = [
  npmFix('Dockerfile', DOCKERFILE, 6), // on the added line
  npmFix('Dockerfile', DOCKERFILE, 12), // outside both hunks
  npmFix('Dockerfile', DOCKERFILE, 16), // on the changed line
  npmFix('ci/Dockerfile', CI_DOCKERFILE, 2), // a file the pull request did not touch
];

function report(findings: Finding[]): ActionReport {
  return {
    all: findings,
    reported: findings,
    existing: [],
    suppressed: [],
    config: { origin: 'default' },
    summary: summarize(findings, 'high', 2),
    notes: [],
  };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-suggest-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function fake(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const s = await startFakeGitHub({
    pullFiles: [{ filename: 'Dockerfile', status: 'modified', patch: PATCH }],
    viewer: { login: 'github-actions[bot]', databaseId: 41898282 },
    ...opts,
  });
  servers.push(s);
  return s;
}

/** One action run's publishing: the suggestions, then the job summary that carries the patch. */
async function run(
  gh: FakeGitHub,
  ws: string,
  findings: Finding[],
  over: { eventName?: string; intel?: PublishContext['intel'] } = {},
) {
  const logged = { info: [] as string[], warning: [] as string[], error: [] as string[] };
  const log: Logger = {
    debug() {},
    info: (m) => logged.info.push(m),
    warning: (m) => logged.warning.push(m),
    error: (m) => logged.error.push(m),
  };
  const api = restApi(createOctokit({ token: 't', baseUrl: gh.url, logger: log }), 'octo', 'app');
  const settings: Settings = {
    workspace: ws,
    scanPath: ws,
    report: 'all',
    annotations: false,
    checkRun: false,
    checkName: 'Bulkhead',
    jobSummary: true,
    prComment: 'off',
    suggestions: true,
    token: 't',
  };
  let summary = '';
  const ctx: PublishContext = {
    settings,
    event: {
      eventName: over.eventName ?? 'pull_request',
      payload: {},
      repository: 'octo/app',
      owner: 'octo',
      repo: 'app',
      sha: 'd'.repeat(40),
      serverUrl: 'https://github.example',
      apiUrl: gh.url,
    },
    refs: { base: 'b'.repeat(40), head: HEAD, prNumber: 7, fork: false },
    api,
    log,
    io: {
      writeLine() {},
      startGroup() {},
      endGroup() {},
      setOutput() {},
      async appendSummary(md) {
        summary += md;
      },
    },
    failOn: 'high',
    now: () => new Date('2026-12-01T00:00:00Z'),
    outcomes: [],
    ...(over.intel ? { intel: over.intel } : {}),
  };
  const before = gh.requests.length;
  await publishAll(ctx, report(findings), [reviewSuggestionsPublisher, jobSummaryPublisher]);
  const requests = gh.requests.slice(before);
  const problems = requests.flatMap((r) =>
    r.path === '/graphql' ? [] : validateRequest(r.method, r.path, r.body),
  );
  expect(problems).toEqual([]);
  return {
    ctx,
    summary,
    logged,
    requests,
    writes: requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql'),
  };
}

/** The ```diff block of the job summary, applied with git to a copy of the workspace. */
function applyPatch(ws: string, summary: string): string {
  const lines = summary.split('\n');
  const open = lines.findIndex((l) => /^`{3,}diff$/.test(l));
  expect(open).toBeGreaterThan(-1);
  const fence = lines[open]!.slice(0, -'diff'.length);
  const close = lines.findIndex((l, i) => i > open && l === fence);
  const copy = mkdtempSync(join(tmpdir(), 'bulkhead-suggest-apply-'));
  dirs.push(copy);
  cpSync(ws, copy, { recursive: true });
  writeFileSync(join(copy, 'fix.patch'), lines.slice(open + 1, close).join('\n') + '\n');
  execFileSync('git', ['init', '-q'], { cwd: copy });
  execFileSync('git', ['apply', 'fix.patch'], { cwd: copy });
  return copy;
}

type Posted = { path: string; line: number; start_line?: number; side: string; body: string };
const reviewsOf = (r: { writes: { method: string; path: string; body: unknown }[] }) =>
  r.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/pulls/7/reviews'));

describe('review suggestions against the REST fake', () => {
  test('fixes on the diff become one review; the half outside it is one git-apply-able patch; a second run changes nothing', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'ci/Dockerfile': CI_DOCKERFILE });
    const gh = await fake();
    const first = await run(gh, ws, FINDINGS);

    const reviews = reviewsOf(first);
    expect(reviews).toHaveLength(1);
    const review = reviews[0]!.body as { event: string; commit_id: string; body: string; comments: Posted[] };
    expect([review.event, review.commit_id]).toEqual(['COMMENT', HEAD]);
    expect(review.body).toContain(
      '2 suggested fixes on the changed lines. 2 other fixes are in the job summary as a patch.',
    );
    expect(review.comments.map((c) => [c.path, c.line, c.start_line, c.side])).toEqual([
      ['Dockerfile', 6, undefined, 'RIGHT'],
      ['Dockerfile', 16, undefined, 'RIGHT'],
    ]);
    expect(review.comments[0]!.body).toContain('\n```suggestion\nRUN npm ci ./pkg6\n```\n');
    expect(review.comments[1]!.body).toContain('\n```suggestion\nRUN npm ci ./pkg16\n```\n');

    // The other two, and only they, are in the patch; it applies to the checkout.
    expect(first.summary).toContain("2 fixes on lines outside the pull request's diff.");
    const fixed = applyPatch(ws, first.summary);
    expect(readFileSync(join(fixed, 'Dockerfile'), 'utf8')).toBe(
      DOCKERFILE.replace('npm install ./pkg12', 'npm ci ./pkg12'),
    );
    expect(readFileSync(join(fixed, 'ci/Dockerfile'), 'utf8')).toBe('FROM node:20\nRUN npm ci\n');
    expect(first.ctx.outcomes).toEqual([]);
    expect([first.logged.warning, first.logged.error]).toEqual([[], []]);

    // The next push, nothing changed: no review, no edit, no deletion.
    const second = await run(gh, ws, FINDINGS);
    expect(second.writes).toEqual([]);
    expect(gh.reviewComments).toHaveLength(2);
    expect(second.logged.info).toContain(
      'Review suggestions: 0 posted, 0 updated, 2 unchanged, 0 deleted, 0 retired (answered, kept); 2 on the diff in all',
    );
  });

  test('a later push updates rather than duplicates: a fixed finding’s comment goes, a moved one is re-posted, an answered one is retired', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'ci/Dockerfile': CI_DOCKERFILE });
    const gh = await fake();
    await run(gh, ws, FINDINGS);
    const [c6, c16] = gh.reviewComments;
    // Someone answers the line-16 suggestion; the author fixes line 6 by hand and pushes.
    gh.reviewComments.push({
      id: 77,
      body: 'Is npm ci right here? @octo',
      path: 'Dockerfile',
      line: 16,
      in_reply_to_id: c16!.id,
      user: { login: 'alice', type: 'User', id: 5 },
    });
    const fixed6 = DOCKERFILE.replace('npm install ./pkg6', 'npm ci ./pkg6');
    writeFileSync(join(ws, 'Dockerfile'), fixed6);
    const third = await run(gh, ws, [FINDINGS[1]!, FINDINGS[2]!, FINDINGS[3]!]);
    expect(reviewsOf(third)).toEqual([]);
    expect(third.writes.map((w) => [w.method, w.path])).toEqual([
      ['DELETE', `/repos/octo/app/pulls/comments/${c6!.id}`],
    ]);
    expect(gh.reviewComments.map((c) => c.id)).toEqual([c16!.id, 77]);

    // The line-16 finding is gone too: its answered comment stays, retired, with the reply.
    const fourth = await run(gh, ws, [FINDINGS[1]!, FINDINGS[3]!]);
    expect(fourth.writes.map((w) => [w.method, w.path])).toEqual([
      ['PATCH', `/repos/octo/app/pulls/comments/${c16!.id}`],
    ]);
    expect(gh.reviewComments.find((c) => c.id === c16!.id)!.body).toMatch(
      /no longer applies as of cccccccccccc/,
    );
    expect(gh.reviewComments.find((c) => c.id === 77)!.body).toBe('Is npm ci right here? @octo');
  });

  test('a comment whose finding moved is deleted and posted again at its new line (GitHub cannot move one)', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'ci/Dockerfile': CI_DOCKERFILE });
    const gh = await fake();
    await run(gh, ws, [FINDINGS[0]!]);
    const old = gh.reviewComments[0]!;
    // Pretend the last push put it one line lower.
    old.line = 7;
    const again = await run(gh, ws, [FINDINGS[0]!]);
    expect(again.writes.map((w) => [w.method, w.path.replace(/\d+$/, 'N')])).toEqual([
      ['POST', '/repos/octo/app/pulls/7/reviews'],
      ['DELETE', '/repos/octo/app/pulls/comments/N'],
    ]);
    expect(gh.reviewComments.map((c) => c.line)).toEqual([6]);
  });

  test('a read-only token (403 on the review) degrades to the patch with one note; nothing is lost', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'ci/Dockerfile': CI_DOCKERFILE });
    const gh = await fake({
      failures: [
        {
          method: 'POST',
          pathEndsWith: '/pulls/7/reviews',
          status: 403,
          body: { message: 'Resource not accessible by integration' },
        },
      ],
    });
    const r = await run(gh, ws, FINDINGS);
    expect(r.writes.map((w) => [w.method, w.path, w.status])).toEqual([
      ['POST', '/repos/octo/app/pulls/7/reviews', 403],
    ]);
    expect(r.summary).toContain(
      '- The token cannot write review comments (read-only on fork and Dependabot pull requests), so 2 suggested fixes are here instead.',
    );
    const fixed = applyPatch(ws, r.summary);
    expect(readFileSync(join(fixed, 'Dockerfile'), 'utf8')).toBe(
      DOCKERFILE.replace(/npm install/g, 'npm ci'),
    );
    expect(readFileSync(join(fixed, 'ci/Dockerfile'), 'utf8')).toBe('FROM node:20\nRUN npm ci\n');
    expect(r.logged.warning).toHaveLength(1);
    expect(r.logged.warning[0]).toContain("the token lacks 'pull-requests: write'");
    expect(r.ctx.outcomes).toEqual([]);
  });

  test('a server error on the review puts the fixes in the patch and is reported as a failed channel', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'ci/Dockerfile': CI_DOCKERFILE });
    const gh = await fake({
      failures: [
        {
          method: 'POST',
          pathEndsWith: '/pulls/7/reviews',
          status: 422,
          body: { message: 'Validation Failed' },
        },
      ],
    });
    const r = await run(gh, ws, FINDINGS);
    expect(r.ctx.outcomes.map((o) => [o.channel, o.refused])).toEqual([['review suggestions', false]]);
    expect(r.summary).toContain(
      '2 suggested fixes could not be posted as review comments, so they are here instead.',
    );
    expect(readFileSync(join(applyPatch(ws, r.summary), 'Dockerfile'), 'utf8')).toBe(
      DOCKERFILE.replace(/npm install/g, 'npm ci'),
    );
  });

  test('on a push there is no diff: every fix is in the patch and the API is not asked', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'ci/Dockerfile': CI_DOCKERFILE });
    const gh = await fake();
    const r = await run(gh, ws, FINDINGS, { eventName: 'push' });
    expect(r.requests).toEqual([]);
    expect(r.summary).toContain('- 4 fixes (no pull request diff to suggest on).');
    expect(readFileSync(join(applyPatch(ws, r.summary), 'Dockerfile'), 'utf8')).toBe(
      DOCKERFILE.replace(/npm install/g, 'npm ci'),
    );
  });

  test('hostile text in a fix stays inside its suggestion block', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE });
    const gh = await fake();
    const r = await run(gh, ws, [HOSTILE]);
    const body = (reviewsOf(r)[0]!.body as { comments: Posted[] }).comments[0]!.body;
    const all = body.split('\n');
    const open = all.findIndex((l) => l.endsWith('suggestion'));
    expect(all[open]).toBe('`````suggestion');
    // The first line that could close it is the last line of the body.
    const close = all.findIndex((l, i) => i > open && /^ {0,3}`{5,}\s*$/.test(l));
    expect(all.slice(open + 1, close)).toEqual([
      'LABEL note="````',
      '```',
      '@everyone <script>alert(1)</script>"',
    ]);
    expect(all.slice(close + 1).join('')).toBe('');
    // The prose before the block: no mention, link or HTML tag survives as such.
    const prose = readDocument(all.slice(1, open).join('\n'));
    expect([prose.risks, prose.links, prose.tags]).toEqual([[], [], []]);
    expect(prose.visible).toContain('Label note @maintainers <img src=x>.');
  });

  test('digest pins from the real rules, resolved with the run’s look-ups: the one on the diff is suggested, the other patched', async () => {
    const text = [
      'FROM node:20 AS build',
      ...lines(8, (i) => `RUN echo ${i}`),
      'FROM ghcr.io/acme/base:1.2',
      'USER node',
      '',
    ].join('\n');
    const ws = workspace({ Dockerfile: text });
    const config = defaultConfig();
    config.online = false;
    const { findings } = await scan({ root: ws, paths: [ws], config });
    expect(findings.map((f) => [f.ruleId, f.startLine, f.autofix?.resolve?.kind])).toEqual([
      ['dockerfile/base-image-unpinned', 1, 'image-digest'],
      ['dockerfile/base-image-unpinned', 10, 'image-digest'],
    ]);
    const patch = [
      '@@ -6,4 +6,5 @@',
      ...lines(5, (k) => (k === 5 - 1 ? '+' : ' ') + text.split('\n')[k + 4]!),
    ].join('\n');
    const gh = await fake({ pullFiles: [{ filename: 'Dockerfile', status: 'modified', patch }] });
    const asked: string[][] = [];
    const digest = (image: string) => `sha256:${createHash('sha256').update(image).digest('hex')}`;
    const intel: Pick<Intel, 'imageDigests' | 'actionRefs'> = {
      async imageDigests(images) {
        asked.push([...images]);
        return {
          answers: new Map(images.map((i) => [i, { digest: digest(i) }] as const)),
        };
      },
    };

    // Offline: nothing to suggest yet; the summary says how many fixes need an answer.
    const offline = await run(gh, ws, findings);
    expect(reviewsOf(offline)).toEqual([]);
    expect(offline.summary).toContain(
      "- 2 fixes need an online answer (an image digest or an action's commit SHA): run `bulkhead fix` for them.",
    );

    const online = await run(gh, ws, findings, { intel });
    expect(asked).toEqual([['node:20', 'ghcr.io/acme/base:1.2']]);
    const comments = (reviewsOf(online)[0]!.body as { comments: Posted[] }).comments;
    expect(comments.map((c) => [c.path, c.line])).toEqual([['Dockerfile', 10]]);
    expect(comments[0]!.body).toContain(
      `\n\`\`\`suggestion\nFROM ghcr.io/acme/base:1.2@${digest('ghcr.io/acme/base:1.2')}\n\`\`\`\n`,
    );
    const fixed = readFileSync(join(applyPatch(ws, online.summary), 'Dockerfile'), 'utf8');
    expect(fixed).toBe(text.replace('node:20', `node:20@${digest('node:20')}`));
    expect(online.summary).not.toContain('need an online answer');
  });
});
