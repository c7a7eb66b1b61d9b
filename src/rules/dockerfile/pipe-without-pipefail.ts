import { downloadOf } from '../../formats/dockerfile/shell/downloads.js';
import { stdinRole } from '../../formats/dockerfile/shell/interpreters.js';
import { laterInPipeline } from '../../formats/dockerfile/shell/pipeline.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, spanFromTo, spanOf, type Hit } from '../../core/index.js';

const FIX =
  'Make the shell fail when any part of a pipe fails: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN, or start the RUN with `set -o pipefail &&` (bash, ash, zsh).';

export const rule = defineRule({
  id: 'dockerfile/pipe-without-pipefail',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'low',
  title: 'Download piped without pipefail',
  description:
    "A pipeline's exit status is its last command's, so when `curl` or `wget` fails mid-download (a 404, a reset connection, a TLS error) `curl ... | tar xz` or `wget -O- ... | gpg --dearmor` can still succeed, and the build carries on with a truncated or empty file. With pipefail the failed download fails the step.",
  fix: FIX,
  examples: {
    bad: 'RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
    good: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt',
    language: 'dockerfile',
  },
  references: ['https://github.com/hadolint/hadolint/wiki/DL4006'],
  check(model) {
    const hits: Hit[] = [];
    for (const run of runScripts(model)) {
      const sc = run.script;
      if (sc.dialect !== 'posix') continue;
      // One `set -o pipefail` (or SHELL) fixes every pipe of the RUN: one finding per RUN, at the
      // first such download, the others as related spans (hadolint's DL4006 is per RUN too).
      const found: { cmd: (typeof sc.commands)[number]; into: string; evidence: string }[] = [];
      for (const cmd of sc.commands) {
        if (cmd.pipefail || cmd.pipeLength < 2 || cmd.pipeIndex === cmd.pipeLength - 1) continue;
        const dl = downloadOf(cmd);
        if (!dl || !dl.stdout) continue;
        const rest = laterInPipeline(sc, cmd);
        // Piped into a shell: remote-script-exec already reports it, at a higher severity.
        if (rest.some((c) => stdinRole(c) !== undefined)) continue;
        const last = rest[rest.length - 1] ?? cmd;
        found.push({
          cmd,
          into: rest[0]?.base ?? '...',
          evidence: evidenceText(model, spanFromTo(cmd.nameWord, last.span)),
        });
      }
      const [first, ...others] = found;
      if (!first) continue;
      const also =
        others.length > 0
          ? ` (and ${others.length} more pipe${others.length === 1 ? '' : 's'} in this RUN)`
          : '';
      hits.push(
        hit(
          first.cmd.nameWord,
          `\`${first.cmd.base}\` is piped into \`${first.into}\` without pipefail${also}, so a failed download does not fail the build step.`,
          {
            evidence: found.map((f) => f.evidence).join(' ; '),
            fix: FIX,
            scopeLine: run.scopeLine,
            ...(others.length > 0
              ? {
                  related: others.map((o) => ({
                    span: spanOf(o.cmd.nameWord),
                    label: `\`${o.cmd.base}\` piped into \`${o.into}\``,
                  })),
                }
              : {}),
          },
        ),
      );
    }
    return hits;
  },
});
