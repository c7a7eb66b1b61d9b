import { describe, expect, it } from '@jest/globals';
import type { ActionRefAnswer, Autofix, Finding, Hit, RuleMeta } from '../../src/core/index.js';
import { editsFor, resolveAll, type ResolveAnswers } from '../../src/fix/resolve.js';
import { pendingFromHit } from '../../src/scan/engine.js';

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';
const action = (span: { line: number; column: number; endColumn: number }, ref = 'v4'): Autofix => ({
  title: 'pin',
  resolve: {
    kind: 'action-sha',
    owner: 'actions',
    repo: 'checkout',
    ref,
    span: { line: span.line, column: span.column, endLine: span.line, endColumn: span.endColumn },
  },
});
const answers = (a: ActionRefAnswer): ResolveAnswers => ({
  images: new Map(),
  actions: new Map([['actions/checkout@v4', a]]),
  failures: [],
});

describe('action-sha resolution (against a fake Intel answer)', () => {
  it('replaces the ref with the commit and adds the version comment at the line end', () => {
    const text = 'steps:\n  - uses: actions/checkout@v4   \n';
    const r = editsFor(
      action({ line: 2, column: 28, endColumn: 30 }),
      text,
      answers({ exists: true, tagCommit: SHA }),
    );
    expect(r).toStrictEqual({
      edits: [
        { span: { line: 2, column: 28, endLine: 2, endColumn: 30 }, text: SHA },
        { span: { line: 2, column: 30, endLine: 2, endColumn: 30 }, text: ' # v4' },
      ],
    });
  });

  it('comments the exact release a moving tag points at, and refuses a branch', () => {
    const text = '  - uses: actions/checkout@v4\n';
    const fix = action({ line: 1, column: 28, endColumn: 30 });
    expect(
      editsFor(fix, text, answers({ exists: true, tagCommit: SHA, versionTag: 'v4.2.2' })),
    ).toStrictEqual({
      edits: [
        { span: { line: 1, column: 28, endLine: 1, endColumn: 30 }, text: SHA },
        { span: { line: 1, column: 30, endLine: 1, endColumn: 30 }, text: ' # v4.2.2' },
      ],
    });
    // A version tag that is not a plain tag name falls back to the ref as written.
    expect(
      editsFor(fix, text, answers({ exists: true, tagCommit: SHA, versionTag: 'v4 `x`' })),
    ).toMatchObject({ edits: [{ text: SHA }, { text: ' # v4' }] });
    expect(editsFor(fix, text, answers({ exists: true, branchCommit: SHA }))).toStrictEqual({
      reason: "actions/checkout@v4 is a branch, not a release tag: pin a release tag's commit instead",
    });
  });

  it('keeps an existing comment, and refuses a commit of the wrong shape or a changed text', () => {
    const text = '  - uses: actions/checkout@v4 # pinned by bot\n';
    const fix = action({ line: 1, column: 28, endColumn: 30 });
    expect(editsFor(fix, text, answers({ exists: true, tagCommit: SHA }))).toStrictEqual({
      edits: [{ span: { line: 1, column: 28, endLine: 1, endColumn: 30 }, text: SHA }],
    });
    expect(editsFor(fix, text, answers({ exists: true, tagCommit: 'abc' }))).toStrictEqual({
      reason: 'no 40-hex commit for actions/checkout@v4',
    });
    expect(
      editsFor(fix, text.replace('@v4', '@v5'), answers({ exists: true, tagCommit: SHA })),
    ).toStrictEqual({
      reason: 'the text at 1:28 is no longer v4',
    });
    expect(editsFor(fix, text, answers({ exists: false }))).toStrictEqual({
      reason: 'no commit for actions/checkout@v4 (offline, or the GitHub API did not answer)',
    });
  });

  it('asks each distinct image and action once, and nothing without an Intel method', async () => {
    const asked: string[][] = [];
    const intel = {
      imageDigests: (images: readonly string[]) => {
        asked.push([...images]);
        return Promise.resolve({ answers: new Map([['node:20', { digest: `sha256:${'a'.repeat(64)}` }]]) });
      },
    };
    const img: Autofix = {
      title: 't',
      resolve: {
        kind: 'image-digest',
        image: 'node:20',
        span: { line: 1, column: 6, endLine: 1, endColumn: 13 },
      },
    };
    const r = await resolveAll([img, img, action({ line: 1, column: 1, endColumn: 3 })], intel);
    expect(asked).toStrictEqual([['node:20']]);
    expect(r.actions.size).toBe(0);
    expect((await resolveAll([img], undefined)).images.size).toBe(0);
  });
});

describe('the engine carries autofix into findings, never one that would write a credential', () => {
  const meta = { id: 'x/y', severity: 'low', fix: 'f' } as unknown as RuleMeta;
  const at = { line: 1, column: 1, endLine: 1, endColumn: 2 };
  it('keeps a plain fix and drops one whose edit holds a token', () => {
    const plain: Hit = {
      span: at,
      message: 'm',
      autofix: { title: 't', edits: [{ span: at, text: 'true' }] },
    };
    expect(pendingFromHit(meta, 'p', plain).autofix).toStrictEqual(plain.autofix);
    const secret: Hit = {
      span: at,
      message: 'm',
      autofix: { title: 't', edits: [{ span: at, text: `ghp_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}` }] },
    };
    expect(pendingFromHit(meta, 'p', secret).autofix).toBeUndefined();
    const f: Partial<Finding> = pendingFromHit(meta, 'p', secret);
    expect(f.fix).toBe('f');
  });
});
