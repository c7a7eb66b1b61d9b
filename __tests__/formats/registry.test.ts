import { describe, expect, it } from '@jest/globals';
import type { FormatDescriptor } from '../../src/formats/format.js';
import type { PmConfigFormat } from '../../src/formats/lockfile/config-model.js';
import type { LockfileFormat } from '../../src/formats/lockfile/model.js';
import { formatOfFile, formatsNamed, lockfileFormat, MANIFEST_NAMES } from '../../src/formats/lookup.js';
import { parseLockfile } from '../../src/formats/lockfile/parse.js';
import { pmConfigFormat } from '../../src/formats/pm-config/parse.js';
import { FORMATS } from '../../src/formats/registry.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { ANALYZERS } from '../../src/scan/analyzers.js';
import { classify, DEFAULT_SIZE_CAPS } from '../../src/scan/classify.js';
import { KINDS } from '../../src/scan/kinds.js';

const formats: readonly FormatDescriptor[] = FORMATS;

// Typed over the unions: a format added to the registry without a row here fails to compile,
// and a row for a format the registry does not have fails too.
const LOCKFILES: Record<LockfileFormat, [string[], string, string[], boolean]> = {
  npm: [['package-lock.json', 'npm-shrinkwrap.json'], 'npm', ['package.json'], true],
  'yarn-classic': [['yarn.lock'], 'npm', ['package.json'], false],
  'yarn-berry': [['yarn.lock'], 'npm', ['package.json'], false],
  pnpm: [['pnpm-lock.yaml'], 'npm', ['package.json'], false],
  bun: [['bun.lock'], 'npm', ['package.json'], true],
  requirements: [[], 'PyPI', [], false],
  pipfile: [['Pipfile.lock'], 'PyPI', [], true],
  poetry: [['poetry.lock'], 'PyPI', ['pyproject.toml'], false],
  uv: [['uv.lock'], 'PyPI', ['pyproject.toml'], false],
  'go-sum': [['go.sum'], 'Go', [], false],
  cargo: [['Cargo.lock'], 'crates.io', [], false],
  gemfile: [['Gemfile.lock'], 'RubyGems', [], false],
  composer: [['composer.lock'], 'Packagist', [], true],
};
const PM_CONFIGS: Record<PmConfigFormat, [string[], string]> = {
  npmrc: [['.npmrc'], 'npm'],
  'yarnrc-yml': [['.yarnrc.yml'], 'npm'],
  yarnrc: [['.yarnrc'], 'npm'],
  'pip-conf': [['pip.conf', 'pip.ini'], 'PyPI'],
  pypirc: [['.pypirc'], 'PyPI'],
  bunfig: [['bunfig.toml'], 'npm'],
};

describe('the format registry', () => {
  it('has one descriptor per format name, and every name in the model unions', () => {
    const names = formats.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(formats.filter((f) => f.kind === 'lockfile').map((f) => f.name)).toEqual(Object.keys(LOCKFILES));
    expect(formats.filter((f) => f.kind === 'pm-config').map((f) => f.name)).toEqual(Object.keys(PM_CONFIGS));
  });

  it.each(Object.entries(LOCKFILES))(
    'lockfile %s declares its files, ecosystem and manifests',
    (name, row) => {
      const f = lockfileFormat(name);
      expect([f.fileNames, f.ecosystem, f.manifests, f.json === true]).toEqual(row);
    },
  );

  it.each(Object.entries(PM_CONFIGS))('pm-config %s declares its files and ecosystem', (name, row) => {
    const f = formats.find((d) => d.name === name)!;
    expect([f.kind, f.fileNames, f.ecosystem]).toEqual(['pm-config', ...row]);
  });

  it('classifies every listed file name as its format kind, at the root and in a folder', () => {
    for (const f of formats) {
      for (const n of f.fileNames) {
        expect([n, classify(n)]).toEqual([n, f.kind]);
        expect([n, classify(`a/b/${n}`)]).toEqual([n, f.kind]);
        expect(formatsNamed(f.kind, n, 'b')).toContain(f);
      }
    }
  });

  it('classifies the manifests that lockfile formats read beside them, and nothing else as a manifest', () => {
    expect([...MANIFEST_NAMES]).toEqual(['package.json', 'pyproject.toml']);
    expect(classify('web/package.json')).toBe('manifest');
    expect(classify('pyproject.toml')).toBe('manifest');
    expect(classify('composer.json')).toBeUndefined();
  });

  it.each([
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['requirements/base.txt', 'requirements'],
    ['a\\requirements\\base.txt', 'requirements'],
    ['yarn.lock', 'yarn-classic'],
    ['sub/package-lock.json', 'npm'],
    ['notes.txt', undefined],
    ['requirements.in', undefined],
    ['requirements/base.in', undefined],
    ['.npmrc', undefined],
    ['constructor', undefined],
    ['__proto__', undefined],
  ])('the lockfile format of %s is %s', (path, name) => {
    expect(formatOfFile('lockfile', path, '')?.name).toBe(name);
  });

  it('tells Yarn Berry from classic by the __metadata key, wherever it is', () => {
    expect(formatOfFile('lockfile', 'yarn.lock', '__metadata:\n  version: 8\n')?.name).toBe('yarn-berry');
    expect(formatOfFile('lockfile', 'yarn.lock', '# yarn\n\n__metadata:\n')?.name).toBe('yarn-berry');
    expect(formatOfFile('lockfile', 'yarn.lock', '# yarn lockfile v1\n\n"a@^1":\n')?.name).toBe(
      'yarn-classic',
    );
    expect(formatOfFile('lockfile', 'yarn.lock', '  __metadata:\n')?.name).toBe('yarn-classic');
    expect(parseLockfile('__metadata:\n  version: 8\n', 'yarn.lock').format).toBe('yarn-berry');
  });

  it('reads package-manager config only under its exact names', () => {
    expect(pmConfigFormat('a/.npmrc')).toBe('npmrc');
    expect(pmConfigFormat('pip.conf')).toBe('pip-conf');
    expect(pmConfigFormat('.NPMRC')).toBeUndefined();
    expect(pmConfigFormat('.yarnrc.yaml')).toBeUndefined();
    expect(classify('.yarnrc.yaml')).toBeUndefined();
  });

  it('throws for a format name it does not have', () => {
    expect(() => lockfileFormat('npmrc')).toThrow("'npmrc' is not a registered lockfile format");
    expect(() => lockfileFormat('nope')).toThrow("'nope' is not a registered lockfile format");
  });
});

