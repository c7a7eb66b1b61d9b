/**
 * Issue 10, "Decide with what is known": a value only known at build time is never guessed, but
 * when the unknown part cannot change the verdict the image is reported. Each row runs both base
 * image rules and asserts every finding of each (so the rows are negatives for the other rule).
 */
import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule as latest } from '../../../src/rules/dockerfile/base-image-latest.js';
import { rule as unpinned } from '../../../src/rules/dockerfile/base-image-unpinned.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const D = 'sha256:' + 'b'.repeat(64);
type Row = [name: string, text: string, latest: Expected[], unpinned: Expected[]];
const at = (line: number, column: number): Expected[] => [{ line, column }];

const rows: Row[] = [
  // Quotes are removed as BuildKit removes them.
  ['quoted image', 'FROM "ubuntu:noble"\n', [], at(1, 6)],
  ['quoted variable in the tag', 'ARG TAG=3.12\nFROM python:"${TAG}"\n', [], at(2, 6)],
  ['single-quoted image without tag', "FROM 'ubuntu'\n", at(1, 6), []],
  ['quoted pinned image', `FROM "node:20@${D}"\n`, [], []],
  ['quoted tag of an unknown variable', 'ARG TAG\nFROM python:"${TAG}"\n', [], []],
  // An unknown part before the name cannot hold a digest: the text after it does not end in hex.
  ['unknown prefix, known tag', 'ARG PREFIX\nFROM ${PREFIX}ubuntu:noble\n', [], at(2, 6)],
  ['unknown registry, known tag', 'ARG REG\nFROM $REG/app:1.2.3\n', [], at(2, 6)],
  ['unknown registry, :latest', 'ARG REG\nFROM ${REG}/app:latest\n', at(2, 6), []],
  ['unknown registry, no tag', 'ARG REG\nFROM ${REG}/ubuntu\n', at(2, 6), []],
  // `${X}ubuntu` would be tagged `ubuntu` if X were `name:`: no digest either way, tag unknown.
  ['unknown prefix, no slash, no tag', 'ARG X\nFROM ${X}ubuntu\n', [], at(2, 6)],
  ['unknown image with a known suffix', 'ARG BASE\nFROM ${BASE}-slim\n', [], at(2, 6)],
  ['unknown version inside the tag', 'ARG V\nFROM python:${V}-slim AS base\n', [], at(2, 6)],
  ['unknown image, known :latest', 'ARG IMAGE\nFROM ${IMAGE}:latest\n', at(2, 6), []],
  ['partly-known ARG default', 'ARG REG\nARG BASE=${REG}/python:3.12\nFROM ${BASE}\n', [], at(3, 6)],
  ['with --platform', 'ARG R\nFROM --platform=$BUILDPLATFORM ${R}/golang:1.22 AS b\n', [], at(2, 32)],
  ['unset :+ alternative', 'ARG S\nFROM alpine:3.19${S:+-x}\n', [], at(2, 6)],
  // `:+` of a value that may be empty is taken as any text (no guess between the two).
  ['unknown :+ alternative', 'ARG Y\nARG S=${Y}\nFROM alpine:3.19${S:+-x}\n', [], []],
  // The unknown part could end in `@sha256:...`: not reported (never guessed).
  ['unknown tag', 'ARG TAG\nFROM ubuntu:${TAG}\n', [], []],
  ['unknown registry and tag', 'ARG REG\nARG TAG\nFROM $REG/app:${TAG}\n', [], []],
  ['unknown image', 'ARG BASE\nFROM ${BASE}\n', [], []],
  ['unknown tail in hex', 'ARG X\nFROM ubuntu${X}cafe\n', [], []],
  ['unknown algorithm before a full hex part', `ARG X\nFROM ubuntu\${X}256:${'c'.repeat(64)}\n`, [], []],
  ['digest completed by a variable', 'ARG D\nFROM img@sha256:${D}\n', [], []],
  ['digest given by a variable', 'ARG D\nFROM img:1.0@${D}\n', [], []],
  ['unknown registry, known digest', `ARG REG\nFROM \${REG}/app:1@${D}\n`, [], []],
  ['unknown registry, malformed digest', 'ARG REG\nFROM ${REG}/app:1@sha256:abc\n', [], at(2, 6)],
  // Stage names: a partly-known word that could name an earlier stage is not an image.
  ['could be a stage', `FROM node:20@${D} AS build-alpine\nARG V\nFROM build-\${V}\n`, [], []],
  ['cannot be a stage (has a colon)', `FROM node:20@${D} AS b\nARG V\nFROM b\${V}:1\n`, [], at(3, 6)],
  ['quoted stage name', `FROM node:20@${D} AS build\nFROM "build"\n`, [], []],
  // Defaults of BuildKit's expansions.
  ['nested defaults', 'ARG A\nFROM ${A:-${B:-debian:12}}\n', [], at(2, 6)],
  ['unset :+ gives nothing', 'ARG S\nFROM debian${S:+:12}\n', at(2, 6), []],
  ['template text is not judged', 'ARG X\nFROM ${X}%%IMAGE%%\n', [], []],
  // --from and mount from= with partly-known values.
  [
    'COPY --from, unknown registry',
    `FROM a:1@${D}\nARG REG\nCOPY --from=\${REG}/tool:1.0 /t /t\n`,
    [],
    at(3, 13),
  ],
  ['COPY --from, unknown tag', `FROM a:1@${D}\nARG T\nCOPY --from=tool:\${T} /t /t\n`, [], []],
  ['COPY --from, maybe a stage', `FROM a:1@${D} AS s-1\nARG V\nCOPY --from=s-\${V} /t /t\n`, [], []],
  ['quoted COPY --from', `FROM a:1@${D}\nCOPY --from="nginx:1.25" /a /a\n`, [], at(2, 13)],
  [
    'mount from=, unknown registry',
    `FROM a:1@${D}\nARG R\nRUN --mount=from=\${R}/x,target=/x true\n`,
    at(3, 18),
    [],
  ],
];

