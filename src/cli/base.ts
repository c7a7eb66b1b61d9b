import type { Intel } from '../intel/intel.js';
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Finding } from '../core/index.js';
import { compareWithBase, type BaseComparison } from '../scan/base/compare.js';
import { addUntracked, changesFromGit, localGit } from '../scan/base/git.js';
import type { ChangeSet } from '../scan/base/changes.js';
import type { OnlineSelect } from '../scan/online.js';

/**
 * `bulkhead scan --base REF`: the action's `report: new` comparison, from local git. The working
 * tree (committed or not, untracked files included) is compared with the merge base of REF and
 * HEAD. Only the flag's checks live here; the comparison is scan/base/.
 */
export async function splitAgainstBase(
  head: readonly Finding[],
  opts: {
    ref: string;
    root: string;
    scanPath: string;
    config: Config;
    configSource?: ConfigSource;
    /** The head scan's look-ups: the base scan shares their cache, so only packages the change removed are asked anew. */
    intel?: Intel;
    /** The changes, when worked out before the head scan (baseChanges). */
    changes?: ChangeSet;
    /** Which entries the base scan asks about online (onlineSelection's `base`). */
    onlineSelect?: OnlineSelect;
    logger: Logger;
  },
): Promise<BaseComparison> {
  const changes = opts.changes ?? (await baseChanges(opts.ref, opts.root));
  return compareWithBase(head, {
    changes,
    workspace: opts.root,
    scanPath: opts.scanPath,
    config: opts.config,
    ...(opts.configSource ? { configSource: opts.configSource } : {}),
    ...(opts.intel ? { intel: opts.intel } : {}),
    ...(opts.onlineSelect ? { onlineSelect: opts.onlineSelect } : {}),
    logger: opts.logger,
  });
}

/** The changes between the merge base of REF and HEAD and the working tree, untracked files included. */
export async function baseChanges(ref: string, root: string): Promise<ChangeSet> {
  const opts = { ref, root };
  const git = localGit(opts.root);
  const top = await git.run(['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new ConfigurationError(`--base needs a git repository at ${opts.root}`);
  if (resolve(top.stdout.toString('utf8').trim()) !== resolve(opts.root)) {
    throw new ConfigurationError('--base needs the report root to be the repository root (drop --root)');
  }
  if (opts.ref.startsWith('-')) throw new ConfigurationError(`--base: not a revision (got "${opts.ref}")`);
  const rev = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${opts.ref}^{commit}`]);
  const sha = rev.ok ? rev.stdout.toString('utf8').trim() : '';
  if (!sha) throw new ConfigurationError(`--base: no such commit (got "${opts.ref}")`);
  const changes = await changesFromGit(git, sha);
  if (!changes) throw new ConfigurationError(`--base: git could not compare with ${opts.ref}`);
  await addUntracked(git, changes);
  return changes;
}
