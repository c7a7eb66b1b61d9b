import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/os-package-unpinned.js';
import { runRule, scanFiles } from '../../helpers/rules.js';

const run = (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/os-package-unpinned', () => {
  // One finding per install command, at the command words; each unpinned package is a related span.
  const bad: [string, string, [number, number, number], [number, number, string][]][] = [
    [
      'apt-get in a multi-line RUN (each package on its own line)',
      'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl=8.5.0-2 \\\n      git \\\n      wget\n',
      [3, 5, 20],
      [
        [5, 7, 'git'],
        [6, 7, 'wget'],
      ],
    ],
    [
      'apk: the name after --virtual is not a package',
      'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc make=4.4.1-r2\n',
      [2, 5, 12],
      [[2, 46, 'gcc']],
    ],
    [
      'yum: java-11-openjdk and gcc-c++ are names, not versions',
      'FROM rockylinux:9\nRUN yum -y install java-11-openjdk gcc-c++ && yum clean all\n',
      [2, 5, 19],
      [
        [2, 20, 'java-11-openjdk'],
        [2, 36, 'gcc-c++'],
      ],
    ],
    [
      'microdnf',
      'FROM ubi9\nRUN microdnf install -y --nodocs tar gzip-1.12-1.el9\n',
      [2, 5, 21],
      [[2, 34, 'tar']],
    ],
    ['zypper', 'FROM opensuse/leap:15.6\nRUN zypper -n in vim\n', [2, 5, 17], [[2, 18, 'vim']]],
    [
      'zypper -D before the subcommand is a directory, not a dry run',
      'FROM opensuse/leap:15.6\nRUN zypper -D /etc/repos in vim\n',
      [2, 5, 28],
      [[2, 29, 'vim']],
    ],
    [
      'packages from a known ENV value: one finding at the expansion, the ENV line related',
      'FROM debian:12\nENV PKGS="curl git"\nRUN apt-get install -y $PKGS\n',
      [3, 24, 29],
      [[2, 5, 'PKGS defined here']],
    ],
    [
      'ENV in the old space-separated form, inherited from an earlier stage',
      'FROM debian:12 AS base\nENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tmake\nFROM base\nRUN apt-get install -y ${PHPIZE_DEPS}\n',
      [6, 24, 38],
      [[2, 5, 'PHPIZE_DEPS defined here']],
    ],
    [
      'a stage ARG without a default takes the global default',
      'ARG PKGS="curl git"\nFROM debian:12\nARG PKGS\nRUN apt-get install -y $PKGS\n',
      [4, 24, 29],
      [[1, 5, 'PKGS defined here']],
    ],
    [
      'a variable assigned earlier in the same RUN',
      'FROM alpine:3.20\nRUN deps="gcc make"; apk add $deps\n',
      [2, 30, 35],
      [[2, 5, 'deps defined here']],
    ],
    [
      'a variable with one package',
      'FROM alpine:3.20\nARG PKG=curl\nRUN apk add "$PKG"\n',
      [3, 13, 19],
      [[2, 5, 'PKG defined here']],
    ],
    [
      'a build dependency removed in a different RUN reaches a layer',
      'FROM alpine:3.20\nRUN apk add --virtual .build-deps gcc\nRUN apk del .build-deps\n',
      [2, 5, 12],
      [[2, 35, 'gcc']],
    ],
    [
      'only the purged names are build dependencies',
      'FROM debian:12\nRUN apt-get install -y gcc curl && make && apt-get purge -y gcc\n',
      [2, 5, 20],
      [[2, 28, 'curl']],
    ],
    [
      'apk del of another virtual package',
      'FROM alpine:3.20\nRUN apk add --virtual .fetch gnupg && apk del .build-deps\n',
      [2, 5, 12],
      [[2, 30, 'gnupg']],
    ],
    [
      'a removal before the install removes nothing',
      'FROM debian:12\nRUN apt-get purge -y gcc; apt-get install -y gcc\n',
      [2, 27, 42],
      [[2, 46, 'gcc']],
    ],
    ['ONBUILD RUN', 'FROM alpine:3.20\nONBUILD RUN apk add curl\n', [2, 13, 20], [[2, 21, 'curl']]],
    [
      'heredoc body',
      'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y jq\nEOF\n',
      [4, 1, 16],
      [[4, 20, 'jq']],
    ],
    [
      'a release selector is not a version',
      'FROM debian:12\nRUN apt-get install -y -t bookworm-backports foo/bookworm-backports\n',
      [2, 5, 20],
      [[2, 46, 'foo/bookworm-backports']],
    ],
    [
      'behind sudo and an env prefix',
      'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive sudo apt-get install -y make\n',
      [2, 41, 56],
      [[2, 60, 'make']],
    ],
    [
      'bitnami install_packages',
      'FROM bitnami/minideb:bookworm\nRUN install_packages curl\n',
      [2, 5, 21],
      [[2, 22, 'curl']],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, at, related) => {
    const hits = await run(text);
    expect(hits.map((h) => [h.span.line, h.span.column, h.span.endColumn])).toEqual([at]);
    expect(hits[0]!.related!.map((r) => [r.span.line, r.span.column, r.label])).toEqual(related);
  });

  it('names the packages, the manager and the pinned form; one package keeps its name for ignores', async () => {
    const [hit] = await run('FROM alpine:3.20\nRUN apk add --no-cache curl\n');
    expect(hit).toMatchObject({ package: 'curl', evidence: 'apk curl', scopeLine: 2 });
    expect(hit!.message).toBe(
      "`apk` installs 'curl' without a version: each build takes whatever the mirror serves that day.",
    );
    expect(hit!.fix).toContain('curl=<version>');
    const [two] = await run('FROM debian:12\nRUN apt-get install -y git jq\n');
    expect(two!.package).toBeUndefined();
    expect(two!.message).toContain("`apt-get` installs 2 packages without a version ('git', 'jq')");
  });

  it('the evidence names what the group covers, so one more package makes a new fingerprint', async () => {
    const [a] = await run('FROM debian:12\nRUN apt-get install -y git jq\n');
    const [b] = await run('FROM debian:12\nRUN apt-get install -y jq \\\n  git\n');
    const [c] = await run('FROM debian:12\nRUN apt-get install -y git jq curl\n');
    expect(a!.evidence).toBe('apt-get git jq');
    expect(b!.evidence).toBe(a!.evidence);
    expect(c!.evidence).toBe('apt-get curl git jq');
  });

  it('a group too long for the evidence keeps a digest of every name, so one more package still shows', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `package-number-${i}`);
    const [a] = await run(`FROM debian:12\nRUN apt-get install -y ${names.join(' ')}\n`);
    const [b] = await run(`FROM debian:12\nRUN apt-get install -y ${names.join(' ')} zzz\n`);
    const [c] = await run(`FROM debian:12\nRUN apt-get install -y ${[...names].reverse().join(' ')}\n`);
    expect(a!.evidence!.length).toBeLessThanOrEqual(360);
    expect(a!.evidence).toMatch(/^apt-get 60 packages #[0-9a-f]{8} package-number-0 /);
    expect(b!.evidence).toMatch(/^apt-get 61 packages /);
    expect(c!.evidence).toBe(a!.evidence);
  });

  it('at most 8 names in the message', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const [h] = await run(`FROM debian:12\nRUN apt-get install -y ${names.join(' ')}\n`);
    expect(h!.message).toContain("'p7' and 4 more");
    expect(h!.related).toHaveLength(12);
  });

  // The Debian official-image idiom: everything installed after the `showmanual` snapshot is marked
  // automatic and purged, except what the ldd scan keeps (runtime libraries).
  const IDIOM_HEAD = 'FROM debian:12\nRUN set -eux; \\\n  savedAptMark="$(apt-mark showmanual)"; \\\n';
  const IDIOM_TAIL =
    "  apt-mark auto '.*' > /dev/null; \\\n" +
    '  [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\\n' +
    "  find /usr/local -type f -executable -exec ldd '{}' ';' \\\n" +
    '    | awk \'/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); printf "*%s\\n", so }\' \\\n' +
    '    | sort -u | xargs -r dpkg-query --search | cut -d: -f1 | sort -u | xargs -r apt-mark manual; \\\n' +
    '  apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n';
  const idiom: [string, string, [number, number, string][]][] = [
    [
      'PHP: -dev packages and $PHPIZE_DEPS are purged',
      'FROM debian:12\nENV PHPIZE_DEPS="autoconf gcc make"\n' +
        IDIOM_HEAD.slice('FROM debian:12\n'.length) +
        '  apt-get update; apt-get install -y --no-install-recommends libxml2-dev libssl-dev $PHPIZE_DEPS; \\\n' +
        '  make; \\\n' +
        IDIOM_TAIL,
      [],
    ],
    [
      'a shared library the ldd scan may keep is still reported',
      IDIOM_HEAD + '  apt-get install -y libatomic1 libssl3t64 zlib1g libssl-dev wget; \\\n' + IDIOM_TAIL,
      [
        [4, 22, 'libatomic1'],
        [4, 33, 'libssl3t64'],
        [4, 44, 'zlib1g'],
      ],
    ],
    [
      'a package named by a later apt-mark manual is kept',
      IDIOM_HEAD +
        '  apt-get install -y ca-certificates wget; \\\n' +
        "  apt-mark auto '.*'; apt-mark manual ca-certificates; \\\n" +
        '  apt-get purge -y --auto-remove\n',
      [[4, 22, 'ca-certificates']],
    ],
    [
      'an install before the snapshot is restored by it',
      'FROM debian:12\nRUN apt-get install -y tzdata; \\\n  savedAptMark="$(apt-mark showmanual)"; \\\n  apt-get install -y gcc; \\\n' +
        IDIOM_TAIL,
      [[2, 24, 'tzdata']],
    ],
    [
      'an install after apt-mark auto stays (postgres)',
      IDIOM_HEAD +
        '  apt-get install -y dpkg-dev; \\\n' +
        '  apt-mark showmanual | xargs apt-mark auto > /dev/null; \\\n' +
        '  apt-mark manual $savedAptMark; \\\n' +
        '  apt-get install -y postgresql-common; \\\n' +
        '  apt-get purge -y --auto-remove\n',
      [[7, 22, 'postgresql-common']],
    ],
    [
      'apt-mark auto without a purge removes nothing',
      IDIOM_HEAD + "  apt-get install -y gcc; \\\n  apt-mark auto '.*'\n",
      [[4, 22, 'gcc']],
    ],
    [
      'no snapshot: apt-mark auto then autoremove purges everything not kept',
      "FROM node:20-slim\nRUN apt-get install -y python3 make && npm i && apt-mark auto '.*' && apt-get autoremove -y\n",
      [],
    ],
  ];
  it.each(idiom)('the apt-mark idiom: %s', async (_name, text, related) => {
    const hits = await run(text);
    expect(hits).toHaveLength(related.length > 0 ? 1 : 0);
    expect(hits.flatMap((h) => h.related!.map((r) => [r.span.line, r.span.column, r.label]))).toEqual(
      related,
    );
  });

  const good: [string, string][] = [
    [
      'apk build dependencies deleted in the same RUN',
      'FROM alpine:3.20\nENV PHPIZE_DEPS="autoconf make"\nRUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS gcc musl-dev \\\n && make \\\n && apk del --no-network .build-deps\n',
    ],
    [
      'apk -t and a removal by name',
      'FROM alpine:3.20\nRUN apk add -t .d gcc && apk add git && apk del .d git\n',
    ],
    [
      'apt-get purge and remove of the same names',
      'FROM debian:12\nRUN apt-get install -y --no-install-recommends gnupg wget && gpg --verify x && apt-get purge --auto-remove -y gnupg && apt-get remove -y wget\n',
    ],
    [
      'removal through a variable',
      'FROM debian:12\nENV BUILD="gcc make"\nRUN apt-get install -y $BUILD && make && apt-get purge -y $BUILD\n',
    ],
    ['dnf remove and zypper rm', 'FROM fedora:40\nRUN dnf install -y gcc && make && dnf remove -y gcc\n'],
    [
      'simulated installs',
      'FROM debian:12\nRUN apt-get install -s curl && apt-get install --dry-run git && apk add --simulate jq && zypper in --dry-run vim && dnf install --assumeno gcc\n',
    ],
    ['a local .deb file', 'FROM debian:12\nRUN apt-get install -y ./local.deb /tmp/x_1.0_amd64.deb\n'],
    [
      'wildcard versions count as pinned',
      'FROM debian:12\nRUN apt-get install -y ruby=1:2.1.* wget=1.16.1*\n',
    ],
    [
      'apk --virtual with a pinned package',
      'FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc=12.2.1-r4\n',
    ],
    ['apk fuzzy version', 'FROM alpine:3.20\nRUN apk add git~2.45\n'],
    [
      'packages in an unknown variable',
      'FROM debian:12\nARG PKGS\nRUN apt-get install -y $PKGS $(cat /tmp/pkgs.txt)\n',
    ],
    [
      'version from an unknown variable',
      'FROM debian:12\nARG PIP_VERSION\nRUN apt-get install -y python3-pip=${PIP_VERSION}\n',
    ],
    [
      'rpm files, URLs, groups',
      'FROM fedora:40\nRUN dnf install -y /tmp/x.rpm https://example.com/y.rpm @development "dnf-command(config-manager)"\n',
    ],
    [
      'pinned rpm',
      'FROM rockylinux:9\nRUN yum install -y curl-7.76.1-26.el9 java-11-openjdk-11.0.20.0.8-1.el9\n',
    ],
    ['no install', 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && apt-get remove -y curl\n'],
    ['words of another command', 'FROM debian:12\nRUN echo apt-get install curl\n'],
    ['JSON form, pinned', 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl=8.5.0-2"]\n'],
    [
      'option values are not packages',
      'FROM debian:12\nRUN apt-get install -y -o Dpkg::Options::="--force-confold" curl=1.0\n',
    ],
    ['zypper patterns', 'FROM opensuse/leap:15.6\nRUN zypper -n in -t pattern devel_basis\n'],
    [
      'PowerShell stage',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN choco install git\n',
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });

  it('an ignore above a multi-line RUN covers its continuation lines; config ignores name the package', async () => {
    const text =
      'FROM debian:12\n# bulkhead-ignore dockerfile/os-package-unpinned -- pinned by the snapshot mirror\nRUN apt-get install -y \\\n    curl\nRUN apt-get install -y git jq\n';
    const result = await scanFiles(
      { Dockerfile: text },
      {
        config: {
          ignore: [
            {
              rule: 'dockerfile/os-package-unpinned',
              path: '**',
              package: 'git',
              reason: 'tracked upstream',
            },
          ],
        },
      },
    );
    const mine = result.findings.filter((f) => f.ruleId === 'dockerfile/os-package-unpinned');
    // The first RUN is covered by the comment; the ignore naming 'git' cannot hide a group of two.
    expect(mine.map((f) => [f.startLine, f.startColumn, f.evidence])).toEqual([[5, 5, 'apt-get git jq']]);
  });
});
