/**
 * Issue 10, "one cause, one finding": download-unverified and remote-script-exec read one shared
 * answer to "is this download run as code?" (shell/executions.ts). Each case runs both rules and
 * lists every finding of either: a download that is executed is remote-script-exec's alone; one
 * that is only extracted or installed is download-unverified's alone.
 */
import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule as downloadUnverified } from '../../../src/rules/dockerfile/download-unverified.js';
import { rule as remoteScriptExec } from '../../../src/rules/dockerfile/remote-script-exec.js';
import { runRule } from '../../helpers/rules.js';

async function both(text: string): Promise<string[]> {
  const out: string[] = [];
  for (const rule of [downloadUnverified, remoteScriptExec]) {
    for (const h of await runRule(rule, parseDockerfile, text, 'Dockerfile'))
      out.push(`${rule.id.slice('dockerfile/'.length)} ${h.span.line}:${h.span.column}`);
  }
  return out.sort();
}

const F = 'FROM x\n';

describe('download-unverified and remote-script-exec: one finding per download', () => {
  const table: [string, string, string[]][] = [
    ['curl | sh', F + 'RUN curl -fsSL https://x.test/i | sh\n', ['remote-script-exec 2:5']],
    [
      'saved, chmod +x and run (qodana rust.Dockerfile)',
      F +
        'RUN curl -fsSL -o /tmp/rustup-init $RUSTUP_URL && chmod +x /tmp/rustup-init && /tmp/rustup-init -y\n',
      ['remote-script-exec 2:5'],
    ],
    [
      'saved into a bin dir, run in a later RUN',
      F + 'RUN curl -fsSLo /usr/local/bin/setup https://x.test/setup\nRUN /usr/local/bin/setup --yes\n',
      ['remote-script-exec 2:5'],
    ],
    [
      'extracted, then a script from the archive runs (the archive is not the script)',
      F + 'RUN curl -fsSLo /tmp/t.tgz https://x.test/t.tgz && tar -xzf /tmp/t.tgz && sh install.sh\n',
      ['download-unverified 2:5'],
    ],
    [
      'two downloads: one run, one extracted',
      F +
        'RUN curl -fsSLo /tmp/i.sh https://x.test/i.sh && curl -fsSLo /tmp/t.tgz https://x.test/t.tgz \\\n && tar -xzf /tmp/t.tgz && sh /tmp/i.sh\n',
      ['download-unverified 2:50', 'remote-script-exec 2:5'],
    ],
    ['bash <(curl ...)', F + 'RUN bash <(curl -s https://x.test/i.sh)\n', ['remote-script-exec 2:12']],
    [
      'checked, then run: neither',
      F +
        'RUN curl -fsSLo /tmp/i.sh https://x.test/i.sh && echo "$SHA  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n',
      [],
    ],
    [
      'commit-pinned script piped into sh: neither',
      F +
        'RUN curl -fsSL https://raw.githubusercontent.com/o/r/2af421884dd468d565137215c946ebe4e245ae26/install.sh | sh\n',
      [],
    ],
  ];
  it.each(table)('%s', async (_name, text, expected) => {
    expect(await both(text)).toEqual(expected);
  });
});
