/**
 * The workflow online phase with a fake Intel (no socket): what it asks, the cap on distinct refs,
 * and an Intel that throws. The end-to-end behaviour against a loopback API is in
 * __tests__/intel/github-api.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/schema.js';
import { parseWorkflow } from '../../src/formats/workflow/parse.js';
import { workflowOnlinePhase } from '../../src/scan/online-workflow.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { ActionRefQuery } from '../../src/core/index.js';
import type { Intel } from '../../src/intel/intel.js';
import { message } from '../../src/rules/intel/unavailable.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';
const text = `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: o/one@v1\n      - uses: o/two@v1\n      - uses: o/three@${SHA} # v3.0.0\n      - uses: ./local\n      - uses: docker://alpine:3.20\n`;

function input(path = '.github/workflows/ci.yml') {
  return {
    model: parseWorkflow(text, path),
    ctx: { path, config: defaultConfig(), workspace: { read: () => undefined } },
  };
}

function fakeIntel(asked: ActionRefQuery[][], fail?: Error): Intel {
  return {
    vulnerabilities: () => Promise.resolve({ answers: new Map() }),
    actionRefs: (qs) => {
      asked.push([...qs]);
      if (fail) return Promise.reject(fail);
      return Promise.resolve({
        answers: new Map(qs.map((q) => [`${q.owner}/${q.repo}@${q.ref}`, { exists: true }])),
      });
    },
    requests: () => 0,
  };
}

describe('workflowOnlinePhase', () => {
  it('asks each distinct ref once across files: refs as written, the pin, its comment tag', async () => {
    const asked: ActionRefQuery[][] = [];
    const out = await workflowOnlinePhase(
      [input(), input('.github/workflows/b.yml')],
      ALL_RULES,
      fakeIntel(asked),
    );
    expect(asked).toEqual([
      [
        { owner: 'o', repo: 'one', ref: 'v1' },
        { owner: 'o', repo: 'two', ref: 'v1' },
        { owner: 'o', repo: 'three', ref: SHA },
        { owner: 'o', repo: 'three', ref: 'v3.0.0' },
      ],
    ]);
    expect(out.queried).toBe(4);
    expect(out.failures).toEqual([]);
  });

  it('past the cap, the rest are one failure at the first unasked ref', async () => {
    const asked: ActionRefQuery[][] = [];
    const out = await workflowOnlinePhase([input()], ALL_RULES, fakeIntel(asked), 2);
    expect(asked[0]).toHaveLength(2);
    expect(out.failures).toHaveLength(1);
    const f = out.failures[0]!;
    expect([f.path, f.span.line, f.span.column, f.failure.packages]).toEqual([
      '.github/workflows/ci.yml',
      8,
      23,
      2,
    ]);
    expect(message(f.failure, f.lockfiles)).toBe(
      'The GitHub API at (GITHUB_API_URL, else https://api.github.com) did not answer usefully (more than 2 distinct action refs in the scan; the rest were not asked): 2 action refs were not checked against the GitHub API (impostor commits, ref confusion, version comments, pinning fixes); the offline checks still ran.',
    );
  });

  it('names GitHub or git cannot hold are not asked (nothing leaves, no failure)', async () => {
    const asked: ActionRefQuery[][] = [];
    const path = '.github/workflows/odd.yml';
    const odd = `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: my_org/tool@v1\n      - uses: o/r@a..b\n      - uses: o/r@x:y\n`;
    const out = await workflowOnlinePhase(
      [
        {
          model: parseWorkflow(odd, path),
          ctx: { path, config: defaultConfig(), workspace: { read: () => undefined } },
        },
      ],
      ALL_RULES,
      fakeIntel(asked),
    );
    expect([asked, out.queried, out.failures]).toEqual([[], 0, []]);
  });

  it('an Intel that throws is a failure for every ref, never an exception', async () => {
    const out = await workflowOnlinePhase([input()], ALL_RULES, fakeIntel([], new Error('boom')));
    expect(out.failures.map((f) => [f.span.line, f.failure.packages, f.failure.reason])).toEqual([
      [6, 4, 'boom'],
    ]);
    expect(out.errors).toEqual([]);
  });
});
