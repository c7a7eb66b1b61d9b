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
      'packages from a known ENV value: one related span at the variable',
      'FROM debian:12\nENV PKGS="curl git"\nRUN apt-get install -y $PKGS\n',
      [3, 5, 20],
      [[3, 24, '$PKGS: curl, git']],
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

  it('at most 8 names in the message', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const [h] = await run(`FROM debian:12\nRUN apt-get install -y ${names.join(' ')}\n`);
    expect(h!.message).toContain("'p7' and 4 more");
    expect(h!.related).toHaveLength(12);
  });

  const good: [string, string][] = [
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
