import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEventContext, refsFromContext } from '../../src/github/context.js';
import { ConfigurationError } from '../../src/errors.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);
const ZERO = '0'.repeat(40);

function pr(fork: boolean, headRepo: unknown = { full_name: fork ? 'forker/app' : 'octo/app' }) {
  return {
    number: 12,
    pull_request: {
      number: 12,
      changed_files: 4,
      base: { sha: BASE, repo: { full_name: 'octo/app' } },
      head: { sha: HEAD, repo: headRepo },
    },
  };
}

describe('refsFromContext', () => {
  test.each([
    ['pull_request', pr(false), { base: BASE, head: HEAD, prNumber: 12, fork: false, changedFiles: 4 }],
    ['pull_request', pr(true), { base: BASE, head: HEAD, prNumber: 12, fork: true, changedFiles: 4 }],
    // The fork was deleted: head.repo is null, and the token is still read-only.
    ['pull_request', pr(true, null), { base: BASE, head: HEAD, prNumber: 12, fork: true, changedFiles: 4 }],
    ['pull_request_target', pr(true), { base: BASE, head: HEAD, prNumber: 12, fork: true, changedFiles: 4 }],
    [
      'merge_group',
      {
        action: 'checks_requested',
        merge_group: { base_sha: BASE, head_sha: HEAD, base_ref: 'refs/heads/main' },
      },
      { base: BASE, head: HEAD, fork: false },
    ],
    ['push', { before: BASE, after: HEAD }, { base: BASE, head: HEAD, fork: false }],
    // A push that created the branch has an all-zero `before`: no base.
    ['push', { before: ZERO, after: HEAD, created: true }, { head: HEAD, fork: false }],
    ['workflow_dispatch', { inputs: {} }, { head: MERGE, fork: false }],
    ['schedule', { schedule: '0 3 * * 1' }, { head: MERGE, fork: false }],
  ])('%s', (eventName, payload, expected) => {
    expect(refsFromContext({ eventName, payload, sha: MERGE })).toEqual(expected);
  });

  test('pull requests use the PR head, never the merge commit in GITHUB_SHA', () => {
    expect(refsFromContext({ eventName: 'pull_request', payload: pr(false), sha: MERGE }).head).toBe(HEAD);
  });

  test.each([
    ['pull_request', {}, 'no pull_request object'],
    [
      'pull_request',
      { pull_request: { base: { sha: 'main' }, head: { sha: HEAD } } },
      'pull_request.base.sha (got "main")',
    ],
    ['pull_request_target', { pull_request: { base: { sha: BASE }, head: {} } }, 'pull_request.head.sha'],
    ['merge_group', {}, 'no merge_group object'],
    ['merge_group', { merge_group: { base_sha: BASE, head_sha: 'x' } }, 'merge_group.head_sha'],
  ])('%s with a broken payload fails clearly', (eventName, payload, message) => {
    expect(() => refsFromContext({ eventName, payload })).toThrow(ConfigurationError);
    expect(() => refsFromContext({ eventName, payload })).toThrow(message);
  });

  test('an unknown event without GITHUB_SHA has neither base nor head', () => {
    expect(refsFromContext({ eventName: 'repository_dispatch', payload: null })).toEqual({ fork: false });
  });
});

describe('readEventContext', () => {
  test('reads the runner variables and the payload file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-ctx-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify(pr(false)));
    const ctx = readEventContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: MERGE,
      GITHUB_SERVER_URL: 'https://ghes.example/',
      GITHUB_API_URL: 'https://ghes.example/api/v3',
      GITHUB_RUN_ID: '99',
    });
    expect(ctx).toMatchObject({
      eventName: 'pull_request',
      owner: 'octo',
      repo: 'app',
      sha: MERGE,
      serverUrl: 'https://ghes.example',
      apiUrl: 'https://ghes.example/api/v3',
      runId: '99',
    });
    expect(refsFromContext(ctx).prNumber).toBe(12);
  });

  test('defaults to github.com and fails clearly on an unreadable payload', () => {
    expect(readEventContext({}).apiUrl).toBe('https://api.github.com');
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-ctx-'));
    writeFileSync(join(dir, 'event.json'), '{not json');
    expect(() => readEventContext({ GITHUB_EVENT_PATH: join(dir, 'event.json') })).toThrow(
      /cannot read the event payload/,
    );
  });
});
