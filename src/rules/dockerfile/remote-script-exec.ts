import type { DockerfileModel } from '../../formats/dockerfile/model.js';
import type { Download } from '../../formats/dockerfile/shell/downloads.js';
import { downloadExecutions, type DownloadExecution } from '../../formats/dockerfile/shell/executions.js';
import { codeDownloads } from '../../formats/dockerfile/shell/foreign.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, spanAt, spanFromTo, type Hit } from '../../core/index.js';

const FIX =
  'Download to a file, check it against a checksum pinned in the Dockerfile (`echo "<sha256>  install.sh" | sha256sum -c -`) or a signature, then run it; better, install a pinned package or COPY a reviewed script.';

function urlText(dl: Download): string {
  const u = dl.urls[0];
  return u ? ` from ${u.partial.slice(0, 120)}` : '';
}

function scriptHit(model: DockerfileModel, e: DownloadExecution): Hit {
  const { dl, run, how, end } = e;
  const c = dl.cmd;
  const last = end && end.span.endLine === c.nameWord.line && end.span.endColumn > c.span.endColumn ? end : c;
  const span = spanFromTo(c.nameWord, last.span);
  return hit(
    span,
    `A script downloaded${urlText(dl)} is ${how} without a checksum or signature check: whoever controls that URL runs code in the build.`,
    { evidence: evidenceText(model, span), fix: FIX, scopeLine: run.scopeLine },
  );
}

export const rule = defineRule({
  id: 'dockerfile/remote-script-exec',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'critical',
  title: 'Downloaded script executed without verification',
  description:
    'Piping a download into a shell (`curl ... | sh`), running it through `$(...)` or `<(...)`, saving it and executing it, or fetching it inside Python/Node/Ruby/Perl code fed to the interpreter (`python3 <<EOF`, `node -e`) and passing it to `exec()`/`eval()` runs whatever the server sends at build time. A compromised or hijacked host, a moved tag or a man-in-the-middle then executes code inside every image built, and nothing in the Dockerfile records what ran. One finding per executed download, at the download command; download-unverified, which reads the same analysis of what is executed, leaves these downloads to this rule. A URL that names a full commit on a git host is pinned content and not reported.',
  fix: FIX,
  examples: {
    bad: 'RUN curl -fsSL https://get.example.com/install.sh | sh\nRUN bash <(curl -fsSL https://example.com/setup)\nRUN curl -o /tmp/i.sh https://example.com/i.sh && sh /tmp/i.sh',
    good: 'ARG INSTALL_SHA256=d4979343f156353c239832738f4eaab6df43d0db3e2c944c6b48bc997a9ba879\nRUN curl -fsSLo /tmp/i.sh https://example.com/v1.4.2/i.sh \\\n && echo "${INSTALL_SHA256}  /tmp/i.sh" | sha256sum -c - \\\n && sh /tmp/i.sh',
    language: 'dockerfile',
  },
  references: [
    'https://github.com/ossf/scorecard/blob/main/docs/checks.md#pinned-dependencies',
    'https://docs.docker.com/reference/dockerfile/#add---checksum',
  ],
  check(model) {
    const hits = downloadExecutions(model).executions.map((e) => scriptHit(model, e));
    // Code fed to another interpreter (`python3 <<EOF`, `node -e`) that fetches a URL and evals it.
    for (const run of runScripts(model)) {
      for (const f of run.script.foreign) {
        const d = codeDownloads(f, model);
        if (!d || !d.evaluates || d.verified) continue;
        const span = spanAt(d, d.url.length);
        hits.push(
          hit(
            span,
            `${f.interpreter} code downloads ${d.url.slice(0, 120)} and runs code with exec()/eval() without a checksum or signature check: whoever controls that URL runs code in the build.`,
            { evidence: evidenceText(model, span), fix: FIX, scopeLine: run.scopeLine },
          ),
        );
      }
    }
    return hits;
  },
});