describe('base image rules decide with what is known', () => {
  it.each(rows)('%s', async (_name, text, wantLatest, wantUnpinned) => {
    expect(positions(await runRule(latest, parseDockerfile, text, 'Dockerfile'))).toEqual(wantLatest);
    expect(positions(await runRule(unpinned, parseDockerfile, text, 'Dockerfile'))).toEqual(wantUnpinned);
  });

  it('says what is known and names the unknown variable', async () => {
    const [u] = await runRule(
      unpinned,
      parseDockerfile,
      'ARG PREFIX\nFROM ${PREFIX}ubuntu:noble\n',
      'Dockerfile',
    );
    expect(u!.message).toBe(
      "Base image '${PREFIX}ubuntu:noble' uses a floating tag and has no digest whatever ${PREFIX} is; a tag can be moved to different bytes without any change here.",
    );
    expect(u!.fix).toBe('Pin the digest: FROM ${PREFIX}ubuntu:noble@sha256:<digest>');
    const [v] = await runRule(unpinned, parseDockerfile, 'ARG V\nFROM python:${V}-slim\n', 'Dockerfile');
    expect(v!.message).toBe(
      "Base image 'python:${V}-slim' has no digest whatever ${V} is; a tag can be moved to different bytes without any change here.",
    );
    const [l] = await runRule(
      latest,
      parseDockerfile,
      'ARG REG\nARG B=${REG}/ubuntu\nFROM $B\n',
      'Dockerfile',
    );
    expect(l!.message).toBe(
      "Base image '${REG}/ubuntu' (from '$B') has no tag whatever ${REG} is, so it means :latest, a moving target that can change under every rebuild.",
    );
    expect(l!.fix).toBe('Pin a version and its digest: FROM ${REG}/ubuntu:<version>@sha256:<digest>');
  });
});
