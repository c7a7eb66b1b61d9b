/**
 * Issue 9 item 8: the sticky comment could be hijacked. Any user who posted a comment starting
 * with the marker first had the results written into a comment they can edit (and later
 * rewrite), or left a fake "All clear" that Bulkhead then kept as its own. Only a comment
 * written by the token's own account is the sticky comment now.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { restApi, type GitHubApi } from '../../src/github/api.js';
import { createOctokit } from '../../src/github/octokit.js';
import type { Settings } from '../../src/github/inputs.js';
import { prCommentPublisher } from '../../src/github/publish/pr-comment.js';
import type { ActionReport, PublishContext } from '../../src/github/publish/types.js';
import type { Logger } from '../../src/logger.js';
import {
  allClearBody,
  authoredByToken,
  commentMarker,
  findSticky,
  planComment,
  type PostedComment,
  type TokenIdentity,
} from '../../src/report/comment.js';
import { summarize } from '../../src/report/summary.js';
import { finding } from '../action/fixtures.js';
import { startFakeGitHub, type FakeGitHub } from '../e2e/fake-github.js';

const MARKER = commentMarker('Bulkhead');
const ACTIONS: TokenIdentity = { login: 'github-actions[bot]', id: 41898282 };
const BOT = { userLogin: 'github-actions[bot]', userId: 41898282, userType: 'Bot' };
const MALLORY = { userLogin: 'mallory', userId: 666, userType: 'User' };

const FAKE_ALL_CLEAR = allClearBody(MARKER, 'Bulkhead', 'c'.repeat(40));

describe('who wrote the comment decides whether it is ours', () => {
  it.each([
    // [identity, author, ours?]
    ['default token, known', ACTIONS, BOT, true],
    ['default token, known', ACTIONS, MALLORY, false],
    ['default token, known', ACTIONS, { ...BOT, userId: 1 }, false],
    [
      'default token, known',
      ACTIONS,
      { userLogin: 'GitHub-Actions[bot]', userId: 41898282, userType: 'Bot' },
      true,
    ],
    ['default token, known', ACTIONS, { userLogin: 'github-actions[bot]', userType: 'User' }, false],
    [
      'an app',
      { login: 'bulkhead-app[bot]', id: 77 },
      { userLogin: 'bulkhead-app[bot]', userId: 77, userType: 'Bot' },
      true,
    ],
    ['an app', { login: 'bulkhead-app[bot]', id: 77 }, BOT, false],
    [
      'a personal token',
      { login: 'alice', id: 5 },
      { userLogin: 'alice', userId: 5, userType: 'User' },
      true,
    ],
    [
      'a personal token',
      { login: 'alice', id: 5 },
      { userLogin: 'alice', userId: 6, userType: 'User' },
      false,
    ],
    ['a personal token', { login: 'alice', id: 5 }, MALLORY, false],
    ['unknown', undefined, BOT, true],
    ['unknown', undefined, { userLogin: 'evil-app[bot]', userId: 9, userType: 'Bot' }, false],
    ['unknown', undefined, { userLogin: 'github-actions[bot]', userType: 'User' }, false],
    ['unknown', undefined, MALLORY, false],
    ['unknown', undefined, { userType: 'Bot' }, false],
    ['default token, known', ACTIONS, {}, false],
  ] as [string, TokenIdentity | undefined, Omit<PostedComment, 'id' | 'body'>, boolean][])(
    '%s: %j wrote %j -> %s',
    (_what, me, author, ours) => {
      expect(authoredByToken({ id: 1, body: MARKER, ...author }, me)).toBe(ours);
    },
  );

  it("a user's comment that opens with the marker is never the sticky comment", () => {
    const comments: PostedComment[] = [
      { id: 1, body: `${MARKER}\nplease review`, ...MALLORY },
      { id: 2, body: 'LGTM', ...BOT },
      { id: 3, body: `${MARKER}\n## Bulkhead\nold findings`, ...BOT },
    ];
    expect(findSticky(comments, MARKER, ACTIONS)?.id).toBe(3);
    expect(findSticky(comments, MARKER, undefined)?.id).toBe(3);
    expect(findSticky(comments.slice(0, 2), MARKER, ACTIONS)).toBeUndefined();
  });

  const plan = (comments: PostedComment[], findings: number, me: TokenIdentity | undefined = ACTIONS) =>
    planComment(comments, {
      mode: 'on-findings',
      marker: MARKER,
      findings,
      body: `${MARKER}\nfindings`,
      allClear: FAKE_ALL_CLEAR,
      me,
    });

  it('findings with only a planted marker comment: a new comment, the planted one untouched', () => {
    expect(plan([{ id: 1, body: `${MARKER}\nmine now`, ...MALLORY }], 2)).toEqual({
      action: 'create',
      body: `${MARKER}\nfindings`,
    });
  });

  it('a planted "All clear" is not kept as ours: findings still get a comment of their own', () => {
    expect(plan([{ id: 1, body: FAKE_ALL_CLEAR, ...MALLORY }], 1)).toEqual({
      action: 'create',
      body: `${MARKER}\nfindings`,
    });
    // With no findings there is nothing to retract: no comment is written, none is adopted.
    expect(plan([{ id: 1, body: `${MARKER}\nold`, ...MALLORY }], 0)).toEqual({ action: 'skip' });
  });

  it('our own comment is still updated in place, after a planted one', () => {
    expect(
      plan(
        [
          { id: 1, body: FAKE_ALL_CLEAR, ...MALLORY },
          { id: 2, body: `${MARKER}\nold`, ...BOT },
        ],
        0,
      ),
    ).toEqual({ action: 'update', id: 2, body: FAKE_ALL_CLEAR });
  });
});

describe('the PR comment publisher asks whom the token acts as', () => {
  function harness(comments: PostedComment[], me: TokenIdentity | undefined) {
    const calls: string[] = [];
    const api = {
      async listIssueComments() {
        calls.push('list');
        return comments;
      },
      async viewer() {
        calls.push('viewer');
        return me;
      },
      async createIssueComment(pr: number, body: string) {
        calls.push(`create ${pr} ${body.split('\n')[0]}`);
        return { id: 99 };
      },
      async updateIssueComment(id: number, body: string) {
        calls.push(`update ${id} ${body.split('\n')[0]}`);
      },
    } as unknown as GitHubApi;
    const info: string[] = [];
    const log: Logger = { debug() {}, info: (m) => info.push(m), warning() {}, error() {} };
    const ctx = {
      settings: { prComment: 'on-findings', checkName: 'Bulkhead' } as Settings,
      event: { eventName: 'pull_request' },
      refs: { head: 'c'.repeat(40), prNumber: 7 },
      api,
      log,
    } as unknown as PublishContext;
    const reported = [finding({ ruleId: 'dockerfile/remote-script-exec', severity: 'critical' })];
    const report: ActionReport = {
      all: reported,
      reported,
      existing: [],
      suppressed: [],
      config: { origin: 'default' },
      summary: summarize(reported, 'high', 1),
      notes: [],
    };
    return { ctx, report, calls, info };
  }

  it('a planted marker comment: the identity is looked up and a new comment posted', async () => {
    const h = harness([{ id: 1, body: `${MARKER}\nplanted`, ...MALLORY }], ACTIONS);
    await prCommentPublisher.publish(h.ctx, h.report);
    expect(h.calls).toEqual(['list', 'viewer', `create 7 ${MARKER}`]);
    expect(h.info).toEqual(['PR comment: the token acts as github-actions[bot]', 'PR comment: created']);
  });

  it('identity unknown: only github-actions[bot] as a Bot is ours', async () => {
    const h = harness(
      [
        { id: 1, body: `${MARKER}\nplanted`, ...MALLORY },
        { id: 2, body: `${MARKER}\nold`, ...BOT },
      ],
      undefined,
    );
    await prCommentPublisher.publish(h.ctx, h.report);
    expect(h.calls).toEqual(['list', 'viewer', `update 2 ${MARKER}`]);
    expect(h.info[0]).toBe(
      'PR comment: GitHub did not say whom the token acts as; only a comment by github-actions[bot] is taken as ours',
    );
  });

  it('no comment carries the marker: no identity request', async () => {
    const h = harness([{ id: 1, body: 'LGTM', ...MALLORY }], ACTIONS);
    await prCommentPublisher.publish(h.ctx, h.report);
    expect(h.calls).toEqual(['list', `create 7 ${MARKER}`]);
  });
});

describe('the REST client learns the identity and the authors on the wire', () => {
  const servers: FakeGitHub[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const silent: Logger = { debug() {}, info() {}, warning() {}, error() {} };
  const client = (s: FakeGitHub) =>
    restApi(
      createOctokit({ token: 'ghs_test', baseUrl: s.url, logger: silent, timeoutMs: 5000 }),
      'octo',
      'app',
    );

  it('GraphQL viewer answers for an installation token; comments keep login, id and type', async () => {
    const gh = await startFakeGitHub({
      viewer: { login: 'bulkhead-app[bot]', databaseId: 77 },
      comments: [
        { id: 1, body: `${MARKER}\nplanted`, user: { login: 'mallory', type: 'User', id: 666 } },
        { id: 2, body: `${MARKER}\nours`, user: { login: 'bulkhead-app[bot]', type: 'Bot', id: 77 } },
      ],
    });
    servers.push(gh);
    const api = client(gh);
    expect(await api.viewer()).toEqual({ login: 'bulkhead-app[bot]', id: 77 });
    const comments = await api.listIssueComments(7, 100);
    expect(comments).toEqual([
      { id: 1, body: `${MARKER}\nplanted`, userLogin: 'mallory', userId: 666, userType: 'User' },
      { id: 2, body: `${MARKER}\nours`, userLogin: 'bulkhead-app[bot]', userId: 77, userType: 'Bot' },
    ]);
    expect(findSticky(comments, MARKER, await api.viewer())?.id).toBe(2);
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /graphql',
      'GET /repos/octo/app/issues/7/comments',
      'POST /graphql',
    ]);
  });

  it('neither GraphQL nor GET /user answers: undefined, never a throw', async () => {
    const gh = await startFakeGitHub({});
    servers.push(gh);
    expect(await client(gh).viewer()).toBeUndefined();
    expect(gh.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /graphql 200',
      'GET /user 403',
    ]);
  });
});
