/**
 * Executions of a download: the one answer to "is this download run as code?" that
 * remote-script-exec reports and download-unverified leaves to it, so one download is one
 * finding. A download is executed when it is piped into a shell or interpreter (`curl ... | sh`,
 * `iwr ... | iex`), run through `$(...)`/`<(...)` (`bash <(curl ...)`, `eval "$(curl ...)"`),
 * evaluated by PowerShell's `iex (iwr ...)`, or saved to a file that a later command of the stage
 * executes (`curl -o i.sh ... && sh i.sh`). A download whose URLs all name a full commit is
 * pinned content and never counts; a checksum or signature check in between ends the chain, as
 * it does for download-unverified.
 */
import type { DockerfileModel } from '../model.js';
import { isVerification } from './checksum.js';
import { downloadOf, fileKey, isCommitPinnedUrl, type Download } from './downloads.js';
import { codeArgIndex, executedFile, interpreterFamily, scriptFileArg, stdinRole } from './interpreters.js';
import type { ShellCommand, ShellScript } from './model.js';
import { laterInPipeline } from './pipeline.js';
import { isPsEval, psDownloadOf, psEvalDownloads } from './powershell.js';
import { within } from './positions.js';
import { runScriptsByStage, type RunScript } from './walk.js';

/** A script with its analysis: a Dockerfile RUN, or a workflow `run:` step. */
export interface ScriptHolder {
  script: ShellScript;
}

export interface DownloadExecution<R extends ScriptHolder = RunScript> {
  dl: Download;
  /** The RUN (or `run:` step) holding the download. */
  run: R;
  /** How it is run, as a phrase after "is": `piped into sh`, `saved as i.sh and then executed`. */
  how: string;
  /** The command that runs it, when it is on the download's line in the same RUN (extends the span). */
  end?: ShellCommand;
}

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

/** A curl/wget/aria2c or PowerShell download. */
export function downloadIn(cmd: ShellCommand): Download | undefined {
  return downloadOf(cmd) ?? psDownloadOf(cmd);
}

/** True when every URL of the download names a full commit (content-addressed). */
export function isPinnedDownload(dl: Download): boolean {
  return dl.urls.length > 0 && dl.urls.every((u) => isCommitPinnedUrl(u.partial));
}

/**
 * Every execution of a download in `runs`, scripts that share one filesystem in order (the RUNs
 * of a stage, the `run:` steps of a job): a file saved by one and executed by a later one counts.
 */
export function scriptExecutions<R extends ScriptHolder>(
  runs: readonly R[],
  out: DownloadExecution<R>[],
): void {
  const files = new Map<string, { dl: Download; run: R }>();
  for (const run of runs) scanScript(run, files, out);
}

function scanScript<R extends ScriptHolder>(
  run: R,
  files: Map<string, { dl: Download; run: R }>,
  out: DownloadExecution<R>[],
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
      out.push({ dl: { ...dl, cmd }, run, how: 'evaluated by Invoke-Expression' });
      continue;
    }
    const dl = downloadIn(cmd);
    // A commit-pinned URL is content-addressed: what was reviewed is what runs.
    if (dl && isPinnedDownload(dl)) continue;
    if (dl) {
      if (dl.stdout && cmd.pipeLength > 1) {
        const exec = laterInPipeline(sc, cmd).find((c) => stdinRole(c) !== undefined || isPsEval(c));
        if (exec) {
          out.push({ dl, run, how: `piped into ${exec.base || exec.name}`, end: exec });
          continue;
        }
      }
      if (
        cmd.parent !== undefined &&
        (cmd.nesting === 'command-substitution' || cmd.nesting === 'process-substitution')
      ) {
        const parent = sc.commands[cmd.parent];
        if (parent && executesSubstitution(parent, cmd)) {
          out.push({
            dl,
            run,
            how: `run by ${parent.base} through ${cmd.nesting === 'process-substitution' ? '<(...)' : '$(...)'}`,
          });
          continue;
        }
      }
      for (const f of dl.files) files.set(fileKey(f), { dl, run });
      continue;
    }
    const target = executedFile(cmd);
    if (!target) continue;
    const key = fileKey(target.partial);
    const got = key ? files.get(key) : undefined;
    if (!got) continue;
    files.delete(key);
    const where = got.run === run ? '' : ` (line ${cmd.nameWord.line})`;
    out.push({
      dl: got.dl,
      run: got.run,
      how: `saved as ${key} and then executed${where}`,
      ...(got.run === run ? { end: cmd } : {}),
    });
  }
}

export interface ExecutionIndex {
  executions: readonly DownloadExecution[];
  /** The download commands that are executed (a key of `executions[i].dl.cmd`). */
  executed: ReadonlySet<ShellCommand>;
}

const byModel = new WeakMap<DockerfileModel, ExecutionIndex>();

/** Every execution of a download in the file, in order (computed once per model). */
export function downloadExecutions(model: DockerfileModel): ExecutionIndex {
  let index = byModel.get(model);
  if (index) return index;
  const executions: DownloadExecution[] = [];
  for (const runs of runScriptsByStage(model)) scriptExecutions(runs, executions);
  index = { executions, executed: new Set(executions.map((e) => e.dl.cmd)) };
  byModel.set(model, index);
  return index;
}
