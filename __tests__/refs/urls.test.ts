import { describe, expect, it } from '@jest/globals';
import { isInsecureScheme, parseSourceUrl, schemeOf } from '../../src/refs/urls.js';

describe('parseSourceUrl', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', 'registry.npmjs.org'],
    ['git+ssh://git@github.com:2222/u/r.git#v1', 'github.com'],
    ['GIT+HTTPS://GitHub.com/u/r.git', 'github.com'],
    ['registry+https://github.com/rust-lang/crates.io-index', 'github.com'],
    ['sparse+https://index.crates.io/', 'index.crates.io'],
    ['https://bücher.example/x.tgz', 'xn--bcher-kva.example'],
    ['  https://h.example/x  ', 'h.example'],
    ['npm:2.1.3', undefined],
    ['file:../x', undefined],
    ['git@github.com:u/r.git', undefined], // scp-style, not a URL
    ['./x', undefined],
    ['https://[bad', undefined],
    ['https://h.example/' + 'a'.repeat(9000), undefined],
    [undefined, undefined],
  ];
  it.each(cases)('%s', (value, hostname) => expect(parseSourceUrl(value)?.hostname).toBe(hostname));

  it('keeps the port of a git+ssh URL', () => {
    expect(parseSourceUrl('git+ssh://git@github.com:2222/u/r.git')?.port).toBe('2222');
  });
});

describe('schemeOf / isInsecureScheme', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['http://h/x.tgz', 'http', true],
    ['HTTP://h/x.tgz', 'http', true],
    ['https://h/x.tgz', 'https', false],
    ['git://github.com/u/r.git', 'git', true],
    ['git+http://h/r.git', 'git+http', true],
    ['git+https://h/r.git', 'git+https', false],
    ['git+ssh://git@h:2222/r.git', 'git+ssh', false],
    ['registry+http://h/index', 'registry+http', true],
    ['sparse+http://h/index', 'sparse+http', true],
    ['svn://h/r', 'svn', true],
    ['hg+http://h/r', 'hg+http', true],
    ['hg+https://h/r', 'hg+https', false],
    ['file:../x', 'file', false],
    ['./x', undefined, false],
  ];
  it.each(cases)('%s', (value, scheme, insecure) => {
    expect(schemeOf(value)).toBe(scheme);
    expect(isInsecureScheme(schemeOf(value))).toBe(insecure);
  });
});
