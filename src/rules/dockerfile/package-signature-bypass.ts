import type { DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import type { ShellAssign, ShellCommand } from '../../formats/dockerfile/shell/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { fileHeredocTexts, scriptTexts } from '../../formats/dockerfile/shell/written.js';
import { runScripts, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import {
  defineRule,
  hit,
  spanAt,
  spanOf,
  type Hit,
  type Pos,
  type Severity,
  type Span,
} from '../../core/index.js';
import { fieldsOf, readInvocation } from '../../refs/package-commands.js';
import { propertyHit } from './property-hit.js';

const FIX =
  'Keep signature checks on: import the repository key (`curl -fsSL <key-url> | gpg --dearmor -o /usr/share/keyrings/x.gpg` and `signed-by=` in the source line, `rpm --import`, `/etc/apk/keys/`) instead of skipping verification; for a package you built yourself, sign it or verify its checksum before installing.';

interface Found {
  at: Span;
  message: string;
  severity?: Severity;
}

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const RPM_PMS = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'zypper', 'yum-config-manager']);

/** `apk` subcommands that install packages (`apk index --allow-untrusted` only builds an index). */
const APK_INSTALL = new Set(['add', 'fix', 'upgrade']);

/**
 * A path on the build machine: absolute, `./`, `../`, `~/`, or a bare relative path, with no URL
 * scheme and no leading expansion whose value is unknown (`$DIR/x.apk` could be `https://…`).
 */
function isLocalPath(t: string): boolean {
  if (t === '' || t.includes('://') || t.startsWith('$')) return false;
  return /^(\/|\.{1,2}\/|~\/)/.test(t) || /^[\w.@+*-][^\s:]*$/.test(t);
}

/**
 * `apk add --allow-untrusted`: installing only local `.apk` files (built in this build or an earlier
 * stage, or COPY'd from the context) bypasses no repository signature, so it is not reported; package
 * names resolved from a local `-X` repository are reported at medium; anything else (a remote or
 * build-time repository, a URL, a name from the configured repositories) at the rule's severity.
 */
function apkFinding(cmd: ShellCommand): Found | undefined {
  const inv = readInvocation(cmd);
  const flag = inv?.flags.find((f) => f.name === '--allow-untrusted');
  if (!inv || !flag || !APK_INSTALL.has(inv.sub)) return undefined;
  const repos = inv.flags.filter((f) => f.name === '-X' || f.name === '--repository');
  const localRepos = repos.every((r) => r.value !== undefined && isLocalPath(r.value));
  const targets = inv.positionals.flatMap((w) => fieldsOf(w));
  const localFile = (t: string): boolean => isLocalPath(t) && (t.includes('/') || t.endsWith('.apk'));
  if (inv.sub === 'add' && localRepos && targets.length > 0 && targets.every(localFile)) return undefined;
  const at = spanOf(flag.word);
  if (localRepos && repos.length > 0)
    return {
      at,
      message: `apk --allow-untrusted installs packages from the local repository ${repos[0]!.value ?? ''} without a signature check; sign its index with abuild-sign and add the key to /etc/apk/keys.`,
      severity: 'medium',
    };
  return { at, message: 'apk --allow-untrusted: packages are installed without a signature check.' };
}

