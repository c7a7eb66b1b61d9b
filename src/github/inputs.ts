import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { thresholdSchema } from '../config/schema.js';
import type { Threshold } from '../core/index.js';
import { parseShard, type Shard } from '../scan/shard.js';

export const REPORT_INPUTS = ['auto', 'new', 'changed-files', 'all'] as const;
export type ReportInput = (typeof REPORT_INPUTS)[number];
export const PR_COMMENT_INPUTS = ['off', 'on-findings', 'always'] as const;
export type PrCommentMode = (typeof PR_COMMENT_INPUTS)[number];
export const SUGGESTIONS_INPUTS = ['off', 'on'] as const;

/** Every action input, parsed and validated once; nothing else reads raw inputs. */
export interface Settings {
  workspace: string;
  /** Absolute, inside the workspace. */
  scanPath: string;
  /** Absolute, inside the workspace; undefined = look for .bulkhead.yml. */
  configPath?: string;
  /** Undefined = the config file's `fail-on` (default high). */
  failOn?: Threshold;
  /** `auto` = the config file's `report`, else by event. */
  report: ReportInput;
  annotations: boolean;
  checkRun: boolean;
  checkName: string;
  jobSummary: boolean;
  /** Absolute; inside the workspace or RUNNER_TEMP. */
  sarifFile?: string;
  prComment: PrCommentMode;
  /** Mechanical fixes as review suggestions on pull requests, the rest as a patch in the job summary. */
  suggestions: boolean;
  /** Undefined = the config file's `online` (default true). */
  online?: boolean | 'required';
  token: string;
  /** `shard: K/N`: this job checks its share of the files (docs/scale.md). */
  shard?: Shard;
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function bool(name: string, raw: string, fallback: boolean | undefined): boolean | undefined {
  if (raw === '') return fallback;
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new ConfigurationError(`input '${name}': expected true or false (got "${raw}")`);
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[], fallback: T): T {
  if (raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigurationError(`input '${name}': expected one of ${allowed.join(', ')} (got "${raw}")`);
}

function inside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function pathInput(name: string, raw: string, workspace: string, extraRoots: string[] = []): string {
  const abs = resolve(workspace, raw);
  if (!inside(workspace, abs) && !extraRoots.some((r) => inside(r, abs))) {
    throw new ConfigurationError(
      `input '${name}': path must stay inside the workspace ${workspace} (got "${raw}")`,
    );
  }
  return abs;
}

/**
 * Like actions/checkout's input-helper: raw strings in, one typed object out. Inputs with a
 * config-file equivalent (`fail-on`, `report`, `online`) have no default in action.yml, so an
 * unset input leaves the config file in charge.
 */
export function readSettings(getInput: (name: string) => string, env: NodeJS.ProcessEnv): Settings {
  const input = (name: string) => getInput(name).trim();
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const failOnRaw = input('fail-on');
  let failOn: Threshold | undefined;
  if (failOnRaw !== '') {
    const parsed = thresholdSchema.safeParse(failOnRaw);
    if (!parsed.success) {
      throw new ConfigurationError(
        `input 'fail-on': expected critical, high, medium, low, info or never (got "${failOnRaw}")`,
      );
    }
    failOn = parsed.data;
  }
  const shardRaw = input('shard');
  const shard = shardRaw ? parseShard(shardRaw, "input 'shard'") : undefined;
  // Each shard's check run gets its own name, so N jobs on one commit do not overwrite each other.
  const checkName =
    input('check-name') || (shard ? `Bulkhead (shard ${shard.index}/${shard.total})` : 'Bulkhead');
  if (checkName.length > 100 || /[\r\n]/.test(checkName)) {
    throw new ConfigurationError(`input 'check-name': expected one line of at most 100 characters`);
  }
  const configRaw = input('config');
  const sarifRaw = input('sarif-file');
  const onlineRaw = input('online');
  if (onlineRaw !== '' && onlineRaw !== 'required' && !TRUE.includes(onlineRaw) && !FALSE.includes(onlineRaw))
    throw new ConfigurationError(`input 'online': expected true, false or required (got "${onlineRaw}")`);
  const online = onlineRaw === 'required' ? 'required' : bool('online', onlineRaw, undefined);
  const tempRoots = env.RUNNER_TEMP ? [resolve(env.RUNNER_TEMP)] : [];
  return {
    workspace,
    scanPath: pathInput('path', input('path') || '.', workspace),
    ...(configRaw ? { configPath: pathInput('config', configRaw, workspace) } : {}),
    ...(failOn ? { failOn } : {}),
    report: oneOf('report', input('report'), REPORT_INPUTS, 'auto'),
    annotations: bool('annotations', input('annotations'), true)!,
    checkRun: bool('check-run', input('check-run'), true)!,
    checkName,
    jobSummary: bool('job-summary', input('job-summary'), true)!,
    ...(sarifRaw ? { sarifFile: pathInput('sarif-file', sarifRaw, workspace, tempRoots) } : {}),
    prComment: oneOf('pr-comment', input('pr-comment'), PR_COMMENT_INPUTS, 'off'),
    suggestions: oneOf('suggestions', input('suggestions'), SUGGESTIONS_INPUTS, 'off') === 'on',
    ...(online !== undefined ? { online } : {}),
    token: input('github-token'),
    ...(shard ? { shard } : {}),
  };
}
