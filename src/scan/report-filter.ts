import type { ReportMode } from '../config/schema.js';
import type { Finding } from '../core/index.js';
import { COULD_NOT_CHECK_RULE_IDS } from '../rules/scan/index.js';
import { TREE_RULE_IDS } from '../rules/index.js';
import { KINDS } from './kinds.js';

/** Above this many changed files `new` is not attempted: `changed-files` is reported instead. */
export const MAX_CHANGED_FILES_FOR_NEW = 3000;

/**
 * Which report mode applies: an explicit input wins, then the config file's `report`, then the
 * event (`new` for pull requests and merge groups, `all` otherwise). Without a base commit there
 * is nothing to compare with, so `new` and `changed-files` become `all`, and the reason says so.
 */
export function resolveReportMode(opts: {
  input: 'auto' | ReportMode;
  config?: ReportMode;
  eventName: string;
  hasBase: boolean;
}): { mode: ReportMode; requested: ReportMode; reason?: string } {
  const byEvent: ReportMode = ['pull_request', 'pull_request_target', 'merge_group'].includes(opts.eventName)
    ? 'new'
    : 'all';
  const requested = opts.input !== 'auto' ? opts.input : (opts.config ?? byEvent);
  if (requested !== 'all' && !opts.hasBase) {
    return {
      mode: 'all',
      requested,
      reason: `report: ${requested} needs a base commit and the ${opts.eventName || 'current'} event has none, so every finding is reported`,
    };
  }
  return { mode: requested, requested };
}

/**
 * A finding that says a file (or the rest of the tree) was not checked: a skipped file, a cut-short
 * walk, a parse or internal error. Nothing can show that what it hides was in the base too (a
 * skipped directory is not a changed path, an unparsable file keeps one fingerprint however it is
 * edited), so it is reported in every mode, never filed as existing.
 */
const PARSE_ERROR_RULE_IDS: ReadonlySet<string> = new Set(
  KINDS.flatMap((k) => ('analyzer' in k && k.analyzer ? [k.analyzer.parseErrorRule] : [])),
);
export function isCouldNotCheck(f: Pick<Finding, 'ruleId'>): boolean {
  return COULD_NOT_CHECK_RULE_IDS.has(f.ruleId) || PARSE_ERROR_RULE_IDS.has(f.ruleId);
}

export interface ReportSplit {
  /** What this run reports and blocks on. */
  reported: Finding[];
  /** Everything else: shown collapsed in the job summary, never blocking. */
  existing: Finding[];
}

/**
 * Splits head findings by mode. `changed-files`: findings in changed files. `new`: findings in
 * changed files whose fingerprint (rule + path + evidence + occurrence, stable when lines move)
 * the base scan did not have, plus findings only a comparison can produce (`extraNew`, e.g. a
 * lockfile's changed integrity). A finding in an unchanged file is never new, except one saying
 * something could not be checked (`isCouldNotCheck`), which is always reported.
 */
export function splitFindings(
  head: readonly Finding[],
  opts: {
    mode: ReportMode;
    changed?: ReadonlySet<string>;
    baseFingerprints?: ReadonlySet<string>;
    /** What the base's findings covered, by coveredKey: lets a grouped finding say what was added. */
    baseCovered?: ReadonlyMap<string, ReadonlySet<string>>;
    extraNew?: readonly Finding[];
    /**
     * Files the base scan also checked though the change did not touch them (Dockerfiles whose
     * build context the change may have touched): their tree-reading rules' findings are compared
     * with the base too, so a credential file added to a copied context, or an ignore line deleted,
     * is new even with the Dockerfile unchanged.
     */
    baseTreeScanned?: ReadonlySet<string>;
  },
): ReportSplit {
  if (opts.mode === 'all') return { reported: [...head], existing: [] };
  const changed = opts.changed ?? new Set<string>();
  const reported: Finding[] = [];
  const existing: Finding[] = [];
  for (const f of head) {
    const inChanged =
      changed.has(f.path) ||
      (opts.mode === 'new' && TREE_RULE_IDS.has(f.ruleId) && opts.baseTreeScanned?.has(f.path) === true);
    const isNew =
      isCouldNotCheck(f) ||
      (opts.mode === 'changed-files' ? inChanged : inChanged && !opts.baseFingerprints?.has(f.fingerprint));
    if (!isNew) existing.push(f);
    else reported.push(opts.mode === 'new' && inChanged ? withAdded(f, opts.baseCovered) : f);
  }
  if (opts.mode === 'new' && opts.extraNew) {
    const seen = new Set(reported.map((f) => f.fingerprint));
    for (const f of opts.extraNew) {
      if (seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      reported.push(f);
    }
  }
  return { reported, existing };
}

/** The key of what a rule's findings covered in one file (base-scan's covered map). */
export function coveredKey(ruleId: string, path: string): string {
  return `${ruleId}\0${path}`;
}

/** At most this many added members are named in a message; the rest are counted. */
const MAX_ADDED_NAMED = 8;

/**
 * A grouped finding (one per install command, lockfile or host) is new when one more member joins
 * it, since its fingerprint covers the group: the reviewer should not have to diff the list to see
 * why. When the base had findings of the same rule in the same file, the members (related-span
 * labels) the base did not cover are named at the end of the message. A finding the base had
 * nothing of the kind for is new as a whole and left as it is.
 */
function withAdded(f: Finding, covered?: ReadonlyMap<string, ReadonlySet<string>>): Finding {
  const before = covered?.get(coveredKey(f.ruleId, f.path));
  if (!before || before.size === 0 || !f.related || f.related.length === 0) return f;
  const added = [...new Set(f.related.map((r) => r.label))].filter((l) => !before.has(l));
  if (added.length === 0 || added.length === f.related.length) return f;
  const named = added
    .slice(0, MAX_ADDED_NAMED)
    .map((l) => `'${l}'`)
    .join(', ');
  const more = added.length > MAX_ADDED_NAMED ? ` and ${added.length - MAX_ADDED_NAMED} more` : '';
  return { ...f, message: `${f.message} New in this change: ${named}${more}.` };
}