function commandFindings(cmd: ShellCommand): Found[] {
  const out: Found[] = [];
  const b = cmd.base.toLowerCase();
  const vals = cmd.args.map((a) => a.value ?? a.partial);
  const add = (i: number, message: string, severity?: Severity): void => {
    out.push({ at: spanOf(cmd.args[i]!), message, severity });
  };
  if (APT.has(b)) {
    vals.forEach((v, i) => {
      if (v === '--allow-unauthenticated' || v === '--allow-insecure-repositories' || v === '--force-yes')
        add(i, `${b} ${v}: packages are installed without a valid repository signature.`);
      const opt = v === '-o' ? vals[i + 1] : v.startsWith('-o') ? v.slice(2) : undefined;
      if (
        opt &&
        /(allowunauthenticated|allowinsecurerepositories|allowdowngradetoinsecurerepositories)\s*=\s*(true|1|yes)/i.test(
          opt,
        )
      )
        add(
          v === '-o' ? i + 1 : i,
          `${b} -o ${opt}: packages are installed without a valid repository signature.`,
        );
    });
  }
  if (RPM_PMS.has(b) || b === 'dnf5') {
    vals.forEach((v, i) => {
      const l = v.toLowerCase();
      if (l === '--nogpgcheck' || l === '--no-gpg-checks' || l === '--no-gpg-check')
        add(i, `${b} ${v}: package signatures are not checked.`);
      if (/^--setopt=([^=]*\.)?(localpkg_)?gpgcheck=(0|false|no)$/.test(l))
        add(i, `${b} ${v}: package signatures are not checked.`);
    });
  }
  if (b === 'rpm') {
    const verifyMode = vals.some(
      (v) =>
        v === '--verify' || v === '-y' || /^-V[a-zA-Z]*$/.test(v) || v === '-q' || /^-q[a-zA-Z]*$/.test(v),
    );
    if (!verifyMode) {
      vals.forEach((v, i) => {
        if (v === '--nosignature' || v === '--nodigest' || v === '--noverify' || v === '--nofiledigest')
          add(i, `rpm ${v}: the package is installed without checking its signature or digests.`);
      });
    }
  }
  if (b === 'apk') {
    const f = apkFinding(cmd);
    if (f) out.push(f);
  }
  if (b === 'dpkg') {
    vals.forEach((v, i) => {
      if (v === '--force-bad-verify' || v === '--force-all')
        add(i, `dpkg ${v}: package verification failures are ignored.`);
    });
  }
  return out;
}

