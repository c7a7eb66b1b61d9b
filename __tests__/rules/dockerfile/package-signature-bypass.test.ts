import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/package-signature-bypass.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = async (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/package-signature-bypass', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'apt-get --allow-unauthenticated',
      'FROM x\nRUN apt-get install -y --allow-unauthenticated nginx\n',
      [{ line: 2, column: 24 }],
    ],
    [
      'apt-get --force-yes on a continuation line',
      'FROM x\nRUN apt-get update \\\n && apt-get install -y \\\n    --force-yes curl\n',
      [{ line: 4, column: 5 }],
    ],
    [
      'apt -o AllowUnauthenticated',
      'FROM x\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install a\n',
      [{ line: 2, column: 16 }],
    ],
    [
      '--allow-insecure-repositories',
      'FROM x\nRUN apt-get update --allow-insecure-repositories\n',
      [{ line: 2, column: 20 }],
    ],
    [
      '[trusted=yes] source',
      'FROM x\nRUN echo "deb [trusted=yes] https://repo.x.test stable main" > /etc/apt/sources.list.d/x.list\n',
      [{ line: 2, column: 15 }],
    ],
    ['yum --nogpgcheck', 'FROM x\nRUN yum install -y --nogpgcheck httpd\n', [{ line: 2, column: 20 }]],
    [
      'dnf --setopt=gpgcheck=0',
      'FROM x\nRUN dnf --setopt=gpgcheck=0 install -y a\n',
      [{ line: 2, column: 9 }],
    ],
    [
      'zypper --no-gpg-checks',
      'FROM x\nRUN zypper --no-gpg-checks install -y a\n',
      [{ line: 2, column: 12 }],
    ],
    [
      'gpgcheck=0 in a heredoc repo file',
      'FROM x\nRUN cat > /etc/yum.repos.d/x.repo <<EOF\n[x]\nbaseurl=https://x.test\ngpgcheck=0\nEOF\n',
      [{ line: 5, column: 1 }],
    ],
    [
      'gpgcheck=0 via sed',
      "FROM x\nRUN sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.conf\n",
      [{ line: 2, column: 26 }],
    ],
    ['rpm --nosignature', 'FROM x\nRUN rpm -ivh --nosignature /tmp/a.rpm\n', [{ line: 2, column: 14 }]],
    [
      'apk --allow-untrusted from a remote repo',
      'FROM x\nRUN apk add --allow-untrusted -X https://x.test/repo a\n',
      [{ line: 2, column: 13 }],
    ],
    // Issue 10: local packages are not reported; every remote or unknown source still is.
    [
      'apk --allow-untrusted of a URL',
      'FROM x\nRUN apk add --allow-untrusted https://x.test/a-1.0.apk\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'apk --allow-untrusted of a package name from the configured repositories',
      'FROM x\nRUN apk add --no-cache --allow-untrusted curl\n',
      [{ line: 2, column: 24 }],
    ],
    [
      'apk --allow-untrusted of a local file and a name',
      'FROM x\nRUN apk add --allow-untrusted /tmp/a.apk curl\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'apk --allow-untrusted of a local file with a remote -X repository',
      'FROM x\nRUN apk add --allow-untrusted -X https://x.test/repo /tmp/a.apk\n',
      [{ line: 2, column: 13 }],
    ],
    [
      'apk --allow-untrusted of a file under a build-time directory',
      'FROM x\nARG DIR\nRUN apk add --allow-untrusted $DIR/a.apk\n',
      [{ line: 3, column: 13 }],
    ],
    [
      'apk --allow-untrusted of names from a local -X repository (medium)',
      'FROM x\nRUN apk add --allow-untrusted -X /tmp/repo nginx-module-njs\n',
      [{ line: 2, column: 13, severity: 'medium' }],
    ],
    [
      'apk --allow-untrusted before the subcommand',
      'FROM x\nRUN apk --allow-untrusted upgrade\n',
      [{ line: 2, column: 9 }],
    ],
    [
      '[trusted=yes] on a build-time URI',
      'FROM x\nARG REPO\nRUN echo "deb [trusted=yes] $REPO ./" > /etc/apt/sources.list.d/x.list\n',
      [{ line: 3, column: 15 }],
    ],
    [
      '[trusted=yes] remote source after a local one',
      'FROM x\nCOPY <<EOF /etc/apt/sources.list.d/x.list\ndeb [trusted=yes] file:/tmp/repo ./\ndeb [ trusted=yes ] http://x.test/debian stable main\nEOF\n',
      [{ line: 4, column: 5 }],
    ],
    [
      '[trusted=yes] local repository in a RUN that downloads a .deb (medium)',
      'FROM x\nRUN curl -fsSLo /r/a.deb https://x.test/a_1.0_amd64.deb && cd /r && dpkg-scanpackages . > Packages \\\n && echo "deb [trusted=yes] file:/r ./" > /etc/apt/sources.list.d/r.list\n',
      [{ line: 3, column: 15, severity: 'medium' }],
    ],
    [
      '[trusted=yes] on a mirror+file: list of remote mirrors',
      'FROM x\nRUN echo "deb [trusted=yes] mirror+file:/etc/apt/mirrors.txt stable main" > /etc/apt/sources.list\n',
      [{ line: 2, column: 15 }],
    ],
    ['GOSUMDB=off', 'FROM x\nENV GOSUMDB=off\n', [{ line: 2, column: 5 }]],
    // Audit 2026-11: `\n` escapes in printf/echo -e, COPY heredocs, no double report for bash <<EOF.
    [
      'printf repo file with \\n escapes',
      "FROM x\nRUN printf '[x]\\nbaseurl=https://x\\ngpgcheck=0\\n' > /etc/yum.repos.d/x.repo\n",
      [{ line: 2, column: 37 }],
    ],
    [
      'COPY <<EOF repo file',
      'FROM x\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://x\ngpgcheck=0\nEOF\n',
      [{ line: 5, column: 1 }],
    ],
    [
      'COPY <<EOF apt source [trusted=yes]',
      'FROM x\nCOPY <<EOF /etc/apt/sources.list.d/x.list\ndeb [trusted=yes] https://x.test/ ./\nEOF\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'bash <<EOF: reported once, not again as text',
      'FROM x\nRUN bash <<EOF\ndnf install -y --setopt=gpgcheck=0 foo-1.2\nEOF\n',
      [{ line: 3, column: 16 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['rpm -V verify mode', 'FROM x\nRUN rpm -Va --nosignature --nofiledigest\n'],
    ['rpm query', 'FROM x\nRUN rpm -q --nosignature bash\n'],
    [
      'signed-by source',
      'FROM x\nRUN echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://repo.x.test stable main" > /etc/apt/sources.list.d/x.list\n',
    ],
    ['gpgcheck=1', 'FROM x\nRUN echo "gpgcheck=1" >> /etc/yum.repos.d/x.repo\n'],
    [
      'repo_gpgcheck=0 is metadata, not packages',
      'FROM x\nRUN echo "repo_gpgcheck=0" >> /etc/yum.repos.d/x.repo\n',
    ],
    ['sed turning checks on', "FROM x\nRUN sed -i 's/gpgcheck=0/gpgcheck=1/' /etc/yum.conf\n"],
    [
      'apk index of local packages',
      'FROM x\nRUN apk index --allow-untrusted -o /tmp/APKINDEX.tar.gz /tmp/*.apk\n',
    ],
    // Issue 10: packages built in this build (postgres, nginx official images).
    [
      '[ trusted=yes ] file:// repo of packages built in the same RUN (postgres)',
      'FROM x\nRUN tempDir="$(mktemp -d)"; cd "$tempDir"; \\\n  apt-get source --compile postgresql-common; \\\n  dpkg-scanpackages . > Packages; \\\n  echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list; \\\n  apt-get -o Acquire::GzipIndexes=false update\n',
    ],
    [
      '[trusted=yes] copy: and absolute-path repositories',
      'FROM x\nCOPY <<EOF /etc/apt/sources.list.d/x.list\ndeb [trusted=yes] copy:/debs ./\ndeb [trusted=yes arch=amd64] /srv/debs ./\nEOF\n',
    ],
    [
      'apk --allow-untrusted of local .apk files from an earlier stage (nginx modules)',
      'FROM x AS builder\nRUN make\nFROM x\nRUN --mount=type=bind,target=/tmp/packages/,source=/tmp/packages/,from=builder \\\n    . /tmp/packages/modules.env \\\n    && for module in $BUILT_MODULES; do \\\n           apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-${module}-${NGINX_VERSION}*.apk; \\\n       done\n',
    ],
    [
      'apk --allow-untrusted of relative .apk files and a glob',
      'FROM x\nCOPY pkgs/ /pkgs/\nRUN cd /pkgs && apk add --allow-untrusted ./a-1.0.apk b-2.0.apk *.apk\n',
    ],
    [
      'apk --allow-untrusted of local files with a local -X repository',
      'FROM x\nRUN apk add --allow-untrusted --virtual .deps -X /tmp/repo /tmp/repo/x86_64/a.apk\n',
    ],
    [
      'apk --allow-untrusted of files named by a known variable',
      'FROM x\nENV PKGDIR=/tmp/pkgs\nRUN apk add --allow-untrusted $PKGDIR/*.apk\n',
    ],
    ['package named like a flag', 'FROM x\nRUN apt-get install -y apt-transport-https gnupg\n'],
    [
      'text in a comment line',
      'FROM x\nRUN apt-get update \\\n  # --allow-unauthenticated was needed once\n  && apt-get install -y a\n',
    ],
    ['GOSUMDB set to a server', 'FROM x\nENV GOSUMDB=sum.golang.org\n'],
    [
      'repo_gpgcheck=0 next to gpgcheck=1 (printf)',
      "FROM x\nRUN printf '[x]\\ngpgcheck=1\\nrepo_gpgcheck=0\\n' > /etc/yum.repos.d/x.repo\n",
    ],
    ['COPY <<EOF repo with gpgcheck=1', 'FROM x\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\ngpgcheck=1\nEOF\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
