import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { checkedFiles } from '../../../src/formats/dockerfile/shell/checksum.js';
import { rule } from '../../../src/rules/dockerfile/remote-add-no-checksum.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { context, runRule } from '../../helpers/rules.js';

const SUM = 'sha256:' + 'd'.repeat(64);
const SHA = 'e'.repeat(40);
const F = 'FROM alpine:3.19\n';

ruleTester(rule, parseDockerfile).run({
  invalid: [
    {
      name: 'https URL',
      code: F + 'ADD https://example.com/tool.tgz /tmp/\n',
      errors: [
        {
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 33,
          message: "ADD downloads 'https://example.com/tool.tgz' without --checksum",
        },
      ],
    },
    {
      name: 'http URL after flags',
      code: F + 'ADD --chmod=0755 --link http://example.com/tool /usr/bin/tool\n',
      errors: [{ line: 2, column: 25 }],
    },
    // Git sources are graded by git-pin.ts, as git-clone-unpinned grades `git clone -b`.
    {
      name: 'git URL with an exact tag is low',
      code: F + 'ADD https://github.com/acme/lib.git#v1.2.3 /src\n',
      errors: [
        { line: 2, column: 5, severity: 'low', message: "the tag 'v1.2.3', which can be moved (re-tagged)" },
      ],
    },
    {
      name: 'git URL without ref is medium',
      code: F + 'ADD git@github.com:acme/lib.git /src\n',
      errors: [
        { line: 2, column: 5, severity: 'medium', message: 'no ref, so it follows the default branch' },
      ],
    },
    {
      name: 'git ?ref= query form with a branch is medium',
      code: F + 'ADD https://github.com/acme/lib.git?ref=main&keep-git-dir=1 /src\n',
      errors: [{ line: 2, column: 5, severity: 'medium', message: "'main', a branch" }],
    },
    {
      name: 'git ?ref= with a tag is low (moby/moby Dockerfile)',
      code: F + 'ARG V=v1.26.3\nADD https://github.com/go-delve/delve.git?ref=${V}&keep-git-dir=1 .\n',
      errors: [{ line: 3, column: 5, severity: 'low', message: "the tag 'v1.26.3'" }],
      onbuild: { errors: [], reason: 'in a trigger the ref is an unknown variable, which may be a commit' },
    },
    {
      name: 'git major-version tag is medium',
      code: F + 'ADD https://github.com/acme/lib.git#v1 /src\n',
      errors: [{ line: 2, column: 5, severity: 'medium', message: 'major-version tag' }],
    },
    {
      name: 'git short commit is low',
      code: F + 'ADD https://github.com/acme/lib.git#3f2a9c4d /src\n',
      errors: [{ line: 2, column: 5, severity: 'low', message: "the short commit '3f2a9c4d'" }],
    },
    {
      name: 'git ?tag= is a tag',
      code: F + 'ADD https://github.com/acme/lib.git?tag=v1.2.3 /src\n',
      errors: [{ line: 2, column: 5, severity: 'low' }],
    },
    {
      name: 'git ?branch= is a branch even when named like a release',
      code: F + 'ADD https://github.com/acme/lib.git?branch=release-1.2 /src\n',
      errors: [{ line: 2, column: 5, severity: 'medium', message: "the branch 'release-1.2'" }],
    },
    {
      name: 'quoted git URL (moby/buildkit Dockerfile)',
      code:
        F +
        'ARG RUNC_VERSION=v1.2.3\nADD --keep-git-dir=true "https://github.com/opencontainers/runc.git#$RUNC_VERSION" .\n',
      errors: [
        {
          line: 3,
          column: 25,
          severity: 'low',
          message: `ADD of the git repository 'https://github.com/opencontainers/runc.git#v1.2.3' (from 'https://github.com/opencontainers/runc.git#$RUNC_VERSION'): the tag`,
        },
      ],
      onbuild: { errors: [], reason: 'in a trigger the ref is an unknown variable, which may be a commit' },
    },
    // Issue 10: an unknown version cannot give the download a checksum.
    {
      name: 'URL with a build-time variable',
      code: F + 'ARG VER\nADD https://host.test/v${VER}/agent.jar /x\n',
      errors: [
        {
          line: 3,
          column: 5,
          message:
            "ADD downloads 'https://host.test/v${VER}/agent.jar' without --checksum; whatever the variables in it hold",
        },
      ],
    },
    {
      name: 'quoted URL with variables (home-assistant docker-base)',
      code:
        F +
        'ARG S6_OVERLAY_REPOSITORY\nARG S6_OVERLAY_VERSION\nADD --unpack=true "https://github.com/${S6_OVERLAY_REPOSITORY}/releases/download/v${S6_OVERLAY_VERSION}/s6-overlay-noarch.tar.xz" /\n',
      errors: [{ line: 4, column: 19 }],
    },
    {
      name: 'quoted literal URL: quotes removed as BuildKit removes them',
      code: F + 'ADD "https://example.com/a.tgz" /a.tgz\n',
      errors: [
        { line: 2, column: 5, message: "ADD downloads 'https://example.com/a.tgz' without --checksum and" },
      ],
    },
    {
      name: 'single quotes keep $ literal',
      code: F + "ARG x=1\nADD 'https://example.com/a$x' /a\n",
      errors: [{ line: 3, column: 5, message: "'https://example.com/a$x'" }],
    },
    // The next RUN must check this file: a check of another file, a later RUN or another stage does not count.
    {
      name: 'next RUN checks another file',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/a.tgz\nRUN echo "$SHA  /tmp/b.tgz" | sha256sum -c - && tar xzf /tmp/a.tgz\n',
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'the check is in the RUN after the next',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/a.tgz\nRUN tar xzf /tmp/a.tgz\nRUN echo "$SHA  /tmp/a.tgz" | sha256sum -c -\n',
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'the check is in another stage',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/a.tgz\nFROM alpine:3.19\nRUN echo "$SHA  /tmp/a.tgz" | sha256sum -c -\n',
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'a sums file that names no file',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/\nADD https://example.com/SHA256SUMS /tmp/\nRUN cd /tmp && sha256sum -c --ignore-missing SHA256SUMS\n',
      // The sums file is the check's reference (covered, as within one RUN); a.tgz is named by nothing.
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'the file is named but not checked',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/a.tgz\nRUN tar xzf /tmp/a.tgz && sha256sum -c /etc/other.sha256\n',
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'a file whose name only ends like the checked one',
      code: F + 'ADD https://example.com/a.tgz /tmp/a.tgz\nRUN echo "$SHA  /tmp/data.tgz" | sha256sum -c -\n',
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'URL from an ARG',
      code: F + 'ARG URL=https://example.com/a.tgz\nADD ${URL} /a.tgz\n',
      errors: [{ line: 3, column: 5, message: "(from '${URL}')" }],
      // A trigger runs in the child's build, where this stage's ARG values do not apply.
      onbuild: { errors: [], reason: 'variables in a trigger are not resolved from the parent stage' },
    },
    {
      name: 'malformed checksum points at the flag',
      code: F + 'ADD --checksum=sha256:abc https://example.com/a /a\n',
      errors: [{ line: 2, column: 5, endColumn: 26, message: 'has a malformed --checksum' }],
    },
    {
      name: 'second source',
      code: F + 'ADD local.txt https://example.com/b /dst/\n',
      errors: [{ line: 2, column: 15 }],
    },
    {
      name: 'ONBUILD payload',
      code: F + 'ONBUILD ADD https://example.com/a /a\n',
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'continuation line',
      code: F + 'ADD \\\n    https://example.com/a \\\n    /a\n',
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'JSON form',
      code: F + 'ADD ["https://example.com/a b", "/a"]\n',
      errors: [{ line: 2, column: 6 }],
    },
  ],
  valid: [
    { name: 'checksum', code: F + `ADD --checksum=${SUM} https://example.com/a.tgz /a\n` },
    { name: 'git commit fragment', code: F + `ADD https://github.com/acme/lib.git#${SHA} /src\n` },
    { name: 'git commit with subdir', code: F + `ADD https://github.com/acme/lib.git#${SHA}:sub /src\n` },
    {
      name: 'git with --checksum commit',
      code: F + `ADD --checksum=${SHA} https://github.com/acme/lib.git#v1 /src\n`,
    },
    {
      name: 'git ?commit= query',
      code: F + `ADD https://github.com/acme/lib.git?commit=${SHA}&keep-git-dir=1 /src\n`,
    },
    { name: 'local file', code: F + 'ADD app.tar.gz /app\n' },
    { name: 'local file named like a host', code: F + 'ADD example.com/file /x\n' },
    { name: 'unknown variable (may be a local path)', code: F + 'ARG URL\nADD ${URL} /a\n' },
    { name: 'unknown variable after a literal path', code: F + 'ARG V\nADD dist/${V}/app.tgz /a\n' },
    {
      name: 'git ref from an unknown variable may be a commit',
      code: F + 'ARG REF\nADD https://github.com/acme/lib.git#${REF} /src\n',
    },
    {
      name: 'checksum from an unknown variable',
      code: F + 'ARG SUM\nADD --checksum=sha256:${SUM} https://host.test/v${VER}/agent.jar /x\n',
    },
    {
      name: 'checksum from a known ARG',
      code: F + `ARG SUM=${SUM}\nADD --checksum=\${SUM} https://host.test/agent.jar /x\n`,
    },
    { name: 'quoted checksum and URL', code: F + `ADD --checksum="${SUM}" "https://host.test/a.jar" /x\n` },
    {
      name: 'commit-pinned raw file',
      code: F + `ADD https://raw.githubusercontent.com/o/r/${SHA}/hack/dind /usr/local/bin/dind\n`,
    },
    { name: 'commit archive', code: F + `ADD https://github.com/o/r/archive/${SHA}.tar.gz /src.tgz\n` },
    // Issue 10: the next RUN checks the ADDed file, as the shell rules accept within one RUN.
    {
      name: 'next RUN: echo sha | sha256sum -c -',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/a.tgz\nRUN echo "${SHA}  /tmp/a.tgz" | sha256sum -c - && tar xzf /tmp/a.tgz\n',
    },
    {
      name: 'next RUN: destination directory, file named from the URL',
      code: F + 'ADD https://example.com/v1/tool.tgz /tmp/\nRUN echo "${SHA} *tool.tgz" | sha256sum -c -\n',
    },
    {
      name: 'next RUN: sha256sum compared in a test',
      code:
        F +
        'ADD https://example.com/a.tgz /a.tgz\nRUN set -e && [ "$(sha256sum /a.tgz | cut -d" " -f1)" = "$SHA" ]\n',
    },
    {
      name: 'next RUN: sha256sum -c <<< here-string',
      code: F + 'ADD https://example.com/a.tgz /a.tgz\nRUN sha256sum -c <<< "$SHA  /a.tgz"\n',
    },
    {
      name: 'next RUN: a checksum file named after it',
      code:
        F +
        'ADD https://example.com/a.tgz /tmp/\nADD https://example.com/a.tgz.sha256 /tmp/\nRUN cd /tmp && sha256sum -c a.tgz.sha256\n',
    },
    {
      name: 'next RUN: gpg --verify of both files, after ARG and WORKDIR',
      code:
        F +
        'ADD https://example.com/gosu /usr/local/bin/gosu\nADD https://example.com/gosu.asc /usr/local/bin/gosu.asc\nARG X=1\nWORKDIR /x\nRUN gpg --batch --verify /usr/local/bin/gosu.asc /usr/local/bin/gosu\n',
    },
    {
      name: 'next RUN: cosign verify-blob with a bundle (home-assistant python)',
      code:
        F +
        'ARG PYTHON_VERSION=3.14.6\nWORKDIR /tmp/python-fetch\nADD "https://www.python.org/ftp/python/${PYTHON_VERSION}/Python-${PYTHON_VERSION}.tar.xz" /tmp/python-fetch/python.tar.xz\nADD "https://www.python.org/ftp/python/${PYTHON_VERSION}/Python-${PYTHON_VERSION}.tar.xz.sigstore" /tmp/python-fetch/python.tar.xz.sigstore\nRUN apk add cosign && cosign verify-blob --new-bundle-format --certificate-identity "${CERT_IDENTITY}" --bundle python.tar.xz.sigstore python.tar.xz && tar -xJf python.tar.xz\n',
    },
    {
      name: 'next RUN: PowerShell Get-FileHash -ne $Env:SHA (moby busybox)',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nARG BUSYBOX_VERSION=FRP-5007-g82accfc19\nADD https://github.com/moby/busybox/releases/download/${BUSYBOX_VERSION}/busybox-w64-${BUSYBOX_VERSION}.exe /bin/busybox.exe\nRUN powershell \\\n    if ((Get-FileHash -Path /bin/busybox.exe -Algorithm SHA256).Hash -ne $Env:BUSYBOX_SHA256SUM) { \\\n        Throw \\"Checksum validation failed\\" \\\n    }\n',
    },
    {
      name: 'next RUN: PowerShell shell, Get-FileHash -eq',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nADD https://example.com/node.zip C:/node.zip\nRUN if ((Get-FileHash C:/node.zip -Algorithm sha256).Hash -eq $env:NODE_SHA256) { Expand-Archive C:/node.zip C:/ } else { exit 1 }\n',
    },
    { name: 'COPY is not ADD', code: F + 'COPY https-notes.txt /x\n' },
    {
      name: 'heredoc body with a URL',
      code: F + 'ADD <<EOF /etc/apt/sources.list\ndeb https://example.com/debian main\nEOF\n',
    },
  ],
});

