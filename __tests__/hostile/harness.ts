/**
 * The hostile suite's harness: builds a tree from a case, runs the CLI in-process in every output
 * format, rebuilds the check-run payload and the workflow-command annotations from the JSON
 * findings, and checks every channel for well-formedness and injection.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import type { Config } from '../../src/config/schema.js';
import type { Finding } from '../../src/core/index.js';
import type { Intel } from '../../src/intel/index.js';

export type Files = Record<string, string | Buffer>;

export interface HostileCase {
  name: string;
  files: Files;
  /** Symbolic links: path in the tree → target (relative targets are kept as written). */
  links?: Record<string, string>;
  /** Files written beside the tree (`../outside/...` from the root): must never be read. */
  outside?: Files;
  /** Extra CLI arguments (after `scan . --offline`). */
  args?: string[];
  /** The designed exit code, when the row states one (the reviewed record in expected.ts always does). */
  exit?: 0 | 1 | 2;
  /**
   * Exactly the findings that say something could not be checked (`scan/*`, `* /parse-error`),
   * as `ruleId path line column`; for exit 2 cases, a part of the stderr line instead.
   */
  couldNotCheck?: string[];
  /** Further findings that must be among the rest (`ruleId path line column`). */
  has?: string[];
  stderr?: string;
}

export const OUTSIDE_CANARY = 'CANARY-OUTSIDE-THE-TREE';

const dirs: string[] = [];
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

function write(root: string, files: Files): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** `<tmp>/tree` (the root) and `<tmp>/outside`. */
export function build(c: Pick<HostileCase, 'files' | 'links' | 'outside'>): string {
  const base = mkdtempSync(join(tmpdir(), 'bulkhead-hostile-'));
  dirs.push(base);
  const root = join(base, 'tree');
  mkdirSync(root);
  write(root, c.files);
  if (c.outside) write(join(base, 'outside'), c.outside);
  for (const [rel, target] of Object.entries(c.links ?? {})) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    symlinkSync(target, join(root, rel));
  }
  return root;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function cli(
  argv: string[],
  cwd: string,
  intel?: (s: Config['intel']) => Promise<Intel>,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    cwd,
    ...(intel ? { intel } : {}),
  };
  const t = performance.now();
  const code = await main(argv, io);
  return { code, stdout, stderr, ms: performance.now() - t };
}

export const brief = (f: Finding): string => `${f.ruleId} ${f.path} ${f.startLine} ${f.startColumn}`;
export const isCouldNotCheck = (f: Finding): boolean =>
  f.ruleId.startsWith('scan/') || f.ruleId.endsWith('/parse-error') || f.ruleId === 'intel/unavailable';
