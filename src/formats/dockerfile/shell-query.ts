/**
 * Questions rules ask about shell commands: is this a download, where does it write, does this
 * command execute its input or a file, is this a checksum/signature check. Pure functions over the
 * shell model (no parser import), shared by the download and TLS rules.
 */
import type { DockerfileModel, DockerInstruction } from './model.js';
import type { ShellCommand, ShellForeignText, ShellScript, ShellWord } from './shell-model.js';

export function baseName(name: string): string {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const b = slash >= 0 ? name.slice(slash + 1) : name;
  return b.toLowerCase().endsWith('.exe') ? b.slice(0, -4) : b;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh', 'busybox', 'rbash']);
export const CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  php: ['-r'],
  deno: ['eval'],
};

/** 'sh' for POSIX shells, 'python', 'perl', 'ruby', 'node', 'php', 'deno', 'powershell', or undefined. */
export function interpreterFamily(base: string): string | undefined {
  const b = base.toLowerCase();
  if (SHELLS.has(b)) return 'sh';
  if (b.startsWith('python')) return /^python[0-9.]*$/.test(b) ? 'python' : undefined;
  if (b === 'perl' || b === 'ruby' || b === 'node' || b === 'nodejs' || b === 'php' || b === 'deno') return b;
  if (b === 'pwsh' || b === 'powershell') return 'powershell';
  return undefined;
}

/** Whether a command executes its standard input as a program ('shell' / 'interpreter'). */
export function stdinRole(cmd: ShellCommand): 'shell' | 'interpreter' | undefined {
  const family = interpreterFamily(cmd.base);
  if (!family) return undefined;
  const args = cmd.args;
  if (family === 'sh') {
    if (cmd.base === 'busybox' && args[0]?.value !== 'sh' && args[0]?.value !== 'ash') return undefined;
    const rest = cmd.base === 'busybox' ? args.slice(1) : args;
    for (let i = 0; i < rest.length; i++) {
      const v = rest[i]!.value;
      if (v === undefined) return undefined;
      if (v === '-' || v === '-s' || v === '--') return 'shell';
      if (v === '-o' || v === '+o') {
        i++;
        continue;
      }
      if (v.startsWith('-') || v.startsWith('+')) {
        if (!v.startsWith('--') && v.includes('c')) return undefined;
        if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(v)) return 'shell';
        if (/^-[a-zA-Z]*o$/.test(v)) i++;
        continue;
      }
      return undefined; // a script file
    }
    return 'shell';
  }
  if (family === 'powershell') {
    const hasCode = args.some((a) => /^-(c|command|f|file|encodedcommand|e|ec)$/i.test(a.value ?? ''));
    return hasCode && !args.some((a) => a.value === '-') ? undefined : 'interpreter';
  }
  const flags = CODE_FLAGS[family] ?? [];
  for (const a of args) {
    const v = a.value;
    if (v === undefined) return undefined;
    if (v === '-') return 'interpreter';
    if (flags.includes(v) || v === '-m' || v === '-n' || v === '-p') return undefined;
    if (family === 'perl' && /^-[a-zA-Z]*[enpE]$/.test(v)) return undefined;
    if (v.startsWith('-')) continue;
    return undefined; // a script file or module
  }
  return 'interpreter';
}

// ------------------------------------------------------------------ downloads

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

