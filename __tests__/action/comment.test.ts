import { describe, expect, test } from '@jest/globals';
import type { GitHubApi, IssueComment } from '../../src/github/api.js';
import { WriteGuard } from '../../src/github/permissions.js';
import { silentLogger } from '../../src/logger.js';
import {
  allClearBody,
  commentBody,
  commentMarker,
  findSticky,
  MAX_COMMENT,
  publishComment,
} from '../../src/report/comment.js';

const MARKER = commentMarker('Bulkhead');

function fakeApi(existing: IssueComment[]) {
  const log: string[] = [];
  const api = {
    listIssueComments: async () => existing,
    createIssueComment: async (_n: number, body: string) => {
      log.push(`create ${body.slice(0, 60)}`);
      return { id: 1 };
    },
    updateIssueComment: async (id: number, body: string) => {
      log.push(`update ${id} ${body.slice(0, 60)}`);
    },
  } as unknown as GitHubApi;
  return { api, log };
}

const base = {
  prNumber: 4,
  marker: MARKER,
  body: `${MARKER}\nfindings`,
  allClear: allClearBody(MARKER, 'Bulkhead', 'c'.repeat(40)),
};

describe('sticky comment', () => {
  test('the marker is hidden, one per check name, and cannot be broken by the name', () => {
    expect(MARKER).toBe('<!-- bulkhead-comment: Bulkhead -->');
    expect(commentMarker('a --> <b>')).toBe('<!-- bulkhead-comment: a -_ _b_ -->');
  });

  test('found by the marker at the start; a bot-authored one wins over a copy', () => {
    const comments: IssueComment[] = [
      { id: 1, body: `quoting ${MARKER}`, userType: 'User' },
      { id: 2, body: `${MARKER}\ncopied`, userType: 'User' },
      { id: 3, body: `${MARKER}\nours`, userType: 'Bot' },
    ];
    expect(findSticky(comments, MARKER)?.id).toBe(3);
    expect(findSticky(comments.slice(0, 2), MARKER)?.id).toBe(2);
    expect(findSticky([], MARKER)).toBeUndefined();
  });

  test('bodies stay under 65536 characters, cut on a line, details closed', () => {
    const md = `<details><summary>x</summary>\n\n${Array.from({ length: 4000 }, (_, i) => `| ${i} | ${'😀'.repeat(10)} |`).join('\n')}`;
    const body = commentBody(MARKER, md);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('Truncated to fit a comment');
    expect(body).toContain('</details>');
    expect(/[\uD800-\uDBFF]$/.test(body.split('\n\n> ')[0]!)).toBe(false);
  });

  test.each([
    ['on-findings', [], 2, ['create']],
    ['on-findings', [], 0, []],
    ['on-findings', [{ id: 7, body: `${MARKER}\nold`, userType: 'Bot' }], 0, ['update 7 all-clear']],
    ['on-findings', [{ id: 7, body: `${MARKER}\nold`, userType: 'Bot' }], 3, ['update 7 findings']],
    ['always', [], 0, ['create']],
    ['off', [], 5, []],
  ] as const)('%s with %j and %d findings', async (mode, existing, findings, expected) => {
    const { api, log } = fakeApi([...existing]);
    await publishComment(api, new WriteGuard(silentLogger), { ...base, mode, findings });
    expect(
      log.map((l) =>
        l.startsWith('create')
          ? 'create'
          : l.includes('All clear')
            ? 'update 7 all-clear'
            : 'update 7 findings',
      ),
    ).toEqual(expected);
  });

  test('an unchanged body is not rewritten', async () => {
    const { api, log } = fakeApi([{ id: 7, body: base.body, userType: 'Bot' }]);
    expect(
      await publishComment(api, new WriteGuard(silentLogger), { ...base, mode: 'always', findings: 1 }),
    ).toBe('skipped');
    expect(log).toEqual([]);
  });
});
