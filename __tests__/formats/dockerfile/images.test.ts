import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { imageSites, isReferenceText } from '../../../src/formats/dockerfile/images.js';

function sites(text: string) {
  return imageSites(parseDockerfile(text, 'Dockerfile')).map((s) => ({
    kind: s.kind,
    image: s.image,
    line: s.span.line,
    column: s.span.column,
    endColumn: s.span.endColumn,
    ...(s.onbuild ? { onbuild: true } : {}),
  }));
}

describe('imageSites', () => {
  it('finds FROM, COPY --from, RUN --mount from=, ONBUILD and # syntax with exact spans', () => {
    const text = [
      '# syntax=docker/dockerfile:1.7', // 1
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build', // 2
      'FROM alpine:3.19', // 3
      'COPY --from=build /out /out', // 4
      'COPY --from=0 /out /out2', // 5
      'COPY --chown=1:1 --from=nginx:1.25 /etc/nginx /etc/nginx', // 6
      'RUN --mount=type=bind,from=ghcr.io/acme/tools:2,target=/t /t/run', // 7
      'RUN --mount=type=cache,target=/root/.cache go build', // 8
      'ONBUILD COPY --from=busybox:1.36 /bin/busybox /bin/', // 9
      'ONBUILD COPY --from=builder /x /x', // 10
    ].join('\n');
    expect(sites(text)).toEqual([
      { kind: 'syntax', image: 'docker/dockerfile:1.7', line: 1, column: 10, endColumn: 31 },
      { kind: 'from', image: 'golang:1.22', line: 2, column: 32, endColumn: 43 },
      { kind: 'from', image: 'alpine:3.19', line: 3, column: 6, endColumn: 17 },
      { kind: 'copy-from', image: 'nginx:1.25', line: 6, column: 25, endColumn: 35 },
      { kind: 'mount-from', image: 'ghcr.io/acme/tools:2', line: 7, column: 28, endColumn: 48 },
      { kind: 'copy-from', image: 'busybox:1.36', line: 9, column: 21, endColumn: 33, onbuild: true },
    ]);
  });

  it('skips stage references by name (any case) and index, and FROM <stage>', () => {
    const text =
      'FROM node:20 AS Deps\nFROM deps\nCOPY --from=DEPS /a /a\nCOPY --from=1 /b /b\nRUN --mount=from=deps,target=/d true\n';
    expect(sites(text)).toEqual([{ kind: 'from', image: 'node:20', line: 1, column: 6, endColumn: 13 }]);
  });

  it('resolves variables in FROM (global ARGs) and in --from (stage scope)', () => {
    const text =
      'ARG BASE=debian:12\nFROM ${BASE}\nARG TOOL=ghcr.io/acme/tool:1\nCOPY --from=${TOOL} /t /t\nCOPY --from=$UNKNOWN /u /u\n';
    expect(sites(text)).toEqual([
      { kind: 'from', image: 'debian:12', line: 2, column: 6, endColumn: 13 },
      { kind: 'copy-from', image: 'ghcr.io/acme/tool:1', line: 4, column: 13, endColumn: 20 },
      { kind: 'copy-from', image: undefined, line: 5, column: 13, endColumn: 21 },
    ]);
  });

  it('treats a bare --from word that names no stage as a possible build context', () => {
    expect(sites('FROM alpine:3\nCOPY --from=sources /s /s\n')).toHaveLength(1);
  });

  it('but takes well-known Docker Hub names as images', () => {
    expect(sites('FROM alpine:3\nCOPY --from=busybox /bin/busybox /b\n')[1]).toMatchObject({
      kind: 'copy-from',
      image: 'busybox',
      line: 2,
      column: 13,
    });
    expect(sites('FROM alpine:3 AS busybox\nCOPY --from=busybox /bin/busybox /b\n')).toHaveLength(1);
  });

  it('strips quotes and refuses template text as an image', () => {
    const m = parseDockerfile('FROM "gcr.io/distroless/static:nonroot"\nFROM %%BASE%%\n', 'Dockerfile');
    const s = imageSites(m);
    expect(s[0]!.image).toBe('gcr.io/distroless/static:nonroot');
    expect(s[0]!.ref?.tag).toBe('nonroot');
    expect(s[1]!.ref).toBeUndefined();
  });

  it('keeps registry ports apart from tags', () => {
    const [s] = imageSites(parseDockerfile('FROM registry:5000/team/img\n', 'Dockerfile'));
    expect(s!.ref).toMatchObject({ registry: 'registry:5000', repository: 'team/img', tag: undefined });
  });

  it('isReferenceText', () => {
    expect(isReferenceText('ghcr.io/a/b:1@sha256:abc')).toBe(true);
    expect(isReferenceText('{{ image }}')).toBe(false);
    expect(isReferenceText('%%X%%')).toBe(false);
    expect(isReferenceText('')).toBe(false);
  });
});