export const CURL_SHORT_ARG = new Set('bcCdDeEFHhKmoPQrtTuUwxXyYz'.split(''));
export const CURL_LONG_ARG = new Set([
  'output',
  'header',
  'user',
  'data',
  'data-binary',
  'data-raw',
  'data-urlencode',
  'data-ascii',
  'request',
  'config',
  'url',
  'retry',
  'retry-delay',
  'retry-max-time',
  'max-time',
  'connect-timeout',
  'cacert',
  'capath',
  'cert',
  'key',
  'proxy',
  'user-agent',
  'referer',
  'form',
  'cookie',
  'cookie-jar',
  'write-out',
  'range',
  'limit-rate',
  'output-dir',
  'resolve',
  'interface',
  'dns-servers',
  'max-filesize',
  'proto',
  'proto-redir',
  'ciphers',
  'continue-at',
  'upload-file',
  'netrc-file',
  'oauth2-bearer',
  'pinnedpubkey',
  'trace',
  'trace-ascii',
  'stderr',
  'time-cond',
  'unix-socket',
  'max-redirs',
  'noproxy',
  'proxy-user',
  'socks5',
  'speed-limit',
  'speed-time',
  'local-port',
  'cert-type',
  'key-type',
  'dump-header',
  'etag-save',
  'etag-compare',
  'form-string',
  'connect-to',
  'aws-sigv4',
  'variable',
  'json',
  'hostpubmd5',
  'crlfile',
]);
const WGET_SHORT_ARG = new Set('OoaPtTwQeiBUlARDIXY'.split(''));
const WGET_LONG_ARG = new Set([
  'output-document',
  'output-file',
  'append-output',
  'directory-prefix',
  'tries',
  'timeout',
  'wait',
  'quota',
  'execute',
  'input-file',
  'base',
  'user-agent',
  'level',
  'accept',
  'reject',
  'domains',
  'include-directories',
  'exclude-directories',
  'header',
  'user',
  'password',
  'http-user',
  'http-password',
  'post-data',
  'post-file',
  'referer',
  'load-cookies',
  'save-cookies',
  'ca-certificate',
  'ca-directory',
  'certificate',
  'private-key',
  'progress',
  'limit-rate',
  'read-timeout',
  'connect-timeout',
  'dns-timeout',
  'method',
  'body-data',
]);

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
            : ['out', 'dir'].includes(name);
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
      const takes =
        tool === 'curl'
          ? CURL_SHORT_ARG
          : tool === 'wget'
            ? WGET_SHORT_ARG
            : new Set(['o', 'd', 'i', 'x', 's', 'j']);
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
  return dir ? `${dir.replace(/\/+$/, '')}/${name}` : name;
}

