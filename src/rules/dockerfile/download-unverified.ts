import type { DockerfileModel } from '../../formats/dockerfile/model.js';
import type { ShellCommand } from '../../formats/dockerfile/shell/model.js';
import { isVerification } from '../../formats/dockerfile/shell/checksum.js';
import { fileKey, type Download } from '../../formats/dockerfile/shell/downloads.js';
import {
  downloadExecutions,
  downloadIn,
  isPinnedDownload,
} from '../../formats/dockerfile/shell/executions.js';
import { codeDownloads } from '../../formats/dockerfile/shell/foreign.js';
import { laterInPipeline } from '../../formats/dockerfile/shell/pipeline.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { runScriptsByStage, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, spanAt, spanFromTo, type Hit } from '../../core/index.js';

const FIX =
  'Pin the checksum next to the URL and check it before use: `ARG TOOL_SHA256=<sha256>` then `echo "${TOOL_SHA256}  tool.tgz" | sha256sum -c -` (or verify a signature with gpg/cosign); or use `ADD --checksum=sha256:<sha256> <url> <dest>`.';

/** Signatures, checksums and keys fetched next to a download: not code. */
const SIDE_FILE =
  /\.(asc|sig|sign|sha1|sha256|sha512|sha256sum|sha512sum|md5|pem|pub|gpg|key|crt|txt|json)$/i;
const BIN_DIR = /(^|\/)(s?bin)(\/|$)/;
const EXTRACTORS = new Set([
  'tar',
  'bsdtar',
  'unzip',
  'gunzip',
  'bunzip2',
  'unxz',
  'xz',
  'zstd',
  'unzstd',
  '7z',
  '7za',
  'cpio',
  'jar',
  'expand-archive',
]);
const STREAM_EXTRACTORS = new Set([
  'tar',
  'bsdtar',
  'gunzip',
  'gzip',
  'bunzip2',
  'bzip2',
  'xz',
  'unxz',
  'zstd',
  'unzstd',
  'cpio',
  'busybox',
  'funzip',
]);

function isExtract(cmd: ShellCommand): boolean {
  const b = cmd.base.toLowerCase();
  const vals = cmd.args.map((a) => a.value ?? a.partial);
  if (b === 'tar' || b === 'bsdtar') {
    const first = vals[0] ?? '';
    return (
      vals.some((v) => v === '--extract' || v === '--get') ||
      /^-?[a-zA-Z]*x/.test(first) ||
      vals.some((v) => /^-[a-zA-Z]*$/.test(v) && v.includes('x'))
    );
  }
  if (b === 'gzip' || b === 'bzip2' || b === 'xz' || b === 'zstd')
    return vals.some((v) => v === '-d' || v === '--decompress' || /^-[a-zA-Z]*d/.test(v));
  if (b === '7z' || b === '7za') return vals[0] === 'x' || vals[0] === 'e';
  if (b === 'jar') return /x/.test(vals[0] ?? '');
  return EXTRACTORS.has(b);
}

/** How a command uses the downloaded file at `key`, or undefined when it does not. */
function useOf(cmd: ShellCommand, key: string): string | undefined {
  const b = cmd.base.toLowerCase();
  const argIndex = cmd.args.findIndex((a) => fileKey(a.partial) === key);
  if (argIndex === -1) return undefined;
  const vals = cmd.args.map((a) => a.value ?? a.partial);
  if (isExtract(cmd)) return `extracted by ${cmd.base}`;
  if (b === 'dpkg' && vals.some((v) => v === '-i' || v === '--install' || /^-[a-zA-Z]*i/.test(v)))
    return 'installed by dpkg';
  if (
    (b === 'apt-get' ||
      b === 'apt' ||
      b === 'yum' ||
      b === 'dnf' ||
      b === 'microdnf' ||
      b === 'zypper' ||
      b === 'tdnf') &&
    vals.includes('install')
  )
    return `installed by ${cmd.base}`;
  if (b === 'rpm' && vals.some((v) => /^-[a-zA-Z]*[iU]/.test(v) || v === '--install' || v === '--upgrade'))
    return 'installed by rpm';
  if (b === 'apk' && vals.includes('add')) return 'installed by apk';
  if ((/^pip[0-9.]*$/.test(b) || b.startsWith('python') || b === 'uv') && vals.includes('install'))
    return `installed by ${cmd.base}`;
  if (
    (b === 'gem' || b === 'npm' || b === 'pnpm') &&
    (vals.includes('install') || vals.includes('i') || vals.includes('add'))
  )
    return `installed by ${cmd.base}`;
  if (b === 'msiexec' || b === 'start-process') return `installed by ${cmd.base}`;
  if (b === 'install' || b === 'mv' || b === 'cp') {
    const dest = vals[vals.length - 1] ?? '';
    if (argIndex < vals.length - 1 && BIN_DIR.test(dest)) return `copied into ${dest} by ${cmd.base}`;
  }
  if (
    b === 'chmod' &&
    !/\.(sh|bash|py|pl|rb|ps1)$/i.test(key) &&
    vals.some((v) => /^(\+|[ugoa]*\+)[rwx]*x/.test(v) || /^0?[0-7]*[1357]$/.test(v))
  )
    return 'made executable by chmod';
  return undefined;
}

interface Pending {
  dl: Download;
  run: RunScript;
  keys: Set<string>;
  verified: boolean;
  /** Set when the download itself is the use (written into a bin dir); reported at stage end. */
  direct?: string;
}

