import '@microsoft/jest-sarif';
import { describe, expect, it } from '@jest/globals';
import { levelFor, renderSarif } from '../../src/report/sarif.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { scanFiles } from '../helpers/rules.js';
import { finding, SAMPLE } from './fixtures.js';

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: Record<string, unknown>[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> };
      }[];
      partialFingerprints: Record<string, string>;
      properties: Record<string, string>;
    }[];
  }[];
}

// The matcher is registered on jest's global expect; @jest/globals' expect does not know its type.
const validSarif = (log: unknown) =>
  (globalThis as unknown as { expect: (v: unknown) => { toBeValidSarifLog(): void } })
    .expect(log)
    .toBeValidSarifLog();

describe('renderSarif', () => {
  it('validates against the SARIF 2.1.0 schema, empty and full', async () => {
    validSarif(JSON.parse(renderSarif([])));
    validSarif(JSON.parse(renderSarif(SAMPLE)));
    const r = await scanFiles({
      Dockerfile: 'FROM node\nFROM python:3.12 AS b\n# bulkhead-ignore x/y\nRUN true\n',
      'a b/Dockerfile': 'FROM {{ image }}\n',
    });
    validSarif(JSON.parse(renderSarif(r.findings)));
  });

  it('lists every rule with the descriptions, help, helpUri and security-severity', () => {
    const log = JSON.parse(renderSarif([])) as SarifLog;
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      const meta = ALL_RULES[i]!;
      expect(r).toMatchObject({
        id: meta.id,
        shortDescription: { text: meta.title },
        fullDescription: { text: meta.description },
        help: {
          text: expect.stringContaining(meta.fix),
          markdown: expect.stringContaining(meta.examples.bad),
        },
        helpUri: `https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/${meta.id}.md`,
        properties: {
          'security-severity': { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' }[
            meta.severity
          ],
          severity: meta.severity,
        },
      });
    }
  });

  it('gives each result its severity, a real region, a fingerprint and a repo-relative URI', () => {
    const f = finding({
      ruleId: 'dockerfile/base-image-latest',
      severity: 'high',
      path: 'svc/a b/Dockerfile.dev',
      startLine: 4,
      startColumn: 6,
      endLine: 4,
      endColumn: 10,
      evidence: 'node',
      fix: 'Pin it.',
    });
    const log = JSON.parse(renderSarif([f])) as SarifLog;
    const res = log.runs[0]!.results[0]!;
    expect(res).toEqual({
      ruleId: 'dockerfile/base-image-latest',
      ruleIndex: ALL_RULES.findIndex((r) => r.id === 'dockerfile/base-image-latest'),
      level: 'error',
      message: { text: `${f.message} Fix: Pin it.` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'svc/a%20b/Dockerfile.dev' },
            region: { startLine: 4, startColumn: 6, endLine: 4, endColumn: 10, snippet: { text: 'node' } },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: f.fingerprint },
      properties: { severity: 'high', 'security-severity': '8.0' },
    });
  });

  it('maps severities to levels and never emits an empty region', () => {
    const sevs = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const log = JSON.parse(
      renderSarif(
        sevs.map((severity, i) =>
          finding({ ruleId: 'scan/read-error', severity, path: `f${i}`, startColumn: 3, endColumn: 3 }),
        ),
      ),
    ) as SarifLog;
    expect(log.runs[0]!.results.map((r) => [r.level, r.properties.severity])).toEqual([
      ['error', 'critical'],
      ['error', 'high'],
      ['warning', 'medium'],
      ['note', 'low'],
      ['note', 'info'],
    ]);
    for (const r of log.runs[0]!.results) {
      const reg = r.locations[0]!.physicalLocation.region;
      expect(reg.endColumn).toBeGreaterThan(reg.startColumn!);
    }
  });

  it.each([
    ['critical', ['error', 'warning', 'warning', 'note', 'note']],
    ['high', ['error', 'error', 'warning', 'note', 'note']],
    ['medium', ['error', 'error', 'error', 'note', 'note']],
    ['low', ['error', 'error', 'error', 'error', 'note']],
    ['info', ['error', 'error', 'error', 'error', 'error']],
    ['never', ['warning', 'warning', 'warning', 'note', 'note']],
  ] as const)('levelFor(%s): error exactly at or above the threshold', (failOn, expected) => {
    const sevs = ['critical', 'high', 'medium', 'low', 'info'] as const;
    expect(sevs.map(levelFor(failOn))).toEqual(expected);
    const log = JSON.parse(
      renderSarif(
        sevs.map((severity, i) => finding({ ruleId: 'scan/read-error', severity, path: `f${i}` })),
        { levelFor: levelFor(failOn) },
      ),
    ) as SarifLog & {
      runs: { tool: { driver: { rules: { defaultConfiguration: { level: string } }[] } } }[];
    };
    expect(log.runs[0]!.results.map((r) => r.level)).toEqual(expected);
    const grade = levelFor(failOn);
    for (const [i, r] of log.runs[0]!.tool.driver.rules.entries())
      expect(r.defaultConfiguration).toEqual({ level: grade(ALL_RULES[i]!.severity) });
  });

  it('every URI from a real scan is relative to the root', async () => {
    const r = await scanFiles({ 'sub/Dockerfile': 'FROM node\n', '.github/workflows/x.yml': 'on: push\n' });
    const log = JSON.parse(renderSarif(r.findings)) as SarifLog;
    const uris = log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    expect(new Set(uris)).toEqual(new Set(['sub/Dockerfile']));
    expect(uris.every((u) => !u.startsWith('/') && !u.startsWith('..') && !u.includes(r.root))).toBe(true);
  });
});
