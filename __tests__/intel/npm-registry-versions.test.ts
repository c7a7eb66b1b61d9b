/**
 * The npm registry rules that compare the locked version with its neighbours in the packument:
 * install-script-added, provenance-downgrade, deprecated (no request beyond the packument).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import { createIntel } from '../../src/intel/index.js';
import { parsePackument } from '../../src/intel/npm.js';
import { renderMessage } from '../../src/report/escape.js';
import { deprecationText } from '../../src/rules/lockfile/deprecated.js';
import type { Finding } from '../../src/core/index.js';
import { startFakeOsv, type FakeOsv } from './fake-osv.js';
import {
  lockWith,
  packument,
  startFakeRegistry,
  type FakeRegistry,
  type FixtureVersion,
  type LockEntry,
} from './fake-npm.js';

const SHA = 'sha512-TeVnb1b5RqbS+Ry1NqOz7UpIycza595godPBUamp5+ur7Rr2XyFntWyMehVZd1tfyxcCWfhw3lL826H+U85ncg==';
const POST = { postinstall: 'node setup.js' };
const INSTALL = { install: 'node-gyp rebuild' };
const v = (f: Omit<FixtureVersion, 'integrity'> = {}): FixtureVersion => ({ integrity: SHA, ...f });

const HOSTILE =
  'Use [the fix](https://evil.test/x) now\n\n# Heading\n<img src=x onerror=alert(1)> `code` @someone #12 ' +
  'x'.repeat(300);

const PACKUMENTS = (): Record<string, object> => ({
  // A postinstall appears in 1.0.1.
  sneaky: packument('sneaky', { '1.0.0': v(), '1.0.1': v({ scripts: { ...POST, test: 'jest' } }) }),
  // Only the flag says so.
  flagged: packument('flagged', { '1.0.0': v(), '1.1.0': v({ hasInstallScript: true }) }),
  // The script was there before: quiet.
  both: packument('both', { '1.0.0': v({ scripts: INSTALL }), '1.0.1': v({ scripts: INSTALL }) }),
  // The first version ever: nothing was added (lockfile/install-script reports it offline).
  first: packument('first', { '1.0.0': v({ scripts: POST }) }),
  // A non-install script only, or an empty one: not an install script.
  testonly: packument('testonly', {
    '1.0.0': v(),
    '1.0.1': v({ scripts: { test: 'jest', prepare: 'tsc', postinstall: '' } }),
  }),
  // 1.1.0's previous release is 1.0.0 (which had the script), not the beta without it.
  rcskip: packument('rcskip', {
    '1.0.0': v({ scripts: POST }),
    '1.1.0-beta.1': v(),
    '1.1.0': v({ scripts: POST }),
  }),
  // A prerelease is compared with the prereleases too; semver order, not publish order ('10' > '9').
  prerel: packument('prerel', {
    '2.0.0-rc.10': v({ scripts: POST }),
    '1.0.0': v({ scripts: POST }),
    '2.0.0-rc.9': v(),
  }),
  // Provenance on the two previous versions, not on the locked one.
  prov: packument('prov', {
    '1.0.0': v({ attested: true }),
    '1.1.0': v({ attested: true }),
    '1.2.0': v(),
    '1.3.0': v({ attested: true }),
  }),
  // No version carries dist.attestations (a mirror strips them): unknown, quiet.
  stripped: packument('stripped', { '1.0.0': v(), '1.1.0': v(), '1.2.0': v() }),
  // Provenance only 4 releases back: outside the window.
  faded: packument('faded', {
    '1.0.0': v({ attested: true }),
    '1.1.0': v(),
    '1.2.0': v(),
    '1.3.0': v(),
    '1.4.0': v(),
  }),
  // Only a prerelease had it; the locked release's predecessors (1.0.0) did not.
  provrc: packument('provrc', { '1.0.0': v(), '1.1.0-rc.1': v({ attested: true }), '1.1.0': v() }),
  dep: packument('dep', { '1.0.0': v({ deprecated: HOSTILE }), '1.0.1': v() }),
  // npm un-deprecates with an empty string.
  undep: packument('undep', { '1.0.0': v({ deprecated: '' }), '1.0.1': v({ deprecated: '  \n' }) }),
});

const dirs: string[] = [];
const servers: (FakeRegistry | FakeOsv)[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) await s.close();
});

async function run(entries: Omit<LockEntry, 'integrity'>[]) {
  const npm = await startFakeRegistry(PACKUMENTS());
  const osv = await startFakeOsv();
  servers.push(npm, osv);
  const c = defaultConfig();
  const cfg: Config = {
    ...c,
    intel: { ...c.intel, 'osv-url': osv.url, 'npm-registry-url': npm.url, 'timeout-ms': 2000 },
  };
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-npmv-'));
  dirs.push(root);
  writeFileSync(join(root, 'package-lock.json'), lockWith(entries.map((e) => ({ ...e, integrity: SHA }))));
  const intel = createIntel(cfg.intel, { backoffMs: 1 });
  const res = await scan({ root, paths: [root], config: cfg, intel });
  return { res, npm };
}

const RULES = [
  'lockfile/install-script-added',
  'lockfile/provenance-downgrade',
  'lockfile/deprecated',
  'intel/unavailable',
];
const mine = (fs: Finding[]) => fs.filter((f) => RULES.includes(f.ruleId));
const brief = (fs: Finding[]) =>
  mine(fs).map((f) => [f.ruleId, f.startLine, f.startColumn, f.endColumn, f.severity]);
/** The key line of entry i of lockWith, and the span of its name. */
const at = (i: number, name: string) => [9 + 5 * i, 19, 19 + name.length];

