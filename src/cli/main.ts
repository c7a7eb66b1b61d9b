import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { basename, resolve, relative, isAbsolute } from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { findRepoRoot, loadConfig } from '../config/resolve.js';
import { inertSettings } from '../config/inert.js';
import { thresholdSchema } from '../config/schema.js';
import { scan } from '../scan/engine.js';
import { classify } from '../scan/classify.js';
import { ANALYZERS } from '../scan/analyzers.js';
import { STRICT_SUPPRESSION } from '../scan/suppress.js';
import type { ReadAs } from '../scan/discover.js';
import { baseChanges, splitAgainstBase } from './base.js';
import { onlineSelection } from '../scan/base/online-select.js';
import { parseShard, shardCategory } from '../scan/shard.js';
import { runMerge } from './merge.js';
import { runOrgPlan } from './org-plan.js';
import { toRepoPath } from '../config/repo-path.js';
import { isStdout, writeChunks, writeOutput, type ReportText } from './output.js';
import {
  atOrAbove,
  SEVERITIES,
  type ConfigUsed,
  type Finding,
  type Severity,
  type Threshold,
} from '../core/index.js';
import { summarize, type Summary } from '../report/summary.js';
import { renderText, renderTextChunks, sanitizeForTerminal } from '../report/text.js';
import { renderJsonChunks } from '../report/json.js';
import { levelFor, renderSarifChunks, ruleHelpUri } from '../report/sarif.js';
import { renderMarkdownChunks } from '../report/markdown.js';
import { renderInventoryJson, renderInventoryText } from '../report/inventory.js';
import { renderCycloneDx, reproducibleTimestamp, type CycloneDxOptions } from '../report/cyclonedx.js';
import { summarizeInventory, type Inventory } from '../inventory/index.js';
import { ALL_RULES, RULE_IDS, ruleById } from '../rules/index.js';
import { ARCHIVED_ACTIONS, ARCHIVED_ACTIONS_DATE } from '../intel/archived-actions.js';
import { COMPROMISED_ACTIONS, COMPROMISED_ACTIONS_DATE } from '../intel/compromised-actions.js';
import { KNOWN_MALICIOUS } from '../intel/known-malicious.js';
import { VERSION } from '../version.js';
import { didYouMean } from '../core/suggest.js';
import type { Config } from '../config/schema.js';
import type { Intel } from '../intel/intel.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'cyclonedx'] as const;
type Format = (typeof FORMATS)[number];
/** `bulkhead inventory` prints the build inputs only: the table, its JSON, or the BOM. */
const INVENTORY_FORMATS = ['text', 'json', 'cyclonedx'] as const;

/** Standard input is read up to this size (the largest file cap, for lockfiles); more is an error. */
export const MAX_STDIN_BYTES = 64 << 20;

