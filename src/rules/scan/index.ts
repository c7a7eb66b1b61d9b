import type { Rule } from '../../core/index.js';
import { rule as symlinkSkipped } from './symlink-skipped.js';
import { rule as fileTooLarge } from './file-too-large.js';
import { rule as binarySkipped } from './binary-skipped.js';
import { rule as readError } from './read-error.js';
import { rule as internalError } from './internal-error.js';
import { rule as walkTruncated } from './walk-truncated.js';

export const scanRules: Rule[] = [
  symlinkSkipped,
  fileTooLarge,
  binarySkipped,
  readError,
  internalError,
  walkTruncated,
];

/**
 * The rules that say a file (or the rest of the tree) could not be checked. What they cover is
 * unknown, so no comparison with a base commit can show it was there before: `report: new` and
 * `changed-files` always report them.
 */
export const COULD_NOT_CHECK_RULE_IDS: ReadonlySet<string> = new Set([
  ...[symlinkSkipped, fileTooLarge, binarySkipped, readError, internalError, walkTruncated].map((r) => r.id),
  // A look-up that failed checked nothing online: never filed as existing.
  'intel/unavailable',
]);
