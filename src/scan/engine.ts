import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { Config } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { commentSyntaxOf } from '../formats/comments.js';
import { ParseError } from '../formats/position.js';
import { ALL_RULES, RULE_IDS, ruleMeta } from '../rules/index.js';
import { parseErrorMessage } from '../rules/parse-error.js';
import * as binarySkipped from '../rules/scan/binary-skipped.js';
import * as fileTooLarge from '../rules/scan/file-too-large.js';
import * as internalError from '../rules/scan/internal-error.js';
import * as readError from '../rules/scan/read-error.js';
import * as symlinkSkipped from '../rules/scan/symlink-skipped.js';
import * as walkTruncated from '../rules/scan/walk-truncated.js';
import * as expiredIgnore from '../rules/config/expired-ignore.js';
import * as ignoreWithoutReason from '../rules/config/ignore-without-reason.js';
import * as unusedIgnore from '../rules/config/unused-ignore.js';
import * as ignoreUnknownRule from '../rules/config/ignore-unknown-rule.js';
import type {
  Autofix,
  BuildDeclaration,
  FileKind,
  FileRule,
  Hit,
  ModelOf,
  Related,
  Rule,
  RuleMeta,
  RuleContext,
  TreeView,
  Workspace,
} from '../core/index.js';
import { dockerBuildsOf } from '../formats/workflow/docker-builds.js';
import { ANALYZERS } from './analyzers.js';
import { fsTree } from './tree.js';
import type { Intel } from '../intel/intel.js';
import type { LockfileModel } from '../formats/lockfile/model.js';
import * as intelUnavailable from '../rules/intel/unavailable.js';
import { onlinePhase, type OnlineInput, type OnlineSelect } from './online.js';
import { workflowOnlinePhase, type WorkflowOnlineInput } from './online-workflow.js';
import type { WorkflowModel } from '../formats/workflow/model.js';
import { classify, DEFAULT_SIZE_CAPS } from './classify.js';
import {
  DEFAULT_MAX_ENTRIES,
  discover,
  type Discovered,
  type DiscoveredFile,
  type ReadAs,
  type SkippedEntry,
} from './discover.js';
import {
  compareFindings,
  normalizeEvidence,
  type Finding,
  type Severity,
  type Suppression,
} from '../core/index.js';
import { fingerprintOf } from './fingerprint.js';
import { inShard, type Shard } from './shard.js';
import { collectInputs, InventoryBuilder, type BuildInput, type Inventory } from '../inventory/index.js';
import { isCouldNotCheck } from './report-filter.js';
import { redactSecrets } from '../secrets/index.js';
import {
  configCovers,
  configEntryLine,
  configIgnoreStates,
  findInlineIgnores,
  inlineCovers,
  STRICT_SUPPRESSION,
  type ConfigIgnoreState,
  type InlineIgnore,
  type PendingFinding,
} from './suppress.js';

export interface ScanOptions {
  /** Directory that finding paths are relative to (the repository root). */
  root: string;
  /** Files or folders to scan, relative to root or absolute. */
  paths: string[];
  config: Config;
  configSource?: ConfigSource;
  logger?: Logger;
  /** Today, for `until:` dates; injectable for tests. */
  now?: Date;
  sizeCaps?: Partial<Record<FileKind, number>>;
  /** The walk's bound on directory entries (default 1,000,000); injectable for tests. */
  maxEntries?: number;
  /** Files named in `paths` that no name matches are read as this kind (`--type`). */
  as?: ReadAs;
  /**
   * Standard input (`scan -`): checked as one file under `path`, instead of walking `paths`. Its
   * kind is `as`, else what `path` is recognised as.
   */
  stdin?: { path: string; text: string };
  /**
   * The tree rules see beside each file (`RuleContext.tree`: a Dockerfile's build context):
   * defaults to `root`. The base scan of `report: new` points it at the workspace with an overlay
   * of the base versions of the changed files.
   */
  tree?: { root: string; overlay?: ReadonlyMap<string, string | null>; maxEntries?: number };
  /**
   * The online look-ups (the shells build it from `intel:` when `online` is not false). Absent:
   * no online phase and no socket, whatever `online` says; tests pass a loopback-backed one.
   */
  intel?: Intel;
  /**
   * Which lockfile entries the online phase asks about (`report: new`: only entries the change
   * added or changed, scan/base/online-select.ts); absent: every entry. The online rules still
   * read every entry; an entry not asked about has no answer, so no online finding.
   */
  onlineSelect?: OnlineSelect;
  /**
   * Check only this shard's share of the discovered files (`--shard K/N`). Every discovered file
   * stays readable to the rules (a lockfile's package.json, a build context): the shard decides
   * which files are checked, not which exist. What the walk could not check is reported by the
   * shard its path belongs to, so a merge has each once.
   */
  shard?: Shard;
  /**
   * Threads that check files: a count (1 = this thread only) or `auto` (the default: the idle
   * cores, for scans of THREADS_MIN_FILES files or more). The report is the same either way.
   */
  threads?: number | 'auto';
  /**
   * The worker thread's module (`dist/worker.js`, which the bundled entries name); without one,
   * or when it is missing, the scan runs on this thread.
   */
  workerEntry?: URL;
  /**
   * Also gather the build-input inventory (`result.inventory`) from the models the scan builds:
   * only when a channel shows it (the pin summary, `--format cyclonedx`, `inventory`).
   */
  inventory?: boolean;
}

