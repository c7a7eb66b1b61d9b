import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/remote-add-no-checksum.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { runRule } from '../../helpers/rules.js';

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
    {
      name: 'git URL with a tag',
      code: F + 'ADD https://github.com/acme/lib.git#v1.2.3 /src\n',
      errors: [{ line: 2, column: 5, message: "names the ref 'v1.2.3', which can be moved" }],
    },
    {
      name: 'git URL without ref',
      code: F + 'ADD git@github.com:acme/lib.git /src\n',
      errors: [{ line: 2, column: 5, message: 'no ref, so it follows the default branch' }],
    },
    {
      name: 'git ?ref= query form',
      code: F + 'ADD https://github.com/acme/lib.git?ref=main&keep-git-dir=1 /src\n',
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
    { name: 'unknown variable', code: F + 'ARG URL\nADD ${URL} /a\n' },
    { name: 'COPY is not ADD', code: F + 'COPY https-notes.txt /x\n' },
    {
      name: 'heredoc body with a URL',
      code: F + 'ADD <<EOF /etc/apt/sources.list\ndeb https://example.com/debian main\nEOF\n',
    },
  ],
});

describe('dockerfile/remote-add-no-checksum', () => {
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
