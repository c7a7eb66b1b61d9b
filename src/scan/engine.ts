import { open, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { ParseError } from '../formats/position.js';
import { ALL_RULES, ruleMeta } from '../rules/index.js';
import type {
  FileKind,
  FileRule,
  Hit,
  ModelOf,
  Rule,
  RuleMeta,
  RuleContext,
  Workspace,
} from '../core/index.js';
import { ANALYZERS } from './analyzers.js';
import { DEFAULT_SIZE_CAPS } from './classify.js';
import { discover, type DiscoveredFile } from './discover.js';
import { compareFindings, normalizeEvidence, type Finding, type Severity } from '../core/index.js';
import { fingerprintOf } from './fingerprint.js';
import { redactSecrets } from '../secrets/index.js';
import {
  configCovers,
  configEntryLine,
  configIgnoreStates,
  findInlineIgnores,
  inlineCovers,
  STRICT_SUPPRESSION,
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
  stats: { filesChecked: number; bytesRead: number; durationMs: number };
}

interface Pending extends PendingFinding {
  severity: Severity;
  evidence?: string;
  fix?: string;
}

function pendingFromHit(rule: RuleMeta, path: string, hit: Hit): Pending {
  const endLine = hit.endLine ?? hit.line;
  const endColumn =
    hit.endColumn ??
    (endLine === hit.line && hit.evidence
      ? hit.column + Math.min(hit.evidence.length, 10_000)
      : hit.column + 1);
  return {
    ruleId: rule.id,
    severity: hit.severity ?? rule.severity,
    // Credentials any rule quotes (a URL's password, a token) are masked before anything else.
    message: redactSecrets(hit.message),
    path: hit.path ?? path,
    startLine: hit.line,
    startColumn: hit.column,
    endLine,
    endColumn,
    evidence:
      hit.evidence !== undefined ? truncate(redactSecrets(normalizeEvidence(hit.evidence)), 400) : undefined,
    fix: hit.fix !== undefined ? redactSecrets(hit.fix) : rule.fix,
    scopeLine: hit.scopeLine,
    package: hit.package,
    image: hit.image,
  };
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
  return {
    ruleId,
    severity: ruleMeta(ruleId).severity,
    message,
    path,
    startLine: line,
    startColumn: column,
    endLine: line,
    endColumn: column + 1,
    ...extra,
  };
}

async function looksBinary(abs: string): Promise<boolean> {
  const fh = await open(abs, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).includes(0);
  } finally {
    await fh.close();
  }
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
): Promise<ScannedFile['status']> {
  const analyzer = ANALYZERS[kind];
  if (!analyzer) return 'skipped';
  let model: ModelOf<K>;
  try {
    model = await analyzer.parse(text, ctx.path);
  } catch (e) {
    if (e instanceof ParseError) {
      pending.push(
        engineFinding(
          analyzer.parseErrorRule,
          ctx.path,
          `Could not parse '${ctx.path}': ${e.message}; nothing in it was checked.`,
          e.line,
          e.column,
        ),
      );
    } else {
      log.debug(`parser failed on ${ctx.path}: ${(e as Error).stack ?? String(e)}`);
      pending.push(
        engineFinding(
          'scan/internal-error',
          ctx.path,
          `Parser failed on '${ctx.path}': ${(e as Error).message}; the file was not checked.`,
        ),
      );
    }
    return 'parse-error';
  }
  for (const rule of rulesFor(kind)) {
    if (ctx.config.rules[rule.id] === 'off' && !STRICT_SUPPRESSION.has(rule.id)) continue;
    try {
      for (const hit of rule.check(model, ctx)) pending.push(pendingFromHit(rule, ctx.path, hit));
    } catch (e) {
      log.debug(`rule ${rule.id} failed on ${ctx.path}: ${(e as Error).stack ?? String(e)}`);
      pending.push(
        engineFinding(
          'scan/internal-error',
          ctx.path,
          `Rule ${rule.id} failed on '${ctx.path}': ${(e as Error).message}.`,
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

  const { files, skipped } = await discover({
    root: opts.root,
    paths: opts.paths,
    include: config.paths.include,
    exclude: config.paths.exclude,
  });
  for (const s of skipped) {
    if (s.reason === 'symlink') {
      pending.push(
        engineFinding(
          'scan/symlink-skipped',
          s.path,
          `Symbolic link '${s.path}' was not followed (${s.detail}); its target was not checked.`,
        ),
      );
    } else {
      pending.push(engineFinding('scan/read-error', s.path, `Could not read '${s.path}': ${s.detail}.`));
    }
  }

  const known = new Map(files.map((f) => [f.path, f]));
  const cache = new Map<string, string | undefined>();
  const workspace: Workspace = {
    read(path) {
      if (cache.has(path)) return cache.get(path);
      const f = known.get(path);
      let text: string | undefined;
      if (f && f.size <= caps[f.kind]) {
        try {
          text = readFileSync(f.absPath, 'utf8');
        } catch {
          text = undefined;
        }
      }
      cache.set(path, text);
      return text;
    },
  };

  for (const file of files) {
    const entry: ScannedFile = { path: file.path, kind: file.kind, bytes: file.size, status: 'skipped' };
    scanned.push(entry);
    if (file.size > caps[file.kind]) {
      pending.push(
        engineFinding(
          'scan/file-too-large',
          file.path,
          `'${file.path}' is ${formatBytes(file.size)}, over the ${formatBytes(caps[file.kind])} cap for ${file.kind} files; it was not checked.`,
        ),
      );
      continue;
    }
    const analyzer = ANALYZERS[file.kind];
    if (!analyzer) continue;
    const text = await readChecked(file, pending);
    if (text === undefined) continue;
    bytesRead += file.size;
    inline.push(...findInlineIgnores(file.path, text));
    const ctx: RuleContext = { path: file.path, config, workspace };
    entry.status = await checkFile(file.kind, text, ctx, pending, log);
  }

  const { findings, suppressed } = applySuppressions(pending, inline, opts, log);
  return {
    findings,
    suppressed,
    files: scanned,
    stats: {
      filesChecked: scanned.filter((f) => f.status === 'checked').length,
      bytesRead,
      durationMs: performance.now() - started,
    },
  };
}

async function readChecked(file: DiscoveredFile, pending: Pending[]): Promise<string | undefined> {
  try {
    if (await looksBinary(file.absPath)) {
      pending.push(
        engineFinding(
          'scan/binary-skipped',
          file.path,
          `'${file.path}' holds binary data (a NUL byte); it was not checked.`,
        ),
      );
      return undefined;
    }
    return await readFile(file.absPath, 'utf8');
  } catch (e) {
    pending.push(
      engineFinding('scan/read-error', file.path, `Could not read '${file.path}': ${(e as Error).message}.`),
    );
    return undefined;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Applies inline and config ignores and severity overrides, then sorts, dedupes and fingerprints. */
export function applySuppressions(
  pending: Pending[],
  inline: InlineIgnore[],
  opts: Pick<ScanOptions, 'config' | 'configSource' | 'now'>,
  log: Logger = silentLogger,
): { findings: Finding[]; suppressed: Finding[] } {
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const states = configIgnoreStates(opts.config.ignore, today);
  const configPath = opts.configSource?.path ?? '.bulkhead.yml';
  const extra: Pending[] = [];
  const kept: Pending[] = [];
  const dropped: Pending[] = [];

  const byPath = new Map<string, InlineIgnore[]>();
  const byLine = new Map<string, InlineIgnore[]>();
  for (const ig of inline) {
    if (ig.reason === undefined) {
      extra.push(
        engineFinding(
          'config/ignore-without-reason',
          ig.path,
          `'# bulkhead-ignore ${ig.rules.join(',')}' has no reason after ' -- ', so it does not apply.`,
          ig.line,
          ig.column,
        ),
      );
      continue;
    }
    const list = byPath.get(ig.path) ?? [];
    list.push(ig);
    byPath.set(ig.path, list);
    // Indexed by line so a file with thousands of ignores and findings stays linear.
    const key = `${ig.path}\0${ig.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), ig]);
  }
  const candidates = (f: Pending): InlineIgnore[] => {
    const lines = new Set([f.startLine, f.startLine - 1]);
    if (f.scopeLine !== undefined) lines.add(f.scopeLine - 1);
    return [...lines].flatMap((l) => byLine.get(`${f.path}\0${l}`) ?? []);
  };

  for (const f of pending) {
    let hidden = false;
    if (!STRICT_SUPPRESSION.has(f.ruleId)) {
      for (const ig of candidates(f)) {
        if (inlineCovers(ig, f)) {
          ig.used = true;
          hidden = true;
        }
      }
    }
    for (const st of states) {
      if (configCovers(st, f)) {
        st.used = true;
        hidden = true;
      }
    }
    (hidden ? dropped : kept).push(f);
  }

  for (const list of byPath.values()) {
    for (const ig of list) {
      if (!ig.used) {
        extra.push(
          engineFinding(
            'config/unused-ignore',
            ig.path,
            `'# bulkhead-ignore ${ig.rules.join(',')}' matched no finding; remove it.`,
            ig.line,
            ig.column,
          ),
        );
      }
    }
  }
  for (const st of states) {
    const line = configEntryLine(opts.configSource, st.index);
    if (st.expired) {
      extra.push(
        engineFinding(
          'config/expired-ignore',
          configPath,
          `Ignore entry for ${st.entry.rule} expired on ${st.entry.until}; the findings it covered are reported again.`,
          line,
          1,
        ),
      );
    } else if (!st.used) {
      extra.push(
        engineFinding(
          'config/unused-ignore',
          configPath,
          `Ignore entry for ${st.entry.rule} (path '${st.entry.path}') matched no finding.`,
          line,
          1,
        ),
      );
    }
  }

  const overrides = opts.config.rules;
  // Reported and suppressed findings are fingerprinted together, so suppressing one occurrence
  // never shifts the occurrence index (and so the fingerprint) of another.
  const isSuppressed = new WeakSet<Finding>();
  const all: Finding[] = [];
  const add = (list: Pending[], suppressed: boolean) => {
    for (const p of list) {
      const o = overrides[p.ruleId];
      if (o === 'off' && !STRICT_SUPPRESSION.has(p.ruleId)) continue;
      const severity = o && o !== 'off' && !STRICT_SUPPRESSION.has(p.ruleId) ? o : p.severity;
      const f: Finding = {
        ruleId: p.ruleId,
        severity,
        // Again here: engine findings and the base comparison's findings arrive without a Hit.
        message: redactSecrets(p.message),
        path: p.path,
        startLine: p.startLine,
        startColumn: p.startColumn,
        endLine: p.endLine,
        endColumn: p.endColumn,
        ...(p.evidence !== undefined ? { evidence: redactSecrets(p.evidence) } : {}),
        ...(p.fix !== undefined ? { fix: redactSecrets(p.fix) } : {}),
        fingerprint: '',
      };
      if (suppressed) isSuppressed.add(f);
      all.push(f);
    }
  };
  add([...kept, ...extra], false);
  add(dropped, true);
  all.sort(compareFindings);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  for (const f of all) {
    const key = `${f.ruleId}\0${f.path}\0${f.startLine}\0${f.startColumn}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const basis = f.evidence ?? f.message;
    const okey = `${f.ruleId}\0${f.path}\0${normalizeEvidence(basis)}`;
    const n = occurrences.get(okey) ?? 0;
    occurrences.set(okey, n + 1);
    f.fingerprint = fingerprintOf(f.ruleId, f.path, basis, n);
    (isSuppressed.has(f) ? suppressed : findings).push(f);
  }
  for (const id of Object.keys(overrides)) {
    if (STRICT_SUPPRESSION.has(id))
      log.warning(
        `rules.${id} is ignored: this rule can only be suppressed by an ignore entry naming package@version.`,
      );
  }
  return { findings, suppressed };
}