describe('the file kinds', () => {
  it('lists every kind once, in classification order, with its size cap', () => {
    expect(KINDS.map((k) => [k.kind, k.sizeCap])).toEqual([
      ['workflow', 1 << 20],
      ['dockerfile', 1 << 20],
      ['lockfile', 64 << 20],
      ['pm-config', 1 << 20],
      ['manifest', 4 << 20],
    ]);
    expect(DEFAULT_SIZE_CAPS).toEqual({
      workflow: 1 << 20,
      dockerfile: 1 << 20,
      lockfile: 64 << 20,
      'pm-config': 1 << 20,
      manifest: 4 << 20,
    });
  });

  it('gives an analyzer to the kinds that have rules, each with a parse-error rule that exists', () => {
    expect(Object.entries(ANALYZERS).map(([k, a]) => [k, a.parseErrorRule])).toEqual([
      ['workflow', 'workflow/parse-error'],
      ['dockerfile', 'dockerfile/parse-error'],
      ['lockfile', 'lockfile/parse-error'],
      ['pm-config', 'config/parse-error'],
    ]);
    const ids = new Set(ALL_RULES.map((r) => r.id));
    for (const a of Object.values(ANALYZERS)) expect(ids.has(a.parseErrorRule)).toBe(true);
  });

  it('tries the kinds in order: a workflow folder wins over names, Dockerfile docs are not Dockerfiles', () => {
    expect(classify('.github/workflows/Dockerfile.yml')).toBe('workflow');
    expect(classify('Dockerfile.requirements.txt')).toBe('lockfile');
    expect(classify('.github/workflows/package.json')).toBe('manifest');
    // Action metadata anywhere is a workflow-kind file; other YAML is not.
    expect(classify('tools/setup/action.yml')).toBe('workflow');
    expect(classify('action.yaml')).toBe('workflow');
    expect(classify('config/action.yml.example')).toBeUndefined();
    expect(classify('.github/workflows/nested/ci.yml')).toBeUndefined();
  });

  it('parses a lockfile and a pm-config file through their analyzers', async () => {
    const lock = await ANALYZERS.lockfile!.parse('example.com/m v1.0.0 h1:abc=\n', 'go.sum');
    expect([lock.format, lock.packages.map((p) => [p.name, p.version, p.ecosystem])]).toEqual([
      'go-sum',
      [['example.com/m', 'v1.0.0', 'Go']],
    ]);
    const rc = await ANALYZERS['pm-config']!.parse('\ufeffregistry=https://r.example/\n', '.npmrc');
    expect([rc.format, rc.settings.map((s) => [s.key, s.value, s.column, s.valueColumn])]).toEqual([
      'npmrc',
      [['registry', 'https://r.example/', 2, 11]],
    ]);
  });
});
