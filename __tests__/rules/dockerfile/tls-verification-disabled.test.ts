import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/tls-verification-disabled.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = async (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/tls-verification-disabled', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'curl -k in a flag cluster',
      'FROM x\nRUN curl -fsSLk https://x.test/a -o /a\n',
      [{ line: 2, column: 10 }],
    ],
    [
      'curl --insecure after -o',
      'FROM x\nRUN curl -o /a --insecure https://x.test/a\n',
      [{ line: 2, column: 16 }],
    ],
    [
      'wget --no-check-certificate',
      'FROM x\nRUN wget --no-check-certificate https://x.test/a\n',
      [{ line: 2, column: 10 }],
    ],
    [
      'git -c http.sslVerify=false',
      'FROM x\nRUN git -c http.sslVerify=false clone https://x.test/r.git\n',
      [{ line: 2, column: 12 }],
    ],
    ['git config', 'FROM x\nRUN git config --global http.sslverify false\n', [{ line: 2, column: 25 }]],
    [
      'ENV NODE_TLS_REJECT_UNAUTHORIZED',
      'FROM x\nENV A=1 NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      [{ line: 2, column: 9 }],
    ],
    ['ENV GIT_SSL_NO_VERIFY, legacy form', 'FROM x\nENV GIT_SSL_NO_VERIFY true\n', [{ line: 2, column: 5 }]],
    ['ARG PYTHONHTTPSVERIFY', 'FROM x\nARG PYTHONHTTPSVERIFY=0\n', [{ line: 2, column: 5 }]],
    [
      'inline and exported variables',
      'FROM x\nRUN export NPM_CONFIG_STRICT_SSL=false \\\n && PIP_TRUSTED_HOST=pypi.x.test pip install a\n',
      [
        { line: 2, column: 12 },
        { line: 3, column: 5 },
      ],
    ],
    [
      'npm config set strict-ssl false',
      'FROM x\nRUN npm config set strict-ssl false && yarn config set strict-ssl false\n',
      [
        { line: 2, column: 20 },
        { line: 2, column: 56 },
      ],
    ],
    [
      'pip --trusted-host',
      'FROM x\nRUN pip install --trusted-host pypi.x.test -r r.txt\n',
      [{ line: 2, column: 17 }],
    ],
    [
      'yum --setopt sslverify',
      'FROM x\nRUN yum --setopt=sslverify=false install -y a\n',
      [{ line: 2, column: 9 }],
    ],
    [
      'sslverify=0 written to a repo file',
      'FROM x\nRUN echo "sslverify=0" >> /etc/yum.conf\n',
      [{ line: 2, column: 11 }],
    ],
    [
      'sslverify in a heredoc',
      'FROM x\nRUN cat <<EOF > /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://x.test\nsslverify=false\nEOF\n',
      [{ line: 5, column: 1 }],
    ],
    [
      'plain http download',
      'FROM x\nRUN wget http://x.test/a.tgz && tar xf a.tgz\n',
      [{ line: 2, column: 10 }],
    ],
    [
      'plain http index',
      'FROM x\nRUN pip install --index-url http://pypi.x.test/simple a==1\n',
      [{ line: 2, column: 29 }],
    ],
    [
      'PowerShell -SkipCertificateCheck',
      'FROM x\nSHELL ["pwsh", "-c"]\nRUN iwr https://x.test/a -OutFile a -SkipCertificateCheck\n',
      [{ line: 3, column: 37 }],
    ],
    // Audit 2026-11: `\n` escapes in printf, COPY heredocs, no double report for cat <<EOF | sh.
    [
      'pip.conf trusted-host via printf',
      "FROM x\nRUN printf '[global]\\ntrusted-host = pypi.internal\\n' > /etc/pip.conf\n",
      [{ line: 2, column: 23 }],
    ],
    [
      'sslverify=0 via printf',
      "FROM x\nRUN printf '[x]\\nsslverify=0\\n' > /etc/yum.repos.d/x.repo\n",
      [{ line: 2, column: 18 }],
    ],
    [
      'COPY <<EOF repo sslverify=0',
      'FROM x\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nsslverify=0\nEOF\n',
      [{ line: 4, column: 1 }],
    ],
    [
      'cat <<EOF | sh: reported once',
      'FROM x\nRUN cat <<EOF | sh\nyum-config-manager --setopt=x.sslverify=false\nEOF\n',
      [{ line: 3, column: 20 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['curl -K is a config file', 'FROM x\nRUN curl -K /etc/curlrc https://x.test/a\n'],
    ['k inside an option value', 'FROM x\nRUN curl -fsSLo /tmp/kk -H "X-k: 1" https://x.test/a\n'],
    [
      'XML namespace in echo',
      'FROM x\nRUN echo \'<html xmlns="http://www.w3.org/1999/xhtml">\' > /index.html\n',
    ],
    [
      'localhost health check',
      'FROM x\nRUN curl -f http://localhost:8080/health && wget -q http://127.0.0.1/x\n',
    ],
    [
      'NODE_TLS_REJECT_UNAUTHORIZED=1',
      'FROM x\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 NPM_CONFIG_STRICT_SSL=true\n',
    ],
    ['strict-ssl true', 'FROM x\nRUN npm config set strict-ssl true\n'],
    [
      'http download verified by checksum',
      'FROM x\nRUN wget -O r.tgz http://x.test/r.tgz && echo "abc  r.tgz" | sha256sum -c -\n',
    ],
    ['gpgcheck text is not sslverify', 'FROM x\nRUN echo "gpgcheck=1" >> /etc/yum.conf\n'],
    ['a global ARG is not in the RUN environment', 'ARG GIT_SSL_NO_VERIFY=1\nFROM x\n'],
    [
      'an apt source over http is signed',
      'FROM x\nRUN echo "deb http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list\n',
    ],
    [
      'COPY <<EOF repo with sslverify=1',
      'FROM x\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nsslverify=1\nEOF\n',
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