export interface ScannedFile {
  path: string;
  kind: FileKind;
  bytes: number;
  status: 'checked' | 'parse-error' | 'skipped';
}

export interface ScanResult {
  findings: Finding[];
  /** Findings that an ignore suppressed (kept for audits; never reported as findings). */
  suppressed: Finding[];
  files: ScannedFile[];
  /** Files named explicitly whose name is no kind Bulkhead reads: not checked (the shell says so). */
  unrecognised: string[];
  stats: { filesChecked: number; bytesRead: number; durationMs: number };
  /** The build inputs, when `inventory` was asked for. */
  inventory?: Inventory;
}

interface Pending extends PendingFinding {
  severity: Severity;
  evidence?: string;
  fix?: string;
  autofix?: Autofix;
  related?: Related[];
  /** Set when an ignore hid it: the first covering ignore, inline before config. */
  suppression?: Suppression;
}

/** A reason is shown in every channel; a megabyte comment line must not become a megabyte report. */
const MAX_REASON = 300;

export function pendingFromHit(rule: RuleMeta, path: string, hit: Hit): Pending {
  const { span } = hit;
  return {
    ruleId: rule.id,
    severity: hit.severity ?? rule.severity,
    // Credentials any rule quotes (a URL's password, a token) are masked before anything else.
    message: redactSecrets(hit.message),
    path: hit.path ?? path,
    startLine: span.line,
    startColumn: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    evidence:
      hit.evidence !== undefined ? truncate(redactSecrets(normalizeEvidence(hit.evidence)), 400) : undefined,
    fix: hit.fix !== undefined ? redactSecrets(hit.fix) : rule.fix,
    ...(hit.autofix && !carriesSecret(hit.autofix) ? { autofix: hit.autofix } : {}),
    scopeLine: hit.scopeLine,
    package: hit.package,
    image: hit.image,
    ...(hit.related && hit.related.length > 0
      ? { related: hit.related.map((r) => ({ ...r, label: redactSecrets(r.label) })) }
      : {}),
  };
}

/**
 * Whether an autofix would write a credential: its edits' text, its title, or the image it
 * resolves. Such a fix is left out (the finding keeps its text fix), since edits go into diffs,
 * SARIF and review suggestions unmasked; masking inside an edit would break the file instead.
 */
