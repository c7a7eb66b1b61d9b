import { describe, expect, test } from '@jest/globals';
import { isPermissionDenied, WriteGuard } from '../../src/github/permissions.js';
import type { Logger } from '../../src/logger.js';

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warning: (m) => warnings.push(m) };
}

const denied = Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
const secondary = Object.assign(new Error('You have exceeded a secondary rate limit'), { status: 403 });
const serverError = Object.assign(new Error('Server Error'), { status: 502 });

describe('WriteGuard', () => {
  test('a refused write warns once per permission and disables only its channel', async () => {
    const log = recorder();
    const guard = new WriteGuard(log);
    let calls = 0;
    const fail = async () => {
      calls++;
      throw denied;
    };
    expect(await guard.run('check run', 'create the check run', fail)).toBeUndefined();
    expect(await guard.run('check run', 'update the check run', fail)).toBeUndefined();
    expect(calls).toBe(1);
    expect(await guard.run('PR comment', 'comment on the pull request', fail)).toBeUndefined();
    expect(log.warnings).toHaveLength(2);
    expect(log.warnings[0]).toContain("lacks 'checks: write'");
    expect(log.warnings[0]).toContain('HTTP 403: Resource not accessible by integration');
    expect(log.warnings[1]).toContain("lacks 'pull-requests: write'");
    expect(guard.refused()).toEqual([
      { channel: 'check run', permission: 'checks: write' },
      { channel: 'PR comment', permission: 'pull-requests: write' },
    ]);
  });

  test('other failures warn but leave the channel open for the next request', async () => {
    const log = recorder();
    const guard = new WriteGuard(log);
    await guard.run('check run', 'update the check run', async () => {
      throw serverError;
    });
    expect(guard.isDisabled('check run')).toBe(false);
    expect(await guard.run('check run', 'complete the check run', async () => 'ok')).toBe('ok');
    expect(guard.failures).toEqual([{ channel: 'check run', message: 'HTTP 502: Server Error' }]);
    expect(log.warnings).toEqual([
      'Bulkhead could not update the check run (HTTP 502: Server Error); the check run is incomplete.',
    ]);
  });

  test('a 403 rate limit is not a missing permission', () => {
    expect(isPermissionDenied(denied)).toBe(true);
    expect(isPermissionDenied(secondary)).toBe(false);
    expect(isPermissionDenied(serverError)).toBe(false);
    expect(isPermissionDenied(undefined)).toBe(false);
  });
});
