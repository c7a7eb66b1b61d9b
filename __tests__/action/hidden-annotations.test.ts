// The log names only the channels this run has (issue 11, defect 10: "in the check run" with
// `check-run: false`).
import { describe, expect, test } from '@jest/globals';
import { annotationsPublisher } from '../../src/github/publish/annotations.js';
import type { ActionReport, PublishContext } from '../../src/github/publish/types.js';
import { finding } from './fixtures.js';

async function logOf(checkRun: { created: boolean; refused: boolean } | undefined, jobSummary: boolean) {
  const info: string[] = [];
  const ctx = {
    settings: { annotations: true, jobSummary },
    log: { info: (m: string) => info.push(m), debug() {}, warning() {}, error() {} },
    io: { writeLine() {} },
    ...(checkRun ? { checkRun } : {}),
  } as unknown as PublishContext;
  const reported = Array.from({ length: 12 }, (_, i) => finding({ severity: 'high', startLine: i + 1 }));
  await annotationsPublisher.publish(ctx, { reported } as unknown as ActionReport);
  return info;
}

describe('annotations past the 10 GitHub shows', () => {
  test.each([
    [
      'check run created, job summary on',
      { created: true, refused: false },
      true,
      'GitHub shows 10 annotations of each type per step: 2 more are in the log above, the check run and the job summary.',
    ],
    [
      'check-run: false',
      undefined,
      true,
      'GitHub shows 10 annotations of each type per step: 2 more are in the log above and the job summary.',
    ],
    [
      'check run refused (read-only token)',
      { created: true, refused: true },
      true,
      'GitHub shows 10 annotations of each type per step: 2 more are in the log above and the job summary.',
    ],
    [
      'no check run and no job summary',
      undefined,
      false,
      'GitHub shows 10 annotations of each type per step: 2 more are in the log above.',
    ],
  ])('%s', async (_name, checkRun, jobSummary, line) => {
    expect(await logOf(checkRun, jobSummary)).toEqual([line]);
  });
});