describe('dockerfile/remote-add-no-checksum', () => {
  it('reads the checks of a RUN once for all the ADDs before it', () => {
    const n = 200;
    const adds = Array.from({ length: n }, (_, i) => `ADD https://example.com/f${i} /tmp/f${i}\n`).join('');
    const checks = Array.from({ length: 2000 }, (_, i) => `echo "x  /tmp/g${i}" | sha256sum -c -`).join(
      ' && ',
    );
    const model = parseDockerfile(F + adds + `RUN ${checks}\n`, 'Dockerfile');
    const start = Date.now();
    const hits = rule.check!(model, context('Dockerfile'));
    expect(hits).toHaveLength(n);
    expect(Date.now() - start).toBeLessThan(2000);
    const script = model.instructions[model.instructions.length - 1]!.shell!;
    const checked = checkedFiles(script);
    expect(checked.has('g1999')).toBe(true);
    expect(checked.has('f0')).toBe(false);
    expect(checkedFiles(script)).toBe(checked); // computed once per script
  });

  it('never echoes credentials embedded in the URL', async () => {
    const [hit] = await runRule(
      rule,
      parseDockerfile,
      F + 'ADD https://bob:hunter2@example.com/a /a\n',
      'Dockerfile',
    );
    expect(hit!.message).not.toContain('hunter2');
    expect(hit!.evidence).not.toContain('hunter2');
    expect(hit!.fix).not.toContain('hunter2');
  });
});
