import { describe, expect, test } from '@jest/globals';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';

const SHA = 'd'.repeat(40);

const REQ = `# pinned with hashes
--index-url https://pypi.example.com/simple
--extra-index-url=https://extra.example.com/simple
-r base.txt
-c constraints.txt

alembic==1.18.5 \\
    --hash=sha256:aaa \\
    --hash=sha256:bbb
    # via -r main.in
requests[socks]>=2.0 ; python_version >= "3.8"  # trailing comment
-e git+https://github.com/o/editable.git@${SHA}#egg=editable
pkg @ https://files.example.com/pkg-1.0.0.tar.gz#sha256=ccc
git+https://github.com/o/other.git@v1.2#egg=other
./local/path
Django===4.2
`;

describe('requirements.txt', () => {
  const m = parseLockfile(REQ, 'requirements/main.txt');
  test('indexes and includes', () => {
    expect(m.format).toBe('requirements');
    expect(m.registries).toEqual([
      { url: 'https://pypi.example.com/simple', line: 2, column: 13 },
      { url: 'https://extra.example.com/simple', line: 3, column: 19, extra: true },
    ]);
    expect(m.includes).toEqual([
      { path: 'base.txt', line: 4, column: 4 },
      { path: 'constraints.txt', line: 5, column: 4, constraint: true },
    ]);
  });
  test('requirements', () => {
    expect(
      m.packages.map((p) => [
        p.name,
        p.version,
        p.specifier,
        p.source,
        p.commit,
        p.editable,
        p.line,
        p.column,
      ]),
    ).toEqual([
      ['alembic', '1.18.5', undefined, 'registry', undefined, undefined, 7, 1],
      ['requests', '', '>=2.0', 'registry', undefined, undefined, 11, 1],
      ['editable', '', undefined, 'git', SHA, true, 12, 4],
      ['pkg', '', undefined, 'tarball', undefined, undefined, 13, 1],
      ['other', '', undefined, 'git', 'v1.2', undefined, 14, 1],
      ['path', '', undefined, 'file', undefined, undefined, 15, 1],
      ['Django', '4.2', undefined, 'registry', undefined, undefined, 16, 1],
    ]);
  });
  test('hashes across continuation lines', () => {
    const a = m.packages[0]!;
    expect([a.integrity, a.integrityLine, a.integrityColumn]).toEqual(['sha256:aaa sha256:bbb', 8, 12]);
  });
  test('URL positions', () => {
    const pkg = m.packages[3]!;
    expect([pkg.resolved, pkg.resolvedLine, pkg.resolvedColumn]).toEqual([
      'https://files.example.com/pkg-1.0.0.tar.gz#sha256=ccc',
      13,
      7,
    ]);
    expect(m.packages[2]!.resolved).toBe(`git+https://github.com/o/editable.git@${SHA}#egg=editable`);
  });
  test('empty and comment-only files', () => {
    expect(parseLockfile('', 'requirements.txt').packages).toEqual([]);
    expect(parseLockfile('# nothing\n\n', 'requirements-dev.txt').packages).toEqual([]);
  });
});
