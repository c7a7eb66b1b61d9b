import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sarifFilePublisher } from '../../src/github/publish/sarif-file.js';
import type { PublishContext, ActionReport } from '../../src/github/publish/types.js';
import type { Finding } from '../../src/core/index.js';
import { summarize } from '../../src/report/summary.js';
import { parseShardReport } from '../../src/scan/merge.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const F: Finding = {
  ruleId: 'dockerfile/base-image-latest',
  severity: 'high',
  message: "Base image 'node' has no tag.",
  path: 'svc/Dockerfile',
  startLine: 1,
  startColumn: 6,
  endLine: 1,
  endColumn: 10,
  evidence: 'node',
  fix: 'Pin it.',
  fingerprint: 'f'.repeat(32),
};

describe("the action's SARIF file in a shard", () => {
  it('has the shard category and what merge needs, and merge reads it back', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'bulkhead-action-shard-'));
    dirs.push(ws);
    const sarifFile = join(ws, 'bulkhead.sarif');
    const ctx = {
      settings: { workspace: ws, sarifFile, shard: { index: 3, total: 4 } },
      failOn: 'medium',
      log: { debug() {}, info() {}, warning() {}, error() {} },
    } as unknown as PublishContext;
    const report = {
      all: [F],
      reported: [F],
      existing: [],
      suppressed: [],
      config: { origin: 'default' },
      summary: summarize([F], 'medium', 5),
      notes: [],
    } as unknown as ActionReport;
    await sarifFilePublisher.publish(ctx, report);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'bulkhead/shard-3-of-4/' });
    expect(sarif.runs[0].properties.shard).toEqual({ index: 3, total: 4, filesChecked: 5, failOn: 'medium' });
    const back = parseShardReport(readFileSync(sarifFile, 'utf8'), 'bulkhead.sarif');
    expect(back.shard).toEqual({ index: 3, total: 4 });
    expect(back.findings.map((f) => [f.path, f.startLine, f.startColumn, f.severity, f.message])).toEqual([
      ['svc/Dockerfile', 1, 6, 'high', "Base image 'node' has no tag. Fix: Pin it."],
    ]);
  });
});
