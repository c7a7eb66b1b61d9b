import { describe, expect, test } from '@jest/globals';
import type { CheckRunCreate, GitHubApi } from '../../src/github/api.js';
import { CheckRunSession } from '../../src/github/publish/check-run.js';
import { isRefused } from '../../src/github/publish/policy.js';
import { silentLogger } from '../../src/logger.js';
import {
  checkRunTitle,
  closingUpdate,
  fitCheckSummary,
  MAX_CHECK_SUMMARY,
  planCheckRunUpdates,
  type CheckRunUpdate,
} from '../../src/report/check-run.js';
import { summarize } from '../../src/report/summary.js';
import { finding } from './fixtures.js';

const final = {
  title: 'T',
  summary: 'S',
  conclusion: 'failure' as const,
  completedAt: '2026-11-28T00:00:00.000Z',
};
const many = (n: number) => Array.from({ length: n }, (_, i) => finding({ startLine: i + 1 }));

describe('planCheckRunUpdates', () => {
  test('no findings: one completing update', () => {
    expect(planCheckRunUpdates([], { ...final, conclusion: 'success' }).updates).toEqual([
      {
        status: 'completed',
        conclusion: 'success',
        completed_at: final.completedAt,
        output: { title: 'T', summary: 'S' },
      },
    ]);
  });

  test('120 findings: 50 + 50 appended, the last 20 with the completion', () => {
    const plan = planCheckRunUpdates(many(120), final);
    expect(plan.updates.map((u) => [u.status, u.output?.annotations?.length])).toEqual([
      [undefined, 50],
      [undefined, 50],
      ['completed', 20],
    ]);
    expect(plan.updates[2]!.output!.summary).toBe('S');
    expect(plan.annotated).toBe(120);
    expect(plan.dropped).toBe(0);
  });

  test('over the request budget: the rest is dropped and the summary says so', () => {
    const plan = planCheckRunUpdates(many(130), final, 2);
    expect(plan.annotated).toBe(100);
    expect(plan.dropped).toBe(30);
    expect(plan.updates.at(-1)!.output!.summary).toContain('30 of 130 findings are not annotated here');
  });
});

describe('summary and title', () => {
  test('a summary over 65535 characters is cut on a line with a note', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    const out = fitCheckSummary(long);
    expect(out.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY);
    expect(out).toContain('Truncated to fit the check run');
    expect(
      out
        .split('\n')
        .filter((l) => l.startsWith('| row'))
        .every((l) => l.endsWith('|')),
    ).toBe(true);
    expect(fitCheckSummary('short')).toBe('short');
  });

  test('titles with counts', () => {
    expect(checkRunTitle(summarize([], 'high', 3))).toBe('Not blocking: no findings');
    expect(checkRunTitle(summarize([finding(), finding({ severity: 'low' })], 'high', 1))).toBe(
      'Blocking: 1 finding at or above high, 1 below',
    );
    expect(checkRunTitle(summarize([finding({ severity: 'medium' })], 'high', 1), 2)).toBe(
      'Not blocking: 1 finding below high (2 suppressed)',
    );
    expect(checkRunTitle(summarize([finding({ severity: 'critical' })], 'never', 1))).toBe(
      'Not blocking: 1 finding (fail-on never)',
    );
  });

  test('under report: new and changed-files the title says what the counts cover', () => {
    const two = [finding(), finding({ severity: 'low' })];
    expect(checkRunTitle(summarize(two, 'high', 1, 'new'))).toBe(
      'Blocking: 1 new finding at or above high, 1 below',
    );
    expect(checkRunTitle(summarize([], 'high', 1, 'new'))).toBe('Not blocking: no new findings');
    expect(checkRunTitle(summarize([finding({ severity: 'low' })], 'high', 1, 'new'))).toBe(
      'Not blocking: 1 new finding below high',
    );
    expect(checkRunTitle(summarize(two, 'high', 1, 'changed-files'))).toBe(
      'Blocking: 1 finding in changed files at or above high, 1 below',
    );
  });
});

