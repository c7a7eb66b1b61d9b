import type { DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import type { ShellAssign, ShellCommand, ShellWord } from '../../formats/dockerfile/shell/model.js';
import { verifiedLater } from '../../formats/dockerfile/shell/checksum.js';
import { downloadOf, isLoopbackUrl } from '../../formats/dockerfile/shell/downloads.js';
import { CURL_LONG_ARG, CURL_SHORT_ARG } from '../../formats/dockerfile/shell/fetch-flags.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { fileHeredocTexts, scriptTexts, WRITERS } from '../../formats/dockerfile/shell/written.js';
import { runScripts, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import { substitute } from '../../formats/dockerfile/variables.js';
import { defineRule, hit, spanAt, type Autofix, type Hit, type Span } from '../../core/index.js';
import { propertyHit } from './property-hit.js';

const FIX =
  'Keep certificate verification on. For a host with a private CA, add the CA to the image (`COPY corp-ca.crt /usr/local/share/ca-certificates/` + `update-ca-certificates`, or `--cacert`, `PIP_CERT`, `NODE_EXTRA_CA_CERTS`) instead of turning checks off; use https:// URLs.';

const FALSY = new Set(['0', 'false', 'no', 'off']);

/** Environment variables that switch TLS verification off, and when their value does. */
const ENV_RULES: { name: string; bad: (v: string | undefined) => boolean; what: string }[] = [
  {
    name: 'GIT_SSL_NO_VERIFY',
    bad: (v) => v === undefined || v !== '',
    what: 'git skips certificate checks',
  },
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', bad: (v) => v === '0', what: 'Node.js accepts any certificate' },
  { name: 'PYTHONHTTPSVERIFY', bad: (v) => v === '0', what: 'Python skips HTTPS certificate checks' },
  {
    name: 'NPM_CONFIG_STRICT_SSL',
    bad: (v) => v !== undefined && FALSY.has(v.toLowerCase()),
    what: 'npm accepts any certificate',
  },
  {
    name: 'YARN_STRICT_SSL',
    bad: (v) => v !== undefined && FALSY.has(v.toLowerCase()),
    what: 'yarn accepts any certificate',
  },
  {
    name: 'YARN_ENABLE_STRICT_SSL',
    bad: (v) => v !== undefined && FALSY.has(v.toLowerCase()),
    what: 'yarn accepts any certificate',
  },
  {
    name: 'PIP_TRUSTED_HOST',
    bad: (v) => v === undefined || v !== '',
    what: 'pip trusts the listed hosts without TLS checks',
  },
  {
    name: 'GOINSECURE',
    bad: (v) => v === undefined || v !== '',
    what: 'go fetches the listed modules without TLS checks',
  },
  {
    name: 'GOFLAGS',
    bad: (v) => v !== undefined && /(^|\s)-insecure\b/.test(v),
    what: 'go fetches without TLS checks',
  },
];
const HTTP_ENV = new Set([
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'NPM_CONFIG_REGISTRY',
  'GOPROXY',
  'UV_INDEX_URL',
  'UV_EXTRA_INDEX_URL',
]);

function isPlainHttp(url: string): boolean {
  return url.slice(0, 7).toLowerCase() === 'http://' && !isLoopbackUrl(url);
}

function envHit(name: string, value: string | undefined): string | undefined {
  const upper = name.toUpperCase();
  const r = ENV_RULES.find((e) => e.name === upper);
  if (r && r.bad(value)) return `${name}${value !== undefined ? '=' + value : ''}: ${r.what}.`;
  if (HTTP_ENV.has(upper) && value !== undefined && value.split(/[\s,|]/).some(isPlainHttp))
    return `${name} points at a plain http:// index, so packages arrive without TLS.`;
  return undefined;
}

const CONFIG_PATTERNS: { re: RegExp; what: string }[] = [
  {
    // `\n` counts as a line break: `printf '[repo]\nsslverify=0\n'`.
    re: /(^|\\[nt]|[^a-z_])sslverify\s*(?:[=:]\s*)?["']?(0|false|no|off)\b/,
    what: 'sslverify is switched off in a package-manager or git config',
  },
  {
    re: /strict-ssl\s*(?:[=:]\s*)?["']?false\b/,
    what: 'strict-ssl=false makes npm/yarn accept any certificate',
  },
  { re: /(^|\s|\\[nt])trusted-host\s*[=:]/, what: 'pip trusted-host skips TLS checks for that host' },
  { re: /(^|[^a-z_])ssl_verify\s*:\s*["']?(false|no|0)\b/, what: 'conda ssl_verify is switched off' },
];

function curlInsecure(cmd: ShellCommand): ShellWord | undefined {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value ?? args[i]!.partial;
    if (v === '--insecure' || v === '--proxy-insecure') return args[i];
    if (v.startsWith('--')) {
      if (!v.includes('=') && CURL_LONG_ARG.has(v.slice(2))) i++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      for (let k = 1; k < v.length; k++) {
        if (v[k] === 'k') return args[i];
        if (CURL_SHORT_ARG.has(v[k]!)) {
          if (k === v.length - 1) i++;
          break;
        }
      }
    }
  }
  return undefined;
}

/** A word written plainly on one line: its text in the file is its value, so an edit can rewrite it. */
function plainWord(w: ShellWord): boolean {
  return (
    !w.split &&
    w.value === w.raw &&
    w.line === w.endLine &&
    w.endColumn - w.column === w.raw.length &&
    /^-[\w-]+$/.test(w.raw)
  );
}

/**
 * Removing curl's `-k`/`--insecure`: the word and the blank after it (or before it, when it is the
 * last on its line), or the `k` letters of a flag cluster (`-fsSLk` → `-fsSL`) before the first
 * flag that takes an argument. Only for words written plainly; anything else stays a text fix.
 */
function curlAutofix(cmd: ShellCommand, w: ShellWord): Autofix | undefined {
  if (!plainWord(w)) return undefined;
  const title = `remove ${w.raw} (keep certificate verification on)`;
  let kept = '';
  if (!w.raw.startsWith('--')) {
    let i = 1;
    for (; i < w.raw.length; i++) {
      const c = w.raw[i]!;
      if (c !== 'k') kept += c;
      if (CURL_SHORT_ARG.has(c)) break;
    }
    kept += w.raw.slice(i + 1);
  }
  if (kept !== '')
    return {
      title,
      edits: [
        {
          span: { line: w.line, column: w.column, endLine: w.line, endColumn: w.endColumn },
          text: `-${kept}`,
        },
      ],
    };
  const all = [cmd.nameWord, ...cmd.args];
  const at = all.indexOf(w);
  const next = all[at + 1];
  const prev = all[at - 1];
  if (next && next.line === w.line && next.column > w.endColumn)
    return {
      title,
      edits: [
        { span: { line: w.line, column: w.column, endLine: w.line, endColumn: next.column }, text: '' },
      ],
    };
  if (prev && prev.endLine === w.line && prev.endColumn < w.column)
    return {
      title,
      edits: [
        { span: { line: w.line, column: prev.endColumn, endLine: w.line, endColumn: w.endColumn }, text: '' },
      ],
    };
  return undefined;
}

function commandFindings(
  cmd: ShellCommand,
): { word: ShellWord; message: string; plainHttp?: boolean; autofix?: Autofix }[] {
  const out: { word: ShellWord; message: string; plainHttp?: boolean; autofix?: Autofix }[] = [];
  const b = cmd.base.toLowerCase();
  const vals = cmd.args.map((a) => a.value ?? a.partial);
  const lower = vals.map((v) => v.toLowerCase());
  const add = (i: number, message: string): void => {
    const w = i < 0 ? cmd.nameWord : cmd.args[i]!;
    out.push({ word: w, message });
  };
  if (b === 'curl') {
    const w = curlInsecure(cmd);
    if (w) {
      const autofix = w.partial === '--proxy-insecure' ? undefined : curlAutofix(cmd, w);
      out.push({
        word: w,
        message: `curl ${w.partial}: certificate verification is off, so any server can answer for the host.`,
        ...(autofix ? { autofix } : {}),
      });
    }
  }
  if (b === 'wget') {
    lower.forEach((v, i) => {
      if (
        v === '--no-check-certificate' ||
        v === '--check-certificate=off' ||
        v === '--check-certificate=quiet'
      )
        add(i, `wget ${vals[i]}: certificate verification is off, so any server can answer for the host.`);
    });
  }
  const dl = downloadOf(cmd);
  if (dl) {
    for (const u of dl.urls) {
      if (isPlainHttp(u.partial))
        out.push({
          word: u,
          message: `${cmd.base} downloads ${u.partial.slice(0, 100)} over plain http://, which anyone on the path can alter.`,
          plainHttp: true,
        });
    }
  }
  if (b === 'git') {
    lower.forEach((v, i) => {
      if (i > 0 && lower[i - 1] === '-c' && /^http\.([^=]*\.)?sslverify=(false|0|no|off)$/.test(v))
        add(i, `git -c ${vals[i]}: certificate verification is off.`);
      if (/^http\.([^=]*\.)?sslverify$/.test(v) && lower.includes('config') && FALSY.has(lower[i + 1] ?? ''))
        add(i, `git config ${vals[i]} ${vals[i + 1]}: certificate verification is off.`);
      if ((v === 'clone' || v === 'fetch' || v === 'pull' || v === 'submodule') && vals.some(isPlainHttp)) {
        const k = vals.findIndex(isPlainHttp);
        add(k, `git fetches ${vals[k]!.slice(0, 100)} over plain http://.`);
      }
    });
  }
  if (b === 'npm' || b === 'yarn' || b === 'pnpm') {
    lower.forEach((v, i) => {
      if ((v === 'strict-ssl' || v === 'enablestrictssl') && FALSY.has(lower[i + 1] ?? ''))
        add(i, `${b} config ${vals[i]} ${vals[i + 1]}: any certificate is accepted.`);
      if (/^(--)?(strict-ssl|enablestrictssl)=(false|0|no)$/.test(v))
        add(i, `${b} ${vals[i]}: any certificate is accepted.`);
      if ((v === 'registry' || v === '--registry') && isPlainHttp(vals[i + 1] ?? ''))
        add(i + 1, `${b} uses a plain http:// registry.`);
      if (v.startsWith('--registry=') && isPlainHttp(vals[i]!.slice(11)))
        add(i, `${b} uses a plain http:// registry.`);
    });
  }
  const isPip =
    /^pip[0-9.]*$/.test(b) ||
    b === 'uv' ||
    b === 'pipenv' ||
    (b.startsWith('python') && lower.includes('pip'));
  if (isPip) {
    lower.forEach((v, i) => {
      if (v === '--trusted-host' || v.startsWith('--trusted-host='))
        add(i, `pip ${vals[i]}: TLS checks are skipped for that host.`);
      if (v.endsWith('.trusted-host') && lower.includes('config'))
        add(i, `pip config ${vals[i]}: TLS checks are skipped for that host.`);
      if (
        ['--index-url', '-i', '--extra-index-url', '--find-links', '-f'].includes(v) &&
        isPlainHttp(vals[i + 1] ?? '')
      )
        add(i + 1, `pip reads packages from a plain http:// index.`);
      const eq = v.indexOf('=');
      if (
        eq > 0 &&
        ['--index-url', '--extra-index-url', '--find-links'].includes(v.slice(0, eq)) &&
        isPlainHttp(vals[i]!.slice(eq + 1))
      )
        add(i, `pip reads packages from a plain http:// index.`);
    });
  }
  if (['yum', 'dnf', 'microdnf', 'tdnf', 'yum-config-manager'].includes(b)) {
    lower.forEach((v, i) => {
      if (/^--setopt=([^=]*\.)?sslverify=(0|false|no|off)$/.test(v))
        add(i, `${b} ${vals[i]}: repository certificates are not checked.`);
    });
  }
  if (b === 'go') {
    lower.forEach((v, i) => {
      if (v === '-insecure') add(i, 'go get -insecure fetches modules without TLS checks.');
    });
  }
  lower.forEach((v, i) => {
    if (
      v === '--insecure-skip-tls-verify' ||
      v.startsWith('--insecure-skip-tls-verify=true') ||
      v === '--no-verify-ssl'
    )
      add(i, `${cmd.base} ${vals[i]}: certificate verification is off.`);
    if (v === '-skipcertificatecheck' || v.includes('servercertificatevalidationcallback'))
      add(i, `${vals[i]}: PowerShell accepts any certificate.`);
  });
  if (
    b === 'conda' &&
    lower.includes('ssl_verify') &&
    FALSY.has(lower[lower.indexOf('ssl_verify') + 1] ?? '')
  )
    add(lower.indexOf('ssl_verify'), 'conda ssl_verify is switched off.');
  if (
    b === 'composer' &&
    lower.includes('secure-http') &&
    FALSY.has(lower[lower.indexOf('secure-http') + 1] ?? '')
  )
    add(lower.indexOf('secure-http'), 'composer secure-http false allows plain http:// downloads.');
  return out;
}

function assignFinding(as: ShellAssign): string | undefined {
  return envHit(as.name, as.value ? as.value.value : undefined);
}

function propFinding(
  model: DockerfileModel,
  inst: DockerInstruction,
  hits: Hit[],
  scope: Map<string, string | undefined>,
): void {
  for (const p of inst.properties) {
    const value = p.value === null ? undefined : substitute(p.value, scope, model.escapeChar);
    if (
      p.value !== null &&
      value === undefined &&
      !['GIT_SSL_NO_VERIFY', 'PIP_TRUSTED_HOST', 'GOINSECURE'].includes(p.name.toUpperCase())
    )
      continue;
    if (inst.keyword === 'ARG' && p.value === null) continue;
    const msg = envHit(p.name, value);
    if (!msg) continue;
    hits.push(propertyHit(model, inst, p, msg, FIX));
  }
}

function runFindings(model: DockerfileModel, run: RunScript, hits: Hit[]): void {
  const push = (at: Span, message: string, autofix?: Autofix): void => {
    hits.push(
      hit(at, message, {
        evidence: evidenceText(model, at),
        fix: FIX,
        scopeLine: run.scopeLine,
        ...(autofix ? { autofix } : {}),
      }),
    );
  };
  const sc = run.script;
  for (const cmd of sc.commands) {
    let found = commandFindings(cmd);
    // Plain http is harmless when the file is checked against a pinned checksum afterwards.
    if (found.some((f) => f.plainHttp) && verifiedLater(sc, cmd)) found = found.filter((f) => !f.plainHttp);
    for (const f of found) push(f.word, f.message, f.autofix);
    for (const as of cmd.assigns) {
      const m = assignFinding(as);
      if (m) push(as.span, m);
    }
  }
  for (const as of sc.assignments) {
    const m = assignFinding(as);
    if (m) push(as.span, m);
  }
  for (const t of scriptTexts(sc)) {
    if (!WRITERS.has(t.cmd.base) && t.kind === 'arg') continue;
    const text = t.text.length > 20_000 ? t.text.slice(0, 20_000) : t.text;
    const lower = text.toLowerCase();
    for (const p of CONFIG_PATTERNS) {
      const m = p.re.exec(lower);
      if (!m) continue;
      const i = m.index + (m[1] ? m[1].length : 0);
      const s = t.pos(i);
      push(spanAt(s, m[0].length - (m[1]?.length ?? 0)), `${p.what} (written by ${t.cmd.base}).`);
    }
  }
}

export const rule = defineRule({
  id: 'dockerfile/tls-verification-disabled',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'TLS certificate verification disabled or plain http:// download',
  description:
    'With certificate checks off (`curl -k`, `wget --no-check-certificate`, `strict-ssl false`, `pip --trusted-host`, `GIT_SSL_NO_VERIFY`) or over plain http://, anyone on the network path (a proxy, a compromised router, a poisoned DNS answer) can hand the build different code or packages. The image then carries whatever they sent, and nothing in the build notices.',
  fix: FIX,
  examples: {
    bad: 'RUN curl -fsSLk https://example.com/tool.tgz -o /tmp/tool.tgz\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN pip install --trusted-host pypi.internal -r requirements.txt',
    good: 'COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\nRUN update-ca-certificates && curl -fsSL https://example.com/tool.tgz -o /tmp/tool.tgz',
    language: 'dockerfile',
  },
  references: [
    'https://curl.se/docs/sslcerts.html',
    'https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl',
    'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const stage of model.stages) {
      const scope = new Map<string, string | undefined>();
      for (const inst of stage.instructions) {
        if (inst.keyword === 'ENV' || inst.keyword === 'ARG') {
          propFinding(model, inst, hits, scope);
          for (const p of inst.properties) {
            if (p.value !== null || inst.keyword === 'ENV')
              scope.set(p.name, p.value === null ? undefined : substitute(p.value, scope, model.escapeChar));
          }
        }
      }
    }
    for (const run of runScripts(model)) runFindings(model, run, hits);
    // `COPY <<EOF /etc/pip.conf`: the heredoc body is a config file written into the image.
    for (const t of fileHeredocTexts(model)) {
      const lower = (t.text.length > 20_000 ? t.text.slice(0, 20_000) : t.text).toLowerCase();
      for (const p of CONFIG_PATTERNS) {
        const m = p.re.exec(lower);
        if (!m) continue;
        const s = t.pos(m.index + (m[1] ? m[1].length : 0));
        const at = spanAt(s, m[0].length - (m[1]?.length ?? 0));
        hits.push(
          hit(at, `${p.what} (written by ${t.writer}).`, {
            evidence: evidenceText(model, at),
            fix: FIX,
            scopeLine: t.scopeLine,
          }),
        );
      }
    }
    return hits;
  },
});
