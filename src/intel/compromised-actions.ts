/**
 * Offline list of GitHub Actions whose tags, commits or run-time dependencies carried malicious
 * code, seeded from the project's hand-checked reference data (each entry names the advisory or
 * write-up it was checked against). The list is dated (`COMPROMISED_ACTIONS_DATE`, printed by
 * `bulkhead --version`); advisories are revised after publication and this list is not, so every
 * finding built from an entry cites its `source` and `advisories`.
 *
 * `matchAction` answers one question for one `uses:` value: what the data says about this ref, and
 * what is true of it today (a restored tag is exposure-window history; a commit that carried the
 * payload carries it forever).
 */
import data from './compromised-actions.json' with { type: 'json' };

export interface CompromisedAction {
  /** `owner/repo` as written in `uses:`. */
  action: string;
  incident: string;
  date: string;
  exposure_window_utc: { start: string; end: string; precision: string };
  affected_refs: {
    tags: string[];
    tag_range: { from: string; to: string } | null;
    all_tags: boolean;
    any_ref: boolean;
    version_range: { introduced: string; fixed: string } | null;
    description: string;
  };
  malicious_commits: { sha: string; note: string; source: string }[];
  safe_refs: string[];
  advisories: string[];
  source: string;
  references: string[];
  /** Ours, from the entry's own description: what the repointed tags point to now. */
  tags_now: {
    state: TagState;
    /** Tags whose state differs from `state` (setup-trivy's recreated v0.2.6). */
    except?: Record<string, TagState>;
    basis: string;
  };
}

/**
 * `restored`: the repointed tags point at their original clean commits again; `deleted`: the
 * tags no longer exist; `malicious`: the data does not say they were restored.
 */
export type TagState = 'restored' | 'deleted' | 'malicious';

interface Data {
  date: string;
  about: string;
  actions: CompromisedAction[];
}

const DATA = data as Data;
export const COMPROMISED_ACTIONS: readonly CompromisedAction[] = DATA.actions;
/** The as-of date of the list: nothing published after it is in it. */
export const COMPROMISED_ACTIONS_DATE: string = DATA.date;

const BY_ACTION = new Map<string, CompromisedAction[]>();
for (const e of COMPROMISED_ACTIONS) {
  const key = e.action.toLowerCase();
  BY_ACTION.set(key, [...(BY_ACTION.get(key) ?? []), e]);
}

