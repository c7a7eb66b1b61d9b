import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { ConfigSource } from '../../config/load.js';
import type { Logger } from '../../logger.js';
import type { Finding } from '../../core/index.js';
import { diffLockfiles } from '../../formats/lockfile/diff.js';
import { integrityChangedHits, rule } from '../../rules/lockfile/integrity-changed.js';
import { classify } from '../classify.js';
import { applySuppressions, pendingFromHit } from '../engine.js';
import { noLinkOnTheWay } from './paths.js';

/** `lockfile/integrity-changed` for every changed lockfile, through the same ignores and overrides. */
export async function lockfileDiffFindings(
  baseTexts: Map<string, string>,
  opts: { workspace: string; config: Config; configSource?: ConfigSource },
  log: Logger,
): Promise<Finding[]> {
  const lockfiles = [...baseTexts.keys()].filter((p) => classify(p) === 'lockfile');
  if (lockfiles.length === 0) return [];
  const { parseLockfile } = await import('../../formats/lockfile/parse.js');
  const pending: Parameters<typeof applySuppressions>[0] = [];
  for (const path of lockfiles) {
    try {
      // The head file may have become a link (a type change counts as changed): never read through it.
      if (!(await noLinkOnTheWay(opts.workspace, path))) continue;
      const headText = await readFile(join(opts.workspace, path), 'utf8');
      const base = parseLockfile(baseTexts.get(path)!, path);
      const head = parseLockfile(headText, path);
      for (const h of integrityChangedHits(diffLockfiles(base, head))) {
        pending.push(pendingFromHit(rule, path, h));
      }
    } catch (e) {
      // A lockfile that does not parse is already a finding of the head scan.
      log.debug(`lockfile diff skipped for ${path}: ${(e as Error).message}`);
    }
  }
  if (pending.length === 0) return [];
  const { findings } = applySuppressions(pending, [], {
    config: opts.config,
    ...(opts.configSource ? { configSource: opts.configSource } : {}),
  });
  // applySuppressions also reports config entries this partial run did not use: not ours to report.
  return findings.filter((f) => f.ruleId === rule.id);
}
