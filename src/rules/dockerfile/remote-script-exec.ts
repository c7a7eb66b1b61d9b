import type { DockerfileModel } from '../../formats/dockerfile/model.js';
import type { ShellCommand, ShellScript } from '../../formats/dockerfile/shell/model.js';
import { isVerification } from '../../formats/dockerfile/shell/checksum.js';
import {
  downloadOf,
  fileKey,
  isCommitPinnedUrl,
  type Download,
} from '../../formats/dockerfile/shell/downloads.js';
import { codeDownloads } from '../../formats/dockerfile/shell/foreign.js';
import {
  codeArgIndex,
  executedFile,
  interpreterFamily,
  scriptFileArg,
  stdinRole,
} from '../../formats/dockerfile/shell/interpreters.js';
import { laterInPipeline } from '../../formats/dockerfile/shell/pipeline.js';
import { isPsEval, psDownloadOf, psEvalDownloads } from '../../formats/dockerfile/shell/powershell.js';
import { evidenceText, within } from '../../formats/dockerfile/shell/positions.js';
import { runScriptsByStage, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, spanAt, spanFromTo, type Hit } from '../../core/index.js';

const FIX =
  'Download to a file, check it against a checksum pinned in the Dockerfile (`echo "<sha256>  install.sh" | sha256sum -c -`) or a signature, then run it; better, install a pinned package or COPY a reviewed script.';

/** Whether `parent` executes the output of `nested`, a download inside one of its words. */
function executesSubstitution(parent: ShellCommand, nested: ShellCommand): boolean {
  const b = parent.base.toLowerCase();
  const k = parent.args.findIndex((a) => within(nested.nameWord, a));
  if (k === -1) return false;
  if (b === 'eval') return true;
  if (b === 'source' || b === '.') return k === 0;
  const family = interpreterFamily(b);
  if (!family) return false;
  const code = codeArgIndex(parent);
  if (code !== undefined) return code === k && nested.nesting === 'command-substitution';
  // `bash <(curl ...)`, `python3 <(curl ...)`: the substitution is the script file.
  return nested.nesting === 'process-substitution' && scriptFileArg(parent) === parent.args[k];
}

function urlText(dl: Download): string {
  const u = dl.urls[0];
  return u ? ` from ${u.partial.slice(0, 120)}` : '';
}

function scriptHit(
  model: DockerfileModel,
  run: RunScript,
  dl: Download,
  how: string,
  end?: ShellCommand,
): Hit {
  const c = dl.cmd;
  const last = end && end.span.endLine === c.nameWord.line && end.span.endColumn > c.span.endColumn ? end : c;
  const span = spanFromTo(c.nameWord, last.span);
  return hit(
    span,
    `A script downloaded${urlText(dl)} is ${how} without a checksum or signature check: whoever controls that URL runs code in the build.`,
    { evidence: evidenceText(model, span), fix: FIX, scopeLine: run.scopeLine },
  );
}

function downloadIn(cmd: ShellCommand): Download | undefined {
  return downloadOf(cmd) ?? psDownloadOf(cmd);
}

function checkScript(
  model: DockerfileModel,
  run: RunScript,
  files: Map<string, { dl: Download; run: RunScript }>,
  hits: Hit[],
): void {
  const sc: ShellScript = run.script;
  for (const cmd of sc.commands) {
    if (isVerification(cmd, sc)) {
      files.clear();
      continue;
    }
    if (psEvalDownloads(cmd)) {
      const dl = psDownloadOf(cmd) ?? {
        cmd,
        tool: cmd.base,
        urls: cmd.args.filter((a) => a.partial.includes('://')),
        files: [],
        stdout: true,
        flags: [],
      };
      hits.push(scriptHit(model, run, { ...dl, cmd }, 'evaluated by Invoke-Expression'));
      continue;
    }
    const dl = downloadIn(cmd);
    // A commit-pinned URL is content-addressed: what was reviewed is what runs.
    if (dl && dl.urls.length > 0 && dl.urls.every((u) => isCommitPinnedUrl(u.partial))) continue;
    if (dl) {
      let reported = false;
      if (dl.stdout && cmd.pipeLength > 1) {
        const exec = laterInPipeline(sc, cmd).find((c) => stdinRole(c) !== undefined || isPsEval(c));
        if (exec) {
          hits.push(scriptHit(model, run, dl, `piped into ${exec.base || exec.name}`, exec));
          reported = true;
        }
      }
      if (
        !reported &&
        cmd.parent !== undefined &&
        (cmd.nesting === 'command-substitution' || cmd.nesting === 'process-substitution')
      ) {
        const parent = sc.commands[cmd.parent];
        if (parent && executesSubstitution(parent, cmd)) {
          hits.push(
            scriptHit(
              model,
              run,
              dl,
              `run by ${parent.base} through ${cmd.nesting === 'process-substitution' ? '<(...)' : '$(...)'}`,
            ),
          );
          reported = true;
        }
      }
      if (!reported) for (const f of dl.files) files.set(fileKey(f), { dl, run });
      continue;
    }
    const target = executedFile(cmd);
    if (!target) continue;
    const key = fileKey(target.partial);
    const got = key ? files.get(key) : undefined;
    if (!got) continue;
    files.delete(key);
    const where = got.run === run ? '' : ` (line ${cmd.nameWord.line})`;
    hits.push(
      scriptHit(
        model,
        got.run,
        got.dl,
        `saved as ${key} and then executed${where}`,
        got.run === run ? cmd : undefined,
      ),
    );
  }
  // Code fed to another interpreter (`python3 <<EOF`, `node -e`) that fetches a URL and evals it.
  for (const f of sc.foreign) {
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

export const rule = defineRule({
  id: 'dockerfile/remote-script-exec',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'critical',
  title: 'Downloaded script executed without verification',
  description:
    'Piping a download into a shell (`curl ... | sh`), running it through `$(...)` or `<(...)`, saving it and executing it, or fetching it inside Python/Node/Ruby/Perl code fed to the interpreter (`python3 <<EOF`, `node -e`) and passing it to `exec()`/`eval()` runs whatever the server sends at build time. A compromised or hijacked host, a moved tag or a man-in-the-middle then executes code inside every image built, and nothing in the Dockerfile records what ran.',
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
    const hits: Hit[] = [];
    for (const runs of runScriptsByStage(model)) {
      const files = new Map<string, { dl: Download; run: RunScript }>();
      for (const run of runs) checkScript(model, run, files, hits);
    }
    return hits;
  },
});
