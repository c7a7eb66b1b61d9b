/**
 * Downloads by command line: what a curl, wget or aria2c invocation fetches, where the bytes go
 * (files or standard output), and URL shapes that need no checksum (loopback, commit-pinned).
 */
import {
  ARIA2C_LONG_ARG,
  ARIA2C_SHORT_ARG,
  CURL_LONG_ARG,
  CURL_SHORT_ARG,
  WGET_LONG_ARG,
  WGET_SHORT_ARG,
} from './fetch-flags.js';
import type { ShellCommand, ShellWord } from './model.js';
import { isFullCommit } from '../../../refs/git.js';
import { trimTrailing } from '../../../core/trim.js';

export interface Download {
  cmd: ShellCommand;
  tool: string;
  /** Positional URL arguments (may contain unresolved variables). */
  urls: ShellWord[];
  /** Output file paths (partial text), when written to files. */
  files: string[];
  /** True when the body goes to standard output (piped or redirected). */
  stdout: boolean;
  /** Short flags clusters and long flags as written, for TLS checks. */
  flags: ShellWord[];
}

/** Reads a curl/wget/aria2c invocation; undefined when the command is not a download. */
export function downloadOf(cmd: ShellCommand): Download | undefined {
  const tool = cmd.base.toLowerCase();
  if (tool !== 'curl' && tool !== 'wget' && tool !== 'aria2c') return undefined;
  const urls: ShellWord[] = [];
  const files: string[] = [];
  const flags: ShellWord[] = [];
  let stdout = tool === 'curl';
  let remoteName = false;
  let wgetOut: string | undefined;
  let dir: string | undefined;
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value ?? w.partial;
    if (v === '--version' || v === '-V' || v === '--help' || (v === '-h' && tool !== 'curl'))
      return undefined;
    if (v.startsWith('--') && v.length > 2) {
      flags.push(w);
      const eq = v.indexOf('=');
      const name = v.slice(2, eq === -1 ? undefined : eq);
      let value: string | undefined = eq === -1 ? undefined : v.slice(eq + 1);
      const takes =
        tool === 'curl'
          ? CURL_LONG_ARG.has(name)
          : tool === 'wget'
            ? WGET_LONG_ARG.has(name)
            : ARIA2C_LONG_ARG.has(name);
      if (takes && value === undefined) value = args[++i]?.partial;
      if (name === 'url' && value !== undefined) urls.push(args[i]!);
      if (tool === 'curl' && name === 'output' && value !== undefined) {
        if (value === '-') stdout = true;
        else {
          files.push(value);
          stdout = false;
        }
      }
      if (tool === 'curl' && name === 'remote-name') {
        remoteName = true;
        stdout = false;
      }
      if (name === 'output-dir' || name === 'directory-prefix' || name === 'dir') dir = value;
      if (tool === 'wget' && name === 'output-document') wgetOut = value;
      if (tool === 'aria2c' && name === 'out') wgetOut = value;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      flags.push(w);
      if (tool === 'wget' && /^-n[a-zA-Z]$/.test(v)) continue;
      const takes = tool === 'curl' ? CURL_SHORT_ARG : tool === 'wget' ? WGET_SHORT_ARG : ARIA2C_SHORT_ARG;
      for (let k = 1; k < v.length; k++) {
        const letter = v[k]!;
        if (tool === 'curl' && letter === 'O') {
          remoteName = true;
          stdout = false;
        }
        if (!takes.has(letter)) continue;
        const value = k + 1 < v.length ? v.slice(k + 1) : args[++i]?.partial;
        if (tool === 'curl' && letter === 'o' && value !== undefined) {
          if (value === '-') stdout = true;
          else {
            files.push(value);
            stdout = false;
          }
        }
        if (tool === 'wget' && letter === 'O') wgetOut = value;
        if ((tool === 'wget' && letter === 'P') || (tool === 'aria2c' && letter === 'd')) dir = value;
        if (tool === 'aria2c' && letter === 'o') wgetOut = value;
        break;
      }
      continue;
    }
    urls.push(w);
  }
  if (tool === 'wget' || tool === 'aria2c') {
    if (wgetOut === '-') stdout = true;
    else if (wgetOut !== undefined) files.push(wgetOut);
    else for (const u of urls) files.push(joinPath(dir, urlBaseName(u.partial)));
  } else if (remoteName) {
    for (const u of urls) files.push(joinPath(dir, urlBaseName(u.partial)));
  }
  for (const r of cmd.redirects) {
    if (
      (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>') &&
      (r.fd === undefined || r.fd === '1') &&
      r.target
    ) {
      if (stdout) files.push(r.target.partial);
      stdout = false;
    }
  }
  if (urls.length === 0 && !args.some((a) => a.value === undefined)) return undefined;
  return { cmd, tool, urls, files, stdout, flags };
}

function joinPath(dir: string | undefined, name: string): string {
  return dir ? `${trimTrailing(dir, '/')}/${name}` : name;
}

