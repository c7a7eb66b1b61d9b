import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';
import type { Inventory } from '../../src/inventory/index.js';
import { purlOf, renderCycloneDx, reproducibleTimestamp } from '../../src/report/cyclonedx.js';
import { COMMIT, FILES, validateBom, validateBomInSlices, writeTree } from './fixtures.js';

async function inventoryAt(root: string): Promise<Inventory> {
  const r = await scan({
    root,
    paths: [root],
    config: { ...defaultConfig(), online: false },
    inventory: true,
  });
  return r.inventory!;
}

interface Bom {
  specVersion: string;
  metadata: { timestamp?: string; component: { components: { 'bom-ref': string }[] } };
  components: Record<string, unknown>[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

describe('the CycloneDX BOM of the fixtures', () => {
  let inv: Inventory;
  let json: string;
  let bom: Bom;
  let done: () => void;
  beforeAll(async () => {
    const t = writeTree(FILES);
    done = t.done;
    inv = await inventoryAt(t.root);
    json = renderCycloneDx(inv, { subject: 'app' });
    bom = JSON.parse(json) as Bom;
  });
  afterAll(() => done());

  it('validates against the CycloneDX 1.6 schema', async () => {
    expect(bom.specVersion).toBe('1.6');
    expect(await validateBom(json)).toBeNull();
  });

  it('has one component per input, with purl, hashes, grade and occurrences', () => {
    expect(bom.components).toHaveLength(inv.inputs.length);
    const node = bom.components.find(
      (c) => c.name === 'node' && c.type === 'container' && c.version === '20.11.1',
    );
    expect(node).toEqual({
      type: 'container',
      'bom-ref': `input:base-image:docker:node@20.11.1@sha256:${'a'.repeat(64)}:locked`,
      name: 'node',
      version: '20.11.1',
      hashes: [{ alg: 'SHA-256', content: 'a'.repeat(64) }],
      purl: `pkg:docker/node@sha256:${'a'.repeat(64)}?tag=20.11.1`,
      properties: [
        { name: 'bulkhead:input-kind', value: 'base-image' },
        { name: 'bulkhead:pin-grade', value: 'locked' },
        { name: 'bulkhead:digest', value: `sha256:${'a'.repeat(64)}` },
      ],
      evidence: { occurrences: [{ location: 'Dockerfile', line: 3, offset: 6 }] },
    });
    const checkout = bom.components.find((c) => c.name === 'actions/checkout')!;
    expect(checkout.purl).toBe(`pkg:github/actions/checkout@${COMMIT}`);
    expect(checkout.hashes).toEqual([{ alg: 'SHA-1', content: COMMIT }]);
    const wf = bom.components.find((c) => c.name === 'acme/workflows/.github/workflows/release.yml')!;
    expect(wf.purl).toBe('pkg:github/acme/workflows@main#.github/workflows/release.yml');
  });

  it('gives no purl version to a range or nothing, and none at all to an unknown reference', () => {
    const purls = Object.fromEntries(
      bom.components.map((c) => [`${c.name as string}@${String(c.version)}`, c.purl]),
    );
    expect(purls['flask@>=2.0']).toBe('pkg:pypi/flask');
    expect(purls['requests@2.31.0']).toBe('pkg:pypi/requests@2.31.0');
    expect(purls['curl@8.5.0-2']).toBe('pkg:deb/curl@8.5.0-2');
    expect(purls['pm2@latest']).toBe('pkg:npm/pm2');
    expect(purls['python:${BASE_TAG}@undefined']).toBeUndefined();
  });

  it('links each stage and job to what it pulls in', () => {
    const dep = (ref: string) => bom.dependencies.find((d) => d.ref === ref)!.dependsOn;
    expect(dep('bulkhead:build')).toEqual([
      'scope:.github/workflows/ci.yml#job:call',
      'scope:.github/workflows/ci.yml#job:test',
      'scope:Dockerfile#file',
      'scope:Dockerfile#stage:1',
      'scope:Dockerfile#stage:2',
      'scope:Dockerfile#stage:build',
      'scope:requirements.txt',
    ]);
    expect(dep('scope:Dockerfile#stage:2')).toEqual(['input:language-package:npm:pm2@latest@:unpinned']);
    expect(dep('scope:.github/workflows/ci.yml#job:call')).toEqual([
      'input:reusable-workflow:github:acme/workflows/.github/workflows/release.yml@main@:floating',
    ]);
    expect(bom.metadata.component.components.map((c) => c['bom-ref'])).toEqual(dep('bulkhead:build'));
  });

  it('validation by slices finds an error in any slice, and duplicates across slices', async () => {
    expect(validateBomInSlices(json, 3)).toBeNull();
    const bad = JSON.parse(json) as Bom;
    bad.components[bad.components.length - 1]!.hashes = [{ alg: 'SHA-999', content: 'x' }];
    expect(validateBomInSlices(JSON.stringify(bad), 3)).not.toBeNull();
    const dup = JSON.parse(json) as Bom;
    dup.components.push(dup.components[0]!);
    expect(validateBomInSlices(JSON.stringify(dup), 3)).toBe('duplicate component bom-ref');
  });

  it('is deterministic: no serial number, no timestamp unless SOURCE_DATE_EPOCH gives one', () => {
    expect(renderCycloneDx(inv, { subject: 'app' })).toBe(json);
    expect(json).not.toContain('serialNumber');
    expect(bom.metadata.timestamp).toBeUndefined();
    expect(reproducibleTimestamp({ SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14T22:13:20Z');
    expect(reproducibleTimestamp({ SOURCE_DATE_EPOCH: 'soon' })).toBeUndefined();
    expect(reproducibleTimestamp({})).toBeUndefined();
  });
});

describe('the BOM of examples/insecure-app', () => {
  it('validates against the CycloneDX 1.6 schema and lists its 21 inputs', async () => {
    const inv = await inventoryAt(resolve(process.cwd(), 'examples/insecure-app'));
    const json = renderCycloneDx(inv, { subject: 'insecure-app', timestamp: '2023-11-14T22:13:20Z' });
    expect(await validateBom(json)).toBeNull();
    const bom = JSON.parse(json) as Bom;
    expect(bom.components).toHaveLength(21);
    expect(bom.metadata.timestamp).toBe('2023-11-14T22:13:20Z');
  });
});

describe('purlOf', () => {
  const input = (over: object) =>
    ({
      kind: 'lockfile-package',
      ecosystem: 'npm',
      name: 'x',
      grade: 'exact',
      raw: 'x',
      hashes: [],
      occurrences: [],
      ...over,
    }) as Parameters<typeof purlOf>[0];
  it.each([
    [{ name: '@babel/core', version: '7.24.0' }, 'pkg:npm/%40babel/core@7.24.0'],
    [
      { ecosystem: 'Go', name: 'golang.org/x/tools', version: 'v0.20.0' },
      'pkg:golang/golang.org/x/tools@v0.20.0',
    ],
    [{ ecosystem: 'crates.io', name: 'serde', version: '1.0.197' }, 'pkg:cargo/serde@1.0.197'],
    [{ ecosystem: 'RubyGems', name: 'rails', version: '7.1.3' }, 'pkg:gem/rails@7.1.3'],
    [
      { ecosystem: 'Packagist', name: 'monolog/monolog', version: '3.5.0' },
      'pkg:composer/monolog/monolog@3.5.0',
    ],
    [{ kind: 'os-package', ecosystem: 'apk', name: 'git', version: '2.43.0-r0' }, 'pkg:apk/git@2.43.0-r0'],
    [
      { kind: 'base-image', ecosystem: 'docker', name: 'ghcr.io/acme/base', version: '1.4.2' },
      'pkg:docker/acme/base@1.4.2?repository_url=ghcr.io',
    ],
    [
      { kind: 'download', ecosystem: 'url', name: 'https://h.example/v1.0/t.tgz', grade: 'unpinned' },
      'pkg:generic/t.tgz?download_url=https%3A%2F%2Fh.example%2Fv1.0%2Ft.tgz',
    ],
    [
      { kind: 'language-package', ecosystem: 'PyPI', name: 'git+https://h/r.git', grade: 'floating' },
      undefined,
    ],
  ])('%j', (over, purl) => {
    expect(purlOf(input(over))).toBe(purl);
  });
});
