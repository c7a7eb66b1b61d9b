import type { Intel } from '../../intel/intel.js';
import type { OnlineSelect } from '../online.js';
import type { Config } from '../../config/schema.js';
import type { ConfigSource } from '../../config/load.js';
import type { Finding } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { TREE_RULE_IDS } from '../../rules/index.js';
import { splitFindings, type ReportSplit } from '../report-filter.js';
import { scanBase } from './base-scan.js';
import { changedPaths, type ChangeSet } from './changes.js';

export interface BaseComparison extends ReportSplit {
  /** The commit compared with (the merge base when git found one). */
  base: string;
  /** Head paths the change touched. */
  changed: Set<string>;
  /** Base files read. */
  read: number;
}

/**
 * `report: new`, for the CLI's `--base` and the action alike: scans the base versions of the
 * changed files, then reports a head finding when it sits in a changed file and its fingerprint is
 * absent from the base scan, plus what only the comparison finds (a rewritten lockfile hash).
 * Where the changes come from (local git, GitHub's API) is the caller's business.
 */
export async function compareWithBase(
  head: readonly Finding[],
  opts: {
    changes: ChangeSet;
    workspace: string;
    scanPath: string;
    config: Config;
    configSource?: ConfigSource;
    /** The head scan's look-ups: the base scan shares their cache, so only packages the change removed are asked anew. */
    intel?: Intel;
    /** Which entries the base scan asks about online (onlineSelection's `base`). */
    onlineSelect?: OnlineSelect;
    logger: Logger;
  },
): Promise<BaseComparison> {
  const { changes } = opts;
  // Files with findings that read the tree beside them (a Dockerfile's build context): scanned at
  // the base too, with the base's tree, even when the change did not touch them.
  const treeFiles = [...new Set(head.filter((f) => TREE_RULE_IDS.has(f.ruleId)).map((f) => f.path))];
  const base = await scanBase({
    changes,
    treeFiles,
    workspace: opts.workspace,
    scanPath: opts.scanPath,
    config: opts.config,
    ...(opts.configSource ? { configSource: opts.configSource } : {}),
    ...(opts.intel ? { intel: opts.intel } : {}),
    ...(opts.onlineSelect ? { onlineSelect: opts.onlineSelect } : {}),
    logger: opts.logger,
  });
  const changed = changedPaths(changes);
  const split = splitFindings(head, {
    mode: 'new',
    changed,
    baseFingerprints: base.fingerprints,
    baseCovered: base.covered,
    extraNew: base.extraNew,
    baseTreeScanned: base.treeScanned,
  });
  return { ...split, base: changes.base, changed, read: base.read };
}
