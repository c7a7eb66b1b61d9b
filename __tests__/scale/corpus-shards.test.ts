// The corpus (../shared/corpus, read in place) scanned whole and in N shards: the merge of the
// shards' JSON is the unsharded JSON byte for byte, for N in {1, 2, 4, 7}.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../src/config/schema.js';
import { scan, type ScanResult } from '../../src/scan/engine.js';
import { renderJson } from '../../src/report/json.js';
import { summarize } from '../../src/report/summary.js';
import { checkShards, mergeShards, parseShardReport } from '../../src/scan/merge.js';
import { VERSION } from '../../src/version.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = resolve(REPO, '../shared/corpus');
const present = existsSync(CORPUS);
if (!present) console.warn(`skipping the corpus shard test: ${CORPUS} is absent`);
const maybe = present ? describe : describe.skip;

function json(r: ScanResult, shard?: { index: number; total: number }): string {
  const summary = summarize(r.findings, 'high', r.stats.filesChecked);
  return renderJson(r.findings, summary, { suppressed: r.suppressed, ...(shard ? { shard } : {}) });
}

maybe('the corpus in shards', () => {
  const config = defaultConfig();
  config.online = false;
  let whole: string;
  beforeAll(async () => {
    whole = json(await scan({ root: CORPUS, paths: [CORPUS], config }));
  }, 600_000);

  for (const n of [1, 2, 4, 7]) {
    it(`N = ${n}: the merge is the unsharded report`, async () => {
      const reports = [];
      for (let k = 1; k <= n; k++) {
        const shard = { index: k, total: n };
        const r = await scan({ root: CORPUS, paths: [CORPUS], config, shard });
        reports.push(parseShardReport(json(r, shard), `shard ${k}`));
      }
      checkShards(reports, VERSION);
      const m = mergeShards(reports);
      const merged = renderJson(m.findings, summarize(m.findings, 'high', m.filesChecked), {
        suppressed: m.suppressed,
      });
      expect(m.findings.length).toBeGreaterThan(1000);
      expect(merged).toBe(whole);
    }, 600_000);
  }
});
