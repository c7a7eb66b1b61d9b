import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  gradeCargoVersion,
  gradeGemVersion,
  gradeGoVersion,
  gradeNpmVersion,
  gradePipSpecifier,
  packageLabel,
  parseApkSpec,
  parseAptSpec,
  parseCargoSpec,
  parseComposerSpec,
  parseGemSpec,
  parseGoSpec,
  parseNpmSpec,
  parsePipSpec,
  parseRpmSpec,
  parseZypperSpec,
  type PackageSpec,
} from '../../src/refs/packages.js';
import {
  languagePackages,
  osPackages,
  parseFlags,
  readInvocation,
  type ArgWord,
} from '../../src/refs/package-commands.js';

const SHA = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const brief = (s: PackageSpec): [string, string | undefined, string] => [s.kind, s.name, s.grade];

describe('parsePipSpec', () => {
  const table: [string, [string, string | undefined, string]][] = [
    ['requests', ['registry', 'requests', 'unpinned']],
    ['requests==2.32.3', ['registry', 'requests', 'exact']],
    ['requests===2.32.3', ['registry', 'requests', 'exact']],
    ['requests[socks]==2.32.3', ['registry', 'requests', 'exact']],
    ['requests>=2', ['registry', 'requests', 'floating']],
    ['requests~=2.32', ['registry', 'requests', 'floating']],
    ['requests>=2,<3', ['registry', 'requests', 'floating']],
    ['requests==2.*', ['registry', 'requests', 'floating']],
    ['requests!=2.0', ['registry', 'requests', 'floating']],
    ['requests==2.32.3; python_version<"3.12"', ['registry', 'requests', 'exact']],
    ['alabaster>=0.7', ['registry', 'alabaster', 'floating']],
    ['pip==${PIP_VERSION}', ['registry', 'pip', 'unknown']],
    ['${PKG}', ['unknown', undefined, 'unknown']],
    ['$PKGS', ['unknown', undefined, 'unknown']],
    ['.', ['local', undefined, 'locked']],
    ['./pkg', ['local', undefined, 'locked']],
    ['dist/tool-1.0-py3-none-any.whl', ['local', undefined, 'locked']],
    ['tool-1.0.tar.gz', ['local', undefined, 'locked']],
    ['git+https://github.com/a/b.git', ['vcs', undefined, 'unpinned']],
    ['git+https://github.com/a/b.git#egg=b', ['vcs', 'b', 'unpinned']],
    // A release tag is `exact` (it can be re-pointed); a branch or a major-only tag floats.
    ['git+https://github.com/a/b.git@0.6-alpha#egg=b', ['vcs', 'b', 'exact']],
    ['git+https://github.com/a/b.git@main#egg=b', ['vcs', 'b', 'floating']],
    ['git+https://github.com/a/b.git@v2#egg=b', ['vcs', 'b', 'floating']],
    [`git+https://github.com/a/b.git@${SHA.slice(0, 7)}#egg=b`, ['vcs', 'b', 'exact']],
    [`git+https://github.com/a/b.git@${'e'.repeat(64)}#egg=b`, ['vcs', 'b', 'locked']],
    [`git+ssh://git@github.com:2222/a/b.git@${SHA}#egg=b`, ['vcs', 'b', 'locked']],
    [`git+https://github.com/a/b.git@${SHA}#egg=b`, ['vcs', 'b', 'locked']],
    [`git+https://user@github.com/a/b.git`, ['vcs', undefined, 'unpinned']],
    [`b @ git+https://github.com/a/b.git@${SHA}`, ['vcs', 'b', 'locked']],
    ['b @ https://example.com/b-1.0.tar.gz', ['url', 'b', 'exact']],
    ['https://example.com/b-1.0.tar.gz#sha256=' + 'a'.repeat(64), ['url', undefined, 'locked']],
    ['https://example.com/b-1.0.zip', ['url', undefined, 'exact']],
    ['-weird', ['unknown', '-weird', 'unknown']],
  ];
  it.each(table)('%s', (raw, expected) => {
    expect(brief(parsePipSpec(raw))).toEqual(expected);
  });

  it('grades specifier lists', () => {
    expect(gradePipSpecifier('')).toBe('unpinned');
    expect(gradePipSpecifier('==1.0,!=1.1')).toBe('exact');
    expect(gradePipSpecifier('>=${V}')).toBe('floating');
    expect(gradePipSpecifier('bogus')).toBe('unknown');
  });
});

