import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { ConfigSource } from '../config/load.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { scanBase } from '../github/base-scan.js';
import { changesFromGit, localGit, parseNameStatus } from '../github/changes.js';
import type { Finding } from '../core/index.js';
import { splitFindings, type ReportSplit } from '../scan/report-filter.js';

/**
 * `bulkhead scan --base REF`: the same comparison the action makes for `report: new`, from local
 * git. The working tree (committed or not, untracked files included) is compared with the merge
 * base of REF and HEAD; a finding is new when its fingerprint is absent from the base scan.
 */
export async function splitAgainstBase(
  head: readonly Finding[],
  opts: {
    ref: string;
    root: string;
    scanPath: string;
    config: Config;
    configSource?: ConfigSource;
    logger: Logger;
  },
): Promise<ReportSplit & { base: string; changed: number }> {
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
  // Untracked files are part of what was scanned; git diff does not list them.
  const untracked = await git.run(['ls-files', '--others', '--exclude-standard', '-z']);
  if (untracked.ok) {
    const listed = new Set(changes.files.map((f) => f.path));
    for (const f of parseNameStatus(
      untracked.stdout
        .toString('utf8')
        .split('\0')
        .filter(Boolean)
        .map((p) => `A\0${p}`)
        .join('\0'),
    )) {
      if (!listed.has(f.path)) changes.files.push(f);
    }
  }
  const base = await scanBase({
    changes,
    workspace: opts.root,
    scanPath: opts.scanPath,
    config: opts.config,
    ...(opts.configSource ? { configSource: opts.configSource } : {}),
    logger: opts.logger,
  });
  const changed = new Set(changes.files.filter((f) => f.status !== 'removed').map((f) => f.path));
  const split = splitFindings(head, {
    mode: 'new',
    changed,
    baseFingerprints: base.fingerprints,
    extraNew: base.extraNew,
  });
  return { ...split, base: changes.base, changed: changed.size };
}
