import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../../src/formats/dockerfile/parse.js';
import { checkedFiles } from '../../../../src/formats/dockerfile/shell/checksum.js';

function checked(run: string, shell = ''): string[] {
  const model = parseDockerfile(`FROM x\n${shell}RUN ${run}\n`, 'Dockerfile');
  const script = model.instructions[model.instructions.length - 1]!.shell!;
  return [...checkedFiles(script)].filter((n) => /^(a\.tgz|b\.tgz|tool\.exe|app\.zip)$/.test(n)).sort();
}

describe('checkedFiles: the files a RUN checks', () => {
  const table: [string, string, string[], string][] = [
    ['echo | sha256sum -c -', 'echo "$SHA  /tmp/a.tgz" | sha256sum -c -', ['a.tgz'], ''],
    ['binary-mode marker', 'echo "${SHA} *a.tgz" | sha256sum --check --strict', ['a.tgz'], ''],
    ['here-string', 'sha256sum -c <<< "$SHA  a.tgz"', ['a.tgz'], ''],
    ['heredoc', 'sha256sum -c - <<EOF\nabc  /tmp/a.tgz\nEOF', ['a.tgz'], ''],
    ['digest compared in a test', 'test "$(sha256sum /tmp/a.tgz | cut -c1-64)" = "$SHA"', ['a.tgz'], ''],
    ['a checksum file named after it', 'sha256sum -c a.tgz.sha256', ['a.tgz'], ''],
    ['a detached signature', 'gpg --batch --verify a.tgz.asc', ['a.tgz'], ''],
    ['cosign bundle flag with =', 'cosign verify-blob --bundle=a.tgz.sigstore b.tgz', ['a.tgz', 'b.tgz'], ''],
    [
      'PowerShell Get-FileHash with a Windows path',
      'if ((Get-FileHash C:\\tmp\\tool.exe).Hash -ne $env:SHA) { exit 1 }',
      ['tool.exe'],
      'SHELL ["powershell", "-Command"]\n',
    ],
    // Negative: a file used, not checked; a sums file that names nothing; a check of another file.
    ['extracted only', 'tar -xzf /tmp/a.tgz', [], ''],
    ['a sums file that names no file', 'sha256sum -c --ignore-missing SHA256SUMS && tar xzf a.tgz', [], ''],
    ['another file checked', 'echo "$SHA  b.tgz" | sha256sum -c - && unzip app.zip', ['b.tgz'], ''],
    ['a name that only ends like it', 'echo "$SHA  /tmp/data-a.tgz" | sha256sum -c -', [], ''],
    ['sha256sum without -c prints, checks nothing', 'sha256sum a.tgz', [], ''],
  ];
  it.each(table)('%s', (_name, run, expected, shell) => {
    expect(checked(run, shell)).toEqual(expected);
  });
});