export const HELP = `Bulkhead ${VERSION}: supply-chain checks for container builds.

Usage:
  bulkhead scan [paths...] [options]   scan files or folders (default: .); '-' reads standard input
  bulkhead fix [paths...] [options]    print the mechanical fixes as a unified diff; --write
                                       applies them (docs/fixes.md)
  bulkhead inventory [paths...]        list what the build pulls in (images, downloads, git
                                       sources, packages, actions) by pin grade; --format json
                                       or cyclonedx (a CycloneDX 1.6 BOM); nothing is fetched
  bulkhead rules [--format text|json]  list every rule with its id, severity and title
  bulkhead rules RULE-ID               show one rule's full page
  bulkhead merge FILE...               merge the JSON or SARIF reports of 'scan --shard K/N' into
                                       the one report a single scan gives (docs/scale.md)
  bulkhead org-plan --repos A/B,C/D    the matrix of an organisation scan, as JSON
  bulkhead org-plan --org ORG [--topic T]
  bulkhead --help | --version

Scan options:
  -f, --format FMT     text (default), json, sarif, markdown or cyclonedx (the build inputs as
                       a CycloneDX 1.6 BOM instead of the findings; docs/inventory.md)
  -c, --config FILE    config file (default: .bulkhead.yml in the first path, then the root)
      --fail-on SEV    critical|high|medium|low|info|never: what makes the exit code 1
                       (default: config, else high)
      --severity SEV   show only findings at or above SEV (the exit code still counts all)
      --ignore RULE    turn a rule off for this run (repeatable), like 'rules: {RULE: off}'
      --type TYPE      read the files named on the command line that Bulkhead does not recognise
                       by name (and standard input) as TYPE: dockerfile, or the file name of a
                       lockfile or package-manager config format (package-lock.json,
                       requirements.txt, .npmrc, ...)
      --stdin-filename NAME
                       with 'scan -': the path reported for standard input (its name also
                       decides its type when --type is not given)
  -q, --quiet          print only one summary line (key=value pairs) instead of the report
      --offline        no network look-ups, no socket opened (the offline checks all still run);
                       online, only package names and versions go to OSV (docs/online.md)
      --sarif-suppressed
                       with --format sarif, also list suppressed findings as results with
                       SARIF suppressions (GitHub code scanning opens alerts for those)
  -o, --output FILE    write the report to FILE instead of stdout ('-' for stdout); never
                       through a symbolic link inside the scanned tree
      --base REF       report only findings new since REF (git merge base with HEAD;
                       uncommitted and untracked files count as changed)
      --root DIR       directory that reported paths are relative to (must exist; default:
                       the git repository holding the first path, else the current directory,
                       or the first path's folder when it is outside the current directory)
      --no-color       no colors in text output (also: NO_COLOR)
      --threads N      worker threads that check files: a count (1 = none) or auto (the
                       default: the idle cores, from 200 files on); same report either way
      --debug          print stack traces and debug logs to stderr
      --shard K/N      check only share K of N of the files (by a hash of each path); merge the
                       N reports with 'bulkhead merge' (docs/scale.md)

Merge options: -f/--format, --fail-on (default: the shards'), -o/--output, -q/--quiet, --no-color
and --sarif-suppressed as for scan; --by-repo OWNER/NAME=FILE... for the summary of an
organisation scan (markdown or json). A missing or doubled shard is exit 2.

Fix options: --write, --rule RULE (repeatable), --offline, -c, --fail-on, --root, --debug
  (without --offline, 'fix' asks image registries and the GitHub API for digests and commit SHAs)

Exit codes: 0 nothing at or above fail-on; 1 blocking findings; 2 usage, config or internal error.
`;

/** `--threads N|auto`: a count from 1 to 64, or auto. */
function threadsOption(value: string | undefined): number | 'auto' | undefined {
  if (value === undefined || value === 'auto') return value;
  if (!/^[0-9]{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 64)
    throw new ConfigurationError(
      `--threads: expected a count from 1 to 64 or auto (got "${sanitizeForTerminal(value)}")`,
    );
  return Number(value);
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input as text, for `scan -` (read on demand, up to `max` bytes; longer rejects). */
  stdin?: (max: number) => Promise<string>;
  /** True once the reader of standard output is gone: the rest of a report is then not made. */
  closed?: () => boolean;
  /**
   * Builds the online look-ups from the config's `intel:` settings. The process entry (cli.ts)
   * passes the network one; without it (tests calling main directly) no look-up is made and no
   * socket opened, whatever `online` says. Tests of the online phase pass one over a loopback server.
   */
  intel?: (settings: Config['intel']) => Promise<Intel>;
}

const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  config: { type: 'string', short: 'c' },
  'fail-on': { type: 'string' },
  severity: { type: 'string' },
  ignore: { type: 'string', multiple: true },
  type: { type: 'string' },
  'stdin-filename': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  offline: { type: 'boolean', default: false },
  output: { type: 'string', short: 'o' },
  root: { type: 'string' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean', default: false },
  base: { type: 'string' },
  'sarif-suppressed': { type: 'boolean', default: false },
  shard: { type: 'string' },
  threads: { type: 'string' },
} as const;

const RULES_OPTIONS = { format: { type: 'string', short: 'f', default: 'text' } } as const;

const COMMANDS = ['scan', 'fix', 'inventory', 'rules', 'merge', 'org-plan', 'help', 'version'];
const TOP_FLAGS = ['--help', '--version'];

export function suggestion(word: string, candidates: Iterable<string>): string {
  const m = didYouMean(word, candidates);
  return m ? ` (did you mean '${m}'?)` : '';
}

function flagNames(options: Record<string, { short?: string }>): string[] {
  return Object.entries(options).flatMap(([long, o]) => [`--${long}`, ...(o.short ? [`-${o.short}`] : [])]);
}

/**
 * parseArgs with our own message for an unknown option: Node's names the option and then quotes
 * a suggestion with an unbalanced quote, and knows nothing of near misses.
 */
export function parse<O extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  command: string,
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']*)'/.exec(err.message)?.[1] ?? '';
      const bare = flag.split('=')[0]!;
      throw new ConfigurationError(
        `unknown option '${bare}' for '${command}'${suggestion(bare, [...flagNames(options), '--help'])}; see 'bulkhead ${command} --help'`,
      );
    }
    throw e;
  }
}

