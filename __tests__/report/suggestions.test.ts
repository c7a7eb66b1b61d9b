import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, TextEdit } from '../../src/core/index.js';
import {
  fencedBlock,
  fixGroups,
  fixPatch,
  groupKey,
  parseHunks,
  planSuggestions,
  reconcile,
  renderPatchSection,
  suggestionMarker,
  type FixFile,
  type PostedReviewComment,
} from '../../src/report/suggestions.js';
import { finding } from '../action/fixtures.js';
import { readDocument } from './gfm-lite.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A one-line replacement of `from` by `to` on `line` of `text`, as a rule would declare it. */
function edit(text: string, line: number, from: string, to: string): TextEdit {
  const l = text.split('\n')[line - 1]!;
  const col = l.indexOf(from);
  if (col < 0) throw new Error(`${from} not on line ${line}`);
  return { span: { line, column: col + 1, endLine: line, endColumn: col + 1 + from.length }, text: to };
}

function fixable(
  text: string,
  path: string,
  line: number,
  from: string,
  to: string,
  over: Partial<Finding> = {},
): Finding {
  return finding({
    ruleId: 'dockerfile/npm-install',
    path,
    startLine: line,
    endLine: line,
    evidence: `${path}:${line}:${from}`,
    message: `\`${from}\` instead of \`${to}\`.`,
    autofix: { title: `use ${to}`, edits: [edit(text, line, from, to)] },
    ...over,
  });
}

/**
 * The content of the first fenced block opened with `info`, read as CommonMark reads it: it ends
 * at the first line of at least as many backticks (up to three spaces before, nothing after).
 */
function fenced(md: string, info: string): { content: string; after: string } {
  const lines = md.split('\n');
  const open = lines.findIndex((l) => /^`{3,}/.test(l) && l.replace(/^`+/, '') === info);
  if (open < 0) throw new Error(`no ${info} block`);
  const n = /^`+/.exec(lines[open]!)![0].length;
  const close = lines.findIndex((l, i) => i > open && /^ {0,3}`+\s*$/.test(l) && l.trim().length >= n);
  if (close < 0) throw new Error('block never closed');
  return { content: lines.slice(open + 1, close).join('\n'), after: lines.slice(close + 1).join('\n') };
}

const DOCKERFILE = [
  'FROM node:20', // 1
  'WORKDIR /app', // 2
  'COPY package.json .', // 3
  'RUN npm install', // 4
  'COPY . .', // 5
  'RUN npm install --prefix web', // 6
  'USER node', // 7
  'EXPOSE 3000', // 8
  'RUN npm install -g serve', // 9
  'CMD ["node", "server.js"]', // 10
  '',
].join('\n');

/** GitHub's patch for DOCKERFILE: line 4 added (context 1-7), line 9 changed (context 6-10). */
const PATCH = [
  '@@ -1,6 +1,7 @@',
  ' FROM node:20',
  ' WORKDIR /app',
  ' COPY package.json .',
  '+RUN npm install',
  ' COPY . .',
  ' RUN npm install --prefix web',
  ' USER node',
  '@@ -7,3 +8,3 @@ USER node',
  ' EXPOSE 3000',
  '-RUN npm install -g serve@1',
  '+RUN npm install -g serve',
  ' CMD ["node", "server.js"]',
].join('\n');

