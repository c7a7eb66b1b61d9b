import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../../src/formats/dockerfile/parse.js';
import type { ShellCommand, ShellScript } from '../../../../src/formats/dockerfile/shell/model.js';
import { runScripts } from '../../../../src/formats/dockerfile/shell/walk.js';

function scripts(text: string): ShellScript[] {
  return runScripts(parseDockerfile(text, 'Dockerfile')).map((r) => r.script);
}
function only(text: string): ShellScript {
  const s = scripts(text);
  expect(s).toHaveLength(1);
  return s[0]!;
}
const at = (c: ShellCommand) => [c.name, c.nameWord.line, c.nameWord.column];

describe('shell model', () => {
  it('maps words across continuations and comment lines to file positions', () => {
    const sc = only(
      'FROM x\nRUN apt-get update \\\n  # a comment\n\n  && apt-get install -y \\\n     curl\n',
    );
    expect(sc.commands.map(at)).toEqual([
      ['apt-get', 2, 5],
      ['apt-get', 5, 6],
    ]);
    const install = sc.commands[1]!;
    expect(install.after).toBe('&&');
    expect(install.args.map((a) => [a.value, a.line, a.column, a.endColumn])).toEqual([
      ['install', 5, 14, 21],
      ['-y', 5, 22, 24],
      ['curl', 6, 6, 10],
    ]);
  });

  it('honours a backtick escape directive', () => {
    const sc = only('# escape=`\nFROM x\nRUN echo a `\n  && curl -fsSL https://x.test/i.sh | sh\n');
    expect(sc.commands.map(at)).toEqual([
      ['echo', 3, 5],
      ['curl', 4, 6],
      ['sh', 4, 39],
    ]);
    const [, curl, shell] = sc.commands;
    expect(curl!.pipeline).toBe(shell!.pipeline);
    expect([curl!.pipeIndex, shell!.pipeIndex, shell!.pipeLength]).toEqual([0, 1, 2]);
  });

  it('reads JSON form, including a sh -c script with its positions', () => {
    const sc = only('FROM x\nRUN ["sh", "-c", "curl -o /tmp/a https://x.test/a && tar xf /tmp/a"]\n');
    expect(sc.commands.map(at)).toEqual([
      ['sh', 2, 6],
      ['curl', 2, 19],
      ['tar', 2, 54],
    ]);
    expect(sc.commands[1]!.parent).toBe(0);
    expect(sc.commands[1]!.nesting).toBe('c-string');
  });

  it('analyses heredocs fed to a shell as scripts, and others as foreign text', () => {
    const text = [
      'FROM x',
      'RUN <<EOF',
      'set -e',
      'curl https://x.test/a | sh',
      'EOF',
      'RUN cat <<A | bash',
      'wget -qO- https://x.test/b | sh',
      'A',
      'RUN python3 <<PY',
      'import urllib.request',
      'PY',
      'RUN <<ONE <<TWO',
      'echo one',
      'ONE',
      'echo two',
      'TWO',
      '',
    ].join('\n');
    const [a, b, c, d] = scripts(text);
    expect(a!.commands.map(at)).toEqual([
      ['set', 3, 1],
      ['curl', 4, 1],
      ['sh', 4, 25],
    ]);
    expect(a!.commands[1]!.nesting).toBe('heredoc');
    expect(b!.commands.map(at)).toEqual([
      ['cat', 6, 5],
      ['bash', 6, 15],
      ['wget', 7, 1],
      ['sh', 7, 30],
    ]);
    expect(b!.commands[2]!.parent).toBe(1);
    expect(c!.foreign).toEqual([
      expect.objectContaining({
        interpreter: 'python3',
        text: 'import urllib.request\n',
        span: expect.objectContaining({ line: 10, column: 1 }),
      }),
    ]);
    expect(d!.commands.map(at)).toEqual([
      ['echo', 13, 1],
      ['echo', 15, 1],
    ]);
  });

  it('records command and process substitutions with their parent', () => {
    const sc = only(
      'FROM x\nRUN sh -c "$(curl -fsSL https://x.test/i)" && bash <(wget -qO- https://x.test/j)\n',
    );
    expect(
      sc.commands.map((c) => [c.name, c.nesting, c.parent === undefined ? -1 : sc.commands[c.parent]!.name]),
    ).toEqual([
      ['curl', 'command-substitution', 'sh'],
      ['sh', undefined, -1],
      ['wget', 'process-substitution', 'bash'],
      ['bash', undefined, -1],
    ]);
    expect(at(sc.commands[0]!)).toEqual(['curl', 2, 14]);
  });

  it('strips wrappers, keeps prefix assignments and resolves ARG/ENV values', () => {
    const sc = only(
      'FROM x\nARG V=1.2\nENV BASE=https://x.test/v${V}\nRUN FOO=1 sudo -E env A=b curl "$BASE/t.tgz" $UNKNOWN\n',
    );
    const c = sc.commands[0]!;
    expect([c.name, c.wrappers]).toEqual(['curl', ['sudo', 'env']]);
    expect(c.assigns.map((a) => [a.name, a.value?.value])).toEqual([
      ['FOO', '1'],
      ['A', 'b'],
    ]);
    expect(c.args.map((a) => [a.value, a.partial])).toEqual([
      ['https://x.test/v1.2/t.tgz', 'https://x.test/v1.2/t.tgz'],
      [undefined, '$UNKNOWN'],
    ]);
  });

  it('tracks pipefail from set -o pipefail, SHELL and bash -o pipefail -c', () => {
    const [a, b, c] = scripts(
      [
        'FROM x',
        'RUN curl https://x.test | tar x; set -eux -o pipefail; curl https://x.test | tar x',
        'RUN bash -o pipefail -c "curl https://x.test | tar x"',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'RUN curl https://x.test | tar x',
        '',
      ].join('\n'),
    );
    expect(a!.commands.filter((x) => x.name === 'curl').map((x) => x.pipefail)).toEqual([false, true]);
    expect(b!.commands.find((x) => x.name === 'curl')!.pipefail).toBe(true);
    expect(c!.shellPipefail).toBe(true);
    expect(c!.commands[0]!.pipefail).toBe(true);
  });

  it('falls back to a tokenizer when the shell parser fails, keeping every command', () => {
    const sc = only('FROM x\nRUN curl https://x.test/a | sh && echo "unterminated\n');
    expect(sc.fallback).toBe(true);
    expect(sc.error).toMatch(/quote/);
    expect(sc.commands.map(at).slice(0, 2)).toEqual([
      ['curl', 2, 5],
      ['sh', 2, 29],
    ]);
    expect(sc.commands[1]!.pipeIndex).toBe(1);
  });

  it('uses a light tokenizer for PowerShell stages', () => {
    const sc = only(
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN iwr https://x.test/i.ps1 -UseBasicParsing | iex; & C:/t/x.exe\n',
    );
    expect(sc.dialect).toBe('powershell');
    expect(sc.commands.map(at)).toEqual([
      ['iwr', 3, 5],
      ['iex', 3, 49],
      ['&', 3, 54],
    ]);
  });

  it('keeps columns right after non-ASCII text', () => {
    const sc = only('FROM x\nRUN echo "héllo wörld" && curl https://x.test\n');
    expect(at(sc.commands[1]!)).toEqual(['curl', 2, 27]);
  });

  it('gives ONBUILD RUN triggers a shell too, and leaves the model serialisable', () => {
    const m = parseDockerfile('FROM x\nONBUILD RUN curl https://x.test | sh\n', 'Dockerfile');
    expect(m.instructions[1]!.trigger!.shell!.commands.map(at)).toEqual([
      ['curl', 2, 13],
      ['sh', 2, 35],
    ]);
    expect(() => JSON.stringify(m)).not.toThrow();
  });

  it('survives hostile input without hanging', () => {
    const deep = 'FROM x\nRUN ' + '$('.repeat(2000) + 'x' + ')'.repeat(2000) + '\n';
    const t = Date.now();
    expect(() => only(deep)).not.toThrow();
    // 20,000 commands, the most analysed; one more is a ParseError (__tests__/security).
    const long = 'FROM x\nRUN ' + 'a && '.repeat(19_999) + 'b\n';
    expect(only(long).commands.length).toBeGreaterThan(1000);
    expect(Date.now() - t).toBeLessThan(20_000);
  });
});