function urlBaseName(url: string): string {
  let u = url;
  const q = u.search(/[?#]/);
  if (q !== -1) u = u.slice(0, q);
  u = trimTrailing(u, '/');
  return u.slice(u.lastIndexOf('/') + 1);
}

/** The file-name part of a path, for matching a downloaded file with its later use. */
export function fileKey(path: string): string {
  const p = path.replace(/^["']|["']$/g, '');
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** Loopback hosts, where plain http never leaves the machine. */
export function isLoopbackUrl(url: string): boolean {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url.slice(0, 300));
  const host = (m?.[1] ?? '').toLowerCase();
  return (
    host === 'localhost' ||
    host.startsWith('127.') ||
    host === '[::1]' ||
    host === '0.0.0.0' ||
    host.endsWith('.localhost')
  );
}

const ARCHIVE_EXT = /\.(tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip)$/i;

/** `<commit>` or `<commit>.tar.gz`: a path segment naming a full commit (an archive of it). */
function commitSegment(seg: string | undefined, archive: boolean): boolean {
  if (seg === undefined) return false;
  return isFullCommit(archive ? seg.replace(ARCHIVE_EXT, '') : seg);
}

/**
 * A URL that names content by a full git commit on a git host, so the bytes cannot change under
 * it, as with a checksum: raw files (`raw.githubusercontent.com/o/r/<sha>/f`, `github.com/o/r/raw/<sha>/f`,
 * GitLab `/-/raw/<sha>/f`, Bitbucket `/raw/<sha>/f`) and source archives of a commit
 * (`github.com/o/r/archive/<sha>.tar.gz`, `codeload.github.com/o/r/tar.gz/<sha>`, the API's
 * `tarball/<sha>`, GitLab `/-/archive/<sha>/r-<sha>.zip`, Bitbucket `/get/<sha>.zip`, Codeberg,
 * Gitee and sourcehut archives). Only https, only these hosts (or a `gitlab.` host with GitLab's
 * `/-/` paths): elsewhere a 40-hex path segment is a name the server may serve anything under.
 */
export function isCommitPinnedUrl(url: string): boolean {
  const head = url.slice(0, 500);
  if (!/^https:\/\//i.test(head)) return false;
  const rest = head.slice(8);
  const slash = rest.indexOf('/');
  if (slash === -1) return false;
  const host = rest.slice(0, slash).toLowerCase();
  let path = rest.slice(slash);
  const q = path.search(/[?#]/);
  if (q !== -1) path = path.slice(0, q);
  const seg = path.split('/').slice(1);
  switch (host) {
    case 'raw.githubusercontent.com':
      return commitSegment(seg[2], false);
    case 'github.com':
    case 'www.github.com':
      return (
        ((seg[2] === 'raw' || seg[2] === 'blob') && commitSegment(seg[3], false) && seg.length > 4) ||
        (seg[2] === 'archive' && seg.length === 4 && commitSegment(seg[3], true))
      );
    case 'codeload.github.com':
      return /^(tar\.gz|zip|legacy\.tar\.gz|legacy\.zip)$/.test(seg[2] ?? '') && commitSegment(seg[3], false);
    case 'api.github.com':
      return (
        seg[0] === 'repos' && (seg[3] === 'tarball' || seg[3] === 'zipball') && commitSegment(seg[4], false)
      );
    case 'bitbucket.org':
      return (
        (seg[2] === 'get' && seg.length === 4 && commitSegment(seg[3], true)) ||
        (seg[2] === 'raw' && commitSegment(seg[3], false) && seg.length > 4)
      );
    case 'codeberg.org':
    case 'gitea.com':
      return (
        (seg[2] === 'archive' && seg.length === 4 && commitSegment(seg[3], true)) ||
        (seg[2] === 'raw' && seg[3] === 'commit' && commitSegment(seg[4], false) && seg.length > 5)
      );
    case 'gitee.com':
      return (
        (seg[2] === 'repository' && seg[3] === 'archive' && commitSegment(seg[4], true)) ||
        (seg[2] === 'raw' && commitSegment(seg[3], false) && seg.length > 4)
      );
    case 'git.sr.ht':
      return (
        (seg[2] === 'archive' && seg.length === 4 && commitSegment(seg[3], true)) ||
        (seg[2] === 'blob' && commitSegment(seg[3], false) && seg.length > 4)
      );
    default: {
      if (host !== 'gitlab.com' && !host.startsWith('gitlab.')) return false;
      // GitLab: /<group>/<sub>/<project>/-/(archive|raw)/<sha>/...
      const dash = seg.indexOf('-');
      return (
        dash >= 2 &&
        (seg[dash + 1] === 'archive' || seg[dash + 1] === 'raw') &&
        commitSegment(seg[dash + 2], false) &&
        seg.length > dash + 3
      );
    }
  }
}
