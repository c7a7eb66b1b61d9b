import type { ChangedFile, ChangeSet } from '../scan/base/changes.js';
import type { GitHubApi } from './api.js';
import type { Refs } from './context.js';

/** `pulls.listFiles` returns at most this many files. */
export const API_FILE_CAP = 3000;
/** Compare commits lists at most this many files. */
export const COMPARE_FILE_CAP = 300;

/**
 * Changed files from the REST API: `pulls.listFiles` for pull requests (paginated, at most 3000),
 * compare commits otherwise (at most 300); base contents through the contents API.
 */
export async function changesFromApi(api: GitHubApi, refs: Refs): Promise<ChangeSet | undefined> {
  if (!refs.base || !refs.head) return undefined;
  const base = refs.base;
  let files: ChangedFile[];
  let complete: boolean;
  if (refs.prNumber !== undefined) {
    files = await api.listPullFiles(refs.prNumber, API_FILE_CAP);
    complete =
      files.length < API_FILE_CAP && (refs.changedFiles === undefined || files.length >= refs.changedFiles);
  } else {
    const res = await api.compareFiles(base, refs.head);
    files = res.files;
    complete = !res.truncated;
  }
  return { files, complete, source: 'api', base, readBase: (path) => api.getFileAtRef(path, base) };
}
