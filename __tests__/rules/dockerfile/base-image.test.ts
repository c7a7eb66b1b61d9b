import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule as latest } from '../../../src/rules/dockerfile/base-image-latest.js';
import { rule as unpinned } from '../../../src/rules/dockerfile/base-image-unpinned.js';
import { positions, runRule } from '../../helpers/rules.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('dockerfile/base-image-latest', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['no tag', 'FROM node\n', [{ line: 1, column: 6 }]],
    ['explicit latest', 'FROM python:latest\n', [{ line: 1, column: 6 }]],
    ['platform flag', 'FROM --platform=linux/amd64 alpine\n', [{ line: 1, column: 29 }]],
    ['registry with port, no tag', 'FROM registry:5000/team/img\n', [{ line: 1, column: 6 }]],
    ['ARG default without tag', 'ARG BASE=ubuntu\nFROM ${BASE}\n', [{ line: 2, column: 6 }]],
    ['second stage', 'FROM node:20@' + D + ' AS build\nFROM nginx AS run\n', [{ line: 2, column: 6 }]],
    ['lower-case keyword', 'from debian\n', [{ line: 1, column: 6 }]],
    // Audit 2026-11: BuildKit leaves an ARG without default unset, so `:-` takes its default.
    [
      '${VAR:-default} of an ARG without default',
      'ARG BASE\nFROM ${BASE:-debian}\n',
      [{ line: 2, column: 6 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(latest, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['scratch', 'FROM scratch\n'],
    ['stage alias', 'FROM node:20@' + D + ' AS build\nFROM build\n'],
    ['stage alias, different case', 'FROM node:20@' + D + ' AS Build\nFROM build\n'],
    ['digest only', 'FROM node@' + D + '\n'],
    ['tag and digest', 'FROM node:20@' + D + '\n'],
    ['pinned ARG default', `ARG BASE=node:20@${D}\nFROM \${BASE}\n`],
    ['tagged', 'FROM node:20.11.1\n'],
    ['registry with port and tag', 'FROM registry:5000/img:1.0\n'],
    ['unknown variable is never guessed', 'ARG BASE\nFROM ${BASE}\n'],
    ['${VAR:-default} whose ARG default is unknown', 'ARG X=${Y}\nFROM ${X:-debian}\n'],
    ['ARG redeclared with a pinned default', `ARG B\nARG B=node:20@${D}\nFROM \${B:-debian}\n`],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(latest, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });
});

describe('dockerfile/base-image-unpinned', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['floating tag', 'FROM node:20-alpine\n', [{ line: 1, column: 6 }]],
    ['exact tag', 'FROM node:20.11.1\n', [{ line: 1, column: 6 }]],
    ['registry with port', 'FROM registry:5000/img:1.0\n', [{ line: 1, column: 6 }]],
    ['platform flag', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n', [{ line: 1, column: 32 }]],
    ['ARG default', 'ARG V=3.12\nFROM python:${V}-slim\n', [{ line: 2, column: 6 }]],
    ['malformed digest', 'FROM node:20@sha256:abc\n', [{ line: 1, column: 6 }]],
    [
      'ARG without default, ${VAR:-default} (hadolint #339)',
      'ARG BASE_IMAGE\nFROM ${BASE_IMAGE:-debian:9}\n',
      [{ line: 2, column: 6 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(unpinned, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  it('names the digest form in the fix', async () => {
    const [hit] = await runRule(unpinned, parseDockerfile, 'FROM ghcr.io/acme/base:1.4\n', 'Dockerfile');
    expect(hit!.fix).toBe('Pin the digest: FROM ghcr.io/acme/base:1.4@sha256:<digest>');
  });

  const good: [string, string][] = [
    ['scratch', 'FROM scratch\n'],
    ['no tag (the latest rule reports it)', 'FROM node\n'],
    ['stage alias', 'FROM golang:1.22@' + D + ' AS build\nFROM build AS test\n'],
    ['tag and digest', 'FROM node:20@' + D + '\n'],
    ['registry port and digest', 'FROM registry:5000/img:1.0@' + D + '\n'],
    ['pinned ARG default', `ARG BASE=node:20@${D}\nFROM \${BASE}\n`],
    ['unknown variable', 'ARG V\nFROM python:${V}\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(unpinned, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });
});

describe('image references outside FROM', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    [
      'COPY --from=<official image name> with no such stage',
      'FROM alpine:3@' + D + '\nCOPY --from=busybox /bin/busybox /b\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'COPY --from=<image> without tag',
      'FROM alpine:3@' + D + '\nCOPY --from=nginx:latest /a /a\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'COPY --from=<registry image> without tag',
      'FROM alpine:3@' + D + '\nCOPY --from=ghcr.io/acme/tool /t /t\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'RUN --mount from=<image>',
      'FROM alpine:3@' + D + '\nRUN --mount=type=bind,from=quay.io/x/y,target=/y true\n',
      [{ line: 2, column: 28 }],
    ],
    [
      'ONBUILD COPY --from',
      'FROM alpine:3@' + D + '\nONBUILD COPY --from=busybox:latest /bin/busybox /b\n',
      [{ line: 2, column: 21 }],
    ],
    [
      '--from through an ARG',
      'FROM alpine:3@' + D + '\nARG T=docker.io/library/tool\nCOPY --from=$T /t /t\n',
      [{ line: 3, column: 13 }],
    ],
  ];
  it.each(bad)('base-image-latest flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(latest, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const badUnpinned: [string, string, { line: number; column: number }[]][] = [
    [
      'COPY --from=<image:tag>',
      'FROM alpine:3@' + D + '\nCOPY --from=nginx:1.25 /a /a\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'mount from with a tag',
      'FROM alpine:3@' + D + '\nRUN --mount=from=ghcr.io/a/b:1,target=/b true\n',
      [{ line: 2, column: 18 }],
    ],
    [
      'ONBUILD mount from',
      'FROM alpine:3@' + D + '\nONBUILD RUN --mount=type=bind,from=x.io/t:2,target=/t true\n',
      [{ line: 2, column: 36 }],
    ],
    [
      'COPY --from after other flags',
      'FROM alpine:3@' + D + '\nCOPY --link --chown=1:1 --from=golang:1.22 /go /go\n',
      [{ line: 2, column: 32 }],
    ],
    [
      '--platform does not hide the image',
      'FROM --platform=linux/arm64 alpine:3.19\n',
      [{ line: 1, column: 29 }],
    ],
  ];
  it.each(badUnpinned)('base-image-unpinned flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(unpinned, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['COPY --from=0', 'FROM alpine:3@' + D + '\nCOPY --from=0 /a /a\n'],
    [
      'COPY --from=builder',
      'FROM golang:1@' + D + ' AS builder\nFROM alpine:3@' + D + '\nCOPY --from=builder /a /a\n',
    ],
    [
      'COPY --from=Builder (case)',
      'FROM golang:1@' + D + ' AS builder\nFROM alpine:3@' + D + '\nCOPY --from=Builder /a /a\n',
    ],
    ['FROM BUILDER (case)', 'FROM golang:1@' + D + ' AS builder\nFROM BUILDER\n'],
    [
      'mount from a stage',
      'FROM golang:1@' + D + ' AS deps\nRUN --mount=type=bind,from=deps,target=/d true\n',
    ],
    ['digest in COPY --from', 'FROM alpine:3@' + D + '\nCOPY --from=nginx:1.25@' + D + ' /a /a\n'],
    ['bare --from word (named build context)', 'FROM alpine:3@' + D + '\nCOPY --from=sources /a /a\n'],
    ['ONBUILD --from of a child stage', 'FROM alpine:3@' + D + '\nONBUILD COPY --from=build /a /a\n'],
    ['unknown variable in --from', 'FROM alpine:3@' + D + '\nCOPY --from=${TOOL_IMAGE} /a /a\n'],
    ['template text', 'FROM %%BASE_IMAGE%%\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(latest, parseDockerfile, text, 'Dockerfile')).toEqual([]);
    expect(await runRule(unpinned, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });

  it('names the COPY --from form in the fix', async () => {
    const [hit] = await runRule(
      unpinned,
      parseDockerfile,
      'FROM a:1@' + D + '\nCOPY --from=nginx:1.25 /a /a\n',
      'Dockerfile',
    );
    expect(hit!.message).toContain('Image in COPY --from');
    expect(hit!.fix).toBe('Pin the digest: COPY --from=nginx:1.25@sha256:<digest>');
  });
});
