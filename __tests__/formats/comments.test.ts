import { describe, expect, it } from '@jest/globals';
import { commentSyntaxOf, findComments, type CommentSyntax } from '../../src/formats/comments.js';

/** Each comment as `line:column text`, the text running to the comment's end on that line. */
async function comments(text: string, syntax: CommentSyntax): Promise<string[]> {
  return (await findComments(text, syntax)).map((c) => {
    const before = text.slice(0, c.at);
    const line = before.split('\n').length;
    const column = c.at - before.lastIndexOf('\n');
    return `${line}:${column} ${text.slice(c.at, c.end)}`;
  });
}

describe('findComments', () => {
  it('ini: # and ; as the first non-blank character only', async () => {
    const text = '# a\n  ; b\nregistry=https://x/#frag ; not\nkey = v # not\r\n\t#c\r\n';
    expect(await comments(text, 'ini')).toEqual(['1:1 # a', '2:3 ; b', '5:2 #c']);
  });

  it('requirements: # at a line start or after a blank, as pip strips it', async () => {
    const text = '#a\nflask==3.0 # b\npkg @ https://x/p.tgz#sha256=1 #c\nx==1 \\\n#d\nurl#e\n';
    expect(await comments(text, 'requirements')).toEqual(['1:1 #a', '2:12 # b', '3:32 #c', '5:1 #d']);
  });

  it('yaml: comment tokens, never inside quoted or block scalars', async () => {
    const text =
      'a: "x # no"\nb: \'y # no\' # c1\nc: |\n  # no\n  z\n# c2\nd: e#no\nf: [1, 2] # c3\ng: "multi\n  # no"\n';
    expect(await comments(text, 'yaml')).toEqual(['2:13 # c1', '6:1 # c2', '8:11 # c3']);
  });

  it('toml: # outside every kind of string', async () => {
    const text =
      'a = "x # no" # c1\nb = \'y # no\'#c2\nc = """\n# no\n\\""" # no\n"""\nd = \'\'\'\n# no\n\'\'\'\'\' # c3\n# c4\n';
    expect(await comments(text, 'toml')).toEqual(['1:14 # c1', '2:13 #c2', '9:7 # c3', '10:1 # c4']);
  });

  it('jsonc: // and /* */ outside strings; a block comment ends at */ or its line', async () => {
    const text =
      '{\n  "a": "// no /* no", // c1\n  /* c2 */ "b": 1, /* c3\n  still c3 */\n  "c": "\\"// no"\n}\n';
    expect(await comments(text, 'jsonc')).toEqual(['2:23 // c1', '3:3 /* c2 ', '3:20 /* c3']);
  });

  it("yarn-lockfile: Yarn classic's tokenizer (strings span lines, # inside a bare word is not a comment)", async () => {
    const text =
      '# yarn lockfile v1\n\n"a@^1":\n  resolved "https://x/a.tgz#sha1 # no"\n  version 1#c1\n  dep foo#no # c2\n  s "multi\n# no"\n';
    expect(await comments(text, 'yarn-lockfile')).toEqual([
      '1:1 # yarn lockfile v1',
      '5:12 #c1',
      '6:14 # c2',
    ]);
  });

  it('dockerfile: comment lines (also inside continuations, not in heredocs) and shell comments', async () => {
    const text = [
      'FROM a # not a comment',
      'RUN echo "x \\',
      '  # dropped by Docker',
      'y" # shell',
      'RUN <<EOF',
      '# heredoc body',
      'EOF',
      'ENV A=1 # a value',
      "ONBUILD RUN echo '#q' \\#e ${A:- #b} a#b; #yes",
      'RUN ["sh", "-c", "echo # exec form"]',
      'COPY <<-A <<"B" /x',
      '\t# a body',
      '\tA',
      '# b body',
      'B',
      '# last',
    ].join('\n');
    expect(await comments(text, 'dockerfile')).toEqual([
      '3:3 # dropped by Docker',
      '4:4 # shell',
      '9:42 #yes',
      '16:1 # last',
    ]);
  });

  it('dockerfile: the escape directive changes the continuation character', async () => {
    const text = '# escape=`\nFROM a\nRUN echo a `\n# inside\n  b # shell\n';
    expect(await comments(text, 'dockerfile')).toEqual(['1:1 # escape=`', '4:1 # inside', '5:5 # shell']);
  });

  it('none: nothing', async () => {
    expect(await comments('# x\n', 'none')).toEqual([]);
  });
});

describe('commentSyntaxOf', () => {
  it.each([
    ['dockerfile', 'Dockerfile', '', 'dockerfile'],
    ['workflow', '.github/workflows/ci.yml', '', 'yaml'],
    ['lockfile', 'package-lock.json', '{}', 'none'],
    ['lockfile', 'Pipfile.lock', '{}', 'none'],
    ['lockfile', 'composer.lock', '{}', 'none'],
    ['lockfile', 'go.sum', '', 'none'],
    ['lockfile', 'Gemfile.lock', '', 'none'],
    ['lockfile', 'bun.lock', '{}', 'jsonc'],
    ['lockfile', 'pnpm-lock.yaml', '', 'yaml'],
    ['lockfile', 'yarn.lock', '# yarn lockfile v1\n', 'yarn-lockfile'],
    ['lockfile', 'yarn.lock', '__metadata:\n  version: 8\n', 'yaml'],
    ['lockfile', 'Cargo.lock', '', 'toml'],
    ['lockfile', 'poetry.lock', '', 'toml'],
    ['lockfile', 'uv.lock', '', 'toml'],
    ['lockfile', 'requirements-dev.txt', '', 'requirements'],
    ['pm-config', '.npmrc', '', 'ini'],
    ['pm-config', 'pip.conf', '', 'ini'],
    ['pm-config', '.pypirc', '', 'ini'],
    ['pm-config', '.yarnrc', '', 'yarn-lockfile'],
    ['pm-config', '.yarnrc.yml', '', 'yaml'],
    ['pm-config', 'bunfig.toml', '', 'toml'],
    ['manifest', 'package.json', '{}', 'none'],
  ] as const)('%s %s: %s', (kind, path, text, want) => {
    expect(commentSyntaxOf(kind, path, text)).toBe(want);
  });
});
