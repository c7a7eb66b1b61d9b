import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/download-unverified.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = async (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');
const SHA = '2af421884dd468d565137215c946ebe4e245ae26';
/** A download of `url` extracted in the same RUN. */
const fetchAndExtract = (url: string) =>
  `FROM x\nRUN curl -fsSLo /tmp/a.tgz ${url} && tar -xzf /tmp/a.tgz -C /opt\n`;

describe('dockerfile/download-unverified', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'curl -o then tar -xzf',
      'FROM x\nRUN curl -fsSLo /tmp/t.tgz https://x.test/t.tgz && tar -xzf /tmp/t.tgz -C /opt\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'wget then dpkg -i, across lines',
      'FROM x\nRUN wget https://x.test/a_1.0_amd64.deb \\\n && dpkg -i a_1.0_amd64.deb\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'curl -O then unzip in a later RUN',
      'FROM x\nRUN curl -LO https://x.test/tool.zip\nRUN unzip tool.zip -d /opt\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'streamed into tar',
      'FROM x\nRUN curl -fsSL https://x.test/t.tar.gz | tar -xz -C /usr/local\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'saved straight into a bin dir',
      'FROM x\nRUN curl -fsSLo /usr/local/bin/kubectl https://x.test/kubectl && chmod +x /usr/local/bin/kubectl\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'chmod +x then mv to bin',
      'FROM x\nRUN wget -O yq https://x.test/yq_linux_amd64 && chmod +x yq && mv yq /usr/bin/\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'rpm -i',
      'FROM x\nRUN curl -o /tmp/a.rpm https://x.test/a.rpm && rpm -i /tmp/a.rpm\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'apt-get install ./file',
      'FROM x\nRUN wget -O /tmp/c.deb https://x.test/c.deb; apt-get install -y /tmp/c.deb\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'PowerShell download and Expand-Archive',
      'FROM x\nSHELL ["powershell", "-Command"]\nRUN Invoke-WebRequest -Uri https://x.test/g.zip -OutFile g.zip; Expand-Archive g.zip -DestinationPath C:/g\n',
      [{ line: 3, column: 5 }],
    ],
    // Audit 2026-11: code fed to another interpreter is analysed for downloads.
    [
      'python3 heredoc downloads a file',
      'FROM x\nRUN python3 <<EOF\nimport urllib.request\nurllib.request.urlretrieve("https://x.test/tool.tgz", "/tmp/tool.tgz")\nEOF\n',
      [{ line: 4, column: 29 }],
    ],
    [
      'heredoc with a python shebang',
      'FROM x\nRUN <<EOT\n#!/usr/bin/env python3\nimport requests\nopen("/tmp/x", "wb").write(requests.get("https://x.test/x").content)\nEOT\n',
      [{ line: 5, column: 42 }],
    ],
    // Issue 10: only a full commit on a git host is pinned content.
    [
      'a release tag archive',
      fetchAndExtract('https://github.com/o/r/archive/v1.2.3.tar.gz'),
      [{ line: 2, column: 5 }],
    ],
    [
      'a short commit archive',
      fetchAndExtract(`https://github.com/o/r/archive/${SHA.slice(0, 12)}.zip`),
      [{ line: 2, column: 5 }],
    ],
    [
      'a commit archive over plain http',
      fetchAndExtract(`http://github.com/o/r/archive/${SHA}.zip`),
      [{ line: 2, column: 5 }],
    ],
    [
      'a 40-hex name on some other host',
      fetchAndExtract(`https://downloads.example.com/${SHA}.tar.gz`),
      [{ line: 2, column: 5 }],
    ],
    [
      'a release asset under a hex-named tag',
      fetchAndExtract(`https://github.com/o/r/releases/download/${SHA}/t.tgz`),
      [{ line: 2, column: 5 }],
    ],
    [
      'a commit from an unknown variable',
      'FROM x\nARG COMMIT\nRUN curl -fsSLo /tmp/a.zip https://github.com/o/r/archive/${COMMIT}.zip && unzip /tmp/a.zip\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'chmod +x of a download that is never run is still this rule',
      'FROM x\nRUN curl -o /tmp/x https://x.test/x && chmod +x /tmp/x\n',
      [{ line: 2, column: 5 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  const good: [string, string][] = [
    [
      'echo sha | sha256sum -c',
      'FROM x\nRUN curl -fsSLo t.tgz https://x.test/t.tgz \\\n && echo "abc123  t.tgz" | sha256sum -c - \\\n && tar -xzf t.tgz\n',
    ],
    [
      'gpg --verify in a later RUN',
      'FROM x\nRUN wget -O /usr/local/bin/gosu https://x.test/gosu && wget -O /usr/local/bin/gosu.asc https://x.test/gosu.asc\nRUN gpg --batch --verify /usr/local/bin/gosu.asc /usr/local/bin/gosu && chmod +x /usr/local/bin/gosu\n',
    ],
    [
      'sha256sum compared in a test',
      'FROM x\nRUN curl -o a.tgz https://x.test/a.tgz && [ "$(sha256sum a.tgz | cut -d" " -f1)" = "$SHA" ] && tar xf a.tgz\n',
    ],
    [
      'openssl digest compared',
      'FROM x\nRUN curl -O https://x.test/p.tar.gz && if [ "$(openssl sha512 -r p.tar.gz)" = "$SUM" ]; then echo ok; else exit 1; fi && tar xzf p.tar.gz\n',
    ],
    [
      'cosign verify-blob',
      'FROM x\nRUN curl -sLO https://x.test/t.tgz && cosign verify-blob --key k.pub --signature t.tgz.sig t.tgz && tar xf t.tgz\n',
    ],
    [
      'PowerShell Get-FileHash check',
      'FROM x\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.test/g.zip -OutFile g.zip; if ((Get-FileHash g.zip).Hash -ne $env:SHA) { exit 1 }; Expand-Archive g.zip C:/g\n',
    ],
    [
      'commit-pinned raw URL into a bin dir',
      'FROM x\nRUN wget -O /usr/local/bin/dind https://raw.githubusercontent.com/docker/docker/8d9e3502aba39127e4d12196dae16d306f76993d/hack/dind\n',
    ],
    ['downloaded but never used', 'FROM x\nRUN curl -o /tmp/data.json https://x.test/data.json\n'],
    [
      'key piped to gpg',
      'FROM x\nRUN curl -fsSL https://x.test/key | gpg --dearmor -o /etc/apt/keyrings/x.gpg\n',
    ],
    [
      'used in another stage',
      'FROM x AS a\nRUN curl -o t.tgz https://x.test/t.tgz\nFROM y\nRUN tar xf t.tgz\n',
    ],
    ['piped into sh (remote-script-exec reports it)', 'FROM x\nRUN curl https://x.test/i | sh\n'],
    [
      'python3 heredoc checks sha256',
      'FROM x\nRUN python3 <<EOF\nimport hashlib, urllib.request\nd = urllib.request.urlopen("https://x.test/t.tgz").read()\nassert hashlib.sha256(d).hexdigest() == "ab"\nEOF\n',
    ],
    [
      'python3 heredoc that exec()s (remote-script-exec reports it)',
      'FROM x\nRUN python3 <<EOF\nimport urllib.request\nexec(urllib.request.urlopen("https://x.test/a.py").read())\nEOF\n',
    ],
    // Issue 10: an archive or raw file named by a full commit is pinned content (moby/buildkit's
    // generated-files.Dockerfile fetches googleapis/archive/<sha>.zip and unzips it).
    [
      'GitHub commit archive (.zip)',
      fetchAndExtract(`https://github.com/googleapis/googleapis/archive/${SHA}.zip`),
    ],
    ['GitHub commit archive (.tar.gz)', fetchAndExtract(`https://github.com/o/r/archive/${SHA}.tar.gz`)],
    ['codeload commit archive', fetchAndExtract(`https://codeload.github.com/o/r/tar.gz/${SHA}`)],
    ['GitHub API tarball of a commit', fetchAndExtract(`https://api.github.com/repos/o/r/tarball/${SHA}`)],
    ['GitLab commit archive', fetchAndExtract(`https://gitlab.com/g/sub/r/-/archive/${SHA}/r-${SHA}.tar.gz`)],
    [
      'self-hosted GitLab commit archive',
      fetchAndExtract(`https://gitlab.gnome.org/GNOME/glib/-/archive/${SHA}/glib.tar.gz`),
    ],
    ['Bitbucket commit archive', fetchAndExtract(`https://bitbucket.org/o/r/get/${SHA}.tar.gz`)],
    ['Codeberg commit archive', fetchAndExtract(`https://codeberg.org/o/r/archive/${SHA}.tar.gz`)],
    [
      'GitHub raw file at a commit',
      `FROM x\nRUN curl -fsSLo /usr/local/bin/t https://github.com/o/r/raw/${SHA}/bin/t\n`,
    ],
    [
      'GitLab raw file at a commit',
      `FROM x\nRUN curl -fsSLo /usr/local/bin/t https://gitlab.com/o/r/-/raw/${SHA}/bin/t\n`,
    ],
    [
      'a commit from a known ARG',
      `FROM x\nARG COMMIT=${SHA}\nRUN curl -fsSLo /tmp/a.zip https://github.com/o/r/archive/\${COMMIT}.zip && unzip /tmp/a.zip\n`,
    ],
    // Issue 10: one cause, one finding: a download that is executed is remote-script-exec's only.
    [
      'saved, made executable and run (remote-script-exec reports it)',
      'FROM x\nRUN curl -fsSL -o /tmp/rustup-init $RUSTUP_URL && chmod +x /tmp/rustup-init && /tmp/rustup-init -y\n',
    ],
    [
      'saved into a bin dir and run in a later RUN (remote-script-exec reports it)',
      'FROM x\nRUN curl -fsSLo /usr/local/bin/setup https://x.test/setup\nRUN chmod +x /usr/local/bin/setup && /usr/local/bin/setup\n',
    ],
    [
      'piped into PowerShell iex (remote-script-exec reports it)',
      'FROM x\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.test/i.ps1 -UseBasicParsing | iex\n',
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