describe('parseNpmSpec', () => {
  const table: [string, [string, string | undefined, string]][] = [
    ['express', ['registry', 'express', 'unpinned']],
    ['express@4.19.2', ['registry', 'express', 'exact']],
    ['express@=4.19.2', ['registry', 'express', 'exact']],
    ['express@^4.19.2', ['registry', 'express', 'floating']],
    ['express@4', ['registry', 'express', 'floating']],
    ['npm@10.x', ['registry', 'npm', 'floating']],
    ['express@latest', ['registry', 'express', 'unpinned']],
    ['express@next', ['registry', 'express', 'floating']],
    ['express@*', ['registry', 'express', 'unpinned']],
    ['@scope/pkg', ['registry', '@scope/pkg', 'unpinned']],
    ['@scope/pkg@1.2.3', ['registry', '@scope/pkg', 'exact']],
    ['@myorg/pkg@>=0.1.0 <0.2.0', ['registry', '@myorg/pkg', 'floating']],
    ['eslint@$ESLINT_VERSION', ['registry', 'eslint', 'unknown']],
    ['doctoc@${DOCTOC_VERSION#v}', ['registry', 'doctoc', 'unknown']],
    ['alias@npm:real@1.2.3', ['registry', 'real', 'exact']],
    ['alias@npm:real', ['registry', 'real', 'unpinned']],
    ['git+ssh://git@github.com/a/b.git', ['vcs', undefined, 'unpinned']],
    ['git+https://github.com/a/b.git#v1.0.0', ['vcs', undefined, 'exact']],
    ['github:a/b#semver:^1.0.0', ['vcs', undefined, 'floating']],
    ['github:a/b#semver:1.0.0', ['vcs', undefined, 'floating']],
    [`git+https://github.com/a/b.git#commit=${SHA}`, ['vcs', undefined, 'locked']],
    [`git+https://github.com/a/b.git#${SHA}&path=pkg`, ['vcs', undefined, 'locked']],
    [`git+https://github.com/a/b.git#${'f'.repeat(64)}`, ['vcs', undefined, 'locked']],
    ['git+https://github.com/a/b.git#${REF}', ['vcs', undefined, 'unknown']],
    [`git+https://github.com/a/b.git#${SHA}`, ['vcs', undefined, 'locked']],
    ['github:a/b', ['vcs', undefined, 'unpinned']],
    ['a/b', ['vcs', undefined, 'unpinned']],
    [`a/b#${SHA}`, ['vcs', undefined, 'locked']],
    ['pkg@github:a/b#main', ['vcs', 'pkg', 'floating']],
    ['https://example.com/pkg-1.0.0.tgz', ['url', undefined, 'exact']],
    ['/tmp/playwright-core.tar.gz', ['local', undefined, 'locked']],
    ['./packages/x', ['local', undefined, 'locked']],
    ['file:../x', ['local', undefined, 'locked']],
    ['pkg@file:../x', ['local', 'pkg', 'locked']],
    ['$PKG', ['unknown', undefined, 'unknown']],
    ['Bad Name', ['unknown', 'Bad Name', 'unknown']],
  ];
  it.each(table)('%s', (raw, expected) => {
    expect(brief(parseNpmSpec(raw))).toEqual(expected);
  });
  it('grades versions', () => {
    expect(gradeNpmVersion('1.2.3-beta.1')).toBe('exact');
    expect(gradeNpmVersion('~1.2.3')).toBe('floating');
    expect(gradeNpmVersion('')).toBe('unpinned');
  });
});

