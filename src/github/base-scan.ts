import {
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Config } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';
import { CONFIG_FILE_NAMES } from '../config/load.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { classify, DEFAULT_SIZE_CAPS } from '../scan/classify.js';
import { applySuppressions, scan } from '../scan/engine.js';
import type { Finding } from '../core/index.js';
import { ruleMeta } from '../rules/index.js';
import type { ChangeSet } from './changes.js';

/** Base files read through the API at most; beyond this `new` falls back to `changed-files`. */
export const MAX_API_BASE_READS = 300;
const MAX_SIBLINGS = 2000;

export interface BaseScanResult {
  /** Fingerprints of the findings the base had in the changed files. */
  fingerprints: Set<string>;
  /** Findings only a comparison can produce (a lockfile entry whose hash changed). */
  extraNew: Finding[];
  /** Base files read. */
  read: number;
}

/** A repo-relative path that cannot climb out of the directory it is joined to. */
export function safeRelPath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\0') || p.includes('\\')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** True when `rel` inside `workspace` exists and neither it nor a directory on the way is a link. */
async function noLinkOnTheWay(workspace: string, rel: string): Promise<boolean> {
  try {
    const abs = join(workspace, rel);
    return (await realpath(abs)) === join(await realpath(workspace), rel);
  } catch {
    return false;
  }
}

/** The changed files whose base version matters: ones Bulkhead reads that existed before. */
export function filesNeedingBase(changes: ChangeSet): { path: string; from: string }[] {
  const out: { path: string; from: string }[] = [];
  for (const f of changes.files) {
    if (f.status === 'added' || f.status === 'removed') continue;
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    if (!classify(f.path) && !CONFIG_FILE_NAMES.includes(name)) continue;
    out.push({ path: f.path, from: f.previousPath ?? f.path });
  }
  return out;
}

/**
 * Scans the base versions of the changed files with the same engine and config. They are written
 * under their head paths (a renamed file keeps its findings' fingerprints) into a temporary tree,
 * next to the unchanged files of the same directories copied from the workspace, so rules that
 * read a neighbour (a lockfile's package.json) see what they saw at the base.
 */
export async function scanBase(opts: {
  changes: ChangeSet;
  workspace: string;
  scanPath: string;
  config: Config;
  configSource?: ConfigSource;
  logger?: Logger;
}): Promise<BaseScanResult> {
  const log = opts.logger ?? silentLogger;
  const wanted = filesNeedingBase(opts.changes).filter((f) => safeRelPath(f.path) && safeRelPath(f.from));
  const changedPaths = new Set(opts.changes.files.map((f) => f.path));
  const tmp = await mkdtemp(join(tmpdir(), 'bulkhead-base-'));
  try {
    const baseTexts = new Map<string, string>();
    for (const f of wanted) {
      const text = await opts.changes.readBase(f.from);
      if (text === undefined) continue;
      const kind = classify(f.path);
      if (kind && Buffer.byteLength(text) > DEFAULT_SIZE_CAPS[kind]) continue;
      baseTexts.set(f.path, text);
      await mkdir(join(tmp, dirname(f.path)), { recursive: true });
      await writeFile(join(tmp, f.path), text);
    }
    let copied = 0;
    for (const dir of new Set([...baseTexts.keys()].map((p) => dirname(p)))) {
      let entries;
      try {
        // A directory reached through a link would copy files from outside the workspace.
        if (!(await noLinkOnTheWay(opts.workspace, dir))) continue;
        entries = await readdir(join(opts.workspace, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!e.isFile() || copied >= MAX_SIBLINGS) continue;
        const rel = dir === '.' ? e.name : `${dir}/${e.name}`;
        if (changedPaths.has(rel) || !classify(rel)) continue;
        const st = await lstat(join(opts.workspace, rel));
        if (!st.isFile()) continue;
        await copyFile(join(opts.workspace, rel), join(tmp, rel));
        copied++;
      }
    }
    const scanRel = relative(opts.workspace, opts.scanPath) || '.';
    const target = join(tmp, scanRel);
    const exists = await lstat(target).then(
      () => true,
      () => false,
    );
    const fingerprints = new Set<string>();
    if (exists && baseTexts.size > 0) {
      const res = await scan({
        root: tmp,
        paths: [target],
        config: opts.config,
        ...(opts.configSource ? { configSource: opts.configSource } : {}),
        // The head scan already said whatever the config makes the engine say.
        logger: { ...log, info: log.debug, warning: log.debug },
      });
      for (const f of res.findings) if (baseTexts.has(f.path)) fingerprints.add(f.fingerprint);
    }
    const extraNew = await lockfileDiffFindings(baseTexts, opts, log);
    return { fingerprints, extraNew, read: baseTexts.size };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `lockfile/integrity-changed` for every changed lockfile, through the same ignores and overrides. */
async function lockfileDiffFindings(
  baseTexts: Map<string, string>,
  opts: { workspace: string; config: Config; configSource?: ConfigSource },
  log: Logger,
): Promise<Finding[]> {
  const lockfiles = [...baseTexts.keys()].filter((p) => classify(p) === 'lockfile');
  if (lockfiles.length === 0) return [];
  const { parseLockfile } = await import('../formats/lockfile/parse.js');
  const { diffLockfiles, integrityChangedHits } = await import('../formats/lockfile/diff.js');
  const ruleId = 'lockfile/integrity-changed';
  const severity = ruleMeta(ruleId).severity;
  const pending: Parameters<typeof applySuppressions>[0] = [];
  for (const path of lockfiles) {
    try {
      // The head file may have become a link (a type change counts as changed): never read through it.
      if (!(await noLinkOnTheWay(opts.workspace, path))) continue;
      const headText = await readFile(join(opts.workspace, path), 'utf8');
      const base = parseLockfile(baseTexts.get(path)!, path);
      const head = parseLockfile(headText, path);
      for (const h of integrityChangedHits(diffLockfiles(base, head))) {
        pending.push({
          ruleId,
          severity: h.severity ?? severity,
          message: h.message,
          path,
          startLine: h.span.line,
          startColumn: h.span.column,
          endLine: h.span.endLine,
          endColumn: h.span.endColumn,
          ...(h.evidence !== undefined ? { evidence: h.evidence } : {}),
          ...(h.fix !== undefined ? { fix: h.fix } : {}),
          ...(h.package !== undefined ? { package: h.package } : {}),
        });
      }
    } catch (e) {
      // A lockfile that does not parse is already a finding of the head scan.
      log.debug(`lockfile diff skipped for ${path}: ${(e as Error).message}`);
    }
  }
  if (pending.length === 0) return [];
  const { findings } = applySuppressions(pending, [], {
    config: opts.config,
    ...(opts.configSource ? { configSource: opts.configSource } : {}),
  });
  // applySuppressions also reports config entries this partial run did not use: not ours to report.
  return findings.filter((f) => f.ruleId === ruleId);
}
