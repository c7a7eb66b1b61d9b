import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/remote-script-exec.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = async (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');

describe('dockerfile/remote-script-exec', () => {
  const bad: [string, string, Expected[]][] = [
    ['curl piped to sh', 'FROM x\nRUN curl -fsSL https://get.x.test | sh\n', [{ line: 2, column: 5 }]],
    [
      'wget -O- piped to sudo bash -',
      'FROM x\nRUN wget -qO- https://x.test/i | sudo -E bash -\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'through tee',
      'FROM x\nRUN curl -sL https://x.test/i | tee /tmp/log | bash -s -- -y\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'python reads stdin',
      'FROM x\nRUN curl -sSL https://install.x.test/ | python3 -\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'sh -c "$(curl ...)"',
      'FROM x\nRUN sh -c "$(curl -fsSL https://x.test/i.sh)"\n',
      [{ line: 2, column: 14 }],
    ],
    ['bash <(curl ...)', 'FROM x\nRUN bash <(curl -s https://x.test/i.sh)\n', [{ line: 2, column: 12 }]],
    ['eval "$(curl ...)"', 'FROM x\nRUN eval "$(curl -s https://x.test/env)"\n', [{ line: 2, column: 13 }]],
    [
      'downloaded then run, multi-line',
      'FROM x\nRUN apt-get update \\\n && curl -fsSLo /tmp/i.sh https://x.test/i.sh \\\n && sh /tmp/i.sh --yes\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'chmod +x then ./x, in a later RUN',
      'FROM x\nRUN wget https://x.test/setup.sh\nRUN chmod +x setup.sh && ./setup.sh\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'heredoc script',
      'FROM x\nRUN <<EOF\nset -e\n  curl -fsSL https://x.test | sh\nEOF\n',
      [{ line: 4, column: 3 }],
    ],
    [
      'bash heredoc',
      'FROM x\nRUN bash <<EOF\napt-get update\nwget -O- https://x.test | bash\nEOF\n',
      [{ line: 4, column: 1 }],
    ],
    ['JSON form sh -c', 'FROM x\nRUN ["sh", "-c", "curl https://x.test | sh"]\n', [{ line: 2, column: 19 }]],
    [
      'PowerShell iex DownloadString',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iex ((New-Object System.Net.WebClient).DownloadString(\'https://x.test/install.ps1\'))\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'PowerShell iwr | iex and download then &',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["pwsh", "-Command"]\nRUN iwr https://x.test/a.ps1 | iex\nRUN Invoke-WebRequest -Uri https://x.test/b.ps1 -OutFile b.ps1; & ./b.ps1\n',
      [
        { line: 3, column: 5 },
        { line: 4, column: 5 },
      ],
    ],
    ['ONBUILD', 'FROM x\nONBUILD RUN curl https://x.test | sh\n', [{ line: 2, column: 13 }]],
    // Audit 2026-11: code fed to another interpreter is analysed for download-and-eval.
    [
      'python3 heredoc that exec()s a download',
      'FROM x\nRUN python3 <<EOF\nimport urllib.request\nexec(urllib.request.urlopen("https://x.test/a.py").read())\nEOF\n',
      [{ line: 4, column: 30 }],
    ],
    [
      'cat <<EOF | python3 that exec()s a download',
      "FROM x\nRUN cat <<EOF | python3\nimport urllib.request as u\nexec(u.urlopen('https://x.test/s.py').read())\nEOF\n",
      [{ line: 4, column: 17 }],
    ],
    [
      'node -e fetch then eval',
      'FROM x\nRUN node -e "fetch(\'https://x.test/a.js\').then((r) => r.text()).then(eval)"\n',
      [{ line: 2, column: 21 }],
    ],
    [
      'unknown flags on RUN and HEALTHCHECK do not stop the analysis',
      'FROM x\nRUN --network=none --future=1 --device=/dev/x curl -fsSL https://x.test | sh\nHEALTHCHECK --start-interval=1s --future=2 CMD true\n',
      [{ line: 2, column: 47 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  it('names the URL and how it runs', async () => {
    const [hit] = await run('FROM x\nRUN curl -fsSL https://get.x.test/i.sh | sh\n');
    expect(hit!.message).toContain('https://get.x.test/i.sh');
    expect(hit!.message).toContain('piped into sh');
    expect(hit!.evidence).toBe('curl -fsSL https://get.x.test/i.sh | sh');
    expect(hit!.scopeLine).toBe(2);
  });

  const good: [string, string][] = [
    ['extraction is not execution', 'FROM x\nRUN curl -fsSL https://x.test/t.tgz | tar xz -C /opt\n'],
    [
      'key import',
      'FROM x\nRUN wget -qO- https://x.test/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg\n',
    ],
    [
      'python -c reads stdin as data',
      'FROM x\nRUN curl -s https://api.x.test/v | python3 -c "import sys,json; print(json.load(sys.stdin))"\n',
    ],
    [
      'verified with sha256sum -c before running',
      'FROM x\nRUN curl -fsSLo /tmp/i.sh https://x.test/i.sh \\\n && echo "abc123  /tmp/i.sh" | sha256sum -c - \\\n && sh /tmp/i.sh\n',
    ],
    [
      'verified with gpg --verify',
      'FROM x\nRUN curl -O https://x.test/i.sh && curl -O https://x.test/i.sh.asc \\\n && gpg --verify i.sh.asc i.sh && bash i.sh\n',
    ],
    ['a version lookup is not execution', 'FROM x\nRUN V=$(curl -s https://api.x.test/latest) && echo $V\n'],
    ['downloaded but not run', 'FROM x\nRUN curl -o /tmp/i.sh https://x.test/i.sh\n'],
    ['run in another stage', 'FROM x AS a\nRUN curl -o /i.sh https://x.test/i.sh\nFROM y\nRUN sh /i.sh\n'],
    ['curl --version in a pipe', 'FROM x\nRUN curl --version | head -1\n'],
    ['echoed text', 'FROM x\nRUN echo "curl https://x.test | sh" > /README\n'],
    [
      'commit-pinned raw URL',
      'FROM x\nRUN curl -fsSL https://raw.githubusercontent.com/o/r/0123456789abcdef0123456789abcdef01234567/install.sh | sh\n',
    ],
    ['python heredoc', 'FROM x\nRUN python3 <<EOF\nimport subprocess\nprint("curl https://x | sh")\nEOF\n'],
    [
      'python3 heredoc that checks a hash before exec',
      'FROM x\nRUN python3 <<EOF\nimport hashlib, urllib.request\nd = urllib.request.urlopen("https://x.test/a.py").read()\nassert hashlib.sha256(d).hexdigest() == "ab"\nexec(d)\nEOF\n',
    ],
    [
      'python3 heredoc that only prints a URL',
      'FROM x\nRUN python3 <<EOF\nprint("docs: https://x.test/")\nEOF\n',
    ],
    [
      'python -c on localhost',
      'FROM x\nRUN python3 -c "import urllib.request; exec(urllib.request.urlopen(\'http://localhost:8080/x\').read())"\n',
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
