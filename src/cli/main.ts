import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { resolve, relative, isAbsolute } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { stderrLogger } from '../logger.js';
import { findRepoRoot, loadConfig } from '../config/resolve.js';
import { thresholdSchema } from '../config/schema.js';
import { scan } from '../scan/engine.js';
import { splitAgainstBase } from './base.js';
import { isStdout, writeChunks, writeOutput, type ReportText } from './output.js';
import { atOrAbove, type ConfigUsed, type Finding, type Threshold } from '../core/index.js';
import { summarize } from '../report/summary.js';
import { renderText, renderTextChunks, sanitizeForTerminal } from '../report/text.js';
import { renderJsonChunks } from '../report/json.js';
import { levelFor, renderSarifChunks } from '../report/sarif.js';
import { renderMarkdownChunks } from '../report/markdown.js';
import { ALL_RULES, RULE_IDS } from '../rules/index.js';
import { VERSION } from '../version.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export const HELP = `Bulkhead ${VERSION}: supply-chain checks for container builds.

Usage:
  bulkhead scan [paths...] [options]   scan files or folders (default: .)
  bulkhead rules [--format text|json]  list every rule with its id, severity and title
  bulkhead --help | --version

Scan options:
  -f, --format FMT     text (default), json, sarif or markdown
  -c, --config FILE    config file (default: .bulkhead.yml in the first path, then the root)
      --fail-on SEV    critical|high|medium|low|info|never (default: config, else high)
      --offline        no network look-ups (the offline checks all still run)
      --sarif-suppressed
                       with --format sarif, also list suppressed findings as results with
                       SARIF suppressions (GitHub code scanning opens alerts for those)
  -o, --output FILE    write the report to FILE instead of stdout ('-' for stdout); never
                       through a symbolic link inside the scanned tree
      --base REF       report only findings new since REF (git merge base with HEAD;
                       uncommitted and untracked files count as changed)
      --root DIR       directory that reported paths are relative to
                       (default: the enclosing git repository, else the current directory)
      --no-color       no colors in text output (also: NO_COLOR)
      --debug          print stack traces and debug logs to stderr

Exit codes: 0 nothing at or above fail-on; 1 blocking findings; 2 usage, config or internal error.
`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function pickRoot(cwd: string, paths: string[], explicit?: string): string {
  if (explicit) return resolve(cwd, explicit);
  const first = resolve(cwd, paths[0] ?? '.');
  const repo = findRepoRoot(first);
  if (repo) return repo;
  const inside = paths.every((p) => {
    const rel = relative(cwd, resolve(cwd, p));
    return !rel.startsWith('..') && !isAbsolute(rel);
  });
  if (inside) return cwd;
  try {
    return statSync(first).isDirectory() ? first : resolve(first, '..');
  } catch {
    return cwd;
  }
}

async function runScan(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      config: { type: 'string', short: 'c' },
      'fail-on': { type: 'string' },
      offline: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      root: { type: 'string' },
      'no-color': { type: 'boolean' },
      debug: { type: 'boolean', default: false },
      base: { type: 'string' },
      'sarif-suppressed': { type: 'boolean', default: false },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new ConfigurationError(`--format: expected one of ${FORMATS.join(', ')} (got "${values.format}")`);
  let failOnFlag: Threshold | undefined;
  if (values['fail-on'] !== undefined) {
    const parsed = thresholdSchema.safeParse(values['fail-on']);
    if (!parsed.success)
      throw new ConfigurationError(
        `--fail-on: expected critical, high, medium, low, info or never (got "${values['fail-on']}")`,
      );
    failOnFlag = parsed.data;
  }
  const paths = positionals.length > 0 ? positionals : ['.'];
  for (const p of paths) {
    try {
      statSync(resolve(io.cwd, p));
    } catch {
      throw new ConfigurationError(`path not found: ${p}`);
    }
  }
  const root = pickRoot(io.cwd, paths, values.root);
  const firstDir = resolve(io.cwd, paths[0]!);
  const searchDirs = [firstDir, root].filter(
    (d, i, a) =>
      a.indexOf(d) === i &&
      (() => {
        try {
          return statSync(d).isDirectory();
        } catch {
          return false;
        }
      })(),
  );
  const { config, source } = loadConfig({
    ruleIds: RULE_IDS,
    explicit: values.config && resolve(io.cwd, values.config),
    searchDirs,
    root,
  });
  if (values.offline) config.online = false;
  const failOn = failOnFlag ?? config['fail-on'];
  const logger = stderrLogger(values.debug);

  const result = await scan({
    root,
    paths: paths.map((p) => resolve(io.cwd, p)),
    config,
    configSource: source,
    logger,
  });
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
      logger,
    });
    findings = split.reported;
    existing = split.existing;
    io.stderr(
      `Compared with ${values.base} (merge base ${split.base.slice(0, 12)}, ${split.changed.size} changed files): ${findings.length} new, ${existing.length} existing findings not reported.\n`,
    );
  }
  const summary = summarize(findings, failOn, result.stats.filesChecked);
  const suppressed = result.suppressed;
  const configUsed: ConfigUsed = {
    origin: values.config ? 'input' : source ? 'head' : 'default',
    ...(source ? { path: source.path } : {}),
  };
  const noColor = values['no-color'] === true || io.env.NO_COLOR !== undefined;
  const color =
    (!values.output || isStdout(values.output)) &&
    !noColor &&
    (io.isTTY || (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0'));
  // Pieces, written as they are made: a report of any size is never held whole.
  let out: ReportText;
  switch (format) {
    case 'json':
      out = renderJsonChunks(findings, summary, { suppressed, config: configUsed });
      break;
    case 'sarif':
      out = renderSarifChunks(findings, {
        levelFor: levelFor(failOn),
        suppressed,
        suppressedResults: values['sarif-suppressed'],
        config: configUsed,
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
    default:
      out = renderTextChunks(findings, summary, { color, suppressed, config: configUsed });
  }
  if (values.output && !isStdout(values.output)) {
    const trees = [root, ...paths.map((p) => resolve(io.cwd, p))];
    try {
      writeOutput(resolve(io.cwd, values.output), out, trees, values.output);
    } catch (e) {
      if (e instanceof ConfigurationError) throw e;
      throw new ConfigurationError(`--output: cannot write ${values.output}: ${(e as Error).message}`);
    }
    if (format !== 'text')
      io.stderr(renderText([], summary, { color: false, suppressed, config: configUsed }).replace(/^\n/, ''));
  } else {
    await writeChunks(out, io.stdout);
  }
  if (values.debug)
    logger.debug(
      `scanned ${result.stats.filesChecked} files, ${result.stats.bytesRead} bytes in ${result.stats.durationMs.toFixed(0)} ms`,
    );
  return findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}

function runRules(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: { format: { type: 'string', short: 'f', default: 'text' } },
  });
  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        ALL_RULES.map((r) => ({ id: r.id, severity: r.severity, title: r.title })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (values.format !== 'text')
    throw new ConfigurationError(`--format: expected text or json (got "${values.format}")`);
  const w = Math.max(...ALL_RULES.map((r) => r.id.length));
  io.stdout(ALL_RULES.map((r) => `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.title}`).join('\n') + '\n');
  return 0;
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
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return 0;
    }
    if (cmd === 'scan') return await runScan(rest, io);
    if (cmd === 'rules') return runRules(rest, io);
    throw new ConfigurationError(`unknown command '${cmd}' (try 'bulkhead --help')`);
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