describe('ecosystem names', () => {
  it('uses the OSV names for language packages and the tool for system packages', () => {
    expect(parsePipSpec('requests').ecosystem).toBe('PyPI');
    expect(parseNpmSpec('lodash').ecosystem).toBe('npm');
    expect(parseGemSpec('rails').ecosystem).toBe('RubyGems');
    expect(parseGoSpec('golang.org/x/tools/gopls@v0.15.3').ecosystem).toBe('Go');
    expect(parseCargoSpec('ripgrep').ecosystem).toBe('crates.io');
    expect(parseComposerSpec('phpunit/phpunit').ecosystem).toBe('Packagist');
    expect(parseAptSpec('curl').ecosystem).toBe('apt');
    expect(parseApkSpec('curl').ecosystem).toBe('apk');
    expect(parseRpmSpec('curl').ecosystem).toBe('rpm');
    expect(parseZypperSpec('curl').ecosystem).toBe('zypper');
  });
});

describe('other ecosystems', () => {
  it('gem', () => {
    expect(brief(parseGemSpec('rails'))).toEqual(['registry', 'rails', 'unpinned']);
    expect(brief(parseGemSpec('rails:7.2.1'))).toEqual(['registry', 'rails', 'exact']);
    expect(brief(parseGemSpec('rails', '7.2.1'))).toEqual(['registry', 'rails', 'exact']);
    expect(brief(parseGemSpec('rails', '~> 7.2'))).toEqual(['registry', 'rails', 'floating']);
    expect(brief(parseGemSpec('rails', '$RAILS_VERSION'))).toEqual(['registry', 'rails', 'unknown']);
    expect(brief(parseGemSpec('./vendor/x-1.0.gem'))).toEqual(['local', undefined, 'locked']);
    expect(gradeGemVersion('= 1.0')).toBe('exact');
    expect(gradeGemVersion('>= 1, < 2')).toBe('floating');
  });
  it('go', () => {
    expect(brief(parseGoSpec('golang.org/x/tools/gopls@v0.15.3'))).toEqual([
      'registry',
      'golang.org/x/tools/gopls',
      'exact',
    ]);
    expect(brief(parseGoSpec('golang.org/x/tools/gopls@latest'))).toEqual([
      'registry',
      'golang.org/x/tools/gopls',
      'unpinned',
    ]);
    expect(brief(parseGoSpec('example.com/m@master'))).toEqual(['registry', 'example.com/m', 'floating']);
    expect(brief(parseGoSpec('example.com/m@v1'))).toEqual(['registry', 'example.com/m', 'floating']);
    expect(brief(parseGoSpec('example.com/m@v0.0.0-20240101000000-abcdef123456'))).toEqual([
      'registry',
      'example.com/m',
      'exact',
    ]);
    expect(brief(parseGoSpec('example.com/m@none'))).toEqual(['registry', 'example.com/m', 'locked']);
    expect(brief(parseGoSpec('example.com/m@${V}'))).toEqual(['registry', 'example.com/m', 'unknown']);
    expect(brief(parseGoSpec('./cmd/x'))).toEqual(['local', './cmd/x', 'locked']);
    expect(brief(parseGoSpec('tool'))).toEqual(['local', 'tool', 'locked']);
    expect(brief(parseGoSpec('example.com/m'))).toEqual(['local', 'example.com/m', 'locked']);
    expect(gradeGoVersion('upgrade')).toBe('floating');
  });
  it('cargo', () => {
    expect(brief(parseCargoSpec('ripgrep'))).toEqual(['registry', 'ripgrep', 'unpinned']);
    expect(brief(parseCargoSpec('ripgrep@14.1.1'))).toEqual(['registry', 'ripgrep', 'exact']);
    expect(brief(parseCargoSpec('ripgrep', '14.1.1'))).toEqual(['registry', 'ripgrep', 'exact']);
    expect(brief(parseCargoSpec('ripgrep', '~14.1'))).toEqual(['registry', 'ripgrep', 'floating']);
    expect(gradeCargoVersion('14.1')).toBe('floating');
  });
  it('composer', () => {
    expect(brief(parseComposerSpec('phpunit/phpunit'))).toEqual(['registry', 'phpunit/phpunit', 'unpinned']);
    expect(brief(parseComposerSpec('phpunit/phpunit:10.5.1'))).toEqual([
      'registry',
      'phpunit/phpunit',
      'exact',
    ]);
    expect(brief(parseComposerSpec('phpunit/phpunit=10.5.1'))).toEqual([
      'registry',
      'phpunit/phpunit',
      'exact',
    ]);
    expect(brief(parseComposerSpec('phpunit/phpunit:^10'))).toEqual([
      'registry',
      'phpunit/phpunit',
      'floating',
    ]);
    expect(brief(parseComposerSpec('phpunit/phpunit', '10.5.1'))).toEqual([
      'registry',
      'phpunit/phpunit',
      'exact',
    ]);
  });
  it('apt', () => {
    expect(brief(parseAptSpec('curl'))).toEqual(['registry', 'curl', 'unpinned']);
    expect(brief(parseAptSpec('curl=8.5.0-2'))).toEqual(['registry', 'curl', 'exact']);
    expect(brief(parseAptSpec('ruby=1:2.1.*'))).toEqual(['registry', 'ruby', 'floating']);
    expect(brief(parseAptSpec('libc6:i386'))).toEqual(['registry', 'libc6:i386', 'unpinned']);
    expect(brief(parseAptSpec('openjdk-8-jdk/jessie-backports'))).toEqual([
      'registry',
      'openjdk-8-jdk',
      'unpinned',
    ]);
    expect(brief(parseAptSpec('./wkhtmltox_0.12.5-1.bionic_amd64.deb'))).toEqual([
      'local',
      undefined,
      'locked',
    ]);
    expect(brief(parseAptSpec('python3-pip=${PIP_VERSION}'))).toEqual(['registry', 'python3-pip', 'unknown']);
    expect(brief(parseAptSpec('$PKGS'))).toEqual(['unknown', undefined, 'unknown']);
  });
  it('apk', () => {
    expect(brief(parseApkSpec('gcc'))).toEqual(['registry', 'gcc', 'unpinned']);
    expect(brief(parseApkSpec('gcc=12.2.1-r4'))).toEqual(['registry', 'gcc', 'exact']);
    expect(brief(parseApkSpec('git~2.52'))).toEqual(['registry', 'git', 'floating']);
    expect(brief(parseApkSpec('git>2'))).toEqual(['registry', 'git', 'floating']);
    expect(brief(parseApkSpec('mkcert@testing'))).toEqual(['registry', 'mkcert', 'unpinned']);
    expect(brief(parseApkSpec('./x.apk'))).toEqual(['local', undefined, 'locked']);
    expect(brief(parseApkSpec('so:libc.musl-x86_64.so.1'))).toEqual([
      'registry',
      'so:libc.musl-x86_64.so.1',
      'unpinned',
    ]);
  });
  it('rpm', () => {
    expect(brief(parseRpmSpec('curl'))).toEqual(['registry', 'curl', 'unpinned']);
    expect(brief(parseRpmSpec('java-11-openjdk'))).toEqual(['registry', 'java-11-openjdk', 'unpinned']);
    expect(brief(parseRpmSpec('gcc-c++'))).toEqual(['registry', 'gcc-c++', 'unpinned']);
    expect(brief(parseRpmSpec('python3-3.9.18'))).toEqual(['registry', 'python3', 'exact']);
    expect(brief(parseRpmSpec('curl-7.76.1-26.el9'))).toEqual(['registry', 'curl', 'exact']);
    expect(brief(parseRpmSpec('java-11-openjdk-devel-11.0.20.0.8-1.el9'))).toEqual([
      'registry',
      'java-11-openjdk-devel',
      'exact',
    ]);
    expect(brief(parseRpmSpec('nodejs-1:18.1'))).toEqual(['registry', 'nodejs', 'exact']);
    expect(brief(parseRpmSpec('curl-7.76*'))).toEqual(['registry', 'curl', 'floating']);
    expect(brief(parseRpmSpec('@development'))).toEqual(['unknown', undefined, 'unknown']);
    expect(brief(parseRpmSpec('dnf-command(config-manager)'))).toEqual(['unknown', undefined, 'unknown']);
    expect(brief(parseRpmSpec('/tmp/x.rpm'))).toEqual(['local', undefined, 'locked']);
    expect(brief(parseRpmSpec('https://example.com/x.rpm'))).toEqual(['url', undefined, 'exact']);
  });
  it('zypper', () => {
    expect(brief(parseZypperSpec('vim'))).toEqual(['registry', 'vim', 'unpinned']);
    expect(brief(parseZypperSpec('vim=9.1'))).toEqual(['registry', 'vim', 'exact']);
    expect(brief(parseZypperSpec('vim>=9'))).toEqual(['registry', 'vim', 'floating']);
    expect(brief(parseZypperSpec('x.rpm'))).toEqual(['local', undefined, 'locked']);
  });
  it('labels packages for config ignores', () => {
    expect(packageLabel(parsePipSpec('requests'))).toBe('requests');
    expect(packageLabel(parseNpmSpec('@s/p@^1'))).toBe('@s/p@^1');
  });
});

