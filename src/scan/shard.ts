import { ConfigurationError } from '../errors.js';

/** One share of a sharded scan: shard `index` of `total` (1-based). */
export interface Shard {
  index: number;
  total: number;
}

/** A GitHub Actions matrix holds at most 256 jobs; more shards could never all run. */
export const MAX_SHARDS = 256;

/**
 * Parses `K/N` (`--shard`, the action's `shard` input). Only plain decimal digits: `01/4`, `1/4.0`
 * or ` 1/4` are refused rather than guessed, so two jobs can never disagree on what they run.
 */
export function parseShard(raw: string, what = '--shard'): Shard {
  const m = /^([1-9][0-9]{0,2})\/([1-9][0-9]{0,2})$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || index > total || total > MAX_SHARDS)
    throw new ConfigurationError(
      `${what}: expected K/N with 1 <= K <= N <= ${MAX_SHARDS}, e.g. 1/4 (got "${raw.slice(0, 40)}")`,
    );
  return { index, total };
}

/**
 * FNV-1a (32 bits) over the path's UTF-8 bytes. A hash of the path alone, so adding or removing
 * other files never moves a file to another shard, and every job of a matrix computes the same
 * split without talking to the others.
 */
export function pathHash(path: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(path, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The shard (1-based) a repo-relative path belongs to among `total`. */
export function shardOf(path: string, total: number): number {
  return (pathHash(path) % total) + 1;
}

/** Whether this shard checks `path`; without a shard every path is checked. */
export function inShard(path: string, shard: Shard | undefined): boolean {
  return !shard || shard.total === 1 || shardOf(path, shard.total) === shard.index;
}

/** The automation category of a shard's SARIF: code scanning keeps one analysis per category. */
export function shardCategory(shard: Shard): string {
  return `bulkhead/shard-${shard.index}-of-${shard.total}/`;
}
