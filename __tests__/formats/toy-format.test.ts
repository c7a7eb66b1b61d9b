// A format defined only here, registered by swapping the registry's list: classification, parse
// dispatch, the manifest rules and the ecosystem lookup must all find it with no other edit.
import { describe, expect, it, jest } from '@jest/globals';
import { defineLockfileFormat } from '../../src/formats/format.js';
import type { LockfileFormat, LockfileModel } from '../../src/formats/lockfile/model.js';
import { ParseError } from '../../src/formats/position.js';

/** `toy.lock`: `registry <url>` lines, and `<name> <version> <url>` package lines. */
const toy = defineLockfileFormat({
  name: 'toy',
  kind: 'lockfile',
  fileNames: ['toy.lock'],
  comments: 'none',
  ecosystem: 'npm',
  manifests: ['package.json'],
  parse(text, path): LockfileModel {
    const model: LockfileModel = {
      path,
      text,
      format: 'toy' as LockfileFormat,
      packages: [],
      importers: ['.'],
      registries: [],
      conflictMarkers: [],
    };
    text.split('\n').forEach((line, i) => {
      if (line === '') return;
      const words = line.split(' ');
      if (words[0] === 'registry') {
        model.registries.push({ url: words[1]!, line: i + 1, column: 10 });
      } else if (words.length === 3) {
        const [name, version, resolved] = words as [string, string, string];
        model.packages.push({
          ecosystem: 'npm',
          name,
          version,
          resolved,
          source: 'registry',
          line: i + 1,
          column: 1,
        });
      } else {
        throw new ParseError(`bad toy line '${line}'`, i + 1, 1);
      }
    });
    return model;
  },
});

jest.unstable_mockModule('../../src/formats/registry.js', () => ({ FORMATS: [toy] }));
const { classify, DEFAULT_SIZE_CAPS } = await import('../../src/scan/classify.js');
const { parseLockfile } = await import('../../src/formats/lockfile/parse.js');
const { scanFiles } = await import('../helpers/rules.js');

describe('a format registered only in the list', () => {
  it('is classified as its kind, and its manifest as a manifest', () => {
    expect(classify('toy.lock')).toBe('lockfile');
    expect(classify('sub/toy.lock')).toBe('lockfile');
    expect(classify('package.json')).toBe('manifest');
    // Only the registry says what a lockfile is: the real formats are not in this one.
    expect(classify('package-lock.json')).toBeUndefined();
    expect(classify('pyproject.toml')).toBeUndefined();
    expect(classify('Dockerfile')).toBe('dockerfile');
    expect(DEFAULT_SIZE_CAPS.lockfile).toBe(64 << 20);
  });

  it('is parsed by its own parser, conflict markers first', () => {
    const m = parseLockfile(
      'left-pad 1.3.0 https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\n',
      'toy.lock',
    );
    expect(m.format).toBe('toy');
    expect(m.packages.map((p) => [p.name, p.version, p.line])).toEqual([['left-pad', '1.3.0', 1]]);
    const conflicted = parseLockfile('a 1 https://x\n<<<<<<< HEAD\n', 'toy.lock');
    expect(conflicted.packages).toEqual([]);
    expect(conflicted.conflictMarkers).toEqual([{ line: 2, column: 1 }]);
    expect(() => parseLockfile('', 'package-lock.json')).toThrow("'package-lock.json' is not a lockfile");
  });

  it('reaches the rules through the engine: parse errors, hosts by its ecosystem, drift in its manifest', async () => {
    const res = await scanFiles({
      'toy.lock':
        'registry https://evil.example/\nleft-pad 1.3.0 https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\n',
      'package.json': '{\n  "dependencies": {\n    "left-pad": "^1.3.0",\n    "chalk": "^5.0.0"\n  }\n}\n',
      'bad/toy.lock': 'not a toy line\n',
    });
    expect(res.files.map((f) => [f.path, f.kind, f.status])).toEqual([
      ['bad/toy.lock', 'lockfile', 'parse-error'],
      ['package.json', 'manifest', 'skipped'],
      ['toy.lock', 'lockfile', 'checked'],
    ]);
    expect(res.findings.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn])).toEqual([
      ['lockfile/parse-error', 'bad/toy.lock', 1, 1],
      ['lockfile/manifest-drift', 'package.json', 4, 5],
      ['lockfile/untrusted-host', 'toy.lock', 1, 10],
      ['lockfile/missing-integrity', 'toy.lock', 2, 1],
    ]);
    expect(res.findings[2]!.message).toContain(
      'the public registry hosts (registry.npmjs.org, registry.yarnpkg.com)',
    );
  });
});
