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
    [
      'apk --allow-untrusted of a local file (medium)',
      'FROM x\nRUN apk add --allow-untrusted /tmp/a.apk\n',
      [{ line: 2, column: 13, severity: 'medium' }],
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