describe('shell variables', () => {
  it('never guesses a value assigned only in some branches', () => {
    const sc = only(
      'FROM x\nRUN case "$(uname -m)" in x86_64) url=https://x.test/amd64;; aarch64) url=https://x.test/arm64;; esac; \\\n  A=1; if true; then export A=2; fi; wget "$url" $A\n',
    );
    const wget = sc.commands.find((c) => c.name === 'wget')!;
    expect(wget.args.map((a) => [a.value, a.partial])).toEqual([
      [undefined, '$url'],
      [undefined, '$A'],
    ]);
  });

  it('resolves straight-line assignments and keeps sh -c assignments local', () => {
    const sc = only("FROM x\nRUN V=2; sh -c 'V=3'; echo $V ${V:-9} ${W:-9}\n");
    const echo = sc.commands.find((c) => c.name === 'echo')!;
    expect(echo.args.map((a) => a.value)).toEqual(['2', '2', undefined]);
  });
});

describe('nested code strings', () => {
  it('reads the code of pwsh -Command and /Command (several words joined) as nested commands', () => {
    for (const flag of ['-Command', '/Command', '-c']) {
      const sc = only(`FROM x\nRUN pwsh ${flag} iwr https://x.test/a.ps1 '|' iex\n`);
      const col = 11 + flag.length;
      expect(
        sc.commands.map((c) => [c.name, c.nameWord.column, c.nesting ?? null, c.parent ?? null]),
      ).toEqual([
        ['pwsh', 5, null, null],
        ['iwr', col, 'c-string', 0],
        ['iex', col + 29, 'c-string', 0],
      ]);
    }
  });
});

describe('enclosingRedirects', () => {
  const targets = (c: ShellCommand) => (c.enclosingRedirects ?? []).map((r) => `${r.op}${r.target?.raw}`);
  it('carries the output redirects of groups, subshells, if and loops to the commands inside', () => {
    const sc = only(
      'FROM x\nRUN { echo a; echo b; } >> out; ( echo c ) > o2; if true; then echo d; fi &>> o3; ' +
        'for i in 1; do { echo e; } > in; done > o4\n',
    );
    expect(sc.commands.map((c) => [c.name, ...targets(c)])).toEqual([
      ['echo', '>>out'],
      ['echo', '>>out'],
      ['echo', '>o2'],
      ['true', '&>>o3'],
      ['echo', '&>>o3'],
      ['echo', '>in', '>o4'],
    ]);
  });
  it('leaves input, stderr and simple-command redirects out', () => {
    const sc = only('FROM x\nRUN { echo a; } 2> err; while read l; do echo "$l"; done < list; echo b > f\n');
    expect(sc.commands.map((c) => c.enclosingRedirects)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
