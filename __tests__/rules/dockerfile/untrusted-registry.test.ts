import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../../src/config/schema.js';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/untrusted-registry.js';
import { positions, runRule } from '../../helpers/rules.js';

const D = 'sha256:' + 'c'.repeat(64);
const trusted = (list: string[]) => ({
  config: { dockerfile: { ...defaultConfig().dockerfile, 'trusted-registries': list } },
});
const LIST = ['ghcr.io', '*.example.com', 'registry.local:5000', 'docker.io/library'];

describe('dockerfile/untrusted-registry', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    [
      'Docker Hub user image (implicit docker.io, not library/)',
      'FROM someone/node:20\n',
      [{ line: 1, column: 6 }],
    ],
    ['other registry', 'FROM quay.io/acme/app:1\n', [{ line: 1, column: 6 }]],
    ['wildcard does not match the bare domain', 'FROM example.com/app:1\n', [{ line: 1, column: 6 }]],
    ['port must match', 'FROM registry.local:5001/app:1\n', [{ line: 1, column: 6 }]],
    [
      'COPY --from',
      'FROM ghcr.io/a/b:1\nCOPY --from=untrusted.com/repo/image:tag /foo /bar\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'RUN --mount from=',
      'FROM ghcr.io/a/b:1\nRUN --mount=type=bind,from=untrusted.com/x:1,target=/foo true\n',
      [{ line: 2, column: 28 }],
    ],
    ['registry from a global ARG', 'ARG REG=quay.io\nFROM ${REG}/x:1\n', [{ line: 2, column: 6 }]],
    ['syntax frontend', '# syntax=quay.io/x/frontend:1\nFROM ghcr.io/a/b:1\n', [{ line: 1, column: 10 }]],
    [
      'ONBUILD COPY --from',
      'FROM ghcr.io/a/b:1\nONBUILD COPY --from=quay.io/x/y:1 /a /a\n',
      [{ line: 2, column: 21 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile', trusted(LIST)))).toEqual(
      expected,
    );
  });

  const good: [string, string][] = [
    ['listed host', 'FROM ghcr.io/acme/app:1\n'],
    ['wildcard subdomain', 'FROM a.b.example.com/app:1\n'],
    ['host with port', 'FROM registry.local:5000/app:1@' + D + '\n'],
    ['official image via docker.io/library prefix', 'FROM node:20\n'],
    ['explicit docker.io/library', 'FROM docker.io/library/node:20\n'],
    ['index.docker.io alias', 'FROM index.docker.io/library/node:20\n'],
    [
      'stage references',
      'FROM ghcr.io/a/b:1 AS build\nFROM build\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n',
    ],
    ['scratch', 'FROM scratch\n'],
    ['unknown registry variable', 'ARG REG\nFROM ${REG}/x:1\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile', trusted(LIST))).toEqual([]);
  });

  it('is inactive when the list is empty', async () => {
    expect(await runRule(rule, parseDockerfile, 'FROM quay.io/x:1\n', 'Dockerfile')).toEqual([]);
  });

  it('docker.io entry trusts every Docker Hub image', async () => {
    const text = 'FROM someone/node:20\nFROM node:20\n';
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile', trusted(['docker.io']))).toEqual([]);
  });

  it('says where the image comes from', async () => {
    const [hit] = await runRule(
      rule,
      parseDockerfile,
      'FROM someone/node:20\n',
      'Dockerfile',
      trusted(['ghcr.io']),
    );
    expect(hit!.message).toContain('docker.io (no host given, so Docker Hub)');
    expect(hit!.span.endColumn).toBe(21);
  });
});

describe('dockerfile/untrusted-registry judges the known registry of a partly-known image', () => {
  const PATHS = ['ghcr.io/acme', 'docker.io/library', 'registry.local:5000'];
  const rows: [string, string, string[], { line: number; column: number }[]][] = [
    [
      'known untrusted host, unknown org',
      'ARG ORG\nFROM quay.io/${ORG}/x:1\n',
      LIST,
      [{ line: 2, column: 6 }],
    ],
    ['known trusted host, unknown org', 'ARG ORG\nFROM ghcr.io/${ORG}/x:1\n', LIST, []],
    ['unknown host', 'ARG REG\nFROM ${REG}/x:1\n', LIST, []],
    ['unknown host part', 'ARG H\nFROM ${H}.example.com/x:1\n', LIST, []],
    ['host with port, unknown tag', 'ARG T\nFROM registry.local:5000/app:${T}\n', LIST, []],
    [
      'host with port, wrong port',
      'ARG T\nFROM registry.local:5001/app:${T}\n',
      LIST,
      [{ line: 2, column: 6 }],
    ],
    ['path entry: org could still match', 'ARG ORG\nFROM ghcr.io/${ORG}/x:1\n', PATHS, []],
    ['path entry: org could still match (prefix)', 'ARG S\nFROM ghcr.io/ac${S}/x:1\n', PATHS, []],
    ['path entry: known other org', 'ARG N\nFROM ghcr.io/other/${N}:1\n', PATHS, [{ line: 2, column: 6 }]],
    ['path entry: known org', 'ARG N\nFROM ghcr.io/acme/${N}:1\n', PATHS, []],
    [
      'path entry: repository complete, unknown tag',
      'ARG T\nFROM ghcr.io/acmex:${T}\n',
      PATHS,
      [{ line: 2, column: 6 }],
    ],
    ['Docker Hub user, unknown name', 'ARG N\nFROM someone/${N}:1\n', PATHS, [{ line: 2, column: 6 }]],
    ['Docker Hub official, unknown tag', 'ARG T\nFROM library/node:${T}\n', PATHS, []],
    [
      'COPY --from with a known host',
      'FROM ghcr.io/a/b:1\nARG T\nCOPY --from=quay.io/x/y:${T} /a /a\n',
      LIST,
      [{ line: 3, column: 13 }],
    ],
  ];
  it.each(rows)('%s', async (_name, text, list, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile', trusted(list)))).toEqual(
      expected,
    );
  });

  it('says the verdict holds whatever the variable is', async () => {
    const [hit] = await runRule(
      rule,
      parseDockerfile,
      'ARG ORG\nFROM quay.io/${ORG}/x:1\n',
      'Dockerfile',
      trusted(LIST),
    );
    expect(hit!.message).toBe(
      "Base image 'quay.io/${ORG}/x:1' comes from quay.io, which is not in dockerfile.trusted-registries (whatever ${ORG} is).",
    );
  });
});