/** Entries for an `owner/repo` (GitHub names are case-insensitive). */
export function entriesFor(owner: string, repo: string): readonly CompromisedAction[] {
  return BY_ACTION.get(`${owner}/${repo}`.toLowerCase()) ?? [];
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
// Anchored, no nested quantifiers: linear on any input; refs past 64 characters are no version.
const VERSION = /^(v?)(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-[0-9A-Za-z.-]{1,32})?$/;

interface Version {
  prefix: string;
  /** Missing parts are undefined (`v45` is a major-version tag). */
  parts: [number, number | undefined, number | undefined];
}

/** A version-like tag name (`v45`, `0.28.0`, `v35.7.7-sec`), or undefined. */
export function parseVersion(ref: string): Version | undefined {
  if (ref.length > 64) return undefined;
  const m = VERSION.exec(ref);
  if (!m) return undefined;
  const n = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  return { prefix: m[1]!, parts: [Number(m[2]), n(m[3]), n(m[4])] };
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The tag as a point, missing parts 0: `v45` sorts between `v44.9.9` and `v45.0.1` as a tag name. */
const point = (v: Version): number[] => v.parts.map((p) => p ?? 0);

/**
 * Whether the tag name lies in `tag_range` (inclusive, version order). The range names tags as
 * the repository wrote them: `v1`…`v45.0.7` covers `v44` but not `44.0.0`, and trivy-action's
 * `0.0.1`…`0.34.2` does not cover the `v0.20.0` tags recreated on clean commits afterwards.
 */
export function inTagRange(range: { from: string; to: string }, ref: string): boolean {
  const v = parseVersion(ref);
  const from = parseVersion(range.from);
  const to = parseVersion(range.to);
  if (!v || !from || !to || v.prefix !== from.prefix) return false;
  return compare(point(from), point(v)) <= 0 && compare(point(v), point(to)) <= 0;
}

/**
 * Whether the release a tag runs lies in the advisory's `{introduced, fixed}` range. An exact
 * version (`v45.0.7`) is that release; a moving major or minor tag (`v45`, `v0.34`) runs the newest
 * release of its series, which is affected only when the whole series is below the fix (`v45` with
 * a fix in 46.0.1 is; `v46` is not).
 */
export function inVersionRange(range: { introduced: string; fixed: string }, ref: string): boolean {
  const v = parseVersion(ref);
  const introduced = parseVersion(range.introduced);
  const fixed = parseVersion(range.fixed);
  if (!v || !introduced || !fixed) return false;
  const newest = v.parts.map((p) => p ?? Number.POSITIVE_INFINITY);
  return compare(point(introduced), newest) <= 0 && compare(newest, point(fixed)) < 0;
}

/** How a ref stands against one entry, from worst to least. */
export type ActionMatchKind =
  /** A commit the data names as carrying the payload: it runs the payload whenever it runs. */
  | 'malicious-commit'
  /** A tag the data says was repointed and not restored: it runs the payload today. */
  | 'malicious-tag'
  /** A commit pin of an action whose every tag was moved, with no commit named to check it against. */
  | 'unverifiable-commit'
  /** A release the advisory lists as affected (the advisory's fix is an upgrade). */
  | 'vulnerable-version'
  /** A ref that ran the payload only during the exposure window (tag since restored or deleted). */
  | 'window';

export interface ActionMatch {
  entry: CompromisedAction;
  kind: ActionMatchKind;
  /** The malicious commit matched, for `malicious-commit`. */
  commit?: CompromisedAction['malicious_commits'][number];
  /** The ref was one of the repointed tags (during the window). */
  repointed: boolean;
  /** Whether the ref is in the advisory's affected version range. */
  inRange: boolean;
  /** What the data says the repointed tag points to now. */
  tagNow?: TagState;
}

/** What the data says about `owner/repo@ref`; undefined when nothing. */
export function matchAction(entry: CompromisedAction, ref: string): ActionMatch | undefined {
  const a = entry.affected_refs;
  if (FULL_SHA.test(ref)) {
    const commit = entry.malicious_commits.find((c) => c.sha.toLowerCase() === ref.toLowerCase());
    if (commit) return { entry, kind: 'malicious-commit', commit, repointed: false, inRange: false };
    // A commit pin ran whatever the action pulled at run time during the window.
    if (a.any_ref) return { entry, kind: 'window', repointed: false, inRange: false };
    if (a.all_tags && entry.malicious_commits.length === 0 && entry.tags_now.state === 'malicious')
      return { entry, kind: 'unverifiable-commit', repointed: false, inRange: false };
    // Any other commit: its version is unknown offline (a `# v44` comment proves nothing).
    return undefined;
  }
  const repointed =
    a.any_ref || a.all_tags || a.tags.includes(ref) || (a.tag_range !== null && inTagRange(a.tag_range, ref));
  const inRange = a.version_range !== null && inVersionRange(a.version_range, ref);
  if (!repointed && !inRange) return undefined;
  const tagNow = repointed ? (entry.tags_now.except?.[ref] ?? entry.tags_now.state) : undefined;
  if (tagNow === 'malicious') return { entry, kind: 'malicious-tag', repointed, inRange, tagNow };
  return { entry, kind: inRange ? 'vulnerable-version' : 'window', repointed, inRange, tagNow };
}

const ORDER: readonly ActionMatchKind[] = [
  'malicious-commit',
  'malicious-tag',
  'unverifiable-commit',
  'vulnerable-version',
  'window',
];

/** Every entry's match for `owner/repo@ref`, worst first. */
export function findCompromised(owner: string, repo: string, ref: string): ActionMatch[] {
  const out: ActionMatch[] = [];
  for (const e of entriesFor(owner, repo)) {
    const m = matchAction(e, ref);
    if (m) out.push(m);
  }
  return out.sort((x, y) => ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
}