function downloadHit(model: DockerfileModel, p: Pending, use: string, at: ShellCommand): Hit {
  const c = p.dl.cmd;
  const span = spanFromTo(c.nameWord, c.span);
  const url = p.dl.urls[0]?.partial;
  const where = at.nameWord.line !== c.nameWord.line ? ` (line ${at.nameWord.line})` : '';
  return hit(
    span,
    `${url ? `${url.slice(0, 120)} is` : 'A download is'} ${use}${where} with no checksum or signature check in this stage, so a changed or substituted file goes into the image unnoticed.`,
    { evidence: evidenceText(model, span), fix: FIX, scopeLine: p.run.scopeLine },
  );
}

export const rule = defineRule({
  id: 'dockerfile/download-unverified',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Downloaded archive or binary used without verification',
  description:
    'A file fetched with curl, wget or Invoke-WebRequest and then extracted, installed or put on the PATH (or fetched by Python/Node/Ruby/Perl code fed to an interpreter, `python3 <<EOF`) is trusted as-is: if the release is replaced, the host is compromised or the URL moves, the build quietly ships different bytes (the March 2026 Trivy release compromise spread exactly this way). A checksum pinned in the Dockerfile makes any change fail the build. One finding per download, at the download command, naming its first use. A URL that names a full commit on a git host (`raw.githubusercontent.com/o/r/<40-hex>/f`, `github.com/o/r/archive/<40-hex>.zip`, `codeload.github.com/o/r/tar.gz/<40-hex>`, GitLab `/-/archive/<40-hex>/`) is pinned content and not reported. A download that is run as code (piped into a shell, run through `$(...)`, saved and executed) is reported only by remote-script-exec, the more specific rule: both read the same analysis of what is executed, so one download is one finding.',
  fix: FIX,
  examples: {
    bad: 'RUN curl -fsSLo /tmp/helm.tgz https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz \\\n && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1',
    good: 'ARG HELM_SHA256=de103bd6c3b645cf2b068b205dbdc779f77c578febf04f747ca2a8baa2a2e202\nRUN curl -fsSLo /tmp/helm.tgz https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz \\\n && echo "${HELM_SHA256}  /tmp/helm.tgz" | sha256sum -c - \\\n && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1',
    language: 'dockerfile',
  },
  references: [
    'https://docs.docker.com/reference/dockerfile/#add---checksum',
    'https://github.com/prowler-cloud/prowler/pull/12334',
  ],
  check(model) {
    const hits: Hit[] = [];
    const { executed } = downloadExecutions(model);
    for (const runs of runScriptsByStage(model)) {
      const pending: Pending[] = [];
      for (const run of runs) {
        const sc = run.script;
        for (const cmd of sc.commands) {
          if (isVerification(cmd, sc)) {
            for (const p of pending) p.verified = true;
            continue;
          }
          const dl = downloadIn(cmd);
          // Content named by a full commit cannot change; a download run as code is remote-script-exec's.
          if (dl && (isPinnedDownload(dl) || executed.has(cmd))) continue;
          if (dl) {
            const p: Pending = {
              dl,
              run,
              keys: new Set(dl.files.map(fileKey).filter((k) => k !== '')),
              verified: false,
            };
            if (dl.stdout && cmd.pipeLength > 1) {
              const next = laterInPipeline(sc, cmd);
              const ext = next.find((c) => STREAM_EXTRACTORS.has(c.base) && isExtract(c));
              const sink = next.find((c) => c.base === 'tee' && c.args.some((a) => BIN_DIR.test(a.partial)));
              if (ext)
                hits.push(downloadHit(model, p, `extracted by ${ext.base} straight from the pipe`, ext));
              else if (sink)
                hits.push(
                  downloadHit(
                    model,
                    p,
                    `written into ${sink.args.find((a) => BIN_DIR.test(a.partial))!.partial}`,
                    sink,
                  ),
                );
              continue;
            }
            for (const k of [...p.keys]) if (SIDE_FILE.test(k)) p.keys.delete(k);
            const binFile = dl.files.find(
              (f) => p.keys.has(fileKey(f)) && BIN_DIR.test(f.slice(0, f.lastIndexOf('/') + 1)),
            );
            // Saved into a bin dir is a use, but the check often follows (gosu: wget, then gpg --verify).
            if (binFile) p.direct = `saved straight into ${binFile.slice(0, binFile.lastIndexOf('/') + 1)}`;
            if (p.keys.size > 0) pending.push(p);
            continue;
          }
          for (let i = 0; i < pending.length; i++) {
            const p = pending[i]!;
            if (p.verified || p.direct) continue;
            let use: string | undefined;
            for (const k of p.keys) use ??= useOf(cmd, k);
            if (!use) continue;
            hits.push(downloadHit(model, p, use, cmd));
            pending.splice(i--, 1);
          }
        }
      }
      for (const p of pending)
        if (p.direct && !p.verified) hits.push(downloadHit(model, p, p.direct, p.dl.cmd));
      // Code fed to another interpreter (`python3 <<EOF`, `node -e`) that fetches a URL; one that
      // also eval()s is remote-script-exec's.
      for (const run of runs) {
        for (const f of run.script.foreign) {
          const d = codeDownloads(f, model);
          if (!d || d.evaluates || d.verified) continue;
          const span = spanAt(d, d.url.length);
          hits.push(
            hit(
              span,
              `${d.url.slice(0, 120)} is downloaded by ${f.interpreter} code with no checksum or signature check in that code, so a changed or substituted file goes into the image unnoticed.`,
              { evidence: evidenceText(model, span), fix: FIX, scopeLine: run.scopeLine },
            ),
          );
        }
      }
    }
    return hits;
  },
});
