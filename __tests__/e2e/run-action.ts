/**
 * Runs the bundled action (dist/index.js) as a child process the way the runner does: inputs as
 * INPUT_<NAME> variables (upper case, hyphens kept), defaults from action.yml, GITHUB_* variables,
 * an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files to read back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BUNDLE = join(REPO_ROOT, 'dist', 'index.js');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Milliseconds from spawn to the first stdout line. */
  firstLineMs: number;
  durationMs: number;
}

export interface RunOptions {
  workspace: string;
  eventName: string;
  payload: unknown;
  inputs?: Record<string, string>;
  apiUrl: string;
  repository?: string;
  sha?: string;
  timeoutMs?: number;
}

/** action.yml's defaults, as the runner would pass them (the token expression becomes a token). */
function defaultInputs(): Record<string, string> {
  const meta = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [name, def] of Object.entries(meta.inputs)) {
    if (def.default === undefined) continue;
    out[name] = def.default.includes('${{') ? 'ghs_test_token' : def.default;
  }
  return out;
}

/** GITHUB_OUTPUT's `name<<delimiter` heredoc format. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== m[2]) value.push(lines[j++]!);
    out[m[1]!] = value.join('\n');
    i = j;
  }
  return out;
}

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-e2e-run-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(opts.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const inputs = { ...defaultInputs(), ...opts.inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: opts.repository ?? 'octo/app',
    GITHUB_SHA: opts.sha ?? 'f'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_RUN_ID: '4242',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;

  const started = performance.now();
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: opts.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let firstLineMs = -1;
  child.stdout.on('data', (c: Buffer) => {
    if (firstLineMs < 0) firstLineMs = performance.now() - started;
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    firstLineMs,
    durationMs: performance.now() - started,
  };
}

/** Workflow-command annotations in a log: `::error file=…::message` lines, parsed back. */
export function commandAnnotations(
  stdout: string,
): { type: string; props: Record<string, string>; message: string }[] {
  const out: { type: string; props: Record<string, string>; message: string }[] = [];
  let stopped: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (stopped) {
      if (line === `::${stopped}::`) stopped = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) {
      stopped = stop[1];
      continue;
    }
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').trim().split(',').filter(Boolean)) {
      const eq = kv.indexOf('=');
      props[kv.slice(0, eq)] = decodeURIComponent(kv.slice(eq + 1));
    }
    out.push({ type: m[1]!, props, message: decodeURIComponent(m[3]!) });
  }
  return out;
}
