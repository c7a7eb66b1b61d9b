import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/syntax-directive-unpinned.js';
import { positions, runRule } from '../../helpers/rules.js';

const D = 'sha256:' + 'b'.repeat(64);

describe('dockerfile/syntax-directive-unpinned', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['major tag', '# syntax=docker/dockerfile:1\nFROM scratch\n', [{ line: 1, column: 10 }]],
    ['exact tag', '# syntax=docker/dockerfile:1.7.1\nFROM scratch\n', [{ line: 1, column: 10 }]],
    ['spaces around =', '# syntax = docker/dockerfile:1.2\nFROM scratch\n', [{ line: 1, column: 12 }]],
    ['no tag', '# syntax=docker/dockerfile\nFROM scratch\n', [{ line: 1, column: 10 }]],
    [
      'third-party frontend',
      '#syntax=ghcr.io/acme/frontend:master\nFROM scratch\n',
      [{ line: 1, column: 9 }],
    ],
    [
      'after escape directive',
      '# escape=`\n# syntax=docker/dockerfile:1\nFROM scratch\n',
      [{ line: 2, column: 10 }],
    ],
    [
      'malformed digest',
      '# syntax=docker/dockerfile:1@sha256:abc\nFROM scratch\n',
      [{ line: 1, column: 10 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['no directive', 'FROM scratch\n'],
    ['digest pinned', `# syntax=docker/dockerfile:1.7@${D}\nFROM scratch\n`],
    ['digest only', `# syntax=docker/dockerfile@${D}\nFROM scratch\n`],
    [
      'a comment after the first instruction is not a directive',
      'FROM scratch\n# syntax=docker/dockerfile:1\n',
    ],
    ['other directives', '# escape=`\n# check=skip=all\nFROM scratch\n'],
    ['a plain comment first', '# build me\n# syntax=docker/dockerfile:1\nFROM scratch\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });

  it('says what is wrong and names the locked form', async () => {
    const [hit] = await runRule(
      rule,
      parseDockerfile,
      '# syntax=docker/dockerfile:1\nFROM scratch\n',
      'Dockerfile',
    );
    expect(hit!.message).toContain("pinned by the tag '1' only");
    expect(hit!.fix).toBe('Pin the digest: # syntax=docker/dockerfile:1@sha256:<digest>');
    expect(hit!.span.endColumn).toBe(29);
  });
});
