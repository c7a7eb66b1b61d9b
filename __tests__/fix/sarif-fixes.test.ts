import '@microsoft/jest-sarif';
import { describe, expect, it } from '@jest/globals';
import { renderSarif } from '../../src/report/sarif.js';
import { scanFiles } from '../helpers/rules.js';

const validSarif = (log: unknown) =>
  (globalThis as unknown as { expect: (v: unknown) => { toBeValidSarifLog(): void } })
    .expect(log)
    .toBeValidSarifLog();

interface Log {
  runs: { results: { ruleId: string; fixes?: unknown[] }[] }[];
}

describe('SARIF fixes', () => {
  it('carries the static edits of fixable results as artifact changes, and validates', async () => {
    const r = await scanFiles({
      Dockerfile: 'FROM node:20\nRUN curl -k https://e.example/a -o /a && npm install\n',
      '.npmrc': 'strict-ssl=false\n',
    });
    const text = renderSarif(r.findings);
    const log = JSON.parse(text) as Log;
    validSarif(log);
    const fixes = Object.fromEntries(
      log.runs[0]!.results.filter((x) => x.fixes).map((x) => [x.ruleId, x.fixes]),
    );
    expect(fixes).toStrictEqual({
      'config/tls-disabled': [
        {
          description: { text: 'set strict-ssl to true' },
          artifactChanges: [
            {
              artifactLocation: { uri: '.npmrc' },
              replacements: [
                {
                  deletedRegion: { startLine: 1, startColumn: 12, endLine: 1, endColumn: 17 },
                  insertedContent: { text: 'true' },
                },
              ],
            },
          ],
        },
      ],
      'dockerfile/tls-verification-disabled': [
        {
          description: { text: 'remove -k (keep certificate verification on)' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'Dockerfile' },
              replacements: [
                {
                  deletedRegion: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 13 },
                  insertedContent: { text: '' },
                },
              ],
            },
          ],
        },
      ],
      'dockerfile/lockfile-not-enforced': [
        {
          description: { text: 'use npm ci (installs exactly package-lock.json)' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'Dockerfile' },
              replacements: [
                {
                  deletedRegion: { startLine: 2, startColumn: 46, endLine: 2, endColumn: 53 },
                  insertedContent: { text: 'ci' },
                },
              ],
            },
          ],
        },
      ],
    });
    // The digest pin needs the network: a scan's SARIF carries no fix for it (the keys above).
  });
});
