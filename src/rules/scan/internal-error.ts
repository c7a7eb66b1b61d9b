import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/internal-error',
  kind: 'scan',
  severity: 'high',
  title: 'Internal error while checking a file',
  description:
    'A rule or parser failed on this file with an unexpected error. Other files and rules still ran, but this file was not fully checked; the error is a bug in Bulkhead worth reporting with the file.',
  fix: 'Report the error with the file that triggers it; suppress this finding only after review.',
  examples: {
    bad: 'a file that makes a rule throw',
    good: 'a file every rule completes on',
    language: 'text',
  },
});

/** A parser failed when `ruleId` is absent; otherwise that rule did. */
export function message(path: string, error: string, ruleId?: string): string {
  return ruleId === undefined
    ? `Parser failed on '${path}': ${error}; the file was not checked.`
    : `Rule ${ruleId} failed on '${path}': ${error}.`;
}