const TEXT_PATTERNS: { re: RegExp; what: string; aptSource?: boolean }[] = [
  {
    re: /\[[^\]\n]{0,200}(trusted|allow-insecure)\s*=\s*yes/g,
    what: 'an apt source marked [trusted=yes] is used without signature checks',
    aptSource: true,
  },
  {
    // `\n` counts as a line break: `printf '[repo]\ngpgcheck=0\n'`.
    re: /(^|\\[nt]|[^a-z_])gpgcheck\s*=\s*["']?(0|false|no)\b/,
    what: 'gpgcheck=0 turns off package signature checks for the repository',
  },
  {
    re: /(allowunauthenticated|allowinsecurerepositories)\s*(?:["']\s*)?(true|1|yes)/,
    what: 'apt is configured to accept unsigned packages',
  },
];

const ENV_BYPASS: Record<string, (v: string | undefined) => boolean> = {
  GOSUMDB: (v) => v === 'off',
  GONOSUMCHECK: (v) => v !== undefined && v !== '' && v !== '0',
  GONOSUMDB: (v) => v !== undefined && v !== '',
};

function envFinding(name: string, value: string | undefined): string | undefined {
  const f = ENV_BYPASS[name.toUpperCase()];
  return f && f(value)
    ? `${name}=${value ?? ''}: Go module checksums are not verified against the checksum database.`
    : undefined;
}

function propFindings(model: DockerfileModel, inst: DockerInstruction, hits: Hit[]): void {
  for (const p of inst.properties) {
    if (p.value === null) continue;
    const msg = envFinding(p.name, p.value);
    if (!msg) continue;
    hits.push(propertyHit(model, inst, p, msg, FIX));
  }
}

/** The replacement of a sed `s` expression and its offset, e.g. `s/a/b/g` -> [4, 'b']. */
function sedReplacement(expr: string): [number, string] | undefined {
  const s = expr.indexOf('s');
  if (s === -1 || s > 40 || s + 1 >= expr.length) return undefined;
  const d = expr[s + 1]!;
  if (/[a-z0-9\s]/.test(d)) return undefined;
  let part = 0;
  let start = -1;
  for (let i = s + 2; i < expr.length; i++) {
    if (expr[i] === '\\') {
      i++;
      continue;
    }
    if (expr[i] !== d) continue;
    part++;
    if (part === 1) start = i + 1;
    if (part === 2) return [start, expr.slice(start, i)];
  }
  return start >= 0 ? [start, expr.slice(start)] : undefined;
}

function foundHit(model: DockerfileModel, f: Found, scopeLine: number): Hit {
  return hit(f.at, f.message, {
    evidence: evidenceText(model, f.at),
    fix: FIX,
    scopeLine,
    ...(f.severity ? { severity: f.severity } : {}),
  });
}

function runFindings(model: DockerfileModel, run: RunScript, hits: Hit[]): void {
  const push = (f: Found): void => {
    hits.push(foundHit(model, f, run.scopeLine));
  };
  const sc = run.script;
  const assigns: ShellAssign[] = [...sc.assignments];
  for (const cmd of sc.commands) {
    for (const f of commandFindings(cmd)) push(f);
    assigns.push(...cmd.assigns);
  }
  for (const as of assigns) {
    const m = envFinding(as.name, as.value?.value);
    if (m) push({ at: as.span, message: m });
  }
  const deb = debDownload(sc);
  for (const t of scriptTexts(sc)) {
    // Package-manager flags are reported above; here only text that ends up in config files.
    if (APT.has(t.cmd.base) || RPM_PMS.has(t.cmd.base)) continue;
    let lower = (t.text.length > 20_000 ? t.text.slice(0, 20_000) : t.text).toLowerCase();
    let base = 0;
    if (t.cmd.base === 'sed' && t.kind === 'arg') {
      // `s/gpgcheck=0/gpgcheck=1/` turns checks on: only the replacement is written.
      const r = sedReplacement(lower);
      if (!r) continue;
      [base, lower] = r;
    }
    for (const f of textFindings(lower, base, t.pos, t.cmd.base, deb)) push(f);
  }
}

/**
 * The repository URI after an apt source's `[...]` options, e.g. `file://$tempdir` in
 * `deb [ trusted=yes ] file://$tempdir ./`.
 */
function aptSourceUri(lower: string, after: number): string {
  const rest = lower.slice(after, after + 200);
  return /^[^\]\n]{0,200}\]\s*([^\s"'\\]+)/.exec(rest)?.[1] ?? '';
}

/**
 * A repository on the build machine's own file system (`file:`, `copy:`, an absolute path): its
 * packages were built in this build or copied in, so no remote signature is skipped.
 */
function isLocalAptUri(uri: string): boolean {
  return uri.startsWith('file:') || uri.startsWith('copy:') || uri.startsWith('/');
}

/**
 * The first match of `re` (global) whose apt source is not a local repository; a local one too
 * when `localDownload` names .deb files downloaded in the same RUN (they may be what it serves).
 */
function firstRemoteSource(
  re: RegExp,
  lower: string,
  localDownload: string | undefined,
): { m: RegExpExecArray; local: boolean } | undefined {
  re.lastIndex = 0;
  for (let n = 0; n < 100; n++) {
    const m = re.exec(lower);
    if (!m) return undefined;
    const local = isLocalAptUri(aptSourceUri(lower, m.index + m[0].length));
    if (!local || localDownload !== undefined) return { m, local };
    if (m[0].length === 0) re.lastIndex++;
  }
  return undefined;
}

/**
 * Config text that turns signature checks off, in `lower` (text[base..] of a written file).
 * `localDownload`: a .deb URL the same RUN downloads, if any.
 */
function textFindings(
  lower: string,
  base: number,
  pos: (i: number) => Pos,
  writer: string,
  localDownload?: string,
): Found[] {
  const out: Found[] = [];
  for (const p of TEXT_PATTERNS) {
    // `deb [trusted=yes] file:/tmp/repo ./`: packages built in this build, not fetched; skipped.
    const r = p.aptSource
      ? firstRemoteSource(p.re, lower, localDownload)
      : { m: p.re.exec(lower) ?? undefined, local: false };
    const m = r?.m;
    if (!m) continue;
    const i = base + m.index + (m[1] && p.re.source.startsWith('(^') ? m[1].length : 0);
    const s = pos(i);
    out.push({
      at: spanAt(s, m[0].length - (i - base - m.index)),
      message: r.local
        ? `a local apt repository is marked [trusted=yes] in a RUN that downloads ${localDownload ?? ''}: unless that file's checksum is checked, a package served from it is installed with no signature or checksum check (written by ${writer}).`
        : `${p.what} (written by ${writer}).`,
      ...(r.local ? { severity: 'medium' as const } : {}),
    });
  }
  return out;
}

const DOWNLOADERS = new Set(['curl', 'wget', 'aria2c', 'fetch']);

/** The first `.deb` URL a downloader fetches in this script, if any (shown without credentials). */
function debDownload(sc: RunScript['script']): string | undefined {
  for (const c of sc.commands) {
    if (!DOWNLOADERS.has(c.base)) continue;
    for (const a of c.args) {
      const t = a.value ?? a.partial;
      if (t.length < 2000 && t.includes('://') && /\.deb(?:$|[?#])/i.test(t)) {
        const shown = t.replace(/\/\/[^/@\s]*@/, '//');
        return shown.length > 100 ? shown.slice(0, 100) + '…' : shown;
      }
    }
  }
  return undefined;
}

/** `COPY <<EOF /etc/yum.repos.d/x.repo` (also ADD, ONBUILD): the heredoc body is a config file. */
function fileHeredocFindings(model: DockerfileModel, hits: Hit[]): void {
  for (const t of fileHeredocTexts(model)) {
    const lower = (t.text.length > 20_000 ? t.text.slice(0, 20_000) : t.text).toLowerCase();
    for (const f of textFindings(lower, 0, t.pos, t.writer)) {
      hits.push(foundHit(model, f, t.scopeLine));
    }
  }
}

export const rule = defineRule({
  id: 'dockerfile/package-signature-bypass',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Package signature verification bypassed',
  description:
    'OS package managers check every package against the distribution’s signing keys; that check is what makes a mirror, a proxy or plain http safe. `--allow-unauthenticated`, `--force-yes`, `[trusted=yes]`, `--nogpgcheck`, `gpgcheck=0`, `rpm --nosignature` and `apk --allow-untrusted` switch it off, so a tampered or substituted package is installed as root without complaint. Not reported, because no remote signature is skipped: an apt source with `[trusted=yes]` on a repository on the build machine itself (`file:`, `copy:`, an absolute path; the postgres and nginx official images build .debs from verified sources and install them through such a repository), and `apk add --allow-untrusted` whose every target is a local .apk file (`/tmp/packages/*.apk`, `./x.apk`, files from an earlier stage) and whose every `-X` repository is a local path. How those files got there is for the download rules to check; a local `[trusted=yes]` repository in a RUN that also downloads a .deb URL is still reported, at medium, since the download may be what it serves. `apk --allow-untrusted` with package names from a local `-X` repository is reported at medium (sign the index with abuild-sign); a remote repository, a URL, a name from the configured repositories or a path only known at build time (`$DIR/x.apk`) is reported at the default severity. Each flag or written source line is one finding.',
  fix: FIX,
  examples: {
    bad: 'RUN apt-get install -y --allow-unauthenticated nginx\nRUN yum install -y --nogpgcheck httpd\nRUN echo "deb [trusted=yes] http://repo.example.com stable main" > /etc/apt/sources.list.d/x.list',
    good: 'RUN curl -fsSL https://repo.example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg \\\n && echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://repo.example.com stable main" > /etc/apt/sources.list.d/x.list',
    language: 'dockerfile',
  },
  references: [
    'https://wiki.debian.org/SecureApt',
    'https://man7.org/linux/man-pages/man5/yum.conf.5.html',
    'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const inst of model.instructions) {
      if ((inst.keyword === 'ENV' || inst.keyword === 'ARG') && inst.stage >= 0)
        propFindings(model, inst, hits);
    }
    for (const run of runScripts(model)) runFindings(model, run, hits);
    fileHeredocFindings(model, hits);
    return hits;
  },
});
