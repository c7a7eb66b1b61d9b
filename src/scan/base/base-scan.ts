import { copyFile, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { ConfigSource } from '../../config/load.js';
import { CONFIG_FILE_NAMES } from '../../config/load.js';
import type { Logger } from '../../logger.js';
import { silentLogger } from '../../logger.js';
import type { Finding } from '../../core/index.js';
import { classify, DEFAULT_SIZE_CAPS } from '../classify.js';
import { scan } from '../engine.js';
import type { ChangeSet } from './changes.js';
import { lockfileDiffFindings } from './lockfile.js';
import { noLinkOnTheWay, safeRelPath } from './paths.js';

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
