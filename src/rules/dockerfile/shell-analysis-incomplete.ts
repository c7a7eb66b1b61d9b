import type { ShellLimit } from '../../formats/dockerfile/shell/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, type Hit } from '../../core/index.js';

const FIX =
  'Split the RUN into smaller steps, write the commands out instead of nesting `sh -c` / `eval` strings, or COPY a reviewed script and run it.';

/** What a limit left unchecked, after the limit itself. */
const CONSEQUENCE: Record<ShellLimit['kind'], string> = {
  commands: 'the commands after it were not checked',
  words: 'the words after it were not read',
  nesting: 'the script nested there was not checked',
  'parser-size': 'it was read word by word, without looking into $(...), <(...) or heredocs',
  // Reported once per file by dockerfile/expansion-too-large.
  'expansion-budget': '',
};

export const rule = defineRule({
  id: 'dockerfile/shell-analysis-incomplete',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'RUN too large or too deeply nested to analyse',
  description:
    'Bulkhead reads each RUN up to fixed limits (20,000 commands, 200,000 words, 64,000 characters for the full shell parser, `sh -c` / `eval` / heredoc scripts nested 16 deep) so a hostile file cannot exhaust time or memory. A RUN past a limit was not fully checked: a `curl ... | sh` hidden behind 60,000 padding words or five nested `sh -c` strings would otherwise pass. No real build needs such a step.',
  fix: FIX,
  examples: {
    bad: `FROM debian:12.5@sha256:3a7db92a1187b551fa77114063d13559c76c0fc31e1e963883a04fc89a76f800\nRUN ${'eval '.repeat(17)}true\nUSER app`,
    good: 'FROM debian:12.5@sha256:3a7db92a1187b551fa77114063d13559c76c0fc31e1e963883a04fc89a76f800\nRUN sh -c "eval true"\nUSER app',
    language: 'dockerfile',
  },
  check(model) {
    const hits: Hit[] = [];
    for (const run of runScripts(model)) {
      const limits = run.script.limits.filter((l) => l.kind !== 'expansion-budget');
      if (limits.length === 0) continue;
      const what = limits
        .map((l) => `${l.detail} (line ${l.span.line}, column ${l.span.column}): ${CONSEQUENCE[l.kind]}`)
        .join('; ');
      const span = run.inst.keywordSpan;
      hits.push(
        hit(
          span,
          `The shell analysis of this RUN stopped at a limit: ${what}. A download run there (\`curl ... | sh\`) could pass unseen.`,
          { evidence: evidenceText(model, run.inst.span), fix: FIX, scopeLine: run.scopeLine },
        ),
      );
    }
    return hits;
  },
});
