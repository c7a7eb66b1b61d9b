import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/remote-add-no-checksum.js';
import { positions, runRule } from '../../helpers/rules.js';

const SUM = 'sha256:' + 'd'.repeat(64);
const SHA = 'e'.repeat(40);
const F = 'FROM alpine:3.19\n';

describe('dockerfile/remote-add-no-checksum', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['https URL', F + 'ADD https://example.com/tool.tgz /tmp/\n', [{ line: 2, column: 5 }]],
    [
      'http URL after flags',
      F + 'ADD --chmod=0755 --link http://example.com/tool /usr/bin/tool\n',
      [{ line: 2, column: 25 }],
    ],
    ['git URL with a tag', F + 'ADD https://github.com/acme/lib.git#v1.2.3 /src\n', [{ line: 2, column: 5 }]],
    ['git URL without ref', F + 'ADD git@github.com:acme/lib.git /src\n', [{ line: 2, column: 5 }]],
    [
      'git ?ref= query form',
      F + 'ADD https://github.com/acme/lib.git?ref=main&keep-git-dir=1 /src\n',
      [{ line: 2, column: 5 }],
    ],
    [
      'URL from an ARG',
      F + 'ARG URL=https://example.com/a.tgz\nADD ${URL} /a.tgz\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'malformed checksum points at the flag',
      F + 'ADD --checksum=sha256:abc https://example.com/a /a\n',
      [{ line: 2, column: 5 }],
    ],
    ['second source', F + 'ADD local.txt https://example.com/b /dst/\n', [{ line: 2, column: 15 }]],
    ['ONBUILD payload', F + 'ONBUILD ADD https://example.com/a /a\n', [{ line: 2, column: 13 }]],
    ['continuation line', F + 'ADD \\\n    https://example.com/a \\\n    /a\n', [{ line: 3, column: 5 }]],
    ['JSON form', F + 'ADD ["https://example.com/a b", "/a"]\n', [{ line: 2, column: 6 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['checksum', F + `ADD --checksum=${SUM} https://example.com/a.tgz /a\n`],
    ['git commit fragment', F + `ADD https://github.com/acme/lib.git#${SHA} /src\n`],
    ['git commit with subdir', F + `ADD https://github.com/acme/lib.git#${SHA}:sub /src\n`],
    ['git with --checksum commit', F + `ADD --checksum=${SHA} https://github.com/acme/lib.git#v1 /src\n`],
    ['git ?commit= query', F + `ADD https://github.com/acme/lib.git?commit=${SHA}&keep-git-dir=1 /src\n`],
    ['local file', F + 'ADD app.tar.gz /app\n'],
    ['local file named like a host', F + 'ADD example.com/file /x\n'],
    ['unknown variable', F + 'ARG URL\nADD ${URL} /a\n'],
    ['COPY is not ADD', F + 'COPY https-notes.txt /x\n'],
    [
      'heredoc body with a URL',
      F + 'ADD <<EOF /etc/apt/sources.list\ndeb https://example.com/debian main\nEOF\n',
    ],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile')).toEqual([]);
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
