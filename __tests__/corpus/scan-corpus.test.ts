// Robustness: the whole real-world corpus (../shared/corpus, read in place, never copied) goes
// through the engine. Nothing may throw; every Dockerfile parses or yields dockerfile/parse-error,
// and parse errors are allowed only for the files listed below, each genuinely not a Dockerfile
// that `docker build` accepts.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../src/config/schema.js';
import { scan, type ScanResult } from '../../src/scan/engine.js';
import { validateBomInSlices } from '../inventory/fixtures.js';
import { INPUT_KINDS, summarizeInventory } from '../../src/inventory/index.js';
import { renderCycloneDx } from '../../src/report/cyclonedx.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = resolve(REPO, '../shared/corpus');
const present = existsSync(CORPUS);
if (!present) console.warn(`skipping the corpus test: ${CORPUS} is absent`);
const maybe = present ? describe : describe.skip;

const BUILDKIT = 'dockerfiles/moby__buildkit/frontend/dockerfile/parser';
/** Files docker build rejects, with why; the parser must refuse exactly these. */
const INVALID: Record<string, string> = {
  'dockerfiles/docker-library__python/Dockerfile-linux.template': '{{ }} template, rendered before build',
  'dockerfiles/google__osv-scanner/action.dockerfile':
    'a JSON ENTRYPOINT spread over lines without `\\`: line 46 `"bash",` is an unknown instruction to Docker too',
  'dockerfiles/kubernetes__kubernetes/test/images/agnhost/Dockerfile':
    'CROSS_BUILD_COPY is a placeholder the Kubernetes Makefile rewrites before build',
  [`${BUILDKIT}/testfiles-negative/shykes-nested-json/Dockerfile`]: 'parser negative test',
  [`${BUILDKIT}/testfiles/jeztah-invalid-json-json-inside-string-double/Dockerfile`]: 'parser test, no FROM',
  [`${BUILDKIT}/testfiles/jeztah-invalid-json-json-inside-string/Dockerfile`]: 'parser test, no FROM',
  [`${BUILDKIT}/testfiles/jeztah-invalid-json-single-quotes/Dockerfile`]: 'parser test, no FROM',
  [`${BUILDKIT}/testfiles/jeztah-invalid-json-unterminated-bracket/Dockerfile`]: 'parser test, no FROM',
  [`${BUILDKIT}/testfiles/jeztah-invalid-json-unterminated-string/Dockerfile`]: 'parser test, no FROM',
  [`${BUILDKIT}/testfiles/json/Dockerfile`]: 'parser test, no FROM',
};

maybe('scanning ../shared/corpus', () => {
  let result: ScanResult;
  beforeAll(async () => {
    // With the build-input inventory, so the same scan also checks the CycloneDX BOM (issue 17).
    result = await scan({ root: CORPUS, paths: [CORPUS], config: defaultConfig(), inventory: true });
    const counts: Record<string, number> = {};
    for (const f of result.files)
      counts[`${f.kind} ${f.status}`] = (counts[`${f.kind} ${f.status}`] ?? 0) + 1;
    console.log(
      `corpus: ${result.files.length} files, ${result.findings.length} findings, ` +
        `${(result.stats.durationMs / 1000).toFixed(1)} s; ${JSON.stringify(counts)}`,
    );
  }, 600_000);

  it('the BOM of the whole corpus validates against the CycloneDX 1.6 schema', async () => {
    const json = renderCycloneDx(result.inventory!, { subject: 'corpus' });
    expect(validateBomInSlices(json)).toBeNull();
    const s = summarizeInventory(result.inventory!);
    console.log(`corpus inventory: ${JSON.stringify(s.byKind.map((r) => [r.kind, r.counts]))}`);
    // Every kind of input occurs in the corpus.
    expect(s.byKind.map((r) => r.kind).sort()).toEqual([...INPUT_KINDS].sort());
  }, 120_000);

  it('classifies every corpus file by its kind folder', () => {
    const kinds = new Map<string, Set<string>>();
    for (const f of result.files) {
      const top = f.path.split('/')[0]!;
      kinds.set(top, (kinds.get(top) ?? new Set()).add(f.kind));
    }
    expect(Object.fromEntries([...kinds].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      dockerfiles: ['dockerfile'],
      lockfiles: ['lockfile'],
      workflows: ['workflow'],
    });
    expect(result.files.filter((f) => f.kind === 'dockerfile')).toHaveLength(676);
  });

  it('every Dockerfile parses or yields dockerfile/parse-error, only for the genuinely invalid ones', () => {
    const dockerfiles = result.files.filter((f) => f.kind === 'dockerfile');
    expect(dockerfiles.every((f) => f.status === 'checked' || f.status === 'parse-error')).toBe(true);
    const failed = dockerfiles.filter((f) => f.status === 'parse-error').map((f) => f.path);
    expect(failed.sort()).toEqual(Object.keys(INVALID).sort());
    const reported = result.findings.filter((f) => f.ruleId === 'dockerfile/parse-error').map((f) => f.path);
    expect(reported.sort()).toEqual(failed.sort());
  });

  it('every corpus workflow parses (GitHub runs them all); unknown keys are not parse errors', () => {
    const workflows = result.files.filter((f) => f.kind === 'workflow');
    expect(workflows).toHaveLength(277);
    expect(workflows.filter((f) => f.status !== 'checked').map((f) => `${f.path} ${f.status}`)).toEqual([]);
  });

  it('no rule or parser crashes, and nothing is skipped', () => {
    const bad = result.findings.filter(
      (f) => f.ruleId === 'scan/internal-error' || f.ruleId.startsWith('scan/'),
    );
    expect(bad.map((f) => `${f.path}: ${f.message}`)).toEqual([]);
  });

  it('every finding has a sane position and a fingerprint', () => {
    for (const f of result.findings) {
      const ok =
        f.startLine >= 1 &&
        f.startColumn >= 1 &&
        (f.endLine > f.startLine || (f.endLine === f.startLine && f.endColumn >= f.startColumn)) &&
        /^[0-9a-f]{32}$/.test(f.fingerprint);
      if (!ok) throw new Error(`bad finding position: ${JSON.stringify(f)}`);
    }
  });
});