describe('lockfile/install-script-added', () => {
  it('reported when the previous version by semver had none; quiet when it had one, or there is none', async () => {
    const { res } = await run([
      { path: 'sneaky', version: '1.0.1' },
      { path: 'flagged', version: '1.1.0' },
      { path: 'both', version: '1.0.1' },
      { path: 'first', version: '1.0.0' },
      { path: 'testonly', version: '1.0.1' },
      { path: 'rcskip', version: '1.1.0' },
      { path: 'prerel', version: '2.0.0-rc.10' },
    ]);
    expect(brief(res.findings)).toEqual([
      ['lockfile/install-script-added', ...at(0, 'sneaky'), 'high'],
      ['lockfile/install-script-added', ...at(1, 'flagged'), 'high'],
      ['lockfile/install-script-added', ...at(6, 'prerel'), 'high'],
    ]);
    expect(mine(res.findings).map((f) => f.message)).toEqual([
      'sneaky@1.0.1 runs install scripts (postinstall) on the npm registry, and the previous version 1.0.0 ran none: new code that runs at install time.',
      'flagged@1.1.0 runs install scripts (hasInstallScript) on the npm registry, and the previous version 1.0.0 ran none: new code that runs at install time.',
      'prerel@2.0.0-rc.10 runs install scripts (postinstall) on the npm registry, and the previous version 2.0.0-rc.9 ran none: new code that runs at install time.',
    ]);
  });

  it('one finding per release per lockfile, the other copies related; one request per name', async () => {
    const { res, npm } = await run([
      { path: 'sneaky', version: '1.0.1' },
      { path: 'a/node_modules/sneaky', version: '1.0.1' },
      { path: 'b/node_modules/sneaky', version: '1.0.0' },
    ]);
    expect(brief(res.findings)).toEqual([['lockfile/install-script-added', ...at(0, 'sneaky'), 'high']]);
    const f = mine(res.findings)[0]!;
    expect(f.message).toMatch(/^sneaky@1\.0\.1 \(locked at 2 entries\) runs install scripts/);
    expect(f.related?.map((r) => [r.span.line, r.label])).toEqual([[14, 'sneaky@1.0.1']]);
    expect(npm.requests.map((r) => r.path)).toEqual(['/sneaky']);
  });
});

