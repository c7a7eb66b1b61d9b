import { defineEngineRule, type ServiceFailure } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'intel/unavailable',
  kind: 'intel',
  severity: 'medium',
  title: 'An online look-up failed',
  description:
    'A configured service (OSV, the npm registry, PyPI, the GitHub API) failed, timed out, or answered something that is not a valid answer (malformed or too deeply nested JSON, a body over the size cap, a redirect to another host), so the packages it was asked about were not checked online. The offline findings are unaffected. One finding per service, at the first lockfile entry (or, for the GitHub API, the first `uses:` ref) that went unanswered, naming how many package versions (action refs) and why; a GitHub API rate limit stops further requests to it for the run and is reported this way. With `online: required` it is critical, so a run whose look-ups fail blocks instead of passing unchecked.',
  fix: "Re-run the job; if the service stays unreachable, check the `intel.*` settings and the runner's network, or set `online: false` to run the offline checks only (the change of config is itself reported on pull requests).",
  examples: {
    bad: 'OSV at https://api.osv.dev answered HTTP 503 for 812 package versions',
    good: 'every look-up answered',
    language: 'text',
  },
  options: '`online: required` raises it to critical; `intel.timeout-ms` bounds each request.',
  references: [
    'https://osv.dev',
    'https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md',
    'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api',
  ],
});

export function message(f: ServiceFailure, lockfiles: number): string {
  const unit = f.unit ?? 'package version';
  const n = f.packages === 1 ? `1 ${unit}` : `${f.packages} ${unit}s`;
  const files = lockfiles > 1 ? ` in ${lockfiles} ${f.unit !== undefined ? 'files' : 'lockfiles'}` : '';
  const service = f.service.charAt(0).toUpperCase() + f.service.slice(1);
  return `${service} at ${f.url} did not answer usefully (${f.reason}): ${n}${files} ${f.packages === 1 ? 'was' : 'were'} not checked ${f.checks ?? 'for known vulnerabilities or malware'}; the offline checks still ran.`;
}
