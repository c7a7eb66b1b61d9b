import { describe, expect, it } from '@jest/globals';
import { isEnvReference } from '../../../src/rules/config/pm-util.js';
import { parseManifest } from '../../../src/formats/lockfile/manifest.js';

describe('lockfile rule helpers', () => {
  it('recognises env references', () => {
    expect(isEnvReference('${NPM_TOKEN}')).toBe(true);
    expect(isEnvReference('$NPM_TOKEN')).toBe(true);
    expect(isEnvReference('%NPM_TOKEN%')).toBe(true);
    expect(isEnvReference('npm_abc')).toBe(false);
  });

  it('reads manifests defensively', () => {
    expect(parseManifest('['.repeat(200_000), 'package.json')).toBeUndefined();
    expect(parseManifest('{"dependencies": {"a": "^1"}}', 'package.json')!.dependencies).toEqual([
      { name: 'a', spec: '^1', group: 'dependencies', line: 1, column: 19, length: 3 },
    ]);
    expect(parseManifest('[project\n', 'pyproject.toml')).toBeUndefined();
  });
});
