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
const BEFORE_NAME = new Set(['/', '\\', ' ', '\t', '\n', '"', "'", '=', '(', ':', '*']);
const AFTER_NAME = new Set([' ', '\t', '\n', '"', "'", ')', ';', '|', '&', '}']);
/** Longest text searched for a file name (a heredoc body of checksums can be long, never unbounded). */
const MAX_MENTION_TEXT = 64 * 1024;

/**
 * Whether `text` names the file `key` (a base name) as a path or a path's last segment, or names
 * a signature/checksum file made from it (`key.asc`, `key.sha256`): `"${SHA}  /tmp/tool.tgz"`,
 * `-Path C:\bin\tool.exe`, `--bundle tool.tgz.sigstore`. Linear in the text (indexOf steps on).
 */
export function mentionsFile(text: string, key: string): boolean {
  if (key === '') return false;
  const t = text.length > MAX_MENTION_TEXT ? text.slice(0, MAX_MENTION_TEXT) : text;
  for (let i = t.indexOf(key); i !== -1; i = t.indexOf(key, i + 1)) {
    if (i > 0 && !BEFORE_NAME.has(t[i - 1]!)) continue;
    const j = i + key.length;
    if (j === t.length || AFTER_NAME.has(t[j]!)) return true;
    if (t[j] !== '.') continue;
    let k = j + 1;
    while (k < t.length && k - j <= 12 && /[A-Za-z0-9]/.test(t[k]!)) k++;
    if ((k === t.length || AFTER_NAME.has(t[k]!)) && SIDE_EXTENSIONS.has(t.slice(j + 1, k).toLowerCase()))
      return true;
  }
  return false;
}

function commandMentions(cmd: ShellCommand, key: string): boolean {
  for (const a of cmd.args) if (mentionsFile(a.partial, key) || mentionsFile(a.raw, key)) return true;
  for (const r of cmd.redirects) {
    if (r.target && mentionsFile(r.target.partial, key)) return true;
    if (r.heredoc && mentionsFile(r.heredoc.body, key)) return true;
  }
  return false;
}

/**
 * The checksum or signature check in `script` that covers the file `key` (a base name), if any:
 * a verification (isVerification) that names the file, or its checksum/signature file, in its own
 * words, redirects or heredoc (`sha256sum -c <<EOF`), or in the commands that feed it through a
 * pipe (`echo "<sha>  tool.tgz" | sha256sum -c -`). A check of some other file does not count;
 * `sha256sum -c SHA256SUMS` names no file, so it does not either.
 */
export function verificationOf(script: ShellScript, key: string): ShellCommand | undefined {
  if (key === '') return undefined;
  const byPipe = new Map<number, ShellCommand[]>();
  for (const c of script.commands) {
    const list = byPipe.get(c.pipeline);
    if (list) list.push(c);
    else byPipe.set(c.pipeline, [c]);
  }
  for (const c of script.commands) {
    if (!isVerification(c, script)) continue;
    if (commandMentions(c, key)) return c;
    if (c.pipeIndex > 0) {
      for (const p of byPipe.get(c.pipeline) ?? [])
        if (p.pipeIndex < c.pipeIndex && commandMentions(p, key)) return c;
    }
  }
  return undefined;
}