/** Reported paths are relative to this: `--root`, else the git repository holding the first path,
 * else the current directory, or the first path's folder when that path is outside it. */
export function pickRoot(cwd: string, paths: string[], explicit?: string): string {
  if (explicit !== undefined) {
    const root = resolve(cwd, explicit);
    let dir = false;
    try {
      dir = statSync(root).isDirectory();
    } catch {
      throw new ConfigurationError(`--root: no such directory: ${explicit}`);
    }
    if (!dir) throw new ConfigurationError(`--root: not a directory: ${explicit}`);
    return root;
  }
  const first = resolve(cwd, paths[0] ?? '.');
  const repo = findRepoRoot(first);
  if (repo) return repo;
  const rel = relative(cwd, first);
  if (!rel.startsWith('..') && !isAbsolute(rel)) return cwd;
  try {
    return statSync(first).isDirectory() ? first : resolve(first, '..');
  } catch {
    return cwd;
  }
}

export function isDir(d: string): boolean {
  try {
    return statSync(d).isDirectory();
  } catch {
    return false;
  }
}

function severityOption(flag: string, value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw new ConfigurationError(
      `${flag}: expected critical, high, medium, low or info (got "${sanitizeForTerminal(value)}")`,
    );
  return value as Severity;
}

/** `--type`: a kind that has checks (dockerfile, workflow), or a lockfile/config format named by its file name. */
export function readAsOption(value: string): ReadAs {
  if (value === 'dockerfile' || value === 'containerfile') return { kind: 'dockerfile' };
  if (value === 'workflow') return { kind: 'workflow' };
  if (value === 'lockfile' || value === 'pm-config' || value === 'config')
    throw new ConfigurationError(
      `--type ${value}: name the format by its file name, e.g. --type package-lock.json, --type requirements.txt, --type .npmrc`,
    );
  if (!value.includes('/') && !value.includes('\\')) {
    const kind = classify(value);
    if (kind && ANALYZERS[kind]) return kind === 'dockerfile' ? { kind } : { kind, name: value };
  }
  throw new ConfigurationError(
    `--type: expected dockerfile, workflow or the file name of a lockfile or package-manager config format, such as package-lock.json or .npmrc (got "${sanitizeForTerminal(value)}")`,
  );
}

/** One line for shell scripts: space-separated key=value pairs, always in this order. */
export function quietLine(summary: Summary, exitCode: number, suppressed: number): string {
  const by = SEVERITIES.map((s) => `${s}=${summary.bySeverity[s]}`).join(' ');
  return `findings=${summary.total} blocking=${summary.blocking} fail-on=${summary.failOn} max-severity=${summary.maxSeverity} ${by} files=${summary.filesChecked} suppressed=${suppressed} exit=${exitCode}\n`;
}

/** A logger over the CLI's stderr: warnings and errors prefixed, debug only with --debug. */
export function ioLogger(io: CliIo, debug: boolean): Logger {
  const w = (prefix: string) => (m: string) => io.stderr(`${prefix}${sanitizeForTerminal(m)}\n`);
  return {
    debug: debug ? w('debug: ') : () => {},
    info: w(''),
    warning: w('warning: '),
    error: w('error: '),
  };
}