function fakeApi(fail?: { create?: number[]; update?: number[] }) {
  const calls: (['create', CheckRunCreate] | ['update', number, CheckRunUpdate])[] = [];
  const statusError = (status: number) =>
    Object.assign(new Error(status === 403 ? 'Resource not accessible by integration' : 'boom'), { status });
  const api = {
    createCheckRun: async (body: CheckRunCreate) => {
      calls.push(['create', body]);
      const s = fail?.create?.shift();
      if (s) throw statusError(s);
      return { id: 9, htmlUrl: 'https://x/9' };
    },
    updateCheckRun: async (id: number, body: CheckRunUpdate) => {
      calls.push(['update', id, body]);
      const s = fail?.update?.shift();
      if (s) throw statusError(s);
    },
  } as unknown as GitHubApi;
  return { api, calls };
}

describe('CheckRunSession', () => {
  const opts = { name: 'Bulkhead', headSha: 'c'.repeat(40), log: silentLogger };

  test('created in_progress, then annotated and completed', async () => {
    const { api, calls } = fakeApi();
    const p = new CheckRunSession(api, opts);
    await p.start(new Date('2026-11-28T00:00:00Z'));
    await p.report(planCheckRunUpdates(many(60), final));
    expect(calls.map((c) => c[0])).toEqual(['create', 'update', 'update']);
    expect(calls[0]![1]).toMatchObject({
      status: 'in_progress',
      head_sha: opts.headSha,
      started_at: '2026-11-28T00:00:00.000Z',
    });
    expect(p.annotated).toBe(60);
    expect(p.completed).toBe(true);
    expect(p.htmlUrl).toBe('https://x/9');
  });

  test('read-only token: one refused create, nothing more', async () => {
    const { api, calls } = fakeApi({ create: [403] });
    const p = new CheckRunSession(api, opts);
    const refused = await p.start(new Date()).catch((e: unknown) => e);
    expect(isRefused(refused)).toBe(true);
    await p.report(planCheckRunUpdates(many(60), final));
    await p.close(closingUpdate(undefined, final.completedAt));
    expect(calls).toHaveLength(1);
    expect(p.refused).toBe(true);
    expect(p.created).toBe(false);
  });

  test('a failed start is made good at the end; a failed batch does not stop the completion', async () => {
    const { api, calls } = fakeApi({ create: [502], update: [502] });
    const p = new CheckRunSession(api, opts);
    await expect(p.start(new Date())).rejects.toThrow('could not create the check run: HTTP 502: boom');
    await expect(p.report(planCheckRunUpdates(many(120), final))).rejects.toThrow(
      'could not annotate the check run: HTTP 502: boom',
    );
    expect(calls.map((c) => c[0])).toEqual(['create', 'create', 'update', 'update']);
    expect(calls[1]![1]).toMatchObject({ status: 'in_progress' });
    expect((calls[3]![2] as CheckRunUpdate).status).toBe('completed');
    expect(p.annotated).toBe(70);
    expect(p.completed).toBe(true);
  });

  test('a run whose completion failed is closed once, and only once', async () => {
    const { api, calls } = fakeApi({ update: [0, 502] });
    const p = new CheckRunSession(api, opts);
    await p.start(new Date());
    await expect(p.report(planCheckRunUpdates(many(60), final))).rejects.toThrow(
      'could not complete the check run: HTTP 502: boom',
    );
    expect(p.completed).toBe(false);
    await p.close(closingUpdate(undefined, final.completedAt));
    await p.close(closingUpdate(undefined, final.completedAt));
    expect(calls.map((c) => c[0])).toEqual(['create', 'update', 'update', 'update']);
    expect(calls[3]![2]).toEqual({
      status: 'completed',
      conclusion: 'failure',
      completed_at: final.completedAt,
      output: {
        title: 'Bulkhead could not finish',
        summary:
          'Bulkhead could not send its full report to this check run. Every finding is in the job summary, the workflow log and SARIF.',
      },
    });
    expect(p.completed).toBe(true);
  });
});