function carriesSecret(a: Autofix): boolean {
  const texts = [
    a.title,
    ...(a.edits ?? []).map((e) => e.text),
    ...(a.resolve?.kind === 'image-digest' ? [a.resolve.image] : []),
  ];
  return texts.some((t) => redactSecrets(t) !== t);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function engineFinding(
  ruleId: string,
  path: string,
  message: string,
  line = 1,
  column = 1,
  extra: Partial<Pending> = {},
): Pending {
  // Engine messages quote parser and system errors, which can quote file text: masked once here,
  // as pendingFromHit masks what rules report.
  return {
    ruleId,
    severity: ruleMeta(ruleId).severity,
    path,
    startLine: line,
    startColumn: column,
    endLine: line,
    endColumn: column + 1,
    ...extra,
    message: redactSecrets(message),
    ...(extra.evidence !== undefined ? { evidence: redactSecrets(extra.evidence) } : {}),
    ...(extra.fix !== undefined ? { fix: redactSecrets(extra.fix) } : {}),
  };
}

function rulesFor<K extends FileKind>(kind: K): FileRule<K>[] {
  return ALL_RULES.filter((r): r is FileRule<K> & Rule => r.appliesTo === kind);
}

/** Parses one file with its kind's analyzer and runs that kind's rules on the model. */
async function checkFile<K extends FileKind>(
  kind: K,
  text: string,
  ctx: RuleContext,
  pending: Pending[],
  log: Logger,
  /** The path whose name decides the format (`--type`); the findings keep `ctx.path`. */
  parsePath = ctx.path,
  /** Receives the parsed model (for the online phase). */
  keep?: (model: ModelOf<K>) => void,
): Promise<ScannedFile['status']> {
  const analyzer = ANALYZERS[kind];
  if (!analyzer) return 'skipped';
  let model: ModelOf<K>;
  try {
    model = await analyzer.parse(text, parsePath);
  } catch (e) {
    if (e instanceof ParseError) {
      pending.push(
        engineFinding(
          analyzer.parseErrorRule,
          ctx.path,
          parseErrorMessage(ctx.path, e.message),
          e.line,
          e.column,
        ),
      );
    } else {
      log.debug(`parser failed on ${ctx.path}: ${(e as Error).stack ?? String(e)}`);
      pending.push(
        engineFinding(internalError.rule.id, ctx.path, internalError.message(ctx.path, (e as Error).message)),
      );
    }
    return 'parse-error';
  }
  keep?.(model);
  for (const rule of rulesFor(kind)) {
    if (ctx.config.rules[rule.id] === 'off' && !STRICT_SUPPRESSION.has(rule.id)) continue;
    try {
      for (const hit of rule.check(model, ctx)) pending.push(pendingFromHit(rule, ctx.path, hit));
    } catch (e) {
      log.debug(`rule ${rule.id} failed on ${ctx.path}: ${(e as Error).stack ?? String(e)}`);
      pending.push(
        engineFinding(
          internalError.rule.id,
          ctx.path,
          internalError.message(ctx.path, (e as Error).message, rule.id),
        ),
      );
    }
  }
  return 'checked';
}

/** discover -> classify -> parse -> rules -> suppressions and overrides -> sort -> dedupe. */
export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const log = opts.logger ?? silentLogger;
  const { config } = opts;
  const caps = { ...DEFAULT_SIZE_CAPS, ...opts.sizeCaps };
  const pending: Pending[] = [];
  const inline: InlineIgnore[] = [];
  const scanned: ScannedFile[] = [];
  let bytesRead = 0;

  const discovered = opts.stdin
    ? standardInput(opts.stdin, opts.as)
    : await discover({
        root: opts.root,
        paths: opts.paths,
        include: config.paths.include,
        exclude: config.paths.exclude,
        ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
        ...(opts.as ? { as: opts.as } : {}),
      });
  const { unrecognised } = discovered;
  const files = discovered.files.filter((f) => inShard(f.path, opts.shard));
  const skipped = discovered.skipped.filter((s) => inShard(s.path, opts.shard));
  for (const s of skipped) pending.push(skippedFinding(s));
  const online = config.online !== false ? opts.intel : undefined;
  const onlineInputs: OnlineInput[] = [];
  const workflowInputs: WorkflowOnlineInput[] = [];
  const inventory = opts.inventory ? new InventoryBuilder() : undefined;
  let inventoryMs = 0;

  const envInput: FileEnvInput = {
    config,
    caps,
    tree: opts.stdin
      ? undefined
      : {
          root: opts.tree?.root ?? opts.root,
          ...(opts.tree?.overlay ? { overlay: opts.tree.overlay } : {}),
          ...(opts.tree?.maxEntries !== undefined ? { maxEntries: opts.tree.maxEntries } : {}),
        },
    builds: [],
    keepModels: online !== undefined,
    inventory: inventory !== undefined,
  };
  // Every discovered file stays readable to the rules, whichever shard checks it.
  const env = fileEnv(discovered.files, envInput, log);
  if (env.tree && files.some((f) => f.kind === 'dockerfile'))
    env.builds = envInput.builds = await workflowBuilds(env.tree, caps.workflow, log);

  // Online scans stay on this thread: their models (lockfiles, workflows) feed the online phase,
  // and a workflow model does not cross threads as plain data.
  const threads = online ? 1 : threadCount(opts.threads, files.length);
  const outcomes =
    (threads > 1
      ? await (
          await import('./threads.js')
        ).checkInWorkers(files, envInput, threads, log, opts.workerEntry, discovered.files)
      : undefined) ?? (await checkSerially(files, env));
  // Merged in file order whoever checked them: a threaded scan reports what a serial one does.
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const out = outcomes[i]!;
    scanned.push({ path: file.path, kind: file.kind, bytes: file.size, status: out.status });
    for (const p of out.pending) pending.push(p);
    for (const ig of out.inline) inline.push(ig);
    bytesRead += out.bytesRead;
    if (out.model) onlineInputs.push({ model: out.model, ctx: contextOf(file, env) });
    if (out.workflowModel) workflowInputs.push({ model: out.workflowModel, ctx: contextOf(file, env) });
    if (out.inventory) {
      inventory?.absorb(out.inventory.inputs);
      inventoryMs += out.inventory.ms;
    }
  }
  if (online) await runOnline(onlineInputs, online, config, pending, log, workflowInputs, opts.onlineSelect);

  const { findings, suppressed } = applySuppressions(pending, inline, opts, log);
  const inventoryDone = inventory?.finish();
  if (inventoryDone)
    log.debug(
      `inventory: ${inventoryDone.inputs.length} build inputs gathered in ${inventoryMs.toFixed(0)} ms`,
    );
  return {
    findings,
    suppressed,
    files: scanned,
    unrecognised,
    stats: {
      filesChecked: scanned.filter((f) => f.status === 'checked').length,
      bytesRead,
      durationMs: performance.now() - started,
    },
    ...(inventoryDone ? { inventory: inventoryDone } : {}),
  };
}

/** What checking one file produced; merged into the scan in file order. Plain data (it crosses threads). */
export interface FileOutcome {
  status: ScannedFile['status'];
  pending: Pending[];
  inline: InlineIgnore[];
  bytesRead: number;
  /** The lockfile's model for the online phase, its text dropped (only when the scan is online). */
  model?: LockfileModel;
  /** The workflow's model for the online phase (only when the scan is online; never crosses threads). */
  workflowModel?: WorkflowModel;
  /** The file's build inputs (only when the inventory is asked for), merged in file order. */
  inventory?: { inputs: BuildInput[]; ms: number };
}

/** What every file's check shares, as plain data: a worker thread rebuilds its FileEnv from it. */
export interface FileEnvInput {
  config: Config;
  caps: Record<FileKind, number>;
  /** The tree rules see beside each file; absent for standard input. */
  tree?: { root: string; overlay?: ReadonlyMap<string, string | null>; maxEntries?: number };
  builds: BuildDeclaration[];
  /** Whether lockfile models are kept for the online phase. */
  keepModels: boolean;
  /** Whether each file's build inputs are gathered (the inventory). */
  inventory: boolean;
}

