import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { CONFIG_FILE_NAMES, describeKey, describeValue, parseConfig, type ConfigSource } from './load.js';
import { defaultConfig, type Config } from './schema.js';
import { toRepoPath } from './repo-path.js';

/** The repository root for a scan: the nearest ancestor holding `.git`, else undefined. */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return undefined;
  }
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * Rule ids in `rules:` and `ignore:` must exist: a typo would otherwise silently do nothing. The
 * shells pass the ids of the rule list in (config/ sits below rules/ and never imports it).
 */
export function checkRuleIds(config: Config, path: string, ruleIds: ReadonlySet<string>): void {
  for (const id of Object.keys(config.rules)) {
    if (!ruleIds.has(id))
      throw new ConfigurationError(
        `${path}: 'rules.${describeKey(id)}': unknown rule id; run 'bulkhead rules' for the list`,
      );
  }
  config.ignore.forEach((e, i) => {
    if (!ruleIds.has(e.rule))
      throw new ConfigurationError(
        `${path}: 'ignore.${i}.rule': unknown rule id (got ${describeValue(e.rule)}); run 'bulkhead rules' for the list`,
      );
  });
}

/** Whether anything (a file, a link, even a dangling one) is at the path. */
function present(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isInside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A config file larger than this is refused, in the checkout and at the base commit alike. */
export const MAX_CONFIG_BYTES = 1 << 20;

/** Where a config file is looked for: each directory in order, `.bulkhead.yml` before `.yaml`. */
export function configCandidates(searchDirs: readonly string[]): string[] {
  return searchDirs.flatMap((dir) => CONFIG_FILE_NAMES.map((name) => join(dir, name)));
}

/** The first config file present (a link too: loading refuses it with a clear error). */
export function findConfigFile(searchDirs: readonly string[]): string | undefined {
  return configCandidates(searchDirs).find(present);
}

export interface LoadedConfig {
  config: Config;
  source?: ConfigSource;
}

/**
 * Loads `--config FILE` if given, else the first `.bulkhead.yml` found in `searchDirs`; no file means
 * the defaults. Every problem is a ConfigurationError.
 */
export function loadConfig(opts: {
  explicit?: string;
  searchDirs: string[];
  root: string;
  /** Every rule id Bulkhead knows (`RULE_IDS` from rules/). */
  ruleIds: ReadonlySet<string>;
}): LoadedConfig {
  let file: string | undefined;
  if (opts.explicit) {
    file = resolve(opts.explicit);
    if (!existsSync(file)) throw new ConfigurationError(`config file not found: ${opts.explicit}`);
  } else {
    file = findConfigFile(opts.searchDirs);
  }
  if (!file) return { config: defaultConfig() };
  let text: string;
  try {
    // A config file in the repository is content of the pull request: a link in it (the file or a
    // directory on the way) must not make Bulkhead read, and echo in errors, a file outside it.
    // The file itself may not be a link at all: one pointing at another workspace file (a token
    // written by an earlier step, say) would be parsed and its text quoted in the error.
    const rootAbs = resolve(opts.root);
    if (isInside(rootAbs, file) && !isInside(realpathSync(rootAbs), realpathSync(file))) {
      throw new ConfigurationError(
        `${toRepoPath(opts.root, file)}: config file is a symbolic link out of the repository; not followed`,
      );
    }
    if (isInside(rootAbs, file) && lstatSync(file).isSymbolicLink()) {
      throw new ConfigurationError(
        `${toRepoPath(opts.root, file)}: config file is a symbolic link; not followed`,
      );
    }
    if (statSync(file).size > MAX_CONFIG_BYTES)
      throw new ConfigurationError(`${file}: config file is over 1 MiB`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigurationError) throw e;
    throw new ConfigurationError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  const shown = toRepoPath(opts.root, file);
  // Relative to the report root, with ../ for a file outside it: never absolute (docs/cli.md).
  const { config, source } = parseConfig(text, shown);
  checkRuleIds(config, source.path, opts.ruleIds);
  return { config, source };
}
