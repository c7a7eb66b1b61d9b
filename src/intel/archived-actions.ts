/**
 * Offline list of GitHub Actions whose repositories are archived, each entry citing a write-up
 * that states the archival and zizmor's curated list at a fixed commit. Dated
 * (`ARCHIVED_ACTIONS_DATE`, printed by `bulkhead --version`): a repository archived or
 * unarchived after that date is not reflected.
 */
import data from './archived-actions.json' with { type: 'json' };

export interface ArchivedAction {
  /** `owner/repo` as written in `uses:`. */
  action: string;
  /** When the repository was archived, as precisely as the source says (`2021`, `2023-10-13`). */
  archived: string;
  source: string;
  /** The source's words. */
  source_says: string;
  also_listed_by: string;
  /** What the sources point to instead. */
  replacement: string;
}

interface Data {
  date: string;
  about: string;
  actions: ArchivedAction[];
}

const DATA = data as Data;
export const ARCHIVED_ACTIONS: readonly ArchivedAction[] = DATA.actions;
export const ARCHIVED_ACTIONS_DATE: string = DATA.date;

const BY_ACTION = new Map(ARCHIVED_ACTIONS.map((e) => [e.action.toLowerCase(), e]));

/** The entry for an `owner/repo` (GitHub names are case-insensitive), if archived. */
export function findArchived(owner: string, repo: string): ArchivedAction | undefined {
  return BY_ACTION.get(`${owner}/${repo}`.toLowerCase());
}