/** What every file's check shares: made once per scan (and once per worker thread). */
export interface FileEnv {
  config: Config;
  caps: Record<FileKind, number>;
  workspace: Workspace;
  tree?: TreeView;
  builds: BuildDeclaration[];
  log: Logger;
  keepModels: boolean;
  inventory: boolean;
}

/** The shared state of a scan's file checks, from the files found and the plain inputs. */
export function fileEnv(files: readonly DiscoveredFile[], input: FileEnvInput, log: Logger): FileEnv {
  const { caps } = input;
  const known = new Map(files.map((f) => [f.path, f]));
  const cache = new Map<string, string | undefined>();
  const workspace: Workspace = {
    read(path) {
      if (cache.has(path)) return cache.get(path);
      const f = known.get(path);
      let text: string | undefined;
      if (f && f.size <= caps[f.kind]) {
        try {
          text = f.text ?? readFileSync(f.absPath, 'utf8');
        } catch {
          text = undefined;
        }
      }
      cache.set(path, text);
      return text;
    },
  };
  return {
    config: input.config,
    caps,
    workspace,
    ...(input.tree
      ? {
          tree: fsTree({
            root: input.tree.root,
            ...(input.tree.overlay ? { overlay: input.tree.overlay } : {}),
            ...(input.tree.maxEntries !== undefined ? { maxEntries: input.tree.maxEntries } : {}),
          }),
        }
      : {}),
    builds: input.builds,
    log,
    keepModels: input.keepModels,
    inventory: input.inventory,
  };
}

function contextOf(file: DiscoveredFile, env: FileEnv): RuleContext {
  return {
    path: file.path,
    config: env.config,
    workspace: env.workspace,
    ...(env.tree ? { tree: env.tree, builds: env.builds } : {}),
  };
}

/** Below this many files a scan stays on one thread: starting workers costs more than it saves. */
export const THREADS_MIN_FILES = 200;
/** Most workers an automatic scan starts (more rarely pays: the merge and the reads stay serial). */
const THREADS_AUTO_MAX = 4;

/**
 * How many threads check the files: an explicit count is used as given (1 = this thread only);
 * `auto` (the default) uses the idle cores (at most 4), but only for scans of at least
 * THREADS_MIN_FILES files.
 */
export function threadCount(setting: number | 'auto' | undefined, files: number): number {
  if (typeof setting === 'number') return Math.max(1, Math.floor(setting));
  if (files < THREADS_MIN_FILES) return 1;
  // Workers only pay on idle cores: each costs about 0.4 s of CPU to load the parsers and warm up.
  // Measured on 2 cores already running a load of 10-15: 277 workflows took 8.3 s on one thread
  // and 11.9 s with 2 workers (same report), so a busy machine stays on one thread.
  const idle = availableParallelism() - Math.floor(loadavg()[0] ?? 0);
  return Math.max(1, Math.min(THREADS_AUTO_MAX, idle));
}

/** Whether a file is read at all: one over its kind's cap, or of a kind with no parser, is not. */
export function wantsText(file: DiscoveredFile, caps: Record<FileKind, number>): boolean {
  return file.size <= caps[file.kind] && ANALYZERS[file.kind] !== undefined;
}

export type ReadResult = { text: string } | { error: string };

/**
 * Files up to this size are read synchronously when their turn comes. Measured on the 680 corpus
 * Dockerfiles (page cache warm): 9-12 ms for all of them read with readFileSync, 100 ms with
 * fs/promises readFile one after another (each read is four thread-pool round trips: open, stat,
 * read, close), and 400-1,400 ms of mostly idle waiting with the machine loaded. Larger files are
 * read ahead asynchronously, while the files before them are checked.
 */
const SYNC_READ_MAX = 1024 * 1024;

