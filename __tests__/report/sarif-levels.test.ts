import { afterAll, describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '../../src/rules/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/resolve.js';
import { SEVERITIES, type Threshold } from '../../src/core/index.js';
import { sarifFilePublisher } from '../../src/github/publish/sarif-file.js';
import type { PublishContext } from '../../src/github/publish/index.js';
import { silentLogger } from '../../src/logger.js';
import { levelFor } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { scan } from '../../src/scan/engine.js';

const APP = resolve(import.meta.dirname, '../../examples/insecure-app');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Result {
  ruleId: string;
  level: string;
  properties: { severity: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}
const levels = (log: { runs: { results: Result[] }[] }) =>
  log.runs[0]!.results.map((r) => [
    `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine} ${r.ruleId}`,
    r.properties.severity,
    r.level,
  ]);

async function cliSarif(failOn: Threshold) {
  let out = '';
  await main(['scan', APP, '--root', APP, '--offline', '--format', 'sarif', '--fail-on', failOn], {
    stdout: (s) => (out += s),
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd: APP,
  });
  return JSON.parse(out);
}

/** The action's SARIF file, written by its SARIF channel for the same tree and threshold. */
async function actionSarif(failOn: Threshold) {
  const { config, source } = loadConfig({ ruleIds: RULE_IDS, searchDirs: [APP], root: APP });
  config.online = false;
  const res = await scan({ root: APP, paths: [APP], config, configSource: source, logger: silentLogger });
  const out = mkdtempSync(join(tmpdir(), 'bulkhead-levels-'));
  dirs.push(out);
  const sarifFile = join(out, 'bulkhead.sarif');
  const ctx = {
    settings: { workspace: out, sarifFile },
    log: silentLogger,
    failOn,
    outcomes: [],
  } as unknown as PublishContext;
  await sarifFilePublisher.publish(ctx, {
    all: res.findings,
    reported: res.findings,
    existing: [],
    suppressed: [],
    config: { origin: 'default' },
    summary: summarize(res.findings, failOn, res.stats.filesChecked),
    notes: [],
  });
  return JSON.parse(readFileSync(sarifFile, 'utf8'));
}

describe('SARIF levels', () => {
  it('the CLI and the action grade a medium finding the same under fail-on medium', async () => {
    const cli = levels(await cliSarif('medium'));
    const medium = cli.filter(([, s]) => s === 'medium');
    expect(medium.length).toBeGreaterThan(0);
    for (const [, , level] of medium) expect(level).toBe('error');
    expect(cli).toEqual(levels(await actionSarif('medium')));
  });

  it.each(['critical', 'high', 'low', 'never'] as const)(
    'they agree under fail-on %s, and follow levelFor',
    async (failOn) => {
      const cli = levels(await cliSarif(failOn));
      expect(cli).toEqual(levels(await actionSarif(failOn)));
      const grade = levelFor(failOn);
      for (const [, s, level] of cli) expect(level).toBe(grade(s as (typeof SEVERITIES)[number]));
    },
  );
});