describe('lockfile/provenance-downgrade', () => {
  it('reported when one of the 3 previous versions is attested and the locked one is not', async () => {
    const { res } = await run([
      { path: 'prov', version: '1.2.0' },
      { path: 'a/node_modules/prov', version: '1.3.0' },
      { path: 'stripped', version: '1.2.0' },
      { path: 'faded', version: '1.4.0' },
      { path: 'b/node_modules/faded', version: '1.3.0' },
      { path: 'provrc', version: '1.1.0' },
    ]);
    expect(brief(res.findings)).toEqual([
      ['lockfile/provenance-downgrade', ...at(0, 'prov'), 'high'],
      // 1.3.0 of faded: 1.0.0 is within its 3 previous versions.
      ['lockfile/provenance-downgrade', 29, 34, 39, 'high'],
    ]);
    expect(mine(res.findings).map((f) => f.message)).toEqual([
      "prov@1.2.0 has no provenance attestation on the npm registry, but 1.1.0, 1.0.0 have: the release may not come from the package's usual publishing pipeline.",
      "faded@1.3.0 has no provenance attestation on the npm registry, but 1.0.0 has: the release may not come from the package's usual publishing pipeline.",
    ]);
  });
});

describe('lockfile/deprecated', () => {
  it('quotes the message on one line, capped; an empty message is not a deprecation', async () => {
    const { res } = await run([
      { path: 'dep', version: '1.0.0' },
      { path: 'dep2', name: 'dep', version: '1.0.1' },
      { path: 'undep', version: '1.0.0' },
      { path: 'a/node_modules/undep', version: '1.0.1' },
    ]);
    expect(brief(res.findings)).toEqual([['lockfile/deprecated', ...at(0, 'dep'), 'low']]);
    const msg = mine(res.findings)[0]!.message;
    const head =
      "Use [the fix](https://evil.test/x) now # Heading <img src=x onerror=alert(1)> 'code' @someone #12 ";
    expect(msg).toBe(
      `dep@1.0.0 is deprecated on the npm registry: '${head}${'x'.repeat(199 - head.length)}…'.`,
    );
    // Rendered for markdown: one line; the link, HTML, mention and issue reference stay inert
    // (escaped, or inside a code span); '# Heading' is mid-line, not a heading.
    const md = renderMessage(msg);
    expect(md).not.toContain('\n');
    expect(md).toContain(
      "'Use \\[the `fix](https://evil.test/x`) now # Heading \\<img src=x onerror=alert(1)\\> 'code' `@someone` `#12` x",
    );
  });

  it('deprecationText: control characters, line breaks and backticks flattened; 200 characters', () => {
    expect(deprecationText('a\r\n\tb\u0000c\u202e `d`')).toBe("a b c\u202e 'd'");
    expect(deprecationText('y'.repeat(500))).toHaveLength(200);
    expect(deprecationText(' \n ')).toBe('');
  });
});

describe('parsePackument: scripts, attestations, deprecation', () => {
  it('reads what the rules need and nothing more', () => {
    const pk = parsePackument('p', {
      name: 'p',
      versions: {
        '1.0.0': { scripts: { preinstall: 'a', postinstall: 'b', test: 'c' }, dist: { attestations: {} } },
        '1.0.1': { hasInstallScript: true, deprecated: 'old', dist: { attestations: 'yes' } },
        '1.0.2': { scripts: 'nope', hasInstallScript: 'true', deprecated: 7 },
      },
    });
    if (!pk.exists) throw new Error('exists');
    expect(pk.versions.get('1.0.0')).toEqual({
      installScripts: ['preinstall', 'postinstall'],
      attested: true,
    });
    expect(pk.versions.get('1.0.1')).toEqual({ installScripts: ['hasInstallScript'], deprecated: 'old' });
    expect(pk.versions.get('1.0.2')).toEqual({});
  });
});