function readNow(file: DiscoveredFile): ReadResult {
  if (file.text !== undefined) return { text: file.text };
  try {
    return { text: readFileSync(file.absPath, 'utf8') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function readLater(file: DiscoveredFile): Promise<ReadResult> {
  return readFile(file.absPath, 'utf8').then(
    (text) => ({ text }),
    (e: unknown) => ({ error: (e as Error).message }),
  );
}

/** Starts reading a file: a small one is read at once, a large one in the background. */
export function readText(file: DiscoveredFile): ReadResult | Promise<ReadResult> {
  return file.text !== undefined || file.size <= SYNC_READ_MAX ? readNow(file) : readLater(file);
}

/** Read-ahead bounds for large files: files and bytes being read while earlier files are checked. */
const READ_AHEAD_FILES = 8;
const READ_AHEAD_BYTES = 64 * 1024 * 1024;

/**
 * Reads large files ahead of the one being checked, so the disk works while the parser does
 * (awaiting each read before the next file starts leaves the thread idle). Bounded in files and
 * bytes (a run of 64 MB lockfiles is not all held at once); the file asked for is always read.
 * Small files are read when their turn comes (SYNC_READ_MAX).
 */
export class ReadAhead {
  private readonly ahead = new Map<number, Promise<ReadResult>>();
  private next = 0;
  private bytes = 0;

  constructor(
    private readonly files: readonly DiscoveredFile[],
    private readonly caps: Record<FileKind, number>,
  ) {}

  /** The text of files[i] (i ascending); undefined when that file is not read at all. */
  take(i: number): ReadResult | Promise<ReadResult> | undefined {
    if (this.next <= i) this.next = i + 1;
    for (; this.next < this.files.length && this.next - i <= READ_AHEAD_FILES; this.next++) {
      const f = this.files[this.next]!;
      if (!wantsText(f, this.caps) || f.text !== undefined || f.size <= SYNC_READ_MAX) continue;
      if (this.bytes + f.size > READ_AHEAD_BYTES) break;
      this.ahead.set(this.next, readLater(f));
      this.bytes += f.size;
    }
    const file = this.files[i]!;
    if (!wantsText(file, this.caps)) return undefined;
    const started = this.ahead.get(i);
    if (started === undefined) return readText(file);
    this.ahead.delete(i);
    this.bytes -= file.size;
    return started;
  }
}

/** The outcome of a file whose check failed outside the parser and the rules (a worker thread died). */
export function internalErrorOutcome(path: string, message: string): FileOutcome {
  return {
    status: 'parse-error',
    pending: [engineFinding(internalError.rule.id, path, internalError.message(path, message))],
    inline: [],
    bytesRead: 0,
  };
}

/** Checks every file on this thread, reading ahead. */
async function checkSerially(files: readonly DiscoveredFile[], env: FileEnv): Promise<FileOutcome[]> {
  const reads = new ReadAhead(files, env.caps);
  const out: FileOutcome[] = [];
  for (let i = 0; i < files.length; i++) out.push(await checkOne(files[i]!, reads.take(i), env));
  return out;
}

/**
 * Checks one file whose read was started (`read`, undefined when the file is not read): the size
 * cap, the binary check, inline ignores, the parse and the kind's rules.
 */
export async function checkOne(
  file: DiscoveredFile,
  read: ReadResult | Promise<ReadResult> | undefined,
  env: FileEnv,
): Promise<FileOutcome> {
  const out: FileOutcome = { status: 'skipped', pending: [], inline: [], bytesRead: 0 };
  if (file.size > env.caps[file.kind]) {
    out.pending.push(
      engineFinding(
        fileTooLarge.rule.id,
        file.path,
        fileTooLarge.message(file.path, file.size, env.caps[file.kind], file.kind),
      ),
    );
    return out;
  }
  if (!ANALYZERS[file.kind] || !read) return out;
  const text = checkedText(file, await read, out.pending);
  if (text === undefined) return out;
  out.bytesRead = file.size;
  const parsePath = parsePathOf(file);
  out.inline = await findInlineIgnores(file.path, text, commentSyntaxOf(file.kind, parsePath, text));
  const keepOnline =
    env.keepModels && file.kind === 'lockfile'
      ? // The file's text is not kept for the online rules (they read entries only): memory stays
        // bounded by the package lists, not by every lockfile's bytes at once.
        (model: unknown) => (out.model = { ...(model as LockfileModel), text: '' })
      : env.keepModels && file.kind === 'workflow'
        ? (model: unknown) => (out.workflowModel = model as WorkflowModel)
        : undefined;
  const keep =
    env.inventory || keepOnline
      ? (model: unknown) => {
          keepOnline?.(model);
          if (!env.inventory) return;
          const t = performance.now();
          const b = new InventoryBuilder();
          collectInto(b, file.kind, model, file.path, out.pending, env.log);
          out.inventory = { inputs: b.inputs(), ms: performance.now() - t };
        }
      : undefined;
  out.status = await checkFile(file.kind, text, contextOf(file, env), out.pending, env.log, parsePath, keep);
  return out;
}

/** A file's build inputs join the inventory; a failure is an internal-error finding, never a silent gap. */
function collectInto(
  b: InventoryBuilder,
  kind: FileKind,
  model: unknown,
  path: string,
  pending: Pending[],
  log: Logger,
): void {
  try {
    collectInputs(b, kind, model, path);
  } catch (e) {
    log.debug(`inventory failed on ${path}: ${(e as Error).stack ?? String(e)}`);
    pending.push(
      engineFinding(
        internalError.rule.id,
        path,
        internalError.message(path, `build inventory: ${(e as Error).message}`),
      ),
    );
  }
}

/**
 * The builds the repository's workflows declare (`.github/workflows/*.yml` read through the tree,
 * so a scan of one folder, and the base scan, still see them): which context each Dockerfile is
 * built with. A workflow that cannot be read or parsed declares nothing here (the workflow's own
 * scan reports it).
 */
async function workflowBuilds(tree: TreeView, cap: number, log: Logger): Promise<BuildDeclaration[]> {
  const analyzer = ANALYZERS.workflow;
  const listing = tree.list('.github/workflows');
  if (!analyzer || !('entries' in listing)) return [];
  const out: BuildDeclaration[] = [];
  for (const e of listing.entries) {
    if (e.type !== 'file' || !/\.ya?ml$/i.test(e.name)) continue;
    const path = `.github/workflows/${e.name}`;
    const text = tree.readText(path, cap);
    if (text === undefined) continue;
    try {
      out.push(...dockerBuildsOf(await analyzer.parse(text, path)));
    } catch (err) {
      log.debug(`build contexts: ${path} not read (${(err as Error).message})`);
    }
  }
  return out;
}

/**
 * The online phase's findings join the pending ones. A rule's online hit replaces its offline hit
 * at the same place (known-malicious named by both the embedded list and OSV is one finding).
 */
async function runOnline(
  inputs: OnlineInput[],
  intel: Intel,
  config: Config,
  pending: Pending[],
  log: Logger,
  workflows: WorkflowOnlineInput[] = [],
  select?: OnlineSelect,
): Promise<void> {
  const [lockOut, wfOut] = await Promise.all([
    onlinePhase(inputs, ALL_RULES, intel, Date.now(), select),
    workflowOnlinePhase(workflows, ALL_RULES, intel),
  ]);
  const out = {
    hits: [...lockOut.hits, ...wfOut.hits],
    errors: [...lockOut.errors, ...wfOut.errors],
    failures: [...lockOut.failures, ...wfOut.failures],
  };
  log.debug(
    `online: ${lockOut.queried} package versions and ${wfOut.queried} action refs asked, ${intel.requests()} requests`,
  );
  const at = (ruleId: string, path: string, line: number, column: number) =>
    `${ruleId}\0${path}\0${line}\0${column}`;
  const replaced = new Set(
    out.hits
      .filter((h) => h.replacesOffline)
      .map((h) => at(h.rule.id, h.hit.path ?? h.path, h.hit.span.line, h.hit.span.column)),
  );
  if (replaced.size > 0) {
    let kept = 0;
    for (const p of pending)
      if (!replaced.has(at(p.ruleId, p.path, p.startLine, p.startColumn))) pending[kept++] = p;
    pending.length = kept;
  }
  for (const h of out.hits) pending.push(pendingFromHit(h.rule, h.path, h.hit));
  for (const e of out.errors)
    pending.push(
      engineFinding(internalError.rule.id, e.path, internalError.message(e.path, e.message, e.rule.id)),
    );
  for (const f of out.failures) {
    log.warning(intelUnavailable.message(f.failure, f.lockfiles));
    pending.push(
      engineFinding(
        intelUnavailable.rule.id,
        f.path,
        intelUnavailable.message(f.failure, f.lockfiles),
        f.span.line,
        f.span.column,
        {
          endLine: f.span.endLine,
          endColumn: f.span.endColumn,
          evidence: `${f.failure.service} ${f.failure.url}`,
          ...(config.online === 'required' ? { severity: 'critical' as Severity } : {}),
        },
      ),
    );
  }
}

/** The path a file's format is chosen by: its own, or (`--type`) the same folder with the named file name. */
function parsePathOf(file: DiscoveredFile): string {
  if (!file.parseName) return file.path;
  const slash = file.path.lastIndexOf('/');
  return slash === -1 ? file.parseName : `${file.path.slice(0, slash + 1)}${file.parseName}`;
}

/** Standard input as the one file of the scan. */
function standardInput(input: { path: string; text: string }, as: ReadAs | undefined): Discovered {
  const kind = classify(input.path) ?? as?.kind;
  if (!kind) return { files: [], skipped: [], unrecognised: [input.path] };
  const parseName = classify(input.path) ? undefined : as?.name;
  return {
    files: [
      {
        path: input.path,
        absPath: Buffer.alloc(0),
        kind,
        size: Buffer.byteLength(input.text),
        text: input.text,
        ...(parseName ? { parseName } : {}),
      },
    ],
    skipped: [],
    unrecognised: [],
  };
}

/** Each way the walk could not check something is a blocking finding of its own rule. */
function skippedFinding(s: SkippedEntry): Pending {
  switch (s.reason) {
    case 'symlink':
      return engineFinding(symlinkSkipped.rule.id, s.path, symlinkSkipped.message(s.path, s.detail));
    case 'truncated':
      return engineFinding(
        walkTruncated.rule.id,
        s.path,
        walkTruncated.message(s.path, s.limit ?? DEFAULT_MAX_ENTRIES, s.filesFound ?? 0),
      );
    default:
      return engineFinding(readError.rule.id, s.path, readError.message(s.path, s.detail));
  }
}

/**
 * Reads a file as UTF-8 text. A NUL byte does not stop the check: every format Bulkhead reads is
 * text, and pip (for one) reads a requirements.txt with a NUL in a comment, so the file is still
 * checked as text; but other tools read it differently (UTF-16, C strings), so it also blocks, at
 * the first NUL.
 */
function checkedText(file: DiscoveredFile, read: ReadResult, pending: Pending[]): string | undefined {
  if ('error' in read) {
    pending.push(engineFinding(readError.rule.id, file.path, readError.message(file.path, read.error)));
    return undefined;
  }
  const { text } = read;
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < nul; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    pending.push(
      engineFinding(
        binarySkipped.rule.id,
        file.path,
        binarySkipped.message(file.path),
        line,
        nul - lineStart + 1,
      ),
    );
  }
  return text;
}

/**
 * Applies inline and config ignores and severity overrides, then sorts, dedupes and fingerprints.
 * Reported and suppressed findings go through the last steps together, in one order: kept, then
 * the engine's own hygiene findings, then suppressed (the sort is stable, so this order decides
 * which of two equal findings survives and which occurrence number each gets).
 */
export function applySuppressions(
  pending: Pending[],
  inline: InlineIgnore[],
  opts: Pick<ScanOptions, 'config' | 'configSource' | 'now'> & {
    /** The rule ids an inline ignore may name (default: every registered rule); injectable for tests. */
    ruleIds?: ReadonlySet<string>;
  },
  log: Logger = silentLogger,
): { findings: Finding[]; suppressed: Finding[] } {
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const states = configIgnoreStates(opts.config.ignore, today);
  const { index, withoutReason } = indexInlineIgnores(inline);
  const { kept, dropped } = hideIgnored(pending, index, states, opts.configSource);
  const hygiene = [
    ...unknownRuleIgnores(inline, opts.ruleIds ?? RULE_IDS),
    ...withoutReason,
    ...unusedInlineIgnores(index, opts.ruleIds ?? RULE_IDS),
    ...configIgnoreHygiene(states, opts.configSource),
  ];
  // One array for both, made once: a hidden finding is the one carrying its `suppression`.
  const all = withOverrides(kept, opts.config.rules);
  kept.length = 0;
  withOverrides(hygiene, opts.config.rules, all);
  withOverrides(dropped, opts.config.rules, all);
  dropped.length = 0;
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of sortDedupeFingerprint(all)) (f.suppression ? suppressed : findings).push(f);
  warnStrictOverrides(opts.config.rules, log);
  return { findings, suppressed };
}

/** Inline ignores that have a reason, indexed by line so thousands of ignores and findings stay linear. */
interface InlineIndex {
  /** In order of each path's first ignore: the order unused ones are reported in. */
  byPath: Map<string, InlineIgnore[]>;
  byLine: Map<string, InlineIgnore[]>;
}

/** An ignore without a reason never applies and is a finding itself. */
function indexInlineIgnores(inline: InlineIgnore[]): { index: InlineIndex; withoutReason: Pending[] } {
  const index: InlineIndex = { byPath: new Map(), byLine: new Map() };
  const withoutReason: Pending[] = [];
  for (const ig of inline) {
    if (ig.reason === undefined) {
      withoutReason.push(
        engineFinding(
          ignoreWithoutReason.rule.id,
          ig.path,
          ignoreWithoutReason.message(ig.rules),
          ig.line,
          ig.column,
        ),
      );
      continue;
    }
    const list = index.byPath.get(ig.path) ?? [];
    list.push(ig);
    index.byPath.set(ig.path, list);
    const key = `${ig.path}\0${ig.line}`;
    index.byLine.set(key, [...(index.byLine.get(key) ?? []), ig]);
  }
  return { index, withoutReason };
}

/** The inline ignores that can cover a finding: on its line, the line above, or above its statement. */
function inlineCandidates(index: InlineIndex, f: Pending): InlineIgnore[] {
  const lines = new Set([f.startLine, f.startLine - 1]);
  if (f.scopeLine !== undefined) lines.add(f.scopeLine - 1);
  return [...lines].flatMap((l) => index.byLine.get(`${f.path}\0${l}`) ?? []);
}

/** A suppression as the channels show it: the reason masked (a pasted token) and bounded. */
function suppressionOf(kind: Suppression['kind'], path: string, line: number, reason?: string): Suppression {
  return {
    kind,
    path,
    line,
    ...(reason !== undefined ? { reason: truncate(redactSecrets(reason), MAX_REASON) } : {}),
  };
}

/**
 * Splits findings into kept and hidden, marking every ignore that hides one as used. Every
 * covering ignore is marked, not just the first, so none of them is reported as unused. Inline
 * comments never hide a strictly suppressed rule (known-malicious): only a config entry can. A
 * hidden finding records the first ignore that covers it (inline before config), made once per
 * ignore however many findings it hides.
 */
function hideIgnored(
  pending: Pending[],
  index: InlineIndex,
  states: ConfigIgnoreState[],
  source: ConfigSource | undefined,
): { kept: Pending[]; dropped: Pending[] } {
  const kept: Pending[] = [];
  const dropped: Pending[] = [];
  const made = new Map<InlineIgnore | ConfigIgnoreState, Suppression>();
  const configPath = source?.path ?? '.bulkhead.yml';
  for (const f of pending) {
    let by: Suppression | undefined;
    // A file that could not be checked cannot vouch for itself: its own comments hide nothing.
    if (!STRICT_SUPPRESSION.has(f.ruleId) && !isCouldNotCheck(f)) {
      for (const ig of inlineCandidates(index, f)) {
        if (inlineCovers(ig, f)) {
          ig.used = true;
          if (!by) {
            by = made.get(ig) ?? suppressionOf('inline', ig.path, ig.line, ig.reason);
            made.set(ig, by);
          }
        }
      }
    }
    for (const st of states) {
      if (configCovers(st, f)) {
        st.used = true;
        if (!by) {
          by =
            made.get(st) ??
            suppressionOf('config', configPath, configEntryLine(source, st.index), st.entry.reason);
          made.set(st, by);
        }
      }
    }
    if (by) dropped.push({ ...f, suppression: by });
    else kept.push(f);
  }
  return { kept, dropped };
}

/**
 * Inline ignores naming a rule id that does not exist, or none: one finding per comment. A typo in
 * an ignore must not look like an ignore that is merely unused (the config's unknown ids are exit 2).
 */
function unknownRuleIgnores(inline: readonly InlineIgnore[], ruleIds: ReadonlySet<string>): Pending[] {
  const out: Pending[] = [];
  for (const ig of inline) {
    const unknown = ig.rules.filter((id) => !ruleIds.has(id));
    if (unknown.length === 0 && ig.rules.length > 0) continue;
    out.push(
      engineFinding(
        ignoreUnknownRule.rule.id,
        ig.path,
        ignoreUnknownRule.message(ig.rules, unknown, ruleIds),
        ig.line,
        ig.column,
      ),
    );
  }
  return out;
}

function unusedInlineIgnores(index: InlineIndex, ruleIds: ReadonlySet<string>): Pending[] {
  const out: Pending[] = [];
  for (const list of index.byPath.values()) {
    for (const ig of list) {
      if (ig.used) continue;
      // Names no real rule: reported as config/ignore-unknown-rule instead.
      if (!ig.rules.some((id) => ruleIds.has(id))) continue;
      out.push(
        engineFinding(
          unusedIgnore.rule.id,
          ig.path,
          unusedIgnore.message({ rules: ig.rules }),
          ig.line,
          ig.column,
        ),
      );
    }
  }
  return out;
}

/** Expired config entries, and live ones that hid nothing, at their line in the config file. */
function configIgnoreHygiene(states: ConfigIgnoreState[], source: ConfigSource | undefined): Pending[] {
  const configPath = source?.path ?? '.bulkhead.yml';
  const out: Pending[] = [];
  for (const st of states) {
    const line = configEntryLine(source, st.index);
    if (st.expired) {
      out.push(
        engineFinding(
          expiredIgnore.rule.id,
          configPath,
          // `expired` is only set for an entry with an `until:` date.
          expiredIgnore.message(st.entry.rule, st.entry.until!),
          line,
          1,
        ),
      );
    } else if (!st.used) {
      out.push(
        engineFinding(
          unusedIgnore.rule.id,
          configPath,
          unusedIgnore.message({ rule: st.entry.rule, path: st.entry.path }),
          line,
          1,
        ),
      );
    }
  }
  return out;
}

/**
 * `rules:` overrides: `off` drops a finding, a severity replaces its own. Neither applies to a
 * strictly suppressed rule. Credentials were masked when each pending finding was made
 * (pendingFromHit, engineFinding), the only two ways one is made.
 */
function withOverrides(list: Pending[], overrides: Config['rules'], out: Finding[] = []): Finding[] {
  for (const p of list) {
    const strict = STRICT_SUPPRESSION.has(p.ruleId);
    const o = overrides[p.ruleId];
    if (o === 'off' && !strict) continue;
    out.push({
      ruleId: p.ruleId,
      severity: o && o !== 'off' && !strict ? o : p.severity,
      message: p.message,
      path: p.path,
      startLine: p.startLine,
      startColumn: p.startColumn,
      endLine: p.endLine,
      endColumn: p.endColumn,
      ...(p.evidence !== undefined ? { evidence: p.evidence } : {}),
      ...(p.fix !== undefined ? { fix: p.fix } : {}),
      ...(p.autofix !== undefined ? { autofix: p.autofix } : {}),
      ...(p.related ? { related: p.related } : {}),
      fingerprint: '',
      ...(p.suppression ? { suppression: p.suppression } : {}),
    });
  }
  return out;
}

/**
 * Sorts, drops exact repeats (same rule, place and message: the first wins) and fingerprints what
 * is left. Reported and suppressed findings are fingerprinted together, so suppressing one
 * occurrence never shifts the occurrence index (and so the fingerprint) of another.
 *
 * Linear in memory after the sort: exact repeats compare equal under compareFindings, so they are
 * neighbours in the sorted order (the sort is stable: the first of them stays first) and each
 * finding is compared with the last one kept, with no set of keys. The path is the sort's first
 * key, so occurrences are counted per file and the counter is emptied when the path changes.
 * The array is compacted in place: no copy of the findings is made.
 */
function sortDedupeFingerprint(all: Finding[]): Finding[] {
  all.sort(compareFindings);
  let kept = 0;
  let path: string | undefined;
  const occurrences = new Map<string, number>();
  for (let i = 0; i < all.length; i++) {
    const f = all[i]!;
    const last = kept > 0 ? all[kept - 1]! : undefined;
    if (last && compareFindings(last, f) === 0) continue;
    if (f.path !== path) {
      path = f.path;
      occurrences.clear();
    }
    const basis = f.evidence ?? f.message;
    const okey = `${f.ruleId}\0${normalizeEvidence(basis)}`;
    const n = occurrences.get(okey) ?? 0;
    occurrences.set(okey, n + 1);
    f.fingerprint = fingerprintOf(f.ruleId, f.path, basis, n);
    all[kept++] = f;
  }
  all.length = kept;
  return all;
}

function warnStrictOverrides(overrides: Config['rules'], log: Logger): void {
  for (const id of Object.keys(overrides)) {
    if (STRICT_SUPPRESSION.has(id))
      log.warning(
        `rules.${id} is ignored: this rule can only be suppressed by an ignore entry naming package@version.`,
      );
  }
}
