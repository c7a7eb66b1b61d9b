import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/os-package-unpinned.js';
import { positions, runRule, scanFiles, type Expected } from '../../helpers/rules.js';

const run = (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/os-package-unpinned', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'apt-get in a multi-line RUN (each package on its own line)',
      'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      curl=8.5.0-2 \\\n      git \\\n      wget\n',
      [
        { line: 5, column: 7 },
        { line: 6, column: 7 },
      ],
    ],
    [
      'apk: the name after --virtual is not a package',
      'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc make=4.4.1-r2\n',
      [{ line: 2, column: 46 }],
    ],
    [
      'yum: java-11-openjdk and gcc-c++ are names, not versions',
      'FROM rockylinux:9\nRUN yum -y install java-11-openjdk gcc-c++ && yum clean all\n',
      [
        { line: 2, column: 20 },
        { line: 2, column: 36 },
      ],
    ],
    [
      'microdnf',
      'FROM ubi9\nRUN microdnf install -y --nodocs tar gzip-1.12-1.el9\n',
      [{ line: 2, column: 34 }],
    ],
    ['zypper', 'FROM opensuse/leap:15.6\nRUN zypper -n in vim\n', [{ line: 2, column: 18 }]],
    [
      'packages from a known ENV value point at the variable',
      'FROM debian:12\nENV PKGS="curl git"\nRUN apt-get install -y $PKGS\n',
      [
        { line: 3, column: 24 },
        { line: 3, column: 24 },
      ],
    ],
    ['ONBUILD RUN', 'FROM alpine:3.20\nONBUILD RUN apk add curl\n', [{ line: 2, column: 21 }]],
    [
      'heredoc body',
      'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y jq\nEOF\n',
      [{ line: 4, column: 20 }],
    ],
    [
      'a release selector is not a version',
      'FROM debian:12\nRUN apt-get install -y -t bookworm-backports foo/bookworm-backports\n',
      [{ line: 2, column: 46 }],
    ],
    [
      'behind sudo and an env prefix',
      'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive sudo apt-get install -y make\n',
      [{ line: 2, column: 60 }],
    ],
    [
      'bitnami install_packages',
      'FROM bitnami/minideb:bookworm\nRUN install_packages curl\n',
      [{ line: 2, column: 22 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  it('names the package, its manager and the pinned form', async () => {
    const [hit] = await run('FROM alpine:3.20\nRUN apk add --no-cache curl\n');
    expect(hit).toMatchObject({ package: 'curl', evidence: 'curl', scopeLine: 2, span: { endColumn: 28 } });
    expect(hit!.message).toContain("`apk` installs 'curl' without a version");
    expect(hit!.fix).toContain('curl=<version>');
  });

  it('reports each package of a variable with its own evidence', async () => {
    const hits = await run('FROM debian:12\nENV PKGS="curl git"\nRUN apt-get install -y $PKGS\n');
    expect(hits.map((h) => h.evidence)).toEqual(['curl (from $PKGS)', 'git (from $PKGS)']);
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
    expect(mine.map((f) => [f.startLine, f.startColumn, f.evidence])).toEqual([[5, 28, 'jq']]);
  });
});
