import { afterAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckRunCreate, GitHubApi } from '../../src/github/api.js';
import type { Settings } from '../../src/github/inputs.js';
import {
  CheckRunSession,
  PUBLISHERS,
  publishAll,
  startCheckRun,
  type ActionReport,
  type PublishContext,
} from '../../src/github/publish/index.js';
import { attempt, describeError, isRefused } from '../../src/github/publish/policy.js';
import type { Logger } from '../../src/logger.js';
import type { CheckRunUpdate } from '../../src/report/check-run.js';
import type { PostedComment } from '../../src/report/comment.js';
import { summarize } from '../../src/report/summary.js';
import { finding } from '../action/fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const HEAD = 'c'.repeat(40);
const NOW = new Date('2026-12-01T00:00:00.000Z');
const denied = () => Object.assign(new Error('Resource not accessible by integration'), { status: 403 });

const REPORTED = [
  finding({ ruleId: 'dockerfile/remote-script-exec', severity: 'high', startLine: 2 }),
  finding({ ruleId: 'dockerfile/base-image-unpinned', severity: 'medium', startLine: 1 }),
  finding({ ruleId: 'dockerfile/apt-unpinned', severity: 'low', startLine: 3 }),
];
const EXISTING = [finding({ ruleId: 'dockerfile/base-image-latest', path: 'old/Dockerfile' })];
const REPORT: ActionReport = {
  all: [...REPORTED, ...EXISTING],
  reported: REPORTED,
  existing: EXISTING,
  suppressed: [],
  config: { origin: 'default' },
  summary: summarize(REPORTED, 'high', 2),
  notes: ['Reporting findings this change introduces (report: new).'],
};

/** Where a test breaks the run: each key names one call, the value says how it fails. */
interface Faults {
  createCheckRun?: 'refuse' | 'refuse-once' | 'throw';
  updateCheckRun?: 'refuse-once' | 'throw-once';
  listIssueComments?: 'refuse';
  createIssueComment?: 'throw';
  startGroup?: 'throw';
  annotationLine?: 'throw';
  setOutput?: 'throw';
  appendSummary?: 'throw';
  sarifIsDirectory?: true;
}

