import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { findMalicious, sameVersion } from '../../src/intel/known-malicious.js';
import { scanFiles } from '../helpers/rules.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Issue 9, item 14: a listed release spelled another way is still the listed release. */
describe('known-malicious versions match in every spelling the package manager accepts', () => {
  test.each([
    ['ultralytics==8.3.41.0', 'ultralytics', '8.3.41.0'],
    ['ultralytics==8.3.041', 'ultralytics', '8.3.041'],
    ['ultralytics==08.3.41', 'ultralytics', '08.3.41'],
    ['Ultralytics == 0!8.3.41', 'Ultralytics', '0!8.3.41'],
    ['litellm==v1.82.7', 'litellm', 'v1.82.7'],
    ['litellm==V1.82.8.0.0', 'litellm', 'V1.82.8.0.0'],
  ])('requirements.txt %s', async (line, name, version) => {
    const res = await scanFiles({ 'requirements.txt': `${line}\n` });
    roots.push(res.root);
    const hits = res.findings.filter((f) => f.ruleId === 'lockfile/known-malicious');
    expect(hits.map((f) => [f.severity, f.startLine, f.startColumn])).toEqual([['critical', 1, 1]]);
    expect(hits[0]!.message).toMatch(
      new RegExp(`^${name}@${version.replace(/[.!]/g, '\\$&')} is a known malicious release — `),
    );
    expect(hits[0]!.message).not.toContain('every version of this package');
  });

  test('other releases and other spellings stay clean', async () => {
    const res = await scanFiles({
      'requirements.txt': [
        'ultralytics==8.3.41.post0',
        'ultralytics==8.3.41a1',
        'ultralytics==8.3.41+local',
        'ultralytics==8.3.410',
        'litellm==1.82.70',
        '',
      ].join('\n'),
    });
    roots.push(res.root);
    expect(res.findings.filter((f) => f.ruleId === 'lockfile/known-malicious')).toEqual([]);
  });

  test('npm: v-prefix, = prefix and build metadata name the same release', () => {
    for (const v of ['3.3.6', 'v3.3.6', '=3.3.6', '=v3.3.6', '3.3.6+x', ' 3.3.6']) {
      expect([v, findMalicious('npm', 'event-stream', v).length]).toEqual([v, 1]);
    }
    for (const v of ['3.3.6-0', '3.3.7', '3.3.60', 'latest', '']) {
      expect([v, findMalicious('npm', 'event-stream', v).length]).toEqual([v, 0]);
    }
  });

  test('npm lockfile with a v-prefixed version', async () => {
    const lock = {
      name: 'x',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'x', dependencies: { 'event-stream': '3.3.6' } },
        'node_modules/event-stream': {
          version: 'v3.3.6',
          resolved: 'https://registry.npmjs.org/event-stream/-/event-stream-3.3.6.tgz',
          integrity: `sha512-${'A'.repeat(86)}==`,
        },
      },
    };
    const res = await scanFiles({ 'package-lock.json': JSON.stringify(lock, null, 2) });
    roots.push(res.root);
    const hits = res.findings.filter((f) => f.ruleId === 'lockfile/known-malicious');
    expect(hits.map((f) => [f.severity, f.startLine])).toEqual([['critical', 12]]);
  });

  test('sameVersion: bounded, and only for the ecosystems it knows', () => {
    expect(sameVersion('PyPI', '8.3.41', `8.3.41${'.0'.repeat(100)}`)).toBe(false);
    expect(sameVersion('PyPI', '8.3.41', `8.3.41${'.0'.repeat(10)}`)).toBe(true);
    expect(sameVersion('PyPI', '8.3.41', 'not a version')).toBe(false);
    expect(sameVersion('Go', 'v1.0.0', 'v1.0.0')).toBe(true);
    expect(sameVersion('Go', 'v1.0.0', '1.0.0')).toBe(false);
  });
});
