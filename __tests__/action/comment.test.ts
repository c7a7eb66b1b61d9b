import { describe, expect, test } from '@jest/globals';
import {
  allClearBody,
  commentBody,
  commentMarker,
  findSticky,
  MAX_COMMENT,
  planComment,
  type PostedComment,
} from '../../src/report/comment.js';

const MARKER = commentMarker('Bulkhead');

const BOT = { userLogin: 'github-actions[bot]', userId: 41898282, userType: 'Bot' };
const base = {
  marker: MARKER,
  body: `${MARKER}\nfindings`,
  allClear: allClearBody(MARKER, 'Bulkhead', 'c'.repeat(40)),
  me: { login: 'github-actions[bot]', id: 41898282 },
};

describe('sticky comment', () => {
  test('the marker is hidden, one per check name, and cannot be broken by the name', () => {
    expect(MARKER).toBe('<!-- bulkhead-comment: Bulkhead -->');
    expect(commentMarker('a --> <b>')).toBe('<!-- bulkhead-comment: a -_ _b_ -->');
  });

  test("found by the marker at the start and the token's own account; a copy is never ours", () => {
    const comments: PostedComment[] = [
      { id: 1, body: `quoting ${MARKER}`, ...BOT },
      { id: 2, body: `${MARKER}\ncopied`, userLogin: 'mallory', userId: 9, userType: 'User' },
      { id: 3, body: `${MARKER}\nours`, ...BOT },
    ];
    expect(findSticky(comments, MARKER, base.me)?.id).toBe(3);
    expect(findSticky(comments.slice(0, 2), MARKER, base.me)).toBeUndefined();
    expect(findSticky([], MARKER, base.me)).toBeUndefined();
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
    ['on-findings', [], 2, 'create findings'],
    ['on-findings', [], 0, 'skip'],
    ['on-findings', [{ id: 7, body: `${MARKER}\nold`, ...BOT }], 0, 'update 7 all-clear'],
    ['on-findings', [{ id: 7, body: `${MARKER}\nold`, ...BOT }], 3, 'update 7 findings'],
    ['always', [], 0, 'create findings'],
    ['always', [{ id: 7, body: `${MARKER}\nold`, ...BOT }], 0, 'update 7 findings'],
  ] as const)('%s with %j and %d findings', (mode, existing, findings, expected) => {
    const plan = planComment([...existing], { ...base, mode, findings });
    const body = (b: string) => (b === base.allClear ? 'all-clear' : b === base.body ? 'findings' : b);
    expect(
      plan.action === 'create'
        ? `create ${body(plan.body)}`
        : plan.action === 'update'
          ? `update ${plan.id} ${body(plan.body)}`
          : 'skip',
    ).toBe(expected);
  });

  test('an unchanged body is not rewritten', () => {
    expect(
      planComment([{ id: 7, body: base.body, ...BOT }], { ...base, mode: 'always', findings: 1 }),
    ).toEqual({ action: 'skip' });
    expect(
      planComment([{ id: 7, body: base.allClear, ...BOT }], {
        ...base,
        mode: 'on-findings',
        findings: 0,
      }),
    ).toEqual({ action: 'skip' });
  });
});