export function urlBaseName(url: string): string {
  let u = url;
  const q = u.search(/[?#]/);
  if (q !== -1) u = u.slice(0, q);
  u = u.replace(/\/+$/, '');
  return u.slice(u.lastIndexOf('/') + 1);
}

/** The file-name part of a path, for matching a downloaded file with its later use. */
export function fileKey(path: string): string {
  const p = path.replace(/^["']|["']$/g, '');
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

// ------------------------------------------------------------------ verification

const SUMS = new Set([
  'sha256sum',
  'sha512sum',
  'sha1sum',
  'sha384sum',
  'sha224sum',
  'md5sum',
  'b2sum',
  'shasum',
  'b3sum',
  'cksum',
]);

/** A checksum or signature check: `sha256sum -c`, `gpg --verify`, `cosign verify-blob`, ... */
export function isVerification(cmd: ShellCommand, script?: ShellScript): boolean {
  const b = cmd.base.toLowerCase();
  const vals = cmd.args.map((a) => a.value ?? a.partial);
  if (SUMS.has(b)) {
    if (
      vals.some(
        (v) => v === '--check' || v === '-c' || (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v) && !v.startsWith('--')),
      )
    )
      return true;
    // `[ "$(sha256sum f | cut -d' ' -f1)" = "$SHA" ]` or `sha256sum f | grep -q $SHA`.
    if (cmd.nesting === 'command-substitution') return true;
    if (script && cmd.pipeLength > 1) {
      return laterInPipeline(script, cmd).some((c) =>
        ['grep', 'awk', 'cmp', 'diff', 'test'].includes(c.base),
      );
    }
    return false;
  }
  if (b === 'gpg' || b === 'gpg2') return vals.some((v) => v === '--verify' || v === '--verify-files');
  if (b === 'gpgv' || b === 'gpgv2' || b === 'slsa-verifier' || b === 'sigstore-verify') return true;
  if (b === 'cosign' || b === 'sigstore' || b === 'notation' || b === 'sget')
    return vals.some((v) => v.startsWith('verify'));
  if (b === 'minisign' || b === 'signify') return vals.some((v) => /^-[a-zA-Z]*[VC]/.test(v));
  if (b === 'openssl') {
    if (vals.some((v) => v === '-verify' || v === '-signature' || v === 'verify')) return true;
    // `[ "$(openssl sha512 -r f)" = "$SUM" ]`: a digest compared with a pinned value.
    const digest = /^(dgst|sha1|sha224|sha256|sha384|sha512|md5)$/.test(vals[0] ?? '');
    if (digest && cmd.nesting === 'command-substitution') return true;
    if (digest && script && cmd.pipeLength > 1)
      return laterInPipeline(script, cmd).some((c) => ['grep', 'awk', 'cmp', 'diff'].includes(c.base));
    return false;
  }
  if (b === 'gh') return vals[0] === 'attestation' && vals[1] === 'verify';
  if (b === 'rpm' || b === 'rpmkeys') return vals.some((v) => v === '-K' || v === '--checksig');
  if (b === 'get-filehash' || b === 'get-authenticodesignature' || b === 'certutil') return true;
  // PowerShell: `if ((Get-FileHash f).Hash -ne $sha) { exit 1 }` tokenizes as a command named `if`.
  return vals.some((v) => /^(get-filehash|get-authenticodesignature)$/i.test(v));
}

/**
 * Per-script indexes, built once, so the rules' per-command questions about the rest of a script
 * stay linear: a hostile RUN of 20,000 `curl ... | sh &&` commands must not take minutes.
 */
const pipelineIndex = new WeakMap<ShellScript, Map<number, ShellCommand[]>>();
const lastVerificationIndex = new WeakMap<ShellScript, number>();

/** The commands after `cmd` in its pipeline (`a | b | c`: b and c for a), in pipeline order. */
export function laterInPipeline(script: ShellScript, cmd: ShellCommand): ShellCommand[] {
  let byPipe = pipelineIndex.get(script);
  if (!byPipe) {
    byPipe = new Map();
    for (const c of script.commands) {
      const list = byPipe.get(c.pipeline);
      if (list) list.push(c);
      else byPipe.set(c.pipeline, [c]);
    }
    pipelineIndex.set(script, byPipe);
  }
  return (byPipe.get(cmd.pipeline) ?? []).filter((c) => c.pipeIndex > cmd.pipeIndex);
}

/** Whether a checksum or signature check (isVerification) comes after `cmd` in the script. */
export function verifiedLater(script: ShellScript, cmd: ShellCommand): boolean {
  let last = lastVerificationIndex.get(script);
  if (last === undefined) {
    last = -1;
    for (const c of script.commands) if (c.index > last && isVerification(c, script)) last = c.index;
    lastVerificationIndex.set(script, last);
  }
  return last > cmd.index;
}

// ------------------------------------------------------------------ walking RUNs

export interface RunScript {
  /** The RUN (or an ONBUILD's RUN trigger). */
  inst: DockerInstruction;
  /** First line of the enclosing instruction (the ONBUILD line for a trigger). */
  scopeLine: number;
  stage: number;
  script: ShellScript;
}

/** Every RUN script of the file in order, ONBUILD triggers included. */
export function runScripts(model: DockerfileModel): RunScript[] {
  const out: RunScript[] = [];
  for (const inst of model.instructions) {
    const run = inst.keyword === 'RUN' ? inst : inst.keyword === 'ONBUILD' ? inst.trigger : undefined;
    if (!run || run.keyword !== 'RUN') continue;
    const script = run.shell;
    if (!script) continue;
    out.push({ inst: run, scopeLine: inst.span.line, stage: inst.stage, script });
  }
  return out;
}

/** Source text of a span's first line, trimmed and capped, for `evidence`. */
export function evidenceText(
  model: DockerfileModel,
  span: { line: number; column: number; endLine: number; endColumn: number },
): string {
  let start = 0;
  for (let l = 1; l < span.line; l++) {
    const nl = model.text.indexOf('\n', start);
    if (nl === -1) break;
    start = nl + 1;
  }
  let lineEnd = model.text.indexOf('\n', start);
  if (lineEnd === -1) lineEnd = model.text.length;
  const from = start + span.column - 1;
  const to = span.endLine === span.line ? Math.min(lineEnd, start + span.endColumn - 1) : lineEnd;
  // Trim a trailing line continuation by hand: a regex like /\s*\\?\s*$/ backtracks on long blank runs.
  let t = model.text.slice(from, to).trimEnd();
  if (t.endsWith('\\')) t = t.slice(0, -1);
  t = t.trim();
  if (t.length > 160) t = t.slice(0, 157) + '...';
  return t;
}

/** Whether position a is inside span s (1-based, end exclusive). */
export function within(
  a: { line: number; column: number },
  s: { line: number; column: number; endLine: number; endColumn: number },
): boolean {
  const afterStart = a.line > s.line || (a.line === s.line && a.column >= s.column);
  const beforeEnd = a.line < s.endLine || (a.line === s.endLine && a.column < s.endColumn);
  return afterStart && beforeEnd;
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

// ------------------------------------------------------------------ what a command executes

/**
 * For `sh`/`bash`/`su` argument values: the index of the `-c` code string (after option words,
 * `-o name`, and for su the user name), or undefined when there is no -c or it is not known.
 */
export function shCodeArgIndex(values: readonly (string | undefined)[], isSu: boolean): number | undefined {
  let c = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) return c ? i : undefined;
    if (v === '-o' || v === '+o') {
      i++;
      continue;
    }
    if (v === '--command') {
      c = true;
      continue;
    }
    if (v.startsWith('-') && v.length > 1 && !v.startsWith('--')) {
      if (v.includes('c')) c = true;
      if (/^-[a-zA-Z]*o$/.test(v)) i++;
      continue;
    }
    if (v.startsWith('--')) continue;
    if (isSu && !c) continue; // the user name
    return c ? i : undefined;
  }
  return undefined;
}

/** Index in cmd.args of the code string of `sh -c CODE` / `python -c CODE` / `pwsh -Command CODE`. */
export function codeArgIndex(cmd: ShellCommand): number | undefined {
  const family = interpreterFamily(cmd.base);
  const args = cmd.args;
  if (family === 'sh' || cmd.base === 'su') {
    return shCodeArgIndex(
      args.map((a) => a.value),
      cmd.base === 'su',
    );
  }
  if (family === 'powershell') {
    const i = args.findIndex((a) => /^[-/](c|command)$/i.test(a.value ?? ''));
    return i === -1 || i + 1 >= args.length ? undefined : i + 1;
  }
  if (family) {
    const flags = CODE_FLAGS[family] ?? [];
    const i = args.findIndex((a) => flags.includes(a.value ?? ''));
    return i === -1 || i + 1 >= args.length ? undefined : i + 1;
  }
  return undefined;
}

/** The script file an interpreter runs (`sh install.sh`, `python3 get-pip.py`), if any. */
export function scriptFileArg(cmd: ShellCommand): ShellWord | undefined {
  const family = interpreterFamily(cmd.base);
  if (!family || codeArgIndex(cmd) !== undefined) return undefined;
  const args = cmd.base === 'busybox' ? cmd.args.slice(1) : cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value ?? args[i]!.partial;
    if (family === 'powershell' && /^-(f|file)$/i.test(v)) return args[i + 1];
    if (v === '-o' || v === '+o' || (family === 'python' && (v === '-W' || v === '-X'))) {
      i++;
      continue;
    }
    if (v === '-m' && family === 'python') return undefined;
    if (v.startsWith('-') || v.startsWith('+')) continue;
    return args[i];
  }
  return undefined;
}

/**
 * The downloaded-file candidate a command executes: `./x`, `/tmp/x`, `sh x`, `. x`, `& x`.
 * (Installers started with Start-Process/msiexec count as installs: download-unverified.)
 */
export function executedFile(cmd: ShellCommand): ShellWord | undefined {
  const b = cmd.base.toLowerCase();
  if (b === 'source' || b === '.') return cmd.args[0];
  if (cmd.name === '&') return cmd.args[0];
  const f = scriptFileArg(cmd);
  if (f) return f;
  if (cmd.name.includes('/') || cmd.name.includes('\\')) return cmd.nameWord;
  return undefined;
}

const PS_DOWNLOADERS = new Set([
  'invoke-webrequest',
  'iwr',
  'invoke-restmethod',
  'irm',
  'start-bitstransfer',
]);
const PS_DOWNLOAD_TOKENS = ['.downloadstring', '.downloadfile', '.downloaddata', '.openread'];

/** A PowerShell download: `iwr url -OutFile f`, `(New-Object Net.WebClient).DownloadFile(url, f)`. */
export function psDownloadOf(cmd: ShellCommand): Download | undefined {
  const b = cmd.base.toLowerCase();
  const vals = cmd.args.map((a) => (a.value ?? a.partial).toLowerCase());
  const web = PS_DOWNLOADERS.has(b);
  const client = !web && vals.some((v) => PS_DOWNLOAD_TOKENS.some((t) => v.startsWith(t)));
  if (!web && !client) return undefined;
  if (b === 'iex' || b === 'invoke-expression') return undefined;
  let urls = cmd.args.filter((a) => a.partial.includes('://'));
  if (urls.length === 0 && web) {
    const i = vals.findIndex((v) => v === '-uri' || v === '-source');
    const u = i !== -1 ? cmd.args[i + 1] : cmd.args.find((a) => !a.partial.startsWith('-'));
    if (u) urls = [u];
  }
  const files: string[] = [];
  let stdout = true;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i]!;
    if ((v === '-outfile' || v === '-destination' || v === '-o') && cmd.args[i + 1]) {
      files.push(cmd.args[i + 1]!.partial);
      stdout = false;
    }
    if (v.startsWith('.downloadfile')) {
      const after = cmd.args.slice(i + 1).filter((a) => !a.partial.startsWith('-'));
      const f = after.find((a) => !a.partial.includes('://'));
      if (f) files.push(f.partial);
      stdout = false;
    }
  }
  return { cmd, tool: b === 'new-object' ? 'WebClient' : cmd.base, urls, files, stdout, flags: [] };
}

