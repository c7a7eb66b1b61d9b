import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import { createIntel } from '../../src/intel/index.js';
import { startFakeOci, type FakeOci } from './fake-oci.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let fake: FakeOci | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-fix-cli-'));
  dirs.push(root);
  execFileSync('git', ['init', '-q', root]);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

async function run(argv: string[], cwd: string, withIntel = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    cwd,
    ...(withIntel ? { intel: (settings) => Promise.resolve(createIntel(settings)) } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const EXIT_DEFAULT = 0;
const FILES = {
  Dockerfile: 'FROM node:20\nRUN curl -k https://e.example/a -o /a\nUSER node\n',
  '.npmrc': 'strict-ssl=false\n',
};

describe('bulkhead fix', () => {
  it('prints a diff that git applies, changes no file, and exits as scan would after the fixes', async () => {
    const root = tree(FILES);
    const r = await run(['fix', '.', '--offline'], root);
    expect(r.stdout).toBe(
      [
        'diff --git a/.npmrc b/.npmrc',
        '--- a/.npmrc',
        '+++ b/.npmrc',
        '@@ -1 +1 @@',
        '-strict-ssl=false',
        '+strict-ssl=true',
        'diff --git a/Dockerfile b/Dockerfile',
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -1,3 +1,3 @@',
        ' FROM node:20',
        '-RUN curl -k https://e.example/a -o /a',
        '+RUN curl https://e.example/a -o /a',
        ' USER node',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain(
      'not fixed: Dockerfile:1:6 dockerfile/base-image-unpinned: no digest for node:20 (offline, or the registry did not answer)',
    );
    expect(r.stderr).toContain(
      '2 fixes in 2 files; 1 not made (offline: digests and commit SHAs are not resolved).',
    );
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe(FILES.Dockerfile);
    // Exit as scan would once the diff is applied: the two high findings are fixed, what stays
    // (a tag without digest, medium) decides against fail-on.
    const after = await run(['fix', '.', '--offline', '--fail-on', 'medium'], root);
    expect([r.code, after.code]).toStrictEqual([EXIT_DEFAULT, 1]);
    writeFileSync(join(root, 'fix.patch'), r.stdout);
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: root });
  });

  it('--write applies the fixes and a second run finds nothing to change', async () => {
    const root = tree(FILES);
    const w = await run(['fix', '.', '--offline', '--write'], root);
    expect(w.stdout).toBe('');
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toBe('strict-ssl=true\n');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe(
      'FROM node:20\nRUN curl https://e.example/a -o /a\nUSER node\n',
    );
    const again = await run(['fix', '.', '--offline'], root);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 fixes in 0 files');
  });

  it('--rule selects fixes; an unknown rule is a usage error', async () => {
    const root = tree(FILES);
    const r = await run(['fix', '.', '--offline', '--rule', 'config/tls-disabled'], root);
    expect(r.stdout.match(/^diff --git .*$/gm)).toStrictEqual(['diff --git a/.npmrc b/.npmrc']);
    expect(r.code).toBe(1); // the curl -k finding (high) stays
    const bad = await run(['fix', '.', '--rule', 'config/tls-disable'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "bulkhead: --rule: unknown rule id 'config/tls-disable' (did you mean 'config/tls-disabled'?); run 'bulkhead rules' for the list\n",
    );
  });

  it('online, pins image digests through the configured registry URL (loopback fake)', async () => {
    fake = await startFakeOci({ token: true });
    const root = tree({
      Dockerfile: 'FROM node:20\nUSER node\n',
      '.bulkhead.yml': `intel:\n  registry-urls:\n    docker.io: ${fake.url}\n`,
    });
    const r = await run(['fix', '.', '--write'], root, true);
    expect(r.stderr).toContain('1 fix in 1 file written; 0 not made.');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe(
      `FROM node:20@${fake.digestOf('library/node:20')}\nUSER node\n`,
    );
    // A plain scan never asks the registry.
    const before = fake.requests.length;
    await run(['scan', '.', '--format', 'json'], root, true);
    expect(fake.requests.length).toBe(before);
  });
});
