/**
 * Text that commands write into the image: argument words and heredoc bodies of RUN commands
 * (`echo 'trusted-host = x' >> /etc/pip.conf`, `cat > f <<EOF`), and the heredoc bodies of
 * `COPY <<EOF` / `ADD <<EOF`, each with a map from a character to its file position.
 */
import type { DockerfileModel } from '../model.js';
import { stdinRole } from './interpreters.js';
import type { ShellCommand, ShellScript } from './model.js';
import { laterInPipeline } from './pipeline.js';
import { bodyPositions } from './positions.js';
import { instructionsAsRun } from './walk.js';

export interface ScriptText {
  cmd: ShellCommand;
  text: string;
  /** File position of text[i] (exact for heredoc bodies; the word start for words). */
  pos(i: number): { line: number; column: number };
  /** 'arg' for a command word, 'heredoc' for a heredoc body fed to the command. */
  kind: 'arg' | 'heredoc';
}

/** Every argument word and heredoc body of a script's commands, for config text written to files. */
export function scriptTexts(script: ShellScript): ScriptText[] {
  const out: ScriptText[] = [];
  for (const cmd of script.commands) {
    for (const a of cmd.args) {
      // Exact columns when the word is written plainly or inside one pair of quotes.
      const q = a.raw[0];
      const shift =
        a.raw === a.partial
          ? 0
          : (q === '"' || q === "'") && a.raw.slice(1, -1) === a.partial && a.line === a.endLine
            ? 1
            : -1;
      out.push({
        cmd,
        text: a.partial,
        kind: 'arg',
        pos: (i) => ({ line: a.line, column: shift >= 0 ? a.column + shift + i : a.column }),
      });
    }
    // A heredoc read by a shell (`bash <<EOF`, `cat <<EOF | sh`) was parsed as commands: its words
    // are already listed, so the body is not text as well (that would report things twice).
    const shellReads =
      stdinRole(cmd) === 'shell' ||
      (cmd.base === 'cat' &&
        cmd.redirects.some((r) => r.heredoc) &&
        laterInPipeline(script, cmd).some((c) => stdinRole(c) === 'shell'));
    for (const r of cmd.redirects) {
      const h = r.heredoc;
      if (!h || !h.span || shellReads) continue;
      out.push({ cmd, text: h.body, kind: 'heredoc', pos: bodyPositions(h.body, h.span) });
    }
  }
  return out;
}

/** Commands whose arguments are text (config lines) rather than options. */
export const WRITERS = new Set(['echo', 'printf', 'tee', 'cat', 'sed', 'crudini', 'awk', 'perl']);

/** A heredoc written into the image as a file (`COPY <<EOF /etc/pip.conf`), with file positions. */
export interface FileHeredocText {
  text: string;
  pos(i: number): { line: number; column: number };
  /** `COPY <<EOF` or `ADD <<EOF`, for messages. */
  writer: string;
  /** The instruction's first line (the ONBUILD line for triggers). */
  scopeLine: number;
  stage: number;
}

/** Heredoc bodies of COPY/ADD instructions (ONBUILD triggers included): files written into the image. */
export function fileHeredocTexts(model: DockerfileModel): FileHeredocText[] {
  const out: FileHeredocText[] = [];
  for (const { inst, owner } of instructionsAsRun(model)) {
    if (inst.keyword !== 'COPY' && inst.keyword !== 'ADD') continue;
    for (const h of inst.heredocs) {
      if (!h.contentSpan) continue;
      out.push({
        text: h.content,
        writer: `${inst.keyword} <<${h.name}`,
        scopeLine: owner.span.line,
        stage: owner.stage,
        pos: bodyPositions(h.content, h.contentSpan),
      });
    }
  }
  return out;
}
