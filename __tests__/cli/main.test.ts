import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type CliIo } from '../../src/cli/main.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { VERSION } from '../../src/version.js';
import { ARCHIVED_ACTIONS, ARCHIVED_ACTIONS_DATE } from '../../src/intel/archived-actions.js';
import { COMPROMISED_ACTIONS, COMPROMISED_ACTIONS_DATE } from '../../src/intel/compromised-actions.js';
import { KNOWN_MALICIOUS } from '../../src/intel/known-malicious.js';

const NEWEST = [...KNOWN_MALICIOUS.map((e) => e.date)].sort().at(-1)!;

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const D = 'sha256:' + 'a'.repeat(64);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-cli-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

async function run(argv: string[], cwd = REPO, env: NodeJS.ProcessEnv = {}, isTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY,
    env,
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const CLEAN = { Dockerfile: `FROM node:20.11.1@${D}\nUSER node\n` };
const RISKY = {
  Dockerfile: 'FROM node\nUSER node\n',
  'api/Dockerfile': `FROM python:3.12@${D}\nUSER 1000\n`,
};

describe('bulkhead scan: exit codes', () => {
  it('0 when nothing is at or above fail-on', async () => {
    const r = await run(['scan', '.'], tree(CLEAN));
    expect(r).toEqual({
      code: 0,
      stdout:
        '0 findings in 1 file checked; 0 at or above high.\nConfig: none (defaults).\n\n' +
        'Build inputs by pin grade:\n  base images      1: 1 locked\n  all build inputs 1: 1 locked\n',
      stderr: '',
    });
  });

  it('1 when a finding is at or above fail-on; --fail-on moves the bar', async () => {
    const cwd = tree(RISKY);
    const r = await run(['scan'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Dockerfile\n  1:6  high      dockerfile/base-image-latest');
    expect(r.stdout).toMatch(/in 2 files checked; \d+ at or above high\.\nConfig: none \(defaults\)\.\n\n/);
    expect(r.stdout).toMatch(/\n {2}all build inputs 2: 1 locked, 1 unpinned\n$/);
    expect((await run(['scan', '--fail-on', 'critical'], cwd)).code).toBe(0);
    expect((await run(['scan', '--fail-on', 'never'], cwd)).code).toBe(0);
    expect((await run(['scan', '--fail-on=low', 'api'], cwd)).code).toBe(0);
  });

  it('fail-on from the config file, overridden by the flag', async () => {
    const cwd = tree({ ...RISKY, '.bulkhead.yml': 'fail-on: critical\n' });
    expect((await run(['scan'], cwd)).code).toBe(0);
    expect((await run(['scan', '--fail-on', 'high'], cwd)).code).toBe(1);
  });

  it('2 with one line on stderr for usage and config errors, no stack', async () => {
    const cwd = tree({ ...RISKY, 'bad.yml': 'fail-on: sometimes\n', 'yaml.yml': 'a: [\n' });
    const cases: [string[], string][] = [
      [
        ['scan', '--frobnicate'],
        "bulkhead: unknown option '--frobnicate' for 'scan'; see 'bulkhead scan --help'",
      ],
      [
        ['scan', '--fail-onn', 'low'],
        "bulkhead: unknown option '--fail-onn' for 'scan' (did you mean '--fail-on'?)",
      ],
      [['--versoin'], "bulkhead: unknown option '--versoin' (did you mean '--version'?)"],
      [['scna'], "bulkhead: unknown command 'scna' (did you mean 'scan'?)"],
      [['scan', '--root', 'nowhere'], 'bulkhead: --root: no such directory: nowhere'],
      [['scan', '--root', 'bad.yml'], 'bulkhead: --root: not a directory: bad.yml'],
      [
        ['scan', '--severity', 'never'],
        'bulkhead: --severity: expected critical, high, medium, low or info (got "never")',
      ],
      [
        ['scan', '--ignore', 'dockerfile/base-image-lates'],
        "bulkhead: --ignore: unknown rule id 'dockerfile/base-image-lates' (did you mean 'dockerfile/base-image-latest'?)",
      ],
      [
        ['scan', '--ignore', 'lockfile/known-malicious'],
        'bulkhead: --ignore: lockfile/known-malicious can only be suppressed by an ignore entry',
      ],
      [
        ['scan', '--type', 'lockfile', 'bad.yml'],
        'bulkhead: --type lockfile: name the format by its file name',
      ],
      [
        ['scan', '--type', 'exe', 'bad.yml'],
        'bulkhead: --type: expected dockerfile, workflow or the file name of a lockfile',
      ],
      [['scan', '-'], 'bulkhead: standard input: say what it is with --type'],
      [['scan', '-', '.'], "bulkhead: '-' (standard input) cannot be combined with other paths"],
      [['rules', 'dockerfile/nope'], "bulkhead: unknown rule id 'dockerfile/nope'"],
      [
        ['scan', '--format', 'xml'],
        'bulkhead: --format: expected one of text, json, sarif, markdown, cyclonedx (got "xml")',
      ],
      [
        ['scan', '--fail-on', 'urgent'],
        'bulkhead: --fail-on: expected critical, high, medium, low, info or never (got "urgent")',
      ],
      [['scan', 'nowhere'], 'bulkhead: path not found: nowhere'],
      [['scan', '--config', 'missing.yml'], 'bulkhead: config file not found: '],
      [['scan', '--config', 'bad.yml'], `bulkhead: bad.yml: 'fail-on': Invalid option: expected one of`],
      [['scan', '--config', 'yaml.yml'], 'bulkhead: yaml.yml:2:1: invalid YAML:'],
      [['scan', '--format'], "bulkhead: Option '-f, --format <value>' argument missing"],
      [['frob'], "bulkhead: unknown command 'frob' (try 'bulkhead --help')"],
      [['rules', '--format', 'sarif'], 'bulkhead: --format: expected text or json (got "sarif")'],
    ];
    for (const [argv, start] of cases) {
      const r = await run(argv, cwd);
      expect({ argv, code: r.code, stdout: r.stdout }).toEqual({ argv, code: 2, stdout: '' });
      expect(r.stderr.startsWith(start)).toBe(true);
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('no command is a usage error: help on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage:');
  });
});

describe('bulkhead scan: formats and output', () => {
  it('--format json prints the JSON report', async () => {
    const r = await run(['scan', '--format', 'json'], tree(RISKY));
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['version', 'tool', 'config', 'findings', 'suppressed', 'summary']);
    expect(j.config).toEqual({ origin: 'default' });
    expect(j.summary.filesChecked).toBe(2);
    expect(j.findings[0]).toMatchObject({
      ruleId: 'dockerfile/base-image-latest',
      path: 'Dockerfile',
      startLine: 1,
    });
  });

  it('--format sarif and markdown', async () => {
    const cwd = tree(RISKY);
    const s = JSON.parse((await run(['scan', '-f', 'sarif'], cwd)).stdout);
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('Dockerfile');
    expect((await run(['scan', '--format=markdown'], cwd)).stdout).toMatch(/^## Bulkhead\n/);
  });

  it('--output writes the file, keeps stdout empty and prints the summary line on stderr', async () => {
    const cwd = tree(RISKY);
    const r = await run(['scan', '--format', 'sarif', '--output', 'out/report.sarif'], cwd).catch((e) => e);
    // out/ does not exist: that is the user's mistake, exit 2.
    expect(r.code).toBe(2);
    mkdirSync(join(cwd, 'out'));
    const ok = await run(['scan', '--format', 'sarif', '-o', 'out/report.sarif'], cwd);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toMatch(
      /^\d+ findings? .* in 2 files checked; \d+ at or above high\.\nConfig: none \(defaults\)\.\n$/,
    );
    expect(JSON.parse(readFileSync(join(cwd, 'out/report.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('colors text on a TTY, never with NO_COLOR, --no-color or --output', async () => {
    const cwd = tree(RISKY);
    expect((await run(['scan'], cwd, {}, true)).stdout).toContain('\x1b[');
    expect((await run(['scan'], cwd, {}, false)).stdout).not.toContain('\x1b[');
    expect((await run(['scan'], cwd, { NO_COLOR: '1' }, true)).stdout).not.toContain('\x1b[');
    expect((await run(['scan', '--no-color'], cwd, {}, true)).stdout).not.toContain('\x1b[');
    expect((await run(['scan'], cwd, { FORCE_COLOR: '1' }, false)).stdout).toContain('\x1b[');
  });

  it('--config FILE replaces the discovered .bulkhead.yml', async () => {
    const cwd = tree({
      ...RISKY,
      '.bulkhead.yml': 'rules: { dockerfile/base-image-latest: "off" }\n',
      'strict.yml': 'fail-on: info\n',
    });
    const found = JSON.parse((await run(['scan', '-f', 'json'], cwd)).stdout);
    expect(found.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain(
      'dockerfile/base-image-latest',
    );
    const explicit = await run(['scan', '-f', 'json', '--config', 'strict.yml'], cwd);
    expect(JSON.parse(explicit.stdout).summary.failOn).toBe('info');
    expect(explicit.code).toBe(1);
  });

  it('paths are relative to the scanned folder when it is outside the working directory', async () => {
    const target = tree(RISKY);
    const r = await run(['scan', target, '-f', 'json'], tree({}));
    expect(JSON.parse(r.stdout).findings[0].path).toBe('Dockerfile');
  });
});

describe('bulkhead rules, --help, --version', () => {
  it('rules lists id, severity and title of every rule', async () => {
    const r = await run(['rules']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ALL_RULES.length);
    expect(lines.find((l) => l.startsWith('dockerfile/base-image-latest '))).toMatch(
      /^dockerfile\/base-image-latest +high {6}\S/,
    );
    const j = JSON.parse((await run(['rules', '--format', 'json'])).stdout);
    expect(j).toEqual(
      ALL_RULES.map((x) => ({
        id: x.id,
        title: x.title,
        severity: x.severity,
        description: x.description,
        fix: x.fix,
        docsUrl: `https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/${x.id}.md`,
        ...(x.options ? { options: x.options } : {}),
      })),
    );
  });

  it('--help and --version', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['scan', '--help']]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('bulkhead scan [paths...] [options]');
      expect(r.stdout).toContain('Exit codes: 0 nothing at or above fail-on; 1 blocking findings; 2 usage');
    }
    const v = await run(['--version']);
    expect(v).toEqual({
      code: 0,
      stdout: `bulkhead ${VERSION}\nknown-malicious packages: ${KNOWN_MALICIOUS.length} entries, newest ${NEWEST} (src/intel/known-malicious.json)\ncompromised actions: ${COMPROMISED_ACTIONS.length} entries, as of ${COMPROMISED_ACTIONS_DATE} (src/intel/compromised-actions.json)\narchived actions: ${ARCHIVED_ACTIONS.length} entries, as of ${ARCHIVED_ACTIONS_DATE} (src/intel/archived-actions.json)\n`,
      stderr: '',
    });
  });

  it('VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('the committed bundle through a pipe', () => {
  const cli = join(REPO, 'dist/cli.js');
  const maybe = existsSync(cli) ? it : it.skip;
  if (!existsSync(cli)) {
    console.warn('skipping the dist/cli.js pipe test: dist/cli.js is missing (run npm run bundle)');
  }

  maybe('delivers a SARIF report over 1 MB whole', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) {
      files[`svc${String(i).padStart(3, '0')}/Dockerfile`] = Array.from(
        { length: 20 },
        (_, j) => `FROM registry.example.com/team/image-${i}-${j}\n`,
      ).join('');
    }
    const root = tree(files);
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((done, fail) => {
      const child = spawn(process.execPath, [cli, 'scan', root, '--format', 'sarif'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', fail);
      child.on('close', (c) =>
        done({
          code: c,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
    });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(1024 * 1024);
    const log = JSON.parse(stdout) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results.length).toBeGreaterThanOrEqual(2400);
  });
});