/** `iex` / `Invoke-Expression` (PowerShell's eval). */
export function isPsEval(cmd: ShellCommand): boolean {
  const b = cmd.base.toLowerCase();
  return b === 'iex' || b === 'invoke-expression';
}

/** Whether a PowerShell eval's own arguments download the code it runs. */
export function psEvalDownloads(cmd: ShellCommand): boolean {
  if (!isPsEval(cmd)) return false;
  return cmd.args.some((a) => {
    const v = (a.value ?? a.partial).toLowerCase();
    return (
      PS_DOWNLOADERS.has(v) || PS_DOWNLOAD_TOKENS.some((t) => v.startsWith(t)) || v === 'curl' || v === 'wget'
    );
  });
}

// ------------------------------------------------------------------ text written by commands

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
      const start = h.span;
      const body = h.body;
      out.push({
        cmd,
        text: body,
        kind: 'heredoc',
        pos: (i) => {
          let line = start.line;
          let lastNl = -1;
          for (let k = body.indexOf('\n'); k !== -1 && k < i; k = body.indexOf('\n', k + 1)) {
            line++;
            lastNl = k;
          }
          return { line, column: lastNl === -1 ? start.column + i : i - lastNl };
        },
      });
    }
  }
  return out;
}

/** Commands whose arguments are text (config lines) rather than options. */
export const WRITERS = new Set(['echo', 'printf', 'tee', 'cat', 'sed', 'crudini', 'awk', 'perl']);

