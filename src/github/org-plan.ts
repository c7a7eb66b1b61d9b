import { ConfigurationError } from '../errors.js';
import type { ListedRepo } from '../intel/github-repos.js';

/** A GitHub Actions matrix runs at most 256 jobs: a longer plan would silently not run. */
export const MAX_PLAN_REPOS = 256;

/** One matrix entry: the repository, and a name safe for an artifact and a file (`owner__name`). */
export interface PlanEntry {
  repo: string;
  artifact: string;
}

const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

function entry(repo: string): PlanEntry {
  if (!REPO.test(repo) || repo.endsWith('/.') || repo.endsWith('/..'))
    throw new ConfigurationError(`org-plan: not a repository as OWNER/NAME: "${repo.slice(0, 120)}"`);
  return { repo, artifact: repo.replace('/', '__') };
}

function bounded(entries: PlanEntry[]): PlanEntry[] {
  if (entries.length === 0) throw new ConfigurationError('org-plan: no repositories to scan');
  if (entries.length > MAX_PLAN_REPOS)
    throw new ConfigurationError(
      `org-plan: ${entries.length} repositories, but a matrix runs at most ${MAX_PLAN_REPOS} jobs; narrow the list (a topic) or split it across calls`,
    );
  return entries;
}

/** `a/b,c/d` (commas, spaces or new lines): each checked as OWNER/NAME, repeats dropped, order kept. */
export function planFromList(list: string): PlanEntry[] {
  const seen = new Set<string>();
  const out: PlanEntry[] = [];
  for (const word of list.split(/[\s,]+/)) {
    if (word === '') continue;
    const e = entry(word);
    const key = e.repo.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return bounded(out);
}

/**
 * The organisation's repositories (with `topic`, only those carrying it), archived and disabled
 * ones left out, sorted by name so two plans of one organisation agree. `list` reads the REST list
 * of an organisation's repositories, which gives each one's topics; the token needs to see them
 * (metadata: read on each, for a private repository).
 */
export async function planFromOrg(
  list: (org: string) => Promise<ListedRepo[]>,
  org: string,
  topic?: string,
): Promise<PlanEntry[]> {
  if (!NAME.test(org))
    throw new ConfigurationError(`org-plan: not an organisation name: "${org.slice(0, 80)}"`);
  if (topic !== undefined && !TOPIC.test(topic))
    throw new ConfigurationError(`org-plan: not a topic (lower case, digits and -): "${topic.slice(0, 80)}"`);
  const listed = await list(org);
  const names = listed
    .filter((r) => !r.archived && !r.disabled && (topic === undefined || (r.topics ?? []).includes(topic)))
    .map((r) => r.full_name)
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  if (names.length === 0)
    throw new ConfigurationError(
      `org-plan: no repositories of ${org}${topic ? ` with the topic ${topic}` : ''} (archived ones are left out; a token that cannot see private ones lists only public ones)`,
    );
  return bounded(names.map(entry));
}

/** The matrix as `strategy.matrix` reads it from `fromJSON(...)`. */
export function matrixJson(entries: readonly PlanEntry[]): string {
  return JSON.stringify({ include: entries });
}
