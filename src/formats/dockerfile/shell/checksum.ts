/**
 * Checksum and signature checks: `sha256sum -c`, a digest compared with a pinned value, `gpg
 * --verify`, `cosign verify-blob`, `rpm -K`, PowerShell's `Get-FileHash`, and whether one follows
 * a given command in its script.
 */
import type { ShellCommand, ShellScript } from './model.js';
import { laterInPipeline } from './pipeline.js';

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
    if (vals.some((v) => v === '--check' || v === '-c' || (/^-[a-zA-Z]*$/.test(v) && v.includes('c'))))
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
 * Index of the last verification in each script, built once: a hostile RUN of 20,000
 * `curl ... | sh &&` commands must not make verifiedLater quadratic.
 */
const lastVerificationIndex = new WeakMap<ShellScript, number>();

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

/** Extensions of a signature or checksum file named after the file it checks (`tool.tgz.asc`). */
const SIDE_EXTENSIONS = new Set([
  'asc',
  'sig',
  'sign',
  'sigstore',
  'bundle',
  'minisig',
  'sha1',
  'sha256',
  'sha512',
  'sha1sum',
  'sha256sum',
  'sha512sum',
  'md5',
  'md5sum',
]);
/** Characters that end a file name in a word or a checksum line. */
const SEPARATORS = new Set([' ', '\t', '\n', '\r', '"', "'", '(', ')', ';', '|', '&', '{', '}', ',']);
/** Characters after which a file name may start inside a token (`--bundle=f`, `*f` in a sums line). */
const NAME_STARTS = new Set(['=', ':', '*']);
/** Longest text read for file names (a heredoc of checksums can be long, never unbounded). */
const MAX_TEXT = 64 * 1024;
const MAX_TOKEN = 1024;

function addName(name: string, out: Set<string>): void {
  if (name === '') return;
  out.add(name);
  // `tool.tgz.sha256`, `tool.tgz.asc`: a checksum or signature file names the file it checks.
  const dot = name.lastIndexOf('.');
  if (dot > 0 && SIDE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) out.add(name.slice(0, dot));
}

/** The base names a text mentions: the last path segment of each token, and what follows `=`, `:`, `*` in it. */
function addNames(text: string, out: Set<string>): void {
  const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  let start = 0;
  for (let i = 0; i <= t.length; i++) {
    if (i < t.length && !SEPARATORS.has(t[i]!)) continue;
    if (i > start && i - start <= MAX_TOKEN) {
      const tok = t.slice(start, i);
      const seg = tok.slice(Math.max(tok.lastIndexOf('/'), tok.lastIndexOf('\\')) + 1);
      addName(seg, out);
      for (let k = 0; k < seg.length; k++) if (NAME_STARTS.has(seg[k]!)) addName(seg.slice(k + 1), out);
    }
    start = i + 1;
  }
}

function addCommandNames(cmd: ShellCommand, out: Set<string>): void {
  for (const a of cmd.args) {
    addNames(a.partial, out);
    if (a.raw !== a.partial) addNames(a.raw, out);
  }
  for (const r of cmd.redirects) {
    if (r.target) addNames(r.target.partial, out);
    if (r.heredoc) addNames(r.heredoc.body, out);
  }
}

const checkedByScript = new WeakMap<ShellScript, ReadonlySet<string>>();

/**
 * The base names of the files that a checksum or signature check in `script` covers (built once
 * per script, so many ADDs before one RUN stay linear): each verification (isVerification) with
 * the files it names in its own words, redirects and heredoc (`sha256sum -c <<EOF`), and in the
 * commands that feed it through a pipe (`echo "<sha>  tool.tgz" | sha256sum -c -`); a checksum
 * or signature file (`tool.tgz.sha256`, `tool.tgz.asc`) covers the file it is named after.
 * `sha256sum -c SHA256SUMS` names no other file, so it covers none.
 */
export function checkedFiles(script: ShellScript): ReadonlySet<string> {
  let out = checkedByScript.get(script) as Set<string> | undefined;
  if (out) return out;
  out = new Set<string>();
  // Per pipeline, the last verification in it: every command before it feeds a check.
  const lastCheck = new Map<number, number>();
  for (const c of script.commands) {
    if (!isVerification(c, script)) continue;
    addCommandNames(c, out);
    lastCheck.set(c.pipeline, Math.max(lastCheck.get(c.pipeline) ?? -1, c.pipeIndex));
  }
  for (const c of script.commands) {
    const last = lastCheck.get(c.pipeline);
    if (last !== undefined && c.pipeIndex < last) addCommandNames(c, out);
  }
  checkedByScript.set(script, out);
  return out;
}
