import { parseArgs } from 'node:util';
import { ConfigurationError } from '../errors.js';
import { listOrgRepos } from '../intel/github-repos.js';
import { matrixJson, planFromList, planFromOrg } from '../github/org-plan.js';
import type { CliIo } from './main.js';

const PLAN_OPTIONS = {
  repos: { type: 'string' },
  org: { type: 'string' },
  topic: { type: 'string' },
} as const;

/**
 * `bulkhead org-plan --repos a/b,c/d` or `--org ORG [--topic T]`: the matrix of an organisation
 * scan as one line of JSON (`{"include":[{"repo":"a/b","artifact":"a__b"}]}`). With --org it asks
 * the GitHub API at GITHUB_API_URL (default api.github.com) with GITHUB_TOKEN; nothing else.
 */
export async function runOrgPlan(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: false, options: PLAN_OPTIONS, strict: true });
  } catch (e) {
    throw new ConfigurationError(`org-plan: ${(e as Error).message.split('\n')[0]}`);
  }
  const { repos, org, topic } = parsed.values;
  if ((repos === undefined) === (org === undefined))
    throw new ConfigurationError('org-plan: give either --repos OWNER/NAME,... or --org ORG [--topic TOPIC]');
  if (repos !== undefined && topic !== undefined)
    throw new ConfigurationError('org-plan: --topic goes with --org');
  if (repos !== undefined) {
    io.stdout(`${matrixJson(planFromList(repos))}\n`);
    return 0;
  }
  const token = io.env.GITHUB_TOKEN ?? '';
  if (token === '')
    throw new ConfigurationError(
      'org-plan --org: set GITHUB_TOKEN to a token that can list the repositories',
    );
  const api = io.env.GITHUB_API_URL || 'https://api.github.com';
  let plan;
  try {
    plan = await planFromOrg((o) => listOrgRepos(api, token, o), org!, topic);
  } catch (e) {
    if (e instanceof ConfigurationError) throw e;
    throw new ConfigurationError(
      `org-plan: could not list the repositories of ${org}: ${(e as Error).message.split('\n')[0]!.slice(0, 200)}`,
    );
  }
  io.stdout(`${matrixJson(plan)}\n`);
  return 0;
}
