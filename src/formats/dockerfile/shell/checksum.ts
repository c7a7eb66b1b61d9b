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
