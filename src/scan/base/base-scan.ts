import type { Intel } from '../../intel/intel.js';
import type { OnlineSelect } from '../online.js';
import { copyFile, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { ConfigSource } from '../../config/load.js';
import { CONFIG_FILE_NAMES } from '../../config/load.js';
import type { Logger } from '../../logger.js';
import { silentLogger } from '../../logger.js';
import { compareFindings, normalizeEvidence, type Finding } from '../../core/index.js';
import { fingerprintOf } from '../fingerprint.js';
import { coveredKey } from '../report-filter.js';
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
  /** What the base's grouped findings covered, by rule and head path (see groupMembers). */
  covered: Map<string, Set<string>>;
  /** Findings only a comparison can produce (a lockfile entry whose hash changed). */
  extraNew: Finding[];
  /** Base files read. */
  read: number;
  /** Unchanged files scanned at the base for their tree-reading rules (see treeFiles). */
  treeScanned: Set<string>;
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
 * Fingerprints of the base findings a head finding may match. A file that kept its path counts
 * every base finding of it. A renamed file counts only what was *reported* at its old path: a
 * finding that was excluded or ignored there (a `docs/examples/bad/` folder, say) was never
 * shown to anyone, so moving the file into the build does not launder it. Such a file is scanned
 * at its old path, and what was reported there is re-fingerprinted under the head path, with the
 * occurrence numbers the engine would give (reported and suppressed counted together, in order).
 */
function baseFingerprints(
  res: { findings: readonly Finding[]; suppressed: readonly Finding[] },
  placed: ReadonlyMap<string, string>,
): Set<string> {
  const out = new Set<string>();
  const renamed = new Map<string, string>(); // old path -> head path
  for (const [head, at] of placed) if (at !== head) renamed.set(at, head);
  for (const f of res.findings) if (placed.get(f.path) === f.path) out.add(f.fingerprint);
  if (renamed.size === 0) return out;
  const reported = new Set(res.findings);
  const all = [...res.findings, ...res.suppressed].filter((f) => renamed.has(f.path)).sort(compareFindings);
  const occurrences = new Map<string, number>();
  for (const f of all) {
    const head = renamed.get(f.path)!;
    const basis = f.evidence ?? f.message;
    const key = `${f.ruleId}\0${head}\0${normalizeEvidence(basis)}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    if (reported.has(f)) out.add(fingerprintOf(f.ruleId, head, basis, n));
  }
  return out;
}

/**
 * The members the base's findings covered (the labels of their related spans: package words,
 * lockfile entries), by rule and head path, so that a grouped finding made new by one more member
 * can say which (report-filter's coveredKey).
 */
function baseCovered(
  res: { findings: readonly Finding[] },
  placed: ReadonlyMap<string, string>,
): Map<string, Set<string>> {
  const headOf = new Map<string, string>();
  for (const [head, at] of placed) headOf.set(at, head);
  const out = new Map<string, Set<string>>();
  for (const f of res.findings) {
    const head = headOf.get(f.path);
    if (head === undefined) continue;
    const key = coveredKey(f.ruleId, head);
    const set = out.get(key) ?? new Set<string>();
    for (const r of f.related ?? []) set.add(r.label);
    out.set(key, set);
  }
  return out;
}

/** Base texts read at most for the overlay of the base tree. */
const MAX_OVERLAY_READS = 300;
/** Ignore files first: they decide what every context holds. */
function overlayOrder(path: string): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '.dockerignore' || name.endsWith('.dockerignore') ? 0 : 1;
}

/**
 * The tree as it was at the base, as an overlay on the workspace: files the change added are
 * absent, files it removed or modified have their base text (a renamed file is back at its old
 * path). Read through `readBase`, at most MAX_OVERLAY_READS files (ignore files first); a file past
 * that, or that cannot be read, keeps its head version.
 */
async function baseOverlay(changes: ChangeSet, log: Logger): Promise<Map<string, string | null>> {
  const overlay = new Map<string, string | null>();
  const reads: { at: string; from: string }[] = [];
  for (const f of changes.files) {
    if (!safeRelPath(f.path)) continue;
    if (f.status === 'added') overlay.set(f.path, null);
    else if (f.status === 'renamed' && f.previousPath && safeRelPath(f.previousPath)) {
      overlay.set(f.path, null);
      reads.push({ at: f.previousPath, from: f.previousPath });
    } else if (f.status !== 'unchanged') reads.push({ at: f.path, from: f.previousPath ?? f.path });
  }
  reads.sort((a, b) => overlayOrder(a.at) - overlayOrder(b.at));
  for (const r of reads.slice(0, MAX_OVERLAY_READS)) {
    try {
      const text = await changes.readBase(r.from);
      if (text !== undefined) overlay.set(r.at, text);
    } catch (err) {
      log.debug(`base scan: ${r.from} not read for the base tree (${(err as Error).message})`);
    }
  }
  return overlay;
}

/**
 * Scans the base versions of the changed files with the same engine and config, laid out as they
 * were at the base (a renamed file at its old path, see baseFingerprints) in a temporary tree,
 * next to the unchanged files of the same directories copied from the workspace, so rules that
 * read a neighbour (a lockfile's package.json) see what they saw at the base.
 */
export async function scanBase(opts: {
  changes: ChangeSet;
  /**
   * Files whose findings read the tree beside them (Dockerfiles and their build context): scanned
   * at the base even when unchanged, against the workspace tree overlaid with the base versions
   * of the changed files (see baseOverlay).
   */
  treeFiles?: readonly string[];
  workspace: string;
  scanPath: string;
  config: Config;
  configSource?: ConfigSource;
  intel?: Intel;
  /** Which entries the base scan's online phase asks about (report: new: the head's releases). */
  onlineSelect?: OnlineSelect;
  logger?: Logger;
}): Promise<BaseScanResult> {
  const log = opts.logger ?? silentLogger;
  const wanted = filesNeedingBase(opts.changes).filter((f) => safeRelPath(f.path) && safeRelPath(f.from));
  const changedPaths = new Set(opts.changes.files.map((f) => f.path));
  // Where each base file is written: its own path, or its old one when it was renamed. Two files
  // wanting one place (a swap of two names) keep the unrenamed one; the other's findings are new.
  const placed = new Map<string, string>();
  const taken = new Set<string>();
  const headPaths = new Set(wanted.map((f) => f.path));
  for (const f of wanted) if (f.from === f.path) taken.add(f.path);
  for (const f of wanted) {
    if (f.from === f.path) placed.set(f.path, f.path);
    else if (!taken.has(f.from) && !headPaths.has(f.from)) {
      taken.add(f.from);
      placed.set(f.path, f.from);
    }
  }
  const tmp = await mkdtemp(join(tmpdir(), 'bulkhead-base-'));
  try {
    const baseTexts = new Map<string, string>();
    for (const f of wanted) {
      const at = placed.get(f.path);
      if (at === undefined) continue;
      const text = await opts.changes.readBase(f.from);
      if (text === undefined) continue;
      const kind = classify(f.path);
      if (kind && Buffer.byteLength(text) > DEFAULT_SIZE_CAPS[kind]) continue;
      baseTexts.set(f.path, text);
      await mkdir(join(tmp, dirname(at)), { recursive: true });
      await writeFile(join(tmp, at), text);
    }
    let copied = 0;
    for (const dir of new Set([...baseTexts.keys()].map((p) => dirname(placed.get(p)!)))) {
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
        if (changedPaths.has(rel) || taken.has(rel) || !classify(rel)) continue;
        // The name came from readdir, but the file can vanish, or not round-trip (a name that is
        // not UTF-8): a neighbour that cannot be copied is left out, never an error about its name.
        try {
          const st = await lstat(join(opts.workspace, rel));
          if (!st.isFile()) continue;
          await copyFile(join(opts.workspace, rel), join(tmp, rel));
          copied++;
        } catch (err) {
          log.debug(`base scan: neighbour not copied (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
    }
    // Unchanged files with tree findings: the same text at the base; copied as they are.
    const treeScanned = new Set<string>();
    for (const p of opts.treeFiles ?? []) {
      if (placed.has(p) || changedPaths.has(p) || taken.has(p) || !safeRelPath(p)) continue;
      try {
        if (!(await noLinkOnTheWay(opts.workspace, dirname(p)))) continue;
        const st = await lstat(join(opts.workspace, p));
        if (!st.isFile() || st.size > DEFAULT_SIZE_CAPS.dockerfile) continue;
        await mkdir(join(tmp, dirname(p)), { recursive: true });
        await copyFile(join(opts.workspace, p), join(tmp, p));
        placed.set(p, p);
        baseTexts.set(p, '');
        treeScanned.add(p);
      } catch (err) {
        log.debug(`base scan: ${p} not copied (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    const overlay = (opts.treeFiles?.length ?? 0) > 0 ? await baseOverlay(opts.changes, log) : undefined;
    const scanRel = relative(opts.workspace, opts.scanPath) || '.';
    const target = join(tmp, scanRel);
    const exists = await lstat(target).then(
      () => true,
      () => false,
    );
    let fingerprints = new Set<string>();
    let covered = new Map<string, Set<string>>();
    if (exists && baseTexts.size > 0) {
      const res = await scan({
        root: tmp,
        paths: [target],
        config: opts.config,
        ...(opts.configSource ? { configSource: opts.configSource } : {}),
        // Same look-ups as the head (shared cache): a release vulnerable at both ends is not new.
        ...(opts.intel ? { intel: opts.intel } : {}),
        ...(opts.onlineSelect ? { onlineSelect: opts.onlineSelect } : {}),
        // The head scan already said whatever the config makes the engine say.
        logger: { ...log, info: log.debug, warning: log.debug },
        // Build contexts are read from the workspace as it was at the base.
        tree: { root: opts.workspace, ...(overlay ? { overlay } : {}) },
      });
      const at = new Map([...baseTexts.keys()].map((p) => [p, placed.get(p)!]));
      fingerprints = baseFingerprints(res, at);
      covered = baseCovered(res, at);
    }
    for (const p of treeScanned) baseTexts.delete(p);
    const extraNew = await lockfileDiffFindings(baseTexts, opts, log);
    return { fingerprints, covered, extraNew, read: baseTexts.size, treeScanned };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
