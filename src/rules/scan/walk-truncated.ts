import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/walk-truncated',
  kind: 'scan',
  severity: 'high',
  title: 'Scan stopped at its entry cap',
  description:
    'The walk of the scanned folders visits at most 1,000,000 directory entries, so a hostile tree cannot exhaust time or memory. When it stops early, every file after that point was not checked: a pull request could add a million empty files ahead of a Dockerfile. So the scan says how far it got, and blocks. Lower it only on purpose: `rules: { scan/walk-truncated: low }`.',
  fix: 'Scan a smaller folder (the path argument or input), or exclude generated trees with `paths.exclude`.',
  examples: {
    bad: '1,000,001 files ahead of services/api/Dockerfile',
    good: 'a checkout with generated trees excluded',
    language: 'text',
  },
});

/** `dir` is the folder the walk was in when it stopped. */
export function message(dir: string, limit: number, filesFound: number): string {
  return `The scan stopped after ${limit.toLocaleString('en-US')} directory entries, in '${dir}', having found ${filesFound} ${filesFound === 1 ? 'file' : 'files'} to check; files after that point were not checked.`;
}