function harness(faults: Faults = {}, over: Partial<Settings> = {}) {
  const ws = mkdtempSync(join(tmpdir(), 'bulkhead-publish-'));
  dirs.push(ws);
  const sarifFile = join(ws, 'out', 'bulkhead.sarif');
  if (faults.sarifIsDirectory) mkdirSync(sarifFile, { recursive: true });

  const checkCalls: (['create', CheckRunCreate] | ['update', CheckRunUpdate])[] = [];
  const comments: string[] = [];
  const reviewListings = { n: 0 };
  let createdOnce = false;
  let updatedOnce = false;
  const api = {
    async createCheckRun(body: CheckRunCreate) {
      checkCalls.push(['create', body]);
      const f = faults.createCheckRun;
      if (f === 'refuse' || (f === 'refuse-once' && !createdOnce)) {
        createdOnce = true;
        throw denied();
      }
      if (f === 'throw') throw new TypeError("Cannot read properties of undefined (reading 'id')");
      return { id: 5, htmlUrl: 'https://github.example/o/r/runs/5' };
    },
    async updateCheckRun(_id: number, body: CheckRunUpdate) {
      checkCalls.push(['update', body]);
      const f = faults.updateCheckRun;
      if (f && !updatedOnce) {
        updatedOnce = true;
        throw f === 'refuse-once' ? denied() : new RangeError('Invalid time value');
      }
    },
    async listReviewComments() {
      reviewListings.n++;
      return [];
    },
    async listIssueComments(): Promise<PostedComment[]> {
      if (faults.listIssueComments) throw denied();
      return [];
    },
    async createIssueComment(_pr: number, body: string) {
      if (faults.createIssueComment) throw new Error('socket hang up');
      comments.push(body);
      return { id: 1 };
    },
    async updateIssueComment() {
      throw new Error('no comment to update in these tests');
    },
    async viewer() {
      return { login: 'github-actions[bot]', id: 41898282 };
    },
  } as unknown as GitHubApi;

  const out = { lines: [] as string[], outputs: {} as Record<string, string>, summary: '' };
  const logged = { warning: [] as string[], error: [] as string[] };
  const log: Logger = {
    debug() {},
    info() {},
    warning: (m) => logged.warning.push(m),
    error: (m) => logged.error.push(m),
  };
  const settings: Settings = {
    workspace: ws,
    scanPath: ws,
    report: 'auto',
    annotations: true,
    checkRun: true,
    checkName: 'Bulkhead',
    jobSummary: true,
    sarifFile,
    prComment: 'on-findings',
    suggestions: true,
    token: 't',
    ...over,
  };
  const ctx: PublishContext = {
    settings,
    event: {
      eventName: 'pull_request',
      payload: {},
      repository: 'o/r',
      owner: 'o',
      repo: 'r',
      sha: 'd'.repeat(40),
      serverUrl: 'https://github.example',
      apiUrl: 'https://api.github.example',
    },
    refs: { base: 'b'.repeat(40), head: HEAD, prNumber: 7, fork: false },
    api,
    log,
    io: {
      writeLine(line) {
        if (faults.annotationLine && /^::(error|warning|notice) .*file=/.test(line))
          throw new Error('EPIPE: broken pipe, write');
        out.lines.push(line);
      },
      startGroup(title) {
        if (faults.startGroup) throw new Error('EAGAIN: resource temporarily unavailable, write');
        out.lines.push(`::group::${title}`);
      },
      endGroup: () => out.lines.push('::endgroup::'),
      setOutput(name, value) {
        if (faults.setOutput) throw new Error('ENOSPC: no space left on device, write');
        out.outputs[name] = value;
      },
      async appendSummary(md) {
        if (faults.appendSummary) throw new Error('Unable to access summary file');
        out.summary += md;
      },
    },
    failOn: 'high',
    linkBase: `https://github.example/o/r/blob/${HEAD}`,
    checkRun: new CheckRunSession(api, { name: 'Bulkhead', headSha: HEAD, log }),
    now: () => NOW,
    outcomes: [],
  };
  return {
    ctx,
    sarifFile,
    checkCalls,
    comments,
    out,
    logged,
    get reviewListings() {
      return reviewListings.n;
    },
  };
}

type Harness = ReturnType<typeof harness>;

async function publish(h: Harness): Promise<void> {
  await startCheckRun(h.ctx);
  await publishAll(h.ctx, REPORT);
}

