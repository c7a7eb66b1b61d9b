// The markdown renderer's cut, done the way it was before the renderers streamed (commit 49d93d6):
// every line made first, then cut by slicing the array. The layout itself (issue 12) is the
// current one's lines: streaming.test.ts checks that the streaming renderer writes the same bytes
// and cuts at the same place, <details> closed alike.
import type { Finding } from '../../../src/core/index.js';
import { bodyLines, headLines, type MarkdownOptions } from '../../../src/report/markdown.js';
import type { Summary } from '../../../src/report/summary.js';

export function renderMarkdown(
  findings: readonly Finding[],
  summary: Summary,
  opts: MarkdownOptions = {},
): string {
  const head = headLines(summary, opts);
  const body = [...bodyLines(findings, summary, opts)];
  const max = opts.maxBytes ?? Infinity;
  const note = `\n> ⚠️ Truncated to fit. ${opts.truncationNote ?? 'The full list is in the SARIF file and the check run annotations.'}\n`;
  let out = head.join('\n') + '\n';
  let size = Buffer.byteLength(out);
  const noteSize = Buffer.byteLength(note) + '\n</details>\n'.length;
  for (let i = 0; i < body.length; i++) {
    const line = body[i]! + '\n';
    const n = Buffer.byteLength(line);
    if (size + n + noteSize > max) {
      // Close an open <details> so the page still renders.
      const open = body.slice(0, i).filter((l) => l.startsWith('<details>')).length;
      const closed = body.slice(0, i).filter((l) => l === '</details>').length;
      return out + (open > closed ? '\n</details>\n' : '') + note;
    }
    out += line;
    size += n;
  }
  return out;
}
