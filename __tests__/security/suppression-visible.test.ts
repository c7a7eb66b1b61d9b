/**
 * Issue 9 item 7: a suppressed finding must leave a trace in every channel. Before, an inline
 * `# bulkhead-ignore` or a config `ignore:` entry hid a critical `curl | sh` with nothing in the
 * text, JSON, SARIF, job summary, check run or comment to say that anything was hidden, or why.
 * Also item 6 (rendering): every output names the configuration that gated the run.
 */
import '@microsoft/jest-sarif';
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { RULE_IDS } from '../../src/rules/index.js';
import { loadConfig } from '../../src/config/resolve.js';
import { scan } from '../../src/scan/engine.js';
import type { ConfigUsed, Finding } from '../../src/core/index.js';
import type { GitHubApi } from '../../src/github/api.js';
import type { Settings } from '../../src/github/inputs.js';
import {
  CheckRunSession,
  publishAll,
  startCheckRun,
  type PublishContext,
} from '../../src/github/publish/index.js';
import type { CheckRunUpdate } from '../../src/report/check-run.js';
import { commentReport } from '../../src/report/comment.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import type { Logger } from '../../src/logger.js';

/** The text report without the build-input table that follows it. */
function findingsPart(stdout: string): string {
  const at = stdout.indexOf('\n\nBuild inputs');
  return (at === -1 ? stdout : stdout.slice(0, at)).trimEnd();
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const D = 'sha256:' + 'a'.repeat(64);
/** Hostile on purpose: HTML, a team mention, a link, table pipes, a bidi override. */
const INLINE_REASON = '<img src=x onerror=alert(1)> @acme/admins [x](https://evil.example) | a | b \u202e';
const CONFIG_REASON = 'vendor installer, reviewed **by** `ops`';

const FILES: Record<string, string> = {
  Dockerfile: [
    `FROM node:20.11.1@${D}`,
    'USER node',
    `# bulkhead-ignore dockerfile/remote-script-exec -- ${INLINE_REASON}`,
    'RUN curl -fsSL https://get.example.com/a.sh | sh',
    'RUN curl -fsSL https://get.example.com/b.sh | sh',
    '',
  ].join('\n'),
  'svc/Dockerfile': 'FROM python\nUSER 1000\n',
  '.bulkhead.yml': [
    'ignore:',
    '  - rule: dockerfile/remote-script-exec',
    '    path: Dockerfile',
    `    reason: "${CONFIG_REASON}"`,
    '  - rule: dockerfile/base-image-latest',
    '    path: svc/**',
    '    reason: internal mirror',
    '',
  ].join('\n'),
};

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-suppressed-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

async function scanned() {
  const root = tree(FILES);
  const { config, source } = loadConfig({ ruleIds: RULE_IDS, searchDirs: [root], root });
  const result = await scan({ root, paths: [root], config, ...(source ? { configSource: source } : {}) });
  return { root, result };
}

const INLINE = { kind: 'inline', path: 'Dockerfile', line: 3, reason: INLINE_REASON };
const CONFIG = { kind: 'config', path: '.bulkhead.yml', line: 2, reason: CONFIG_REASON };
const MIRROR = { kind: 'config', path: '.bulkhead.yml', line: 5, reason: 'internal mirror' };

describe('the engine records what hid each suppressed finding', () => {
  it('inline comment first, else the config entry at its line, each with its reason', async () => {
    const { result } = await scanned();
    expect(
      result.suppressed.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.severity, f.suppression]),
    ).toEqual([
      ['dockerfile/remote-script-exec', 'Dockerfile', 4, 5, 'critical', INLINE],
      ['dockerfile/remote-script-exec', 'Dockerfile', 5, 5, 'critical', CONFIG],
      ['dockerfile/base-image-latest', 'svc/Dockerfile', 1, 6, 'high', MIRROR],
    ]);
    // The findings that were not hidden carry no suppression.
    expect(result.findings.filter((f) => f.suppression !== undefined)).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).not.toContain('dockerfile/remote-script-exec');
  });

  it('a reason is masked and bounded: a token pasted into it, a half-megabyte comment', async () => {
    const token = 'ghp_' + 'A1b2C3d4E5'.repeat(4).slice(0, 36);
    const root = tree({
      Dockerfile: `# bulkhead-ignore dockerfile/base-image-latest -- ok ${token} ${'x'.repeat(500_000)}\nFROM node\nUSER node\n`,
    });
    const { config } = loadConfig({ ruleIds: RULE_IDS, searchDirs: [root], root });
    const r = await scan({ root, paths: [root], config });
    const reason = r.suppressed.find((f) => f.ruleId === 'dockerfile/base-image-latest')!.suppression!
      .reason!;
    expect(reason).not.toContain(token);
    expect(reason.startsWith('ok ghp_')).toBe(true);
    expect(reason.length).toBe(300);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('the CLI shows the suppressed count and the config in every format', () => {
  it('text: a count by rule and the config line under the totals', async () => {
    const r = await cli(['scan', '.'], tree(FILES));
    // The findings report ends before the pin summary (build inputs) that closes the text output.
    const tail = findingsPart(r.stdout).split('\n').slice(-2);
    expect(tail).toEqual([
      '3 suppressed: dockerfile/remote-script-exec ×2, dockerfile/base-image-latest ×1.',
      'Config: .bulkhead.yml from the checked-out files.',
    ]);
  });

  it('text: --config names the file as given explicitly; no file means the defaults', async () => {
    const root = tree({ ...FILES, 'ci/strict.yml': FILES['.bulkhead.yml']! });
    const named = await cli(['scan', '.', '--config', 'ci/strict.yml'], root);
    expect(findingsPart(named.stdout).split('\n').at(-1)).toBe('Config: ci/strict.yml (named explicitly).');
    const none = await cli(['scan', '.'], tree({ Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n` }));
    expect(findingsPart(none.stdout).split('\n').at(-1)).toBe('Config: none (defaults).');
  });

  it('json: every suppressed finding with its suppression, counts in the summary, the config', async () => {
    const r = await cli(['scan', '.', '--format', 'json'], tree(FILES));
    const j = JSON.parse(r.stdout);
    expect(j.config).toEqual({ origin: 'head', path: '.bulkhead.yml' });
    expect(j.suppressed.map((f: Finding) => [f.ruleId, f.startLine, f.suppression])).toEqual([
      ['dockerfile/remote-script-exec', 4, INLINE],
      ['dockerfile/remote-script-exec', 5, CONFIG],
      ['dockerfile/base-image-latest', 1, MIRROR],
    ]);
    expect(j.summary.suppressed).toBe(3);
    expect(j.summary.suppressedByRule).toEqual({
      'dockerfile/remote-script-exec': 2,
      'dockerfile/base-image-latest': 1,
    });
  });

  it('sarif: counts and config in run.properties; suppressed results only on request', async () => {
    const root = tree(FILES);
    const plain = JSON.parse((await cli(['scan', '.', '--format', 'sarif'], root)).stdout);
    const run = plain.runs[0];
    expect(run.properties).toEqual({
      config: { origin: 'head', path: '.bulkhead.yml' },
      suppressed: {
        total: 3,
        byRule: { 'dockerfile/remote-script-exec': 2, 'dockerfile/base-image-latest': 1 },
      },
    });
    // By default no suppressed result: code scanning would open an alert for each.
    expect(run.results.filter((x: { suppressions?: unknown }) => x.suppressions)).toEqual([]);
    expect(run.results.map((x: { ruleId: string }) => x.ruleId)).not.toContain(
      'dockerfile/remote-script-exec',
    );

    const full = JSON.parse(
      (await cli(['scan', '.', '--format', 'sarif', '--sarif-suppressed'], root)).stdout,
    );
    validSarif(full);
    const hidden = full.runs[0].results.filter((x: { suppressions?: unknown }) => x.suppressions);
    expect(
      hidden.map(
        (x: {
          ruleId: string;
          locations: [{ physicalLocation: { region: { startLine: number } } }];
          suppressions: unknown;
        }) => [x.ruleId, x.locations[0].physicalLocation.region.startLine, x.suppressions],
      ),
    ).toEqual([
      [
        'dockerfile/remote-script-exec',
        4,
        [
          {
            kind: 'inSource',
            status: 'accepted',
            justification: INLINE_REASON,
            location: {
              physicalLocation: { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 3 } },
            },
          },
        ],
      ],
      [
        'dockerfile/remote-script-exec',
        5,
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: CONFIG_REASON,
            location: {
              physicalLocation: { artifactLocation: { uri: '.bulkhead.yml' }, region: { startLine: 2 } },
            },
          },
        ],
      ],
      [
        'dockerfile/base-image-latest',
        1,
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: 'internal mirror',
            location: {
              physicalLocation: { artifactLocation: { uri: '.bulkhead.yml' }, region: { startLine: 5 } },
            },
          },
        ],
      ],
    ]);
  });

  it('markdown: the count, the config, and the collapsed list with each reason escaped', async () => {
    const md = (await cli(['scan', '.', '--format', 'markdown'], tree(FILES))).stdout;
    expectSuppressedMarkdown(md);
  });
});

/** The count line, the config line and the escaped suppressed lines every markdown channel with room shows. */
function expectSuppressedMarkdown(
  md: string,
  config = 'Config: `.bulkhead.yml` from the checked-out files.',
): void {
  expect(md).toContain(
    '🔕 3 suppressed: `dockerfile/remote-script-exec` ×2, `dockerfile/base-image-latest` ×1 (not counted, never blocking).<br>\n' +
      config,
  );
  expect(md).toContain('<details><summary>Suppressed findings (3, not blocking)</summary>');
  // The reason: HTML and table pipes escaped, the mention and the link shown as code.
  expect(md).toContain(
    ' — suppressed by inline comment `Dockerfile:3`: \\<img src=x onerror=alert(1)\\> `@acme/admins` `[x](https://evil.example`) \\| a \\| b \\<U+202E\\>\n',
  );
  expect(md).toContain(
    ' — suppressed by config entry `.bulkhead.yml:2`: vendor installer, reviewed \\*\\*by\\*\\* `ops`\n',
  );
  expect(md).toContain(' — suppressed by config entry `.bulkhead.yml:5`: internal mirror\n');
  // Nothing hostile survives raw.
  expect(md).not.toMatch(/[^\\]<img/);
  expect(md).not.toMatch(/[^`]@acme/);
  expect(md).not.toContain('\u202e');
}

// The matcher is registered on jest's global expect; @jest/globals' expect does not know its type.
const validSarif = (log: unknown) =>
  (globalThis as unknown as { expect: (v: unknown) => { toBeValidSarifLog(): void } })
    .expect(log)
    .toBeValidSarifLog();

describe('the action shows the suppressed count and the config in every channel', () => {
  const HEAD = 'c'.repeat(40);
  const BASE_CONFIG: ConfigUsed = { origin: 'base', path: '.bulkhead.yml', commit: 'b'.repeat(40) };

  async function publishScan() {
    const { root, result } = await scanned();
    const checkCalls: CheckRunUpdate[] = [];
    const comments: string[] = [];
    const api = {
      async createCheckRun() {
        return { id: 5, htmlUrl: 'https://github.example/o/r/runs/5' };
      },
      async updateCheckRun(_id: number, body: CheckRunUpdate) {
        checkCalls.push(body);
      },
      async listIssueComments() {
        return [];
      },
      async viewer() {
        return { login: 'github-actions[bot]', id: 41898282 };
      },
      async createIssueComment(_pr: number, body: string) {
        comments.push(body);
        return { id: 1 };
      },
      async updateIssueComment() {
        throw new Error('not in this test');
      },
    } as unknown as GitHubApi;
    const out = { lines: [] as string[], outputs: {} as Record<string, string>, summary: '' };
    const log: Logger = { debug() {}, info() {}, warning() {}, error() {} };
    const settings: Settings = {
      workspace: root,
      scanPath: root,
      report: 'all',
      annotations: true,
      checkRun: true,
      checkName: 'Bulkhead',
      jobSummary: true,
      sarifFile: join(root, 'bulkhead.sarif'),
      prComment: 'always',
      suggestions: false,
      token: 't',
    };
    const ctx: PublishContext = {
      settings,
      event: {
        eventName: 'pull_request',
        payload: {},
        repository: 'o/r',
        owner: 'o',
        repo: 'r',
        sha: 'd'.repeat(40),
        serverUrl: 'https://github.example',
        apiUrl: 'https://api.github.example',
      },
      refs: { base: 'b'.repeat(40), head: HEAD, prNumber: 7, fork: false },
      api,
      log,
      io: {
        writeLine: (l) => out.lines.push(l),
        startGroup: (t) => out.lines.push(`::group::${t}`),
        endGroup: () => out.lines.push('::endgroup::'),
        setOutput: (n, v) => (out.outputs[n] = v),
        appendSummary: async (md) => {
          out.summary += md;
        },
      },
      failOn: 'high',
      linkBase: `https://github.example/o/r/blob/${HEAD}`,
      checkRun: new CheckRunSession(api, { name: 'Bulkhead', headSha: HEAD, log }),
      now: () => new Date('2026-12-01T00:00:00Z'),
      outcomes: [],
    };
    await startCheckRun(ctx);
    await publishAll(ctx, {
      all: result.findings,
      reported: result.findings,
      existing: [],
      suppressed: result.suppressed,
      config: BASE_CONFIG,
      summary: summarize(result.findings, 'high', result.stats.filesChecked),
      notes: [],
    });
    return { out, checkCalls, comments, sarif: JSON.parse(readFileSync(settings.sarifFile!, 'utf8')) };
  }

  const BASE_LINE = 'Config: `.bulkhead.yml` from the base commit `bbbbbbbbbbbb`.';

  it('log, outputs, job summary, check run, PR comment and SARIF file', async () => {
    const { out, checkCalls, comments, sarif } = await publishScan();

    // Log: the same lines as the CLI's text.
    expect(out.lines).toContain(
      '3 suppressed: dockerfile/remote-script-exec ×2, dockerfile/base-image-latest ×1.',
    );
    expect(out.lines).toContain('Config: .bulkhead.yml from the base commit bbbbbbbbbbbb.');

    // Outputs: a `suppressed` count next to `findings`.
    expect(out.outputs.suppressed).toBe('3');

    // Job summary: counts, config, and the collapsed list with each reason escaped.
    expectSuppressedMarkdown(out.summary, BASE_LINE);

    // Check run: the count in the title; the full list, with the reasons, in the text.
    const done = checkCalls.find((u) => u.status === 'completed')!;
    expect(done.output!.title).toMatch(/ \(3 suppressed\)$/);
    expectSuppressedMarkdown(done.output!.text!, BASE_LINE);
    expect(done.output!.summary).toContain('🔕 3 suppressed: `dockerfile/remote-script-exec` ×2');

    // PR comment: the counts and the config, no list.
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(
      '🔕 3 suppressed: `dockerfile/remote-script-exec` ×2, `dockerfile/base-image-latest` ×1 (not counted, never blocking).<br>\n' +
        BASE_LINE,
    );
    expect(comments[0]).not.toContain('Suppressed findings (3');

    // SARIF file: counts and config in run.properties; no suppressed result to open alerts for.
    expect(sarif.runs[0].properties).toEqual({
      config: BASE_CONFIG,
      suppressed: {
        total: 3,
        byRule: { 'dockerfile/remote-script-exec': 2, 'dockerfile/base-image-latest': 1 },
      },
    });
    expect(sarif.runs[0].results.filter((x: { suppressions?: unknown }) => x.suppressions)).toEqual([]);
    validSarif(sarif);
  });

  it('an "all clear" comment still says what was suppressed and which config gated it', async () => {
    const { result } = await scanned();
    const { allClear } = commentReport({
      findings: [],
      suppressed: result.suppressed,
      config: BASE_CONFIG,
      summary: summarize([], 'high', 2),
      notes: [],
      name: 'Bulkhead',
      headSha: HEAD,
    });
    expect(allClear).toBe(
      '<!-- bulkhead-comment: Bulkhead -->\n## Bulkhead\n\n✅ All clear: no findings in this pull request as of cccccccccccc.\n\n' +
        '🔕 3 suppressed: <code>dockerfile/remote-script-exec</code> ×2, <code>dockerfile/base-image-latest</code> ×1 (see the job summary for the reasons).<br>\n' +
        'Config: <code>.bulkhead.yml</code> from the base commit <code>bbbbbbbbbbbb</code>.\n',
    );
  });

  it('renderSarif with suppressed results validates against the SARIF 2.1.0 schema', async () => {
    const { result } = await scanned();
    validSarif(
      JSON.parse(
        renderSarif(result.findings, {
          suppressed: result.suppressed,
          suppressedResults: true,
          config: BASE_CONFIG,
        }),
      ),
    );
  });
});
