import { describe, expect, test } from '@jest/globals';
import type { ChangedFile, GitHubApi } from '../../src/github/api.js';
import { changesFromApi } from '../../src/github/changes.js';

describe('changesFromApi', () => {
  const BASE = 'a'.repeat(40);
  const HEAD = 'b'.repeat(40);
  function api(files: ChangedFile[], truncated = false): GitHubApi & { reads: [string, string][] } {
    const reads: [string, string][] = [];
    return {
      reads,
      listPullFiles: async (_n: number, limit: number) => files.slice(0, limit),
      compareFiles: async () => ({ files, truncated }),
      getFileAtRef: async (path: string, ref: string) => {
        reads.push([path, ref]);
        return `base of ${path}`;
      },
    } as unknown as GitHubApi & { reads: [string, string][] };
  }

  test('pull requests: listFiles, complete when the payload count is reached', async () => {
    const a = api([{ path: 'Dockerfile', status: 'modified' }]);
    const c = await changesFromApi(a, { base: BASE, head: HEAD, prNumber: 3, fork: false, changedFiles: 1 });
    expect(c?.complete).toBe(true);
    expect(await c!.readBase('Dockerfile')).toBe('base of Dockerfile');
    expect(a.reads).toEqual([['Dockerfile', BASE]]);
  });

  test('incomplete at the 3000-file cap or below the payload count', async () => {
    const many = Array.from({ length: 3000 }, (_, i): ChangedFile => ({ path: `f${i}`, status: 'added' }));
    expect(
      (await changesFromApi(api(many), { base: BASE, head: HEAD, prNumber: 3, fork: false }))?.complete,
    ).toBe(false);
    const few: ChangedFile[] = [{ path: 'x', status: 'added' }];
    expect(
      (await changesFromApi(api(few), { base: BASE, head: HEAD, prNumber: 3, fork: false, changedFiles: 5 }))
        ?.complete,
    ).toBe(false);
  });

  test('pushes and merge groups compare commits; 300 files means truncated', async () => {
    expect((await changesFromApi(api([], true), { base: BASE, head: HEAD, fork: false }))?.complete).toBe(
      false,
    );
    expect((await changesFromApi(api([]), { base: BASE, head: HEAD, fork: false }))?.complete).toBe(true);
    expect(await changesFromApi(api([]), { head: HEAD, fork: false })).toBeUndefined();
  });
});