describe('parseHunks', () => {
  test('right-side ranges and text of each hunk; removed lines and the no-newline marker take no line', () => {
    const hunks = parseHunks(`${PATCH}\n\\ No newline at end of file`);
    expect(hunks.map((h) => [h.start, h.end])).toEqual([
      [1, 7],
      [8, 10],
    ]);
    expect(hunks[1]!.lines).toEqual(['EXPOSE 3000', 'RUN npm install -g serve', 'CMD ["node", "server.js"]']);
  });

  test('a count-less header is one line; a deleted file has an empty right side', () => {
    expect(parseHunks('@@ -3 +3 @@\n-a\n+b').map((h) => [h.start, h.end])).toEqual([[3, 3]]);
    expect(parseHunks('@@ -1,2 +0,0 @@\n-a\n-b').map((h) => [h.start, h.end])).toEqual([[0, -1]]);
  });

  test.each([
    ['a header that is not one', '@@ nonsense @@\n+a'],
    ['a body line with no tag', '@@ -1 +1 @@\n-a\n+b\nstray'],
    ['a header whose count the body does not match', '@@ -1,1 +1,3 @@\n+a'],
  ])('%s gives no hunks (the fixes then go into the patch)', (_, patch) => {
    expect(parseHunks(patch)).toEqual([]);
  });

  test('linear on a hostile header', () => {
    const started = performance.now();
    expect(parseHunks(`@@ -1,1 +${'9'.repeat(200_000)},${'1'.repeat(200_000)}x`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('fixGroups', () => {
  test('findings whose edits share a line are one group; findings without edits are left out', () => {
    const a = fixable(DOCKERFILE, 'Dockerfile', 6, 'npm install', 'npm ci');
    const b = fixable(DOCKERFILE, 'Dockerfile', 6, '--prefix web', '--prefix=web', { ruleId: 'x/y' });
    const c = fixable(DOCKERFILE, 'Dockerfile', 4, 'npm install', 'npm ci');
    const plain = finding({ path: 'Dockerfile', startLine: 5 });
    const resolveOnly = finding({
      autofix: {
        title: 'pin',
        resolve: {
          kind: 'image-digest',
          image: 'node:20',
          span: { line: 1, column: 6, endLine: 1, endColumn: 13 },
        },
      },
    });
    const groups = fixGroups([a, plain, b, resolveOnly, c]);
    expect(groups.map((g) => [g.path, g.startLine, g.endLine, g.findings.length, g.edits.length])).toEqual([
      ['Dockerfile', 4, 4, 1, 1],
      ['Dockerfile', 6, 6, 2, 2],
    ]);
  });
});

describe('planSuggestions', () => {
  const files = (text = DOCKERFILE, patch = PATCH) =>
    new Map<string, FixFile>([['Dockerfile', { text, hunks: parseHunks(patch) }]]);

  test('fixes on lines inside hunks become comments (context lines too); the others go to the patch', () => {
    const inAdded = fixable(DOCKERFILE, 'Dockerfile', 4, 'npm install', 'npm ci');
    const inContext = fixable(DOCKERFILE, 'Dockerfile', 6, 'npm install', 'npm ci');
    const inSecond = fixable(
      DOCKERFILE,
      'Dockerfile',
      9,
      'npm install -g serve',
      'npm install -g serve@14.2.4',
    );
    const outside = finding({
      path: 'other/Dockerfile',
      startLine: 2,
      autofix: {
        title: 't',
        edits: [{ span: { line: 2, column: 1, endLine: 2, endColumn: 5 }, text: 'ADD' }],
      },
    });
    const plan = planSuggestions(
      fixGroups([inAdded, inContext, inSecond, outside]),
      new Map([...files(), ['other/Dockerfile', { text: 'FROM a\nCOPY x y\n' }]]),
      {
        checkName: 'Bulkhead',
      },
    );
    expect(plan.comments.map((c) => [c.draft.path, c.draft.line, c.draft.start_line, c.draft.side])).toEqual([
      ['Dockerfile', 4, undefined, 'RIGHT'],
      ['Dockerfile', 6, undefined, 'RIGHT'],
      ['Dockerfile', 9, undefined, 'RIGHT'],
    ]);
    expect(fenced(plan.comments[0]!.draft.body, 'suggestion').content).toBe('RUN npm ci');
    expect(fenced(plan.comments[2]!.draft.body, 'suggestion').content).toBe(
      'RUN npm install -g serve@14.2.4',
    );
    expect(plan.patched.map((p) => [p.group.path, p.group.startLine, p.reason])).toEqual([
      ['other/Dockerfile', 2, 'outside-diff'],
    ]);
  });

  test('a fix over several lines is a multi-line comment with start_line; one across two hunks goes to the patch', () => {
    const text = DOCKERFILE;
    const multi = finding({
      path: 'Dockerfile',
      autofix: {
        title: 'join',
        edits: [
          {
            span: { line: 3, column: 1, endLine: 4, endColumn: 16 },
            text: 'COPY package.json .\nRUN npm ci',
          },
        ],
      },
    });
    const across = finding({
      path: 'Dockerfile',
      startLine: 7,
      autofix: { title: 'x', edits: [{ span: { line: 7, column: 1, endLine: 8, endColumn: 1 }, text: '' }] },
    });
    const plan = planSuggestions(fixGroups([multi, across]), files(text), { checkName: 'Bulkhead' });
    expect(plan.comments.map((c) => [c.draft.start_line, c.draft.start_side, c.draft.line])).toEqual([
      [3, 'RIGHT', 4],
    ]);
    expect(fenced(plan.comments[0]!.draft.body, 'suggestion').content).toBe(
      'COPY package.json .\nRUN npm ci',
    );
    expect(plan.patched.map((p) => [p.group.startLine, p.group.endLine, p.reason])).toEqual([
      [7, 8, 'outside-diff'],
    ]);
  });

  test('the workspace differing from the diff (a merge checkout), CRLF lines, a cap and an oversized body go to the patch', () => {
    const moved = DOCKERFILE.replace('WORKDIR /app', 'WORKDIR /srv');
    const f = fixable(DOCKERFILE, 'Dockerfile', 2, 'WORKDIR /app', 'WORKDIR /app ');
    expect(
      planSuggestions(fixGroups([f]), files(moved), { checkName: 'B' }).patched.map((p) => p.reason),
    ).toEqual(['mismatch']);

    const crlf = DOCKERFILE.replace(/\n/g, '\r\n');
    const g = fixable(crlf, 'Dockerfile', 4, 'npm install', 'npm ci');
    const crlfPatch = PATCH.split('\n')
      .map((l) => (l.startsWith('@@') ? l : `${l}\r`))
      .join('\n');
    expect(
      planSuggestions(fixGroups([g]), files(crlf, crlfPatch), { checkName: 'B' }).patched.map(
        (p) => p.reason,
      ),
    ).toEqual(['crlf']);

    const a = fixable(DOCKERFILE, 'Dockerfile', 4, 'npm install', 'npm ci');
    const b = fixable(DOCKERFILE, 'Dockerfile', 6, 'npm install', 'npm ci');
    const capped = planSuggestions(fixGroups([a, b]), files(), { checkName: 'B', maxComments: 1 });
    expect([capped.comments.length, capped.patched.map((p) => [p.group.startLine, p.reason])]).toEqual([
      1,
      [[6, 'cap']],
    ]);

    const one = planSuggestions(fixGroups([a]), files(), { checkName: 'B' }).comments[0]!.draft.body;
    const maxTotal = Math.floor(Buffer.byteLength(one) * 1.5);
    const heavy = planSuggestions(fixGroups([a, b]), files(), { checkName: 'B', maxTotal });
    expect([heavy.comments.length, heavy.patched.map((p) => p.reason)]).toEqual([1, ['cap']]);

    const small = planSuggestions(fixGroups([a]), files(), { checkName: 'B', maxBody: 100 });
    expect(small.patched.map((p) => p.reason)).toEqual(['too-long']);
  });

  test('an unreadable file is named once, and none of its fixes is claimed', () => {
    const a = fixable(DOCKERFILE, 'Dockerfile', 4, 'npm install', 'npm ci');
    const b = fixable(DOCKERFILE, 'Dockerfile', 6, 'npm install', 'npm ci');
    const plan = planSuggestions(fixGroups([a, b]), new Map([['Dockerfile', { unreadable: 'EACCES' }]]), {
      checkName: 'B',
    });
    expect(plan).toEqual({ comments: [], patched: [], unreadable: [{ path: 'Dockerfile', why: 'EACCES' }] });
  });

  test('hostile content cannot leave the suggestion block, and the prose shows no mention, link or HTML', () => {
    const evil = [
      'FROM node:20',
      'RUN echo "```" && echo "````suggestion"',
      'LABEL x="@everyone <img src=x onerror=alert(1)> ~~~"',
      '',
    ].join('\n');
    const patch =
      '@@ -1,2 +1,3 @@\n FROM node:20\n+RUN echo "```" && echo "````suggestion"\n+LABEL x="@everyone <img src=x onerror=alert(1)> ~~~"';
    const f = finding({
      path: 'Dockerfile',
      startLine: 2,
      message: 'Ends with ``` and pings @everyone <script>alert(1)</script> see #1 https://evil.example',
      autofix: {
        title: '@admins ```',
        edits: [
          {
            span: { line: 2, column: 1, endLine: 3, endColumn: 53 },
            text: 'RUN echo "`````"\n</details> @everyone ~~~\n```',
          },
        ],
      },
    });
    const plan = planSuggestions(
      fixGroups([f]),
      new Map([['Dockerfile', { text: evil, hunks: parseHunks(patch) }]]),
      { checkName: 'Bulk@head' },
    );
    expect(plan.comments).toHaveLength(1);
    const body = plan.comments[0]!.draft.body;
    const block = fenced(body, 'suggestion');
    expect(block.content).toBe('RUN echo "`````"\n</details> @everyone ~~~\n```');
    expect(block.after.trim()).toBe('');
    expect(body.split('\n').find((l) => l.startsWith('`'))).toBe('``````suggestion');
    const prose = body.slice(0, body.indexOf('``````suggestion'));
    const doc = readDocument(prose.split('\n').slice(1).join('\n'));
    expect([doc.risks, doc.links, doc.tags]).toEqual([[], [], []]);
    expect(body.startsWith(`${suggestionMarker('Bulk@head', plan.comments[0]!.key)}\n`)).toBe(true);
  });
});

describe('fencedBlock', () => {
  test('the fence is longer than any backtick run inside, and at least three', () => {
    expect(fencedBlock('diff', 'a\n')).toBe('```diff\na\n```');
    expect(fencedBlock('diff', '````')).toBe('`````diff\n````\n`````');
    expect(fencedBlock('suggestion', '')).toBe('```suggestion\n```');
  });
});

describe('reconcile', () => {
  const a = fixable(DOCKERFILE, 'Dockerfile', 4, 'npm install', 'npm ci');
  const b = fixable(DOCKERFILE, 'Dockerfile', 6, 'npm install', 'npm ci');
  const plan = () =>
    planSuggestions(
      fixGroups([a, b]),
      new Map([['Dockerfile', { text: DOCKERFILE, hunks: parseHunks(PATCH) }]]),
      { checkName: 'Bulkhead' },
    );
  const bot = { userLogin: 'github-actions[bot]', userType: 'Bot', userId: 41898282 };
  const me = { login: 'github-actions[bot]', id: 41898282 };

  test('the same fix at the same lines is kept or edited; moved or gone ones are deleted; answered ones retired', () => {
    const p = plan();
    const [ca, cb] = p.comments;
    const staleMarker = suggestionMarker('Bulkhead', 'deadbeefdeadbeef');
    const posted: PostedReviewComment[] = [
      { id: 1, path: 'Dockerfile', line: 4, body: ca!.draft.body, ...bot },
      // b's comment from the last push sat two lines higher: GitHub cannot move it.
      { id: 2, path: 'Dockerfile', line: 4, body: cb!.draft.body, ...bot },
      { id: 3, path: 'Dockerfile', line: 9, body: `${staleMarker}\nold`, ...bot },
      { id: 4, path: 'Dockerfile', line: 8, body: `${staleMarker.replace('dead', 'beef')}\nold`, ...bot },
      {
        id: 5,
        path: 'Dockerfile',
        line: 8,
        body: 'why?',
        inReplyTo: 4,
        userLogin: 'alice',
        userType: 'User',
      },
      // Somebody copying our marker does not make the comment ours.
      {
        id: 6,
        path: 'Dockerfile',
        line: 1,
        body: `${staleMarker}\nmine`,
        userLogin: 'mallory',
        userType: 'User',
      },
    ];
    const r = reconcile(posted, p, { checkName: 'Bulkhead', headSha: 'c'.repeat(40), me });
    expect(r.create.map((d) => d.line)).toEqual([6]);
    expect(r.keep).toBe(1);
    expect(r.update).toEqual([]);
    expect(r.remove).toEqual([2, 3]);
    expect(r.retire.map((x) => x.id)).toEqual([4]);
    expect(r.retire[0]!.body).toContain('no longer applies as of cccccccccccc');

    // A changed text at the same place is an edit, not a new comment.
    const edited = reconcile(
      [{ id: 1, path: 'Dockerfile', line: 4, body: `${ca!.draft.body.split('\n')[0]}\nolder text`, ...bot }],
      p,
      {
        checkName: 'Bulkhead',
        headSha: 'c'.repeat(40),
        me,
      },
    );
    expect([edited.create.map((d) => d.line), edited.update.map((u) => u.id), edited.remove]).toEqual([
      [6],
      [1],
      [],
    ]);
  });

  test('an outdated comment (no line any more) is replaced; a second run with nothing changed sends nothing', () => {
    const p = plan();
    const outdated = p.comments.map((c, i) => ({
      id: 10 + i,
      path: c.draft.path,
      body: c.draft.body,
      ...bot,
    }));
    const r = reconcile(outdated, p, { checkName: 'Bulkhead', headSha: 'c'.repeat(40), me });
    expect([r.create.length, r.remove]).toEqual([2, [10, 11]]);
    const same = p.comments.map((c, i) => ({
      id: 10 + i,
      path: c.draft.path,
      line: c.draft.line,
      body: c.draft.body,
      ...bot,
    }));
    expect(reconcile(same, p, { checkName: 'Bulkhead', headSha: 'c'.repeat(40), me })).toEqual({
      create: [],
      update: [],
      remove: [],
      retire: [],
      keep: 2,
    });
  });

  test('the key follows the findings, not their lines', () => {
    const moved = { ...a, startLine: 40 };
    expect(groupKey(fixGroups([moved])[0]!)).toBe(groupKey(fixGroups([a])[0]!));
    expect(groupKey(fixGroups([b])[0]!)).not.toBe(groupKey(fixGroups([a])[0]!));
  });
});

describe('the patch', () => {
  test('git apply takes it, from the job summary block, with backticks and CRLF kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-patch-'));
    dirs.push(dir);
    const crlf = 'FROM node:20\r\nRUN npm install\r\nRUN echo "````"\r\n';
    const docker = DOCKERFILE;
    writeFileSync(join(dir, 'a.Dockerfile'), crlf);
    writeFileSync(join(dir, 'Dockerfile'), docker);
    const findings = [
      fixable(crlf, 'a.Dockerfile', 2, 'npm install', 'npm ci'),
      fixable(crlf, 'a.Dockerfile', 3, '````', '`````'),
      fixable(docker, 'Dockerfile', 9, 'npm install', 'npm ci'),
    ];
    const files = new Map<string, FixFile>([
      ['a.Dockerfile', { text: crlf }],
      ['Dockerfile', { text: docker }],
    ]);
    const { diffs, dropped } = fixPatch(fixGroups(findings), files);
    expect([diffs.map((d) => d.path), dropped]).toEqual([['Dockerfile', 'a.Dockerfile'], 0]);
    const section = renderPatchSection(diffs, ["2 fixes on lines outside the pull request's diff."]);
    const block = fenced(section, 'diff');
    expect(block.after.trim()).toBe('');
    writeFileSync(join(dir, 'bulkhead.patch'), `${block.content}\n`);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['apply', 'bulkhead.patch'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.Dockerfile'), 'utf8')).toBe(
      'FROM node:20\r\nRUN npm ci\r\nRUN echo "`````"\r\n',
    );
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(
      docker.replace('RUN npm install -g', 'RUN npm ci -g'),
    );
  });

  test('over the size cap whole files are left out and named, never cut', () => {
    const diffs = [
      { path: 'a', diff: 'x'.repeat(60) + '\n' },
      { path: 'b`c', diff: 'y'.repeat(60) + '\n' },
      { path: 'd', diff: 'z\n' },
    ];
    const md = renderPatchSection(diffs, [], 100);
    expect(fenced(md, 'diff').content).toBe('x'.repeat(60));
    expect(md).toContain(
      'The fixes for 2 more files did not fit here (``b`c``, `d`): run `bulkhead fix` for them.',
    );
    expect(renderPatchSection([], [])).toBe('');
  });
});