/**
 * A URL that names content by a full git commit (`raw.githubusercontent.com/o/r/<40 hex>/...`,
 * `github.com/o/r/raw/<40 hex>/...`): the bytes cannot change under it, as with a checksum.
 */
export function isCommitPinnedUrl(url: string): boolean {
  const m =
    /^https:\/\/(raw\.githubusercontent\.com\/[^/]+\/[^/]+|github\.com\/[^/]+\/[^/]+\/raw)\/([0-9a-f]{40})\//i.exec(
      url.slice(0, 400),
    );
  return m !== null;
}

// ------------------------------------------------------------- code fed to other interpreters

/** Calls that fetch a URL in Python, Node.js, Ruby and Perl code. */
const CODE_DOWNLOAD_CALLS = [
  'urlopen(',
  'urlretrieve(',
  'requests.get(',
  'httpx.get(',
  'wget.download(',
  'fetch(',
  'https.get(',
  'http.get(',
  'URI.open(',
  'open-uri',
  'Net::HTTP',
  'getstore(',
  'LWP::',
  'HTTP::Tiny',
];
/** Calls that run fetched text as code. */
const CODE_EVAL_CALLS = ['exec(', 'eval(', 'eval)', 'Function('];
/** Checksum or signature checks in code. */
const CODE_VERIFY = ['hashlib', 'sha256', 'sha384', 'sha512', 'createhash', 'digest::', 'gpg', 'cosign'];

