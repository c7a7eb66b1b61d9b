/**
 * `bulkhead fix [paths]`: scans like `scan` (offline checks only: fixes need no advisories), takes
 * the findings whose rule declares a mechanical fix, resolves digests and commit SHAs unless
 * `--offline`, and prints one unified diff (`git apply`-able) or, with `--write`, applies it. A
 * fix not made is said on stderr with its reason. Exit codes as for `scan`: 1 when a finding at or
 * above fail-on stays once the fixes are applied, 0 otherwise, 2 for usage and internal errors.
 */
import { readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { statSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';
import { loadConfig } from '../config/resolve.js';
import { thresholdSchema } from '../config/schema.js';
import { scan } from '../scan/engine.js';
import { ANALYZERS } from '../scan/analyzers.js';
import { ParseError } from '../formats/position.js';
import { atOrAbove, type FileKind, type Threshold } from '../core/index.js';
import { RULE_IDS } from '../rules/index.js';
import { sanitizeForTerminal } from '../report/text.js';
import { planFixes, type FileFix } from '../fix/plan.js';
import { NO_ANSWERS, resolveAll } from '../fix/resolve.js';
import { unifiedDiff } from '../fix/diff.js';
import { writeInsideRoots } from '../github/safe-write.js';
import { ioLogger, isDir, parse, pickRoot, suggestion, type CliIo } from './main.js';

const FIX_OPTIONS = {
  config: { type: 'string', short: 'c' },
  rule: { type: 'string', multiple: true },
  write: { type: 'boolean', default: false },
  offline: { type: 'boolean', default: false },
  'fail-on': { type: 'string' },
  root: { type: 'string' },
  debug: { type: 'boolean', default: false },
} as const;

/** Why the parse check failed, in one line; undefined when the text parses. */
export async function parseProblem(kind: FileKind, path: string, text: string): Promise<string | undefined> {
  const analyzer = ANALYZERS[kind];
  if (!analyzer) return undefined;
  try {
    await analyzer.parse(text, path);
    return undefined;
  } catch (e) {
    if (e instanceof ParseError) return `${e.line}:${e.column} ${e.message.split('\n')[0]}`;
    return (e as Error).message.split('\n')[0];
  }
}

export async function runFix(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('fix', argv, FIX_OPTIONS);
  let failOnFlag: Threshold | undefined;
  if (values['fail-on'] !== undefined) {
    const parsed = thresholdSchema.safeParse(values['fail-on']);
    if (!parsed.success)
      throw new ConfigurationError(
        `--fail-on: expected critical, high, medium, low, info or never (got "${sanitizeForTerminal(values['fail-on'])}")`,
      );
    failOnFlag = parsed.data;
  }
  const rules = new Set(values.rule ?? []);
  for (const id of rules)
    if (!RULE_IDS.has(id))
      throw new ConfigurationError(
        `--rule: unknown rule id '${sanitizeForTerminal(id)}'${suggestion(id, RULE_IDS)}; run 'bulkhead rules' for the list`,
      );
  const paths = positionals.length > 0 ? positionals : ['.'];
  if (paths.includes('-')) throw new ConfigurationError("fix reads files, not standard input ('-')");
  for (const p of paths) {
    try {
      statSync(resolve(io.cwd, p));
    } catch {
      throw new ConfigurationError(`path not found: ${p}`);
    }
  }
  const root = pickRoot(io.cwd, paths, values.root);
  const firstDir = resolve(io.cwd, paths[0]!);
  const searchDirs = [firstDir, root].filter((d, i, a) => a.indexOf(d) === i && isDir(d));
  const { config, source } = loadConfig({
    ruleIds: RULE_IDS,
    explicit: values.config && resolve(io.cwd, values.config),
    searchDirs,
    root,
  });
  const online = !values.offline && config.online !== false;
  const failOn = failOnFlag ?? config['fail-on'];
  const logger = ioLogger(io, values.debug);

  // The scan itself stays offline: fixes need no advisories, and a plain scan never resolves.
  const result = await scan({
    root,
    paths: paths.map((p) => resolve(io.cwd, p)),
    config: { ...config, online: false },
    ...(source ? { configSource: source } : {}),
    logger,
  });
  const kinds = new Map(result.files.map((f) => [f.path, f.kind]));
  const fixable = result.findings.filter((f) => f.autofix && (rules.size === 0 || rules.has(f.ruleId)));
  const intel =
    online && io.intel && fixable.some((f) => f.autofix!.resolve && !f.autofix!.edits)
      ? await io.intel(config.intel)
      : undefined;
  const answers = intel
    ? await resolveAll(
        fixable.map((f) => f.autofix!),
        intel,
      )
    : NO_ANSWERS;
  for (const failure of answers.failures)
    logger.warning(
      `${failure.service} (${failure.url}): ${failure.packages} not resolved: ${failure.reason}`,
    );

  const files = await planFixes(fixable, {
    read: (path) => {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    parse: (path, text) => {
      const kind = kinds.get(path);
      return kind ? parseProblem(kind, path, text) : Promise.resolve(undefined);
    },
    answers,
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const changed = files.filter((f) => f.after !== f.before);
  const unwritten = values.write ? writeFixes(changed, root, io) : new Set<string>();
  // A file not written keeps its findings: they count for the exit code as unfixed.
  const fixed = new Set(
    files
      .filter((f) => !unwritten.has(f.path))
      .flatMap((f) => f.outcomes.filter((o) => o.edits.length > 0).map((o) => o.finding)),
  );
  const notMade = files.flatMap((f) => f.outcomes.filter((o) => o.edits.length === 0));
  for (const o of notMade)
    io.stderr(
      sanitizeForTerminal(
        `not fixed: ${o.finding.path}:${o.finding.startLine}:${o.finding.startColumn} ${o.finding.ruleId}: ${o.reason ?? 'no edit'}`,
      ) + '\n',
    );

  if (!values.write) for (const f of changed) io.stdout(unifiedDiff(f.path, f.before, f.after));
  io.stderr(
    `${fixed.size} ${fixed.size === 1 ? 'fix' : 'fixes'} in ${changed.length} ${changed.length === 1 ? 'file' : 'files'}${values.write ? ' written' : ''}; ${notMade.length} not made${!online ? ' (offline: digests and commit SHAs are not resolved)' : ''}.\n`,
  );
  const remaining = result.findings.filter((f) => !fixed.has(f));
  return remaining.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}

/** Writes each fixed file in place, unless it changed since it was read (then it is left alone and said). */
function writeFixes(changed: readonly FileFix[], root: string, io: CliIo): Set<string> {
  const unwritten = new Set<string>();
  for (const f of changed) {
    const abs = join(root, f.path);
    let now: string | undefined;
    try {
      now = readFileSync(abs, 'utf8');
    } catch {
      now = undefined;
    }
    if (now !== f.before) {
      io.stderr(`not written: ${sanitizeForTerminal(f.path)} changed while fixing\n`);
      unwritten.add(f.path);
      continue;
    }
    try {
      writeInsideRoots(abs, f.after, [root]);
    } catch (e) {
      io.stderr(
        `not written: ${sanitizeForTerminal(f.path)}: ${sanitizeForTerminal((e as Error).message)}\n`,
      );
      unwritten.add(f.path);
    }
  }
  return unwritten;
}
