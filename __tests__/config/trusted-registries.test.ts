// `*.gcr.io` in dockerfile.trusted-registries (issue 11, defect 9). Decision: a `*.` wildcard
// matches subdomains only, never the domain itself, as a TLS wildcard certificate does; list
// `gcr.io` beside `*.gcr.io` to trust both. The README's example does exactly that.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseImageRef } from '../../src/refs/image.js';
import { isTrusted } from '../../src/rules/dockerfile/untrusted-registry.js';

const trusted = (image: string, entries: string[]) => isTrusted(parseImageRef(image)!, entries);

describe('trusted-registries wildcards', () => {
  it.each([
    ['us.gcr.io/proj/app:1', ['*.gcr.io'], true],
    ['eu.gcr.io/proj/app:1', ['*.gcr.io'], true],
    ['gcr.io/distroless/static:nonroot', ['*.gcr.io'], false],
    ['gcr.io/distroless/static:nonroot', ['gcr.io', '*.gcr.io'], true],
    ['evilgcr.io/x/app:1', ['*.gcr.io'], false],
    ['gcr.io.evil.com/x/app:1', ['*.gcr.io'], false],
  ])('%s with %j: %s', (image, entries, expected) => {
    expect(trusted(image, entries)).toBe(expected);
  });

  it("the README's example trusts gcr.io itself as well as its regional hosts", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = readme.split('\n').find((l) => l.trimStart().startsWith('trusted-registries:'))!;
    const entries = (parse(line.replace(/#.*$/, '')) as { 'trusted-registries': string[] })[
      'trusted-registries'
    ];
    expect(trusted('gcr.io/distroless/static:nonroot', entries)).toBe(true);
    expect(trusted('us.gcr.io/proj/app:1', entries)).toBe(true);
  });
});