async function runScan(argv: string[], io: CliIo, command: 'scan' | 'inventory' = 'scan'): Promise<number> {
  const { values, positionals } = parse(command, argv, SCAN_OPTIONS);
  const format = values.format as Format;
  const formats: readonly string[] = command === 'inventory' ? INVENTORY_FORMATS : FORMATS;
  if (!formats.includes(format))
    throw new ConfigurationError(`--format: expected one of ${formats.join(', ')} (got "${values.format}")`);
  let failOnFlag: Threshold | undefined;
  if (values['fail-on'] !== undefined) {
    const parsed = thresholdSchema.safeParse(values['fail-on']);
    if (!parsed.success)
      throw new ConfigurationError(
        `--fail-on: expected critical, high, medium, low, info or never (got "${values['fail-on']}")`,
      );
    failOnFlag = parsed.data;
  }
  const showFrom = severityOption('--severity', values.severity);
  const ignored = values.ignore ?? [];
  for (const id of ignored) {
    if (!RULE_IDS.has(id))
      throw new ConfigurationError(
        `--ignore: unknown rule id '${sanitizeForTerminal(id)}'${suggestion(id, RULE_IDS)}; run 'bulkhead rules' for the list`,
      );
    if (STRICT_SUPPRESSION.has(id))
      throw new ConfigurationError(
        `--ignore: ${id} can only be suppressed by an ignore entry in the config naming package@version`,
      );
  }
  const readAs = values.type !== undefined ? readAsOption(values.type) : undefined;
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  const threads = threadsOption(values.threads);

  const paths = positionals.length > 0 ? positionals : ['.'];
  const fromStdin = paths.includes('-');
  if (fromStdin && paths.length > 1)
    throw new ConfigurationError("'-' (standard input) cannot be combined with other paths");
  if (!fromStdin && values['stdin-filename'] !== undefined)
    throw new ConfigurationError("--stdin-filename needs '-' (standard input) as the path");
  if (fromStdin && values.base !== undefined)
    throw new ConfigurationError('--base cannot compare standard input');
  if (shard && (fromStdin || values.base !== undefined))
    throw new ConfigurationError(
      `--shard splits a tree: it cannot be combined with ${fromStdin ? "'-' (standard input)" : '--base'}`,
    );
  let stdin: { path: string; text: string } | undefined;
  if (fromStdin) {
    const name = (values['stdin-filename'] ?? 'stdin').replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    if (!name || name.startsWith('/') || name.split('/').includes('..'))
      throw new ConfigurationError('--stdin-filename: expected a relative path without ..');
    if (!readAs && !classify(name))
      throw new ConfigurationError(
        `standard input: say what it is with --type (dockerfile, package-lock.json, ...) or --stdin-filename NAME`,
      );
    if (!io.stdin) throw new ConfigurationError('standard input is not available');
    let text: string;
    try {
      text = await io.stdin(MAX_STDIN_BYTES);
    } catch (e) {
      throw new ConfigurationError(`standard input: ${(e as Error).message}`);
    }
    stdin = { path: name, text };
  } else {
    for (const p of paths) {
      try {
        statSync(resolve(io.cwd, p));
      } catch {
        throw new ConfigurationError(`path not found: ${p}`);
      }
    }
  }
  const root = pickRoot(io.cwd, fromStdin ? ['.'] : paths, values.root);
  const firstDir = resolve(io.cwd, fromStdin ? '.' : paths[0]!);
  const searchDirs = [firstDir, root].filter((d, i, a) => a.indexOf(d) === i && isDir(d));
  const { config, source } = loadConfig({
    ruleIds: RULE_IDS,
    explicit: values.config && resolve(io.cwd, values.config),
    searchDirs,
    root,
  });
  // The inventory is what the files say: `inventory` never opens a socket.
  if (values.offline || command === 'inventory') config.online = false;
  for (const id of ignored) config.rules[id] = 'off';
  const failOn = failOnFlag ?? config['fail-on'];
  const logger = ioLogger(io, values.debug);
  for (const w of inertSettings(config)) logger.warning(w);

  const intel = config.online !== false && io.intel ? await io.intel(config.intel) : undefined;
  // --base online: the changes first, so the head scan asks only about entries the change added
  // or changed (scan/base/online-select.ts); whatever else it could find is not new anyway.
  const changes =
    values.base !== undefined && intel && !fromStdin ? await baseChanges(values.base, root) : undefined;
  const selection = changes ? await onlineSelection(changes) : undefined;
  const result = await scan({
    root,
    paths: fromStdin ? [] : paths.map((p) => resolve(io.cwd, p)),
    config,
    configSource: source,
    logger,
    ...(intel ? { intel } : {}),
    ...(selection ? { onlineSelect: selection.head } : {}),
    ...(readAs ? { as: readAs } : {}),
    ...(stdin ? { stdin } : {}),
    ...(shard ? { shard } : {}),
    ...(threads !== undefined ? { threads } : {}),
    // The pin summary ends the text report; the BOM is the inventory.
    inventory: command === 'inventory' || format === 'text' || format === 'cyclonedx',
  });
  for (const u of result.unrecognised)
    logger.warning(
      `${u}: not a file Bulkhead recognises by name, so it was not checked; say what it is with --type (dockerfile, package-lock.json, .npmrc, ...)`,
    );
  // A named file of a kind no check reads yet (a workflow, a package.json) is said, not passed over.
  const named = new Set(
    fromStdin
      ? []
      : paths.filter((p) => !isDir(resolve(io.cwd, p))).map((p) => toRepoPath(root, resolve(io.cwd, p))),
  );
  const unread = result.files.filter((f) => named.has(f.path) && !ANALYZERS[f.kind]);
  for (const f of unread)
    logger.warning(
      `${f.path}: recognised as a ${f.kind} file, but no check reads ${f.kind} files in this version; not checked`,
    );
  if (
    result.unrecognised.length + unread.length > 0 &&
    result.files.length === unread.length &&
    result.findings.length === 0
  )
    throw new ConfigurationError(
      `nothing was checked: ${
        result.unrecognised.length + unread.length === 1
          ? `${result.unrecognised[0] ?? unread[0]!.path} is`
          : 'the files named are'
      } ${result.unrecognised.length > 0 ? 'not recognised (use --type)' : 'of a kind no check reads yet'}`,
    );
  let findings = result.findings;
  let existing: Finding[] = [];
  if (values.base !== undefined) {
    if (paths.length !== 1)
      throw new ConfigurationError('--base compares one path (a file or folder), got several');
    const split = await splitAgainstBase(result.findings, {
      ref: values.base,
      root,
      scanPath: resolve(io.cwd, paths[0]!),
      config,
      ...(source ? { configSource: source } : {}),
      ...(intel ? { intel } : {}),
      ...(changes ? { changes } : {}),
      ...(selection ? { onlineSelect: selection.base } : {}),
      logger,
    });
    findings = split.reported;
    existing = split.existing;
    const n = split.changed.size;
    io.stderr(
      `Compared with ${values.base} (merge base ${split.base.slice(0, 12)}, ${n} changed ${n === 1 ? 'file' : 'files'}): ${findings.length} new, ${existing.length} existing findings not reported.\n`,
    );
  }
  // The exit code counts every reported finding; --severity only narrows what is shown.
  const exitCode = findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
  if (showFrom) {
    const hidden = findings.filter((f) => !atOrAbove(f.severity, showFrom));
    findings = findings.filter((f) => atOrAbove(f.severity, showFrom));
    existing = existing.filter((f) => atOrAbove(f.severity, showFrom));
    const hiddenBlocking = hidden.filter((f) => atOrAbove(f.severity, failOn)).length;
    if (hiddenBlocking > 0)
      logger.warning(
        `${hiddenBlocking} ${hiddenBlocking === 1 ? 'finding' : 'findings'} below --severity ${showFrom} not shown still ${hiddenBlocking === 1 ? 'blocks' : 'block'} (at or above fail-on ${failOn}).`,
      );
  }
  const summary = summarize(
    findings,
    failOn,
    result.stats.filesChecked,
    values.base !== undefined ? 'new' : undefined,
  );
  const suppressed = result.suppressed;
  const configUsed: ConfigUsed = {
    origin: values.config ? 'input' : source ? 'head' : 'default',
    ...(source ? { path: source.path } : {}),
  };
  const toFile = values.output !== undefined && !isStdout(values.output);
  const noColor = values['no-color'] === true || io.env.NO_COLOR !== undefined;
  const color =
    !toFile && !noColor && (io.isTTY || (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0'));
  const quiet = values.quiet === true;
  if (command === 'inventory')
    return writeInventory(result.inventory!, format, values.output, io, {
      root,
      trees: [root, ...(fromStdin ? [] : paths.map((p) => resolve(io.cwd, p)))],
    });
  if (quiet && !toFile) {
    io.stdout(quietLine(summary, exitCode, suppressed.length));
    return exitCode;
  }
  // Pieces, written as they are made: a report of any size is never held whole.
  let out: ReportText;
  switch (format) {
    case 'json':
      out = renderJsonChunks(findings, summary, {
        suppressed,
        config: configUsed,
        ...(shard ? { shard } : {}),
      });
      break;
    case 'sarif':
      out = renderSarifChunks(findings, {
        levelFor: levelFor(failOn),
        suppressed,
        suppressedResults: values['sarif-suppressed'],
        config: configUsed,
        ...(shard
          ? {
              automationId: shardCategory(shard),
              shard: { ...shard, filesChecked: summary.filesChecked, failOn },
            }
          : {}),
      });
      break;
    case 'markdown':
      out = renderMarkdownChunks(findings, summary, {
        existing,
        suppressed,
        suppressedDetails: true,
        config: configUsed,
      });
      break;
    case 'cyclonedx':
      out = [renderCycloneDx(result.inventory!, bomOptions(root, io))];
      break;
    default:
      out = withInventoryTable(
        renderTextChunks(findings, summary, { color, suppressed, config: configUsed }),
        result.inventory,
      );
  }
  if (toFile) {
    const trees = [root, ...(fromStdin ? [] : paths.map((p) => resolve(io.cwd, p)))];
    try {
      writeOutput(resolve(io.cwd, values.output!), out, trees, values.output);
    } catch (e) {
      if (e instanceof ConfigurationError) throw e;
      throw new ConfigurationError(`--output: cannot write ${values.output}: ${(e as Error).message}`);
    }
    if (quiet) io.stdout(quietLine(summary, exitCode, suppressed.length));
    else if (format !== 'text')
      io.stderr(renderText([], summary, { color: false, suppressed, config: configUsed }).replace(/^\n/, ''));
  } else {
    await writeChunks(out, io.stdout, io.closed);
  }
  if (values.debug)
    logger.debug(
      `scanned ${result.stats.filesChecked} files, ${result.stats.bytesRead} bytes in ${result.stats.durationMs.toFixed(0)} ms`,
    );
  return exitCode;
}

/** The text report, then the pin summary (build inputs by kind and grade). */
function* withInventoryTable(report: Iterable<string>, inventory: Inventory | undefined): Generator<string> {
  yield* report;
  // Only Bulkhead's own words and counts: no file text reaches this table.
  if (inventory) yield `\n${renderInventoryText(summarizeInventory(inventory))}`;
}

function bomOptions(root: string, io: CliIo): CycloneDxOptions {
  const timestamp = reproducibleTimestamp(io.env);
  return { subject: basename(root), ...(timestamp ? { timestamp } : {}) };
}

/** `bulkhead inventory`: the table (text), its JSON, or the BOM; the exit code is 0 (nothing is judged). */
function writeInventory(
  inventory: Inventory,
  format: Format,
  output: string | undefined,
  io: CliIo,
  where: { root: string; trees: string[] },
): number {
  const text =
    format === 'json'
      ? renderInventoryJson(inventory)
      : format === 'cyclonedx'
        ? renderCycloneDx(inventory, bomOptions(where.root, io))
        : renderInventoryText(summarizeInventory(inventory));
  if (output !== undefined && !isStdout(output)) {
    try {
      writeOutput(resolve(io.cwd, output), [text], where.trees, output);
    } catch (e) {
      if (e instanceof ConfigurationError) throw e;
      throw new ConfigurationError(`--output: cannot write ${output}: ${(e as Error).message}`);
    }
  } else io.stdout(text);
  return 0;
}

/** What `rules --format json` gives for each rule. */
export function ruleJson(r: (typeof ALL_RULES)[number]) {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    description: r.description,
    fix: r.fix,
    docsUrl: ruleHelpUri(r.id),
    ...(r.options ? { options: r.options } : {}),
  };
}

/** One rule's page for the terminal: what the docs page says, as plain text. */
function rulePage(r: (typeof ALL_RULES)[number]): string {
  const indent = (t: string) =>
    t
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
  return [
    `${r.id}  (${r.severity})`,
    r.title,
    '',
    r.description,
    '',
    `Fix: ${r.fix}`,
    ...(r.options ? ['', `Options: ${r.options}`] : []),
    '',
    'Bad:',
    indent(r.examples.bad),
    '',
    'Good:',
    indent(r.examples.good),
    '',
    ...(r.references && r.references.length > 0
      ? ['References:', ...r.references.map((u) => `  ${u}`), '']
      : []),
    `Docs: ${ruleHelpUri(r.id)}`,
    '',
  ]
    .map(sanitizeForTerminal)
    .join('\n');
}

function runRules(argv: string[], io: CliIo): number {
  const { values, positionals } = parse('rules', argv, RULES_OPTIONS);
  if (values.format !== 'text' && values.format !== 'json')
    throw new ConfigurationError(`--format: expected text or json (got "${values.format}")`);
  if (positionals.length > 1) throw new ConfigurationError('rules: expected at most one rule id');
  const id = positionals[0];
  if (id !== undefined) {
    const r = ruleById(id);
    if (!r)
      throw new ConfigurationError(
        `unknown rule id '${sanitizeForTerminal(id)}'${suggestion(id, RULE_IDS)}; run 'bulkhead rules' for the list`,
      );
    io.stdout(values.format === 'json' ? `${JSON.stringify(ruleJson(r), null, 2)}\n` : rulePage(r));
    return 0;
  }
  if (values.format === 'json') {
    io.stdout(`${JSON.stringify(ALL_RULES.map(ruleJson), null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...ALL_RULES.map((r) => r.id.length));
  io.stdout(ALL_RULES.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.title}`).join('\n') + '\n');
  return 0;
}

/** `--version`: the version, then the date of each data set embedded in this build. */
export function versionText(): string {
  const newest = KNOWN_MALICIOUS.reduce((d, e) => (e.date > d ? e.date : d), '');
  return [
    `bulkhead ${VERSION}`,
    `known-malicious packages: ${KNOWN_MALICIOUS.length} entries, newest ${newest || 'none'} (src/intel/known-malicious.json)`,
    `compromised actions: ${COMPROMISED_ACTIONS.length} entries, as of ${COMPROMISED_ACTIONS_DATE} (src/intel/compromised-actions.json)`,
    `archived actions: ${ARCHIVED_ACTIONS.length} entries, as of ${ARCHIVED_ACTIONS_DATE} (src/intel/archived-actions.json)`,
    '',
  ].join('\n');
}

/** One clear line: a multi-line library message keeps only its first line. */
function oneLine(message: string): string {
  return sanitizeForTerminal(message.split('\n')[0]!.trim());
}

/** Runs the CLI and returns the exit code; never calls process.exit, so piped output is never cut. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined) {
      // No command is a usage error: the help goes to stderr so stdout stays empty for pipes.
      io.stderr(HELP);
      return 2;
    }
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
      io.stdout(versionText());
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return 0;
    }
    if (cmd === 'scan') return await runScan(rest, io);
    if (cmd === 'fix') return await (await import('./fix.js')).runFix(rest, io);
    if (cmd === 'inventory') return await runScan(rest, io, 'inventory');
    if (cmd === 'rules') return runRules(rest, io);
    if (cmd === 'merge') return await runMerge(rest, io);
    if (cmd === 'org-plan') return await runOrgPlan(rest, io);
    const shown = sanitizeForTerminal(cmd);
    if (cmd.startsWith('-'))
      throw new ConfigurationError(
        `unknown option '${shown}'${suggestion(cmd.split('=')[0]!, TOP_FLAGS)}; a command comes first (try 'bulkhead --help')`,
      );
    throw new ConfigurationError(
      `unknown command '${shown}'${suggestion(cmd, COMMANDS)} (try 'bulkhead --help')`,
    );
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof ConfigurationError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`bulkhead: ${oneLine(err.message)}\n`);
    } else {
      io.stderr(`bulkhead: internal error: ${oneLine(err.message)}\n`);
      if (debug && err.stack) io.stderr(`${err.stack}\n`);
    }
    return 2;
  }
}