export interface CodeDownload {
  url: string;
  /** File position of the URL (exact when the code is verbatim from the file, else the code's start). */
  line: number;
  column: number;
  /** The code also runs something with exec()/eval(). */
  evaluates: boolean;
  /** The code checks a checksum or signature. */
  verified: boolean;
}

/**
 * Downloads in code fed to an interpreter (`python3 <<EOF`, `node -e '...'`, a heredoc with a
 * `#!/usr/bin/env python` shebang): a download call and an http(s) URL literal in the same code.
 * Loopback and commit-pinned URLs do not count. Linear scans with indexOf; bounded input.
 */
export function codeDownloads(f: ShellForeignText, model?: DockerfileModel): CodeDownload | undefined {
  const text = f.text.length > 50_000 ? f.text.slice(0, 50_000) : f.text;
  if (!CODE_DOWNLOAD_CALLS.some((c) => text.includes(c))) return undefined;
  let from = 0;
  for (let n = 0; n < 64; n++) {
    const a = text.indexOf('http://', from);
    const b = text.indexOf('https://', from);
    const i = a === -1 ? b : b === -1 ? a : Math.min(a, b);
    if (i === -1) return undefined;
    let end = i;
    while (end < text.length && end - i < 400 && !' \t\n\'"`)<>,;'.includes(text[end]!)) end++;
    const url = text.slice(i, end);
    from = end;
    if (isLoopbackUrl(url) || isCommitPinnedUrl(url) || url.includes('{') || url.includes('$')) continue;
    let line = f.span.line;
    let column = f.span.column;
    if (f.verbatim) {
      let lastNl = -1;
      for (let k = text.indexOf('\n'); k !== -1 && k < i; k = text.indexOf('\n', k + 1)) {
        line++;
        lastNl = k;
      }
      column = lastNl === -1 ? f.span.column + i : i - lastNl;
    } else if (model && f.span.line === f.span.endLine) {
      // `python -c '...'` on one line: find the URL in the file text of the code word.
      const lineText = lineOf(model.text, f.span.line);
      const at = lineText.slice(f.span.column - 1, f.span.endColumn - 1).indexOf(url);
      if (at !== -1) column = f.span.column + at;
    }
    const lower = text.toLowerCase();
    return {
      url,
      line,
      column,
      evaluates: CODE_EVAL_CALLS.some((c) => text.includes(c)),
      verified: CODE_VERIFY.some((c) => lower.includes(c)),
    };
  }
  return undefined;
}

/** Text of a 1-based line (without its line break). */
function lineOf(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}

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
  for (const owner of model.instructions) {
    const inst = owner.keyword === 'ONBUILD' ? owner.trigger : owner;
    if (!inst || (inst.keyword !== 'COPY' && inst.keyword !== 'ADD')) continue;
    for (const h of inst.heredocs) {
      const start = h.contentSpan;
      if (!start) continue;
      const body = h.content;
      out.push({
        text: body,
        writer: `${inst.keyword} <<${h.name}`,
        scopeLine: owner.span.line,
        stage: owner.stage,
        pos: (i) => {
          let line = start.line;
          let lastNl = -1;
          for (let k = body.indexOf('\n'); k !== -1 && k < i; k = body.indexOf('\n', k + 1)) {
            line++;
            lastNl = k;
          }
          return { line, column: lastNl === -1 ? start.column + i : i - lastNl };
        },
      });
    }
  }
  return out;
}