describe('parsers on hostile input', () => {
  const parsers = [
    parsePipSpec,
    parseNpmSpec,
    (s: string) => parseGemSpec(s),
    parseGoSpec,
    (s: string) => parseCargoSpec(s),
    (s: string) => parseComposerSpec(s),
    parseAptSpec,
    parseApkSpec,
    parseRpmSpec,
    parseZypperSpec,
  ];
  it('never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const p of parsers) {
          const r = p(s);
          expect(['locked', 'exact', 'floating', 'unpinned', 'unknown']).toContain(r.grade);
        }
      }),
      { numRuns: 400 },
    );
  });
  it('never throw on spec-like input', () => {
    const atoms = fc.constantFrom(
      'a',
      '-',
      '.',
      '@',
      '=',
      '>',
      '<',
      '~',
      '^',
      '/',
      ':',
      '#',
      '[',
      ']',
      ';',
      '$',
      '{',
      '}',
      '*',
      '1',
      'v',
      'git+',
      'https://',
      ' ',
      'npm:',
    );
    fc.assert(
      fc.property(fc.array(atoms, { maxLength: 60 }), (parts) => {
        const s = parts.join('');
        for (const p of parsers) p(s);
      }),
      { numRuns: 800 },
    );
  });
  it('stay fast on long input', () => {
    const inputs = [
      'a'.repeat(100_000),
      '-'.repeat(5000) + '1',
      'a-1'.repeat(2000),
      '@'.repeat(50_000),
      'git+https://x/' + '@'.repeat(3000),
      'a==1,'.repeat(800),
    ];
    const t0 = performance.now();
    for (const s of inputs) for (const p of parsers) p(s);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

function words(text: string): ArgWord[] {
  const out: ArgWord[] = [];
  let col = 1;
  for (const t of text.split(' ')) {
    out.push({
      line: 1,
      column: col,
      endLine: 1,
      endColumn: col + t.length,
      value: t.includes('$') ? undefined : t,
      partial: t,
      raw: t,
    });
    col += t.length + 1;
  }
  return out;
}
const cmd = (text: string) => {
  const [name, ...args] = words(text);
  return { name: name!.partial, base: name!.partial.split('/').pop()!, nameWord: name!, args };
};

describe('reading command lines', () => {
  it('splits flags with values, clusters and --', () => {
    const r = parseFlags(words('-yq --virtual .deps -t.x -- -notaflag gcc'), {
      long: new Set(['virtual']),
      short: 't',
    });
    expect(r.flags.map((f) => [f.name, f.value])).toEqual([
      ['-y', undefined],
      ['-q', undefined],
      ['--virtual', '.deps'],
      ['-t', '.x'],
    ]);
    expect(r.positionals.map((w) => w.partial)).toEqual(['-notaflag', 'gcc']);
  });
  it('finds the tool behind python -m, uv pip, runners and xx- wrappers', () => {
    expect(readInvocation(cmd('python3 -m pip install x'))).toMatchObject({ tool: 'pip', sub: 'install' });
    expect(readInvocation(cmd('python3.12 -I -m pip install x'))).toMatchObject({
      tool: 'pip',
      sub: 'install',
    });
    expect(readInvocation(cmd('uv pip install x'))).toMatchObject({ tool: 'uv', sub: 'pip install' });
    expect(readInvocation(cmd('micromamba run -n base yarn install'))).toMatchObject({
      tool: 'yarn',
      sub: 'install',
    });
    expect(readInvocation(cmd('xx-apk add gcc'))).toMatchObject({ tool: 'apk', sub: 'add' });
    expect(readInvocation(cmd('apt-get -y -o Dpkg::Options::=--force-confnew install curl'))).toMatchObject({
      tool: 'apt',
      sub: 'install',
    });
    expect(readInvocation(cmd('python3 script.py'))).toBeUndefined();
    expect(readInvocation(cmd('ls -la'))).toBeUndefined();
  });
  it('lists package arguments', () => {
    const apk = readInvocation(cmd('apk add --no-cache --virtual .build-deps gcc=12.2.1-r4 make'))!;
    expect(osPackages(apk)!.map((p) => p.spec.raw)).toEqual(['gcc=12.2.1-r4', 'make']);
    const pip = readInvocation(cmd('pip install -r req.txt -c c.txt -e ./lib flask --index-url https://x'))!;
    expect(languagePackages(pip)!.packages.map((p) => p.spec.raw)).toEqual(['./lib', 'flask']);
    const go = readInvocation(cmd('go run -tags x example.com/m@latest --flag arg'))!;
    expect(languagePackages(go)!.packages.map((p) => p.spec.raw)).toEqual(['example.com/m@latest']);
    const goGet = readInvocation(cmd('go get example.com/m'))!;
    expect(languagePackages(goGet)!.packages[0]!.spec.grade).toBe('unpinned');
    const composer = readInvocation(cmd('composer global require phpunit/phpunit 10.5.1'))!;
    expect(languagePackages(composer)!.packages.map((p) => p.spec.grade)).toEqual(['exact']);
  });
});

describe('command reading on hostile input', () => {
  it('never throws and stays linear', () => {
    const tok = fc.constantFrom(
      'pip',
      'install',
      '-r',
      '--',
      '-',
      '-yq',
      '--virtual',
      '-t',
      'x',
      '$X',
      'git',
      'clone',
      '-b',
      'npm',
      'i',
      '-g',
      'apt-get',
      'apk',
      'add',
      'python3',
      '-m',
      'uv',
      'run',
      'conda',
      '--index=x',
      'composer',
      'global',
      'require',
      'a/b',
      '1.0',
    );
    fc.assert(
      fc.property(fc.array(tok, { minLength: 1, maxLength: 40 }), (parts) => {
        const c = cmd(parts.join(' '));
        const inv = readInvocation(c);
        if (inv) {
          osPackages(inv);
          languagePackages(inv);
        }
      }),
      { numRuns: 1000 },
    );
    const long = cmd('pip install ' + '-r x '.repeat(20_000));
    const t0 = performance.now();
    readInvocation(long);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