/** What each channel shows when it worked: every finding it is meant to carry. */
const carries: Record<string, (h: Harness) => void> = {
  'SARIF file': (h) => {
    const sarif = JSON.parse(readFileSync(h.sarifFile, 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(
      REPORT.all.map((f) => f.ruleId),
    );
  },
  log: (h) => {
    const start = h.out.lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = h.out.lines[start]!.slice('::stop-commands::'.length);
    const end = h.out.lines.indexOf(`::${token}::`);
    const block = h.out.lines.slice(start + 1, end).join('\n');
    for (const f of REPORTED) expect(block).toContain(`${f.startLine}:${f.startColumn}`);
    expect(block).toContain('3 findings (1 high, 1 medium, 1 low) in 2 files checked; 1 at or above high.');
  },
  annotations: (h) => {
    const cmds = h.out.lines.filter((l) => /^::(error|warning|notice) .*file=/.test(l));
    expect(cmds.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::warning', '::notice']);
  },
  outputs: (h) => {
    expect(h.out.outputs).toMatchObject({ findings: '3', blocking: '1', 'max-severity': 'high' });
  },
  'check run': (h) => {
    const sent = h.checkCalls.flatMap(([, body]) => body.output?.annotations ?? []);
    expect(sent.map((a) => a.start_line).sort()).toEqual([1, 2, 3]);
    expect(h.checkCalls.at(-1)![1]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  },
  'PR comment': (h) => {
    // The short form: each blocking finding, and a count of the rest with where to read them.
    expect(h.comments).toHaveLength(1);
    const lines = h.comments[0]!.split('\n').filter((l) => l.startsWith('- ') && l.includes('#L'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[`dockerfile/remote-script-exec`](');
    expect(h.comments[0]).toContain('2 findings below the threshold and how to fix each rule: in the ');
  },
  'review suggestions': (h) => {
    // No reported finding carries a fix: no patch is made up; earlier suggestions were looked for.
    expect(h.ctx.fixPatch).toBe('');
    expect(h.reviewListings).toBe(1);
  },
  'job summary': (h) => {
    const rows = h.out.summary.split('\n').filter((l) => l.startsWith('- ') && l.includes('#L'));
    expect(rows).toHaveLength(REPORTED.length + EXISTING.length);
  },
};

describe('publishAll', () => {
  test('every channel runs, in order, each carrying every finding', async () => {
    const h = harness();
    await publish(h);
    expect(PUBLISHERS.map((p) => p.name)).toEqual(Object.keys(carries));
    for (const check of Object.values(carries)) check(h);
    expect(h.out.outputs['sarif-file']).toBe(h.sarifFile);
    expect(h.ctx.outcomes).toEqual([]);
    expect(h.logged).toEqual({ warning: [], error: [] });
    // Created in progress before the scan, completed by the report: nothing more.
    expect(h.checkCalls.map(([kind, body]) => [kind, body.status])).toEqual([
      ['create', 'in_progress'],
      ['update', 'completed'],
    ]);
  });

  test.each<[string, string, Faults, { refused: boolean; message: string }]>([
    [
      'SARIF file',
      'the path is a directory',
      { sarifIsDirectory: true },
      { refused: false, message: 'EISDIR' },
    ],
    ['log', 'the runner log throws', { startGroup: 'throw' }, { refused: false, message: 'EAGAIN' }],
    [
      'annotations',
      'stdout breaks on an annotation',
      { annotationLine: 'throw' },
      { refused: false, message: 'EPIPE' },
    ],
    ['outputs', 'GITHUB_OUTPUT is full', { setOutput: 'throw' }, { refused: false, message: 'ENOSPC' }],
    ['check run', 'refused with 403', { createCheckRun: 'refuse' }, { refused: true, message: 'HTTP 403' }],
    [
      'check run',
      'throws unexpectedly on an update',
      { updateCheckRun: 'throw-once' },
      { refused: false, message: 'Invalid time value' },
    ],
    [
      'check run',
      'refused with 403 after it was created',
      { updateCheckRun: 'refuse-once' },
      { refused: true, message: 'HTTP 403' },
    ],
    [
      'PR comment',
      'refused with 403',
      { listIssueComments: 'refuse' },
      { refused: true, message: 'HTTP 403' },
    ],
    [
      'PR comment',
      'throws unexpectedly',
      { createIssueComment: 'throw' },
      { refused: false, message: 'socket hang up' },
    ],
    [
      'job summary',
      'throws unexpectedly',
      { appendSummary: 'throw' },
      { refused: false, message: 'Unable to access summary file' },
    ],
  ])('%s %s: the other channels still carry every finding', async (channel, _how, faults, outcome) => {
    const h = harness(faults);
    await expect(publish(h)).resolves.toBeUndefined();
    expect(h.ctx.outcomes).toHaveLength(1);
    expect(h.ctx.outcomes[0]).toMatchObject({ channel, refused: outcome.refused });
    expect(h.ctx.outcomes[0]!.message).toContain(outcome.message);
    for (const [name, check] of Object.entries(carries)) if (name !== channel) check(h);

    // The check run, once created, is never left in progress.
    const created = h.checkCalls.some(([kind]) => kind === 'create') && faults.createCheckRun !== 'refuse';
    if (created)
      expect(h.checkCalls.at(-1)![1]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    else expect(h.checkCalls).toHaveLength(1);

    // Refusals are warnings naming the permission; anything else is logged once as a failure.
    if (outcome.refused) {
      expect(h.logged.error).toEqual([]);
      expect(h.logged.warning).toHaveLength(1);
      expect(h.logged.warning[0]).toContain(
        `the token lacks '${channel === 'check run' ? 'checks: write' : 'pull-requests: write'}'`,
      );
    } else {
      expect(h.logged.warning).toEqual([]);
      expect(h.logged.error).toHaveLength(1);
      expect(h.logged.error[0]).toContain(
        `the ${channel} is incomplete, the other channels carry every finding`,
      );
    }
    // The job summary, when it works, says which channel is missing.
    if (channel !== 'job summary') {
      expect(h.out.summary).toContain(
        outcome.refused
          ? `The ${channel} was skipped: the token lacks`
          : `The ${channel} could not be published (`,
      );
    }
  });

  test('the SARIF output stays empty when the file was not written', async () => {
    const h = harness({ sarifIsDirectory: true });
    await publish(h);
    expect(h.out.outputs['sarif-file']).toBe('');
    expect(existsSync(join(h.sarifFile, 'bulkhead.sarif'))).toBe(false);
    expect(h.logged.error[0]).toMatch(
      /^Bulkhead could not write SARIF to .*bulkhead\.sarif \(EISDIR: illegal operation on a directory/,
    );
  });

  test('a refused check run is not tried again after the start', async () => {
    const h = harness({ createCheckRun: 'refuse' });
    await publish(h);
    expect(h.checkCalls.map(([kind]) => kind)).toEqual(['create']);
  });

  test('a start that failed for another reason is made good with the report', async () => {
    const h = harness({ createCheckRun: 'throw' });
    await startCheckRun(h.ctx);
    expect(h.logged.warning).toEqual([
      "Bulkhead could not create the check run yet (Cannot read properties of undefined (reading 'id')); it is created with the report.",
    ]);
    expect(h.ctx.outcomes).toEqual([]);
  });

  test('disabled channels do nothing', async () => {
    const h = harness({}, { prComment: 'off', jobSummary: false, annotations: false, checkRun: false });
    const { sarifFile: _omit, ...noSarif } = h.ctx.settings;
    const ctx: PublishContext = { ...h.ctx, settings: noSarif, outcomes: [] };
    delete (ctx as { checkRun?: unknown }).checkRun;
    await publishAll(ctx, REPORT);
    expect(h.comments).toEqual([]);
    expect(h.out.summary).toBe('');
    expect(h.checkCalls).toEqual([]);
    expect(existsSync(h.sarifFile)).toBe(false);
    expect(h.out.lines.some((l) => /^::(error|warning|notice) /.test(l))).toBe(false);
    expect(h.out.outputs).toEqual({
      findings: '3',
      blocking: '1',
      'max-severity': 'high',
      suppressed: '0',
      'sarif-file': '',
    });
  });
});

describe('the error policy', () => {
  const secondary = Object.assign(new Error('You have exceeded a secondary rate limit'), { status: 403 });
  const serverError = Object.assign(new Error('Server Error\nmore'), { status: 502 });
  const notFound = Object.assign(new Error('Not Found'), { status: 404 });

  test('a 403 rate limit is not a refusal; 403 and 404 otherwise are', () => {
    expect(isRefused(denied())).toBe(true);
    expect(isRefused(notFound)).toBe(true);
    expect(isRefused(secondary)).toBe(false);
    expect(isRefused(serverError)).toBe(false);
    expect(isRefused(undefined)).toBe(false);
    expect(describeError(serverError)).toBe('HTTP 502: Server Error');
    expect(describeError('plain')).toBe('plain');
  });

  test('a refusal warns once per channel; an HTTP failure after retries is a warning', async () => {
    const h = harness();
    const channel = { name: 'PR comment', permission: 'pull-requests: write' };
    await attempt(channel, h.ctx, async () => {
      throw denied();
    });
    await attempt(channel, h.ctx, async () => {
      throw denied();
    });
    await attempt({ name: 'check run', permission: 'checks: write' }, h.ctx, async () => {
      throw serverError;
    });
    expect(h.logged.warning).toEqual([
      "Bulkhead could not publish the PR comment (HTTP 403: Resource not accessible by integration): the token lacks 'pull-requests: write'. Add 'permissions: pull-requests: write' to the job; on fork and Dependabot pull requests the token is read-only, and the findings are in the annotations, the job summary and SARIF instead.",
      'Bulkhead could not publish the check run (HTTP 502: Server Error); the check run is incomplete, the other channels carry every finding.',
    ]);
    expect(h.logged.error).toEqual([]);
    expect(h.ctx.outcomes).toEqual([
      {
        channel: 'PR comment',
        refused: true,
        permission: 'pull-requests: write',
        message: 'HTTP 403: Resource not accessible by integration',
      },
      { channel: 'check run', refused: false, message: 'HTTP 502: Server Error' },
    ]);
  });
});
