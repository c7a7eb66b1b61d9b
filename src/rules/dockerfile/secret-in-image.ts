import type { DockerfileModel, DockerInstruction, DockerProperty } from '../../formats/dockerfile/model.js';
import type { Span } from '../../formats/position.js';
import {
  buildScope,
  commandArgs,
  isPureReference,
  type DockerScope,
} from '../../formats/dockerfile/scope.js';
import type { ShellCommand, ShellScript, ShellWord } from '../../formats/dockerfile/shell-model.js';
import { defineRule, type Severity } from '../../core/index.js';
import type { Hit } from '../../core/index.js';

const MAX_VALUE = 8192;

// ---------------------------------------------------------------------------------------------
// Names

/** Splits `MY_API-key.name` / `myApiKey` into lower-case tokens. */
export function nameTokens(name: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length && i < 256; i++) {
    const c = name[i]!;
    const lower = c >= 'a' && c <= 'z';
    const upper = c >= 'A' && c <= 'Z';
    const digit = c >= '0' && c <= '9';
    if (!lower && !upper && !digit) {
      if (cur) out.push(cur.toLowerCase());
      cur = '';
      continue;
    }
    const prev = name[i - 1] ?? '';
    if (upper && cur && prev >= 'a' && prev <= 'z') {
      out.push(cur.toLowerCase());
      cur = '';
    }
    cur += c;
  }
  if (cur) out.push(cur.toLowerCase());
  return out;
}

/** Tokens that, as the last token, make a name describe something other than the secret itself. */
const NOT_SECRET_SUFFIX = new Set([
  'file',
  'files',
  'path',
  'dir',
  'directory',
  'location',
  'version',
  'ver',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'server',
  'port',
  'name',
  'names',
  'user',
  'username',
  'login',
  'id',
  'ids',
  'mode',
  'alias',
  'type',
  'length',
  'len',
  'size',
  'bits',
  'header',
  'enabled',
  'enable',
  'disabled',
  'disable',
  'required',
  'method',
  'methods',
  'provider',
  'ttl',
  'timeout',
  'expiry',
  'expires',
  'expiration',
  'algorithm',
  'algo',
  'fingerprint',
  'format',
  'prefix',
  'suffix',
  'kind',
  'field',
  'env',
  'source',
  'scope',
  'scopes',
  'policy',
  'store',
  'helper',
  'backend',
  'class',
  'module',
  'plugin',
  'realm',
  'issuer',
  'audience',
  'lifetime',
  'rotation',
  'count',
  'hash',
  'salt',
  'id',
  'arn',
  'ref',
  'sha',
  'checksum',
  'digest',
  'sum',
  'sig',
  'keyring',
  'keyserver',
  'keyid',
  'pub',
  'public',
  'cert',
  'certificate',
  'ca',
  'crt',
  'pem',
  'mount',
  'volume',
  'secret',
  'secrets',
]);

/** Tokens anywhere in a name that mark public material, not a secret. */
const PUBLIC_TOKENS = new Set(['public', 'pub', 'gpg', 'pgp', 'publishable']);

/** Tokens anywhere in a name that describe UI text or validation about a secret (`PASSWORD_PROMPT_STRING`). */
const DESCRIBES_TOKENS = new Set(['prompt', 'placeholder', 'hint', 'regex', 'pattern', 'message', 'msg']);

/** Qualifiers that make a trailing `key` a secret key (`API_KEY`, `ACCESS_KEY`, `SECRET_KEY`, ...). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'priv',
  'encryption',
  'encrypt',
  'signing',
  'master',
  'client',
  'session',
  'license',
  'licence',
  'service',
  'account',
  'app',
  'jwt',
  'hmac',
  'ssh',
  'deploy',
  'auth',
  'admin',
  'root',
  'aes',
  'crypt',
  'cipher',
  'sendgrid',
  'stripe',
  'openai',
  'anthropic',
  'mailgun',
  'datadog',
  'dd',
  'sentry',
  'twilio',
  'algolia',
  'firebase',
  'google',
  'maps',
]);

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  'accesskey',
  'secretkey',
  'authtoken',
  'pat',
  'psk',
]);

/** True when a variable name says it holds a secret (`DB_PASSWORD`, `npmToken`, `API_KEY`). */
export function isSecretName(name: string): boolean {
  const t = nameTokens(name);
  if (t.length === 0) return false;
  if (t.some((x) => PUBLIC_TOKENS.has(x) || DESCRIBES_TOKENS.has(x))) return false;
  const last = t[t.length - 1]!;
  // `CLIENT_SECRET`, `SECRET`: the secret itself (`SECRETS`, `SECRET_NAME`, `SECRET_DIR` are not).
  if (last === 'secret') return true;
  if (NOT_SECRET_SUFFIX.has(last)) return false;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (SECRET_WORDS.has(x)) return true;
    if ((x === 'key' || x === 'keys') && i > 0 && KEY_QUALIFIERS.has(t[i - 1]!)) return true;
  }
  // Short forms only count as the last token of a longer name: DB_PASS, MYSQL_PWD, BASIC_AUTH.
  if (t.length >= 2 && (last === 'pass' || last === 'pwd' || last === 'pw' || last === 'auth')) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Values

const TOKEN_PATTERNS: [RegExp, string][] = [
  [
    /(?:^|[^A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/,
    'an AWS access key id',
  ],
  [/gh[pousr]_[A-Za-z0-9]{36}/, 'a GitHub token'],
  [/github_pat_[A-Za-z0-9_]{50}/, 'a GitHub token'],
  [/npm_[A-Za-z0-9]{36}/, 'an npm token'],
  [/pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{40}/, 'a PyPI token'],
  [/xox[baprse]-[0-9]{6}[A-Za-z0-9-]{8}/, 'a Slack token'],
  [/hooks\.slack\.com\/services\/T[A-Za-z0-9]{6}/, 'a Slack webhook URL'],
  [/glpat-[A-Za-z0-9_-]{20}/, 'a GitLab token'],
  [/[sr]k_live_[0-9a-zA-Z]{20}/, 'a Stripe secret key'],
  [/AIza[0-9A-Za-z_-]{35}/, 'a Google API key'],
  [/sk-(?:proj-|ant-)?[A-Za-z0-9_-]{40}/, 'an API secret key'],
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY/, 'a private key'],
];

/** What kind of credential a literal value looks like, or undefined. */
export function credentialKind(value: string): string | undefined {
  const v = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  // Every token format is at least 20 characters long; a URL password needs an '@'.
  if (v.length < 20 && !v.includes('@')) return undefined;
  for (const [re, what] of TOKEN_PATTERNS) if (re.test(v)) return what;
  if (urlPassword(v) !== undefined) return 'a URL with an embedded password';
  return undefined;
}

/** The password of a `scheme://user:password@host` URL inside the value, if literal. */
function urlPassword(v: string): string | undefined {
  let from = 0;
  for (let n = 0; n < 16; n++) {
    const i = v.indexOf('://', from);
    if (i === -1) return undefined;
    from = i + 3;
    let end = from;
    while (end < v.length && !'/ \t\n"\'@'.includes(v[end]!)) end++;
    if (v[end] !== '@') continue;
    const userinfo = v.slice(from, end);
    const colon = userinfo.indexOf(':');
    if (colon === -1) continue;
    const pw = userinfo.slice(colon + 1);
    if (pw && !pw.includes('$') && !isPlaceholder(pw)) return pw;
  }
  return undefined;
}

const HARMLESS = new Set([
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'none',
  'null',
  'nil',
  'disabled',
  'enabled',
  'required',
  'optional',
  'auto',
  'default',
  'unset',
  'undefined',
  '-',
]);

const PLACEHOLDERS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'password',
  'passwd',
  'secret',
  'example',
  'test',
  'testing',
  'dummy',
  'placeholder',
  'empty',
  'admin',
  'root',
  'postgres',
  'mysql',
  'redis',
  'guest',
  'todo',
  'tbd',
  'foo',
  'bar',
  'foobar',
  'pass',
  'token',
  'mytoken',
  'mysecret',
  'mypassword',
  'demo',
  'sample',
  'local',
  'dev',
  'development',
  'user',
  'default',
  'notsecret',
  'insecure',
  'fake',
  'mock',
]);

export function isPlaceholder(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (PLACEHOLDERS.has(v)) return true;
  if (v.startsWith('<') && v.endsWith('>')) return true;
  if (v.startsWith('your') || v.startsWith('replace') || v.startsWith('insert') || v.startsWith('xxx'))
    return true;
  if (v.length > 0 && [...v].every((c) => c === v[0])) return true;
  return false;
}

/** A value that is not a secret whatever the name says (empty, reference, flag, path, plain URL). */
function harmlessValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.includes('$')) return true;
  if (HARMLESS.has(v.toLowerCase())) return true;
  if (/^\d{1,6}$/.test(v)) return true;
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('~/') || v.startsWith('../')) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && urlPassword(v) === undefined) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Files

const HIGH_FILES = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  'id_ecdsa_sk',
  'id_ed25519_sk',
  '.git-credentials',
  '.netrc',
  '_netrc',
  'credentials.json',
]);
const MEDIUM_FILES = new Set(['.npmrc', '.pypirc', '.env']);
const ENV_SAFE_SUFFIX = [
  'example',
  'sample',
  'template',
  'dist',
  'defaults',
  'default',
  'tmpl',
  'tpl',
  'schema',
  'test',
  'ci',
];

/** Severity and a description for a COPY/ADD source that names a credential file. */
export function secretFile(path: string): { severity: Severity; what: string } | undefined {
  let p = path.trim().replace(/\\/g, '/');
  while (p.endsWith('/')) p = p.slice(0, -1);
  if (p.includes('*') || p.includes('?') || p.includes('[') || p.includes('$')) return undefined;
  const lower = p.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (lower.endsWith('.docker/config.json'))
    return { severity: 'high', what: 'a Docker registry credentials file' };
  if (lower.endsWith('.aws/credentials')) return { severity: 'high', what: 'an AWS credentials file' };
  if (HIGH_FILES.has(base)) {
    return {
      severity: 'high',
      what: base.startsWith('id_') ? 'an SSH private key' : `a credentials file (${base})`,
    };
  }
  if (MEDIUM_FILES.has(base))
    return { severity: 'medium', what: `${base}, which usually holds tokens or passwords` };
  if (base.startsWith('.env.')) {
    const rest = base.slice(5);
    if (ENV_SAFE_SUFFIX.some((s) => rest === s || rest.endsWith('.' + s) || rest.startsWith(s)))
      return undefined;
    return { severity: 'medium', what: `${base}, an environment file that usually holds secrets` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

const LOWER: Record<Severity, Severity> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'low',
  info: 'info',
};

/** Severity on the hit only when it differs from the rule's default (high). */
function sev(s: Severity): Pick<Hit, 'severity'> {
  return s === 'high' ? {} : { severity: s };
}

function spanHit(
  span: Span,
  scopeLine: number,
): Pick<Hit, 'line' | 'column' | 'endLine' | 'endColumn' | 'scopeLine'> {
  return {
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    scopeLine,
  };
}

interface Ctx {
  scope: DockerScope;
  hits: Hit[];
  /** Stages whose files can reach the final image: its FROM chain and stages it copies from. */
  filesInFinal: Set<number>;
}

/** The final stage's chain plus, transitively, every stage a reached stage `COPY --from`s. */
function stagesWithFilesInFinal(model: DockerfileModel, scope: DockerScope): Set<number> {
  const reached = new Set<number>();
  // Each stage queues only its parent, not its whole chain: chains of 20,000 stages each copying
  // from the one before made the walk quadratic.
  const todo = scope.finalStage !== undefined ? [scope.finalStage] : [];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (reached.has(s)) continue;
    reached.add(s);
    const parent = scope.stages[s]?.parent;
    if (parent !== undefined) todo.push(parent);
    for (const inst of model.stages[s]?.instructions ?? []) {
      if (inst.keyword !== 'COPY') continue;
      const from = inst.flags.find((f) => f.name === 'from')?.value;
      const ref = from ? scope.stageRef(from) : undefined;
      if (ref !== undefined) todo.push(ref);
    }
  }
  return reached;
}

/**
 * Severity adjusted for where the instruction is: what stays in a build stage counts less. ARG, ENV
 * and command lines ('metadata') belong to their stage's history only; files also reach the final
 * image through `COPY --from`.
 */
function placed(
  sev: Severity,
  inst: DockerInstruction,
  c: Ctx,
  what: 'metadata' | 'files' = 'metadata',
): { severity: Severity; where: string } {
  if (inst.stage < 0) return { severity: sev, where: '' };
  if (c.scope.inFinalImage(inst.stage)) return { severity: sev, where: '' };
  if (what === 'files' && c.filesInFinal.has(inst.stage)) return { severity: sev, where: '' };
  const name = c.scope.stages[inst.stage]?.name;
  const stage = name ? `'${name}'` : String(inst.stage);
  return {
    severity: LOWER[sev],
    where:
      what === 'files'
        ? ` (in build stage ${stage}, whose files the final image does not copy, but which stays in build caches)`
        : ` (in build stage ${stage}, whose history is not part of the final image but stays in build caches)`,
  };
}

function checkProperty(inst: DockerInstruction, p: DockerProperty, c: Ctx): void {
  const kw = inst.keyword;
  const value = p.value;
  const literal = value !== null && !isPureReference(value) && !value.includes('$') ? value : undefined;
  const scopeLine = inst.span.line;
  if (literal !== undefined && literal !== '') {
    const kind = credentialKind(literal);
    if (kind) {
      const { severity, where } = placed('high', inst, c);
      c.hits.push({
        ...spanHit(p.valueSpan ?? p.nameSpan, scopeLine),
        message: `${kw} ${p.name} holds what looks like ${kind}${where}; ${kw === 'ARG' ? 'ARG values are recorded in the image history' : 'ENV values are stored in the image config'} for anyone who can pull it.`,
        evidence: `${kw} ${p.name}=<masked>`,
        fix: 'Remove the value, revoke it, and pass the secret at build time with `RUN --mount=type=secret,id=<id>` instead.',
        ...sev(severity),
      });
      return;
    }
  }
  if (!isSecretName(p.name)) return;
  if (kw === 'ARG' && (value === null || value === '') && inst.stage >= 0) {
    const { severity, where } = placed('medium', inst, c);
    c.hits.push({
      ...spanHit(p.nameSpan, scopeLine),
      message: `Build argument ${p.name} is named like a secret${where}; a value passed with --build-arg is recorded in the image history and build provenance.`,
      evidence: `ARG ${p.name}`,
      fix: `Pass it as a build secret instead: \`RUN --mount=type=secret,id=${p.name.toLowerCase()},env=${p.name} ...\` with \`docker build --secret id=${p.name.toLowerCase()},env=${p.name}\`.`,
      ...sev(severity),
    });
    return;
  }
  if (kw === 'ENV' && value !== null && literal === undefined) {
    // `ARG NPM_TOKEN` + `ENV NPM_TOKEN=${NPM_TOKEN}`: the build argument's value is kept in the
    // image config, readable with `docker inspect` by anyone who pulls the image.
    const ref = referencedName(value);
    const arg = ref !== undefined ? stageArgBefore(inst, ref, c) : false;
    if (!arg) return;
    const { severity, where } = placed('medium', inst, c);
    c.hits.push({
      ...spanHit(p.valueSpan ?? p.nameSpan, scopeLine),
      message: `ENV ${p.name} copies the build argument ${ref} into the image config${where}; whatever is passed with --build-arg can be read by anyone who pulls the image.`,
      evidence: `ENV ${p.name}=${value.slice(0, 80)}`,
      fix: `Do not persist it: read it only in the step that needs it with \`RUN --mount=type=secret,id=${ref!.toLowerCase()},env=${ref} ...\`.`,
      ...sev(severity),
    });
    return;
  }
  if (literal === undefined || harmlessValue(literal)) return;
  const placeholder = isPlaceholder(literal);
  const { severity, where } = placed(placeholder ? 'medium' : 'high', inst, c);
  c.hits.push({
    ...spanHit(p.valueSpan ?? p.nameSpan, scopeLine),
    message: placeholder
      ? `${kw} ${p.name} is named like a secret and sets a default-looking literal value${where}; it is stored in the image where anyone who pulls it can read it.`
      : `${kw} ${p.name} is named like a secret and sets a literal value${where}; it is stored in the image where anyone who pulls it can read it.`,
    evidence: `${kw} ${p.name}=<masked>`,
    fix: 'Do not bake secrets into the image: pass them at run time (orchestrator secrets) or at build time with `RUN --mount=type=secret`.',
    ...sev(severity),
  });
}

/** The variable name of a pure reference (`$X`, `${X}`, `${X:-d}`), if any. */
function referencedName(value: string): string | undefined {
  if (!isPureReference(value)) return undefined;
  const t = value.trim();
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})/.exec(t);
  return m?.[1];
}

/** Whether an ARG of that name is declared in the instruction's stage before it. */
function stageArgBefore(inst: DockerInstruction, name: string, c: Ctx): boolean {
  // An ONBUILD trigger is not in the list: it runs in a child build, with the child's ARGs.
  const stage = c.scope.stages[inst.stage]?.stage;
  if (!stage) return false;
  let declared = false;
  for (const i of stage.instructions) {
    if (i === inst) return declared;
    if (i.keyword === 'ARG' && i.properties.some((p) => p.name === name)) declared = true;
  }
  return false;
}

function checkCopy(inst: DockerInstruction, owner: DockerInstruction, c: Ctx): void {
  const args = commandArgs(inst);
  if (args.length < 2) return;
  for (const src of args.slice(0, -1)) {
    if (src.value.startsWith('<<') || src.value.startsWith('http://') || src.value.startsWith('https://'))
      continue;
    const f = secretFile(src.value);
    if (!f) continue;
    const { severity, where } = placed(f.severity, owner, c, 'files');
    c.hits.push({
      ...spanHit(src.span, owner.span.line),
      message: `${inst.keyword} puts ${f.what} into an image layer${where}; deleting it later does not remove it from the layer.`,
      evidence: `${inst.keyword} ${src.value}`,
      fix: 'Mount it only for the step that needs it: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` (or `--mount=type=ssh` for SSH keys), and list the file in .dockerignore.',
      ...sev(severity),
    });
  }
  // COPY <<EOF /root/.npmrc ... EOF: a credential written from a heredoc.
  const dest = args[args.length - 1]!;
  for (const h of inst.heredocs) {
    if (!h.contentSpan) continue;
    const body = h.content.length > MAX_VALUE ? h.content.slice(0, MAX_VALUE) : h.content;
    const kind = credentialKind(body);
    const file = credFileOf(dest.value);
    if (!kind && !(file && looksLikeCredential(file, body))) continue;
    const { severity, where } = placed('high', owner, c, 'files');
    c.hits.push({
      ...spanHit(kind ? h.contentSpan : dest.span, owner.span.line),
      message: kind
        ? `${inst.keyword} writes what looks like ${kind} into the image from a heredoc${where}.`
        : `${inst.keyword} writes a credential into ${file} from a heredoc${where}; the file stays in the image layer.`,
      evidence: `${inst.keyword} <<${h.name} ${dest.value}`,
      fix: 'Mount the file as a build secret for the step that needs it (`RUN --mount=type=secret,id=cfg,target=...`) instead of copying it in.',
      ...sev(severity),
    });
  }
}

// --- RUN -------------------------------------------------------------------------------------

const CRED_FILES = [
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.docker/config.json',
  '.aws/credentials',
  '.yarnrc.yml',
];

function credFileOf(path: string): string | undefined {
  const l = path.toLowerCase();
  return CRED_FILES.find((f) => l === f || l.endsWith('/' + f));
}

function text(w: ShellWord): string {
  return w.value ?? w.partial;
}

function hasSecretMount(inst: DockerInstruction): boolean {
  return inst.flags.some((f) => {
    if (f.name.toLowerCase() !== 'mount' || !f.value) return false;
    return f.value.split(',').some((kv) => kv.trim().toLowerCase() === 'type=secret');
  });
}

interface RunHit {
  word: ShellWord;
  message: string;
  fix: string;
  /** Default 'high'. */
  severity?: Severity;
}

/** Credential set-up commands that leave a token in the layer. */
function setupHits(script: ShellScript): RunHit[] {
  const out: RunHit[] = [];
  const cmds = script.commands;
  const removedLater = (i: number, file: string): boolean =>
    cmds.slice(i + 1).some((c) => c.base === 'rm' && c.args.some((a) => credFileOf(text(a)) === file));
  for (const cmd of cmds) {
    const args = cmd.args;
    const a = args.map(text);
    const base = cmd.base;
    // npm|pnpm|yarn config set <key> <value> / key=value, key being an auth setting.
    if (
      (base === 'npm' || base === 'pnpm' || base === 'yarn') &&
      a[0] === 'config' &&
      a[1] === 'set' &&
      args[2]
    ) {
      const key = a[2]!.toLowerCase();
      if (
        key.includes('_authtoken') ||
        key.includes('_auth') ||
        key.includes('_password') ||
        key.includes('npmauthtoken') ||
        key.includes('npmauthident')
      ) {
        if (!removedLater(cmd.index, '.npmrc') && !removedLater(cmd.index, '.yarnrc.yml')) {
          out.push({
            word: args[2],
            message: `\`${base} config set ${a[2]!.split('=')[0]}\` writes a registry token into the user config file, which stays in the image layer.`,
            fix: 'Mount the config as a build secret: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`.',
          });
        }
      }
      continue;
    }
    // aws configure set aws_access_key_id|aws_secret_access_key|aws_session_token ...
    if (base === 'aws' && a[0] === 'configure' && a[1] === 'set' && args[2]) {
      const key = a[2]!.toLowerCase();
      if (
        key.includes('aws_access_key_id') ||
        key.includes('aws_secret_access_key') ||
        key.includes('aws_session_token')
      ) {
        if (!removedLater(cmd.index, '.aws/credentials')) {
          out.push({
            word: args[2],
            message: `\`aws configure set ${a[2]}\` writes an AWS credential into ~/.aws/credentials, which stays in the image layer.`,
            fix: 'Use `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials` for the step that needs AWS access.',
          });
        }
      }
      continue;
    }
    if (base === 'docker' && a[0] === 'login') {
      const i = a.findIndex(
        (x) => x === '-p' || x === '--password' || x.startsWith('--password=') || x === '--password-stdin',
      );
      if (i !== -1) {
        out.push({
          word: args[i]!,
          message:
            '`docker login` in a build step stores the registry credential in ~/.docker/config.json inside the layer.',
          fix: 'Mount the Docker config as a build secret for that step instead of logging in.',
        });
      }
      continue;
    }
    if (base === 'gcloud' && a[0] === 'auth' && a[1] === 'activate-service-account') {
      out.push({
        word: args[1]!,
        message:
          '`gcloud auth activate-service-account` stores the service-account key in the gcloud config inside the layer.',
        fix: 'Mount the key with `RUN --mount=type=secret,id=gcp,target=/run/secrets/gcp.json` and avoid persisting the gcloud config.',
      });
      continue;
    }
    if ((base === 'az' && a[0] === 'login') || (base === 'doctl' && a[0] === 'auth' && a[1] === 'init')) {
      const i = a.findIndex((x) =>
        ['-p', '--password', '--federated-token', '-t', '--access-token'].includes(x.split('=')[0]!),
      );
      if (i !== -1) {
        out.push({
          word: args[i]!,
          message: `\`${base} ${a.slice(0, base === 'az' ? 1 : 2).join(' ')}\` with a credential stores it in the CLI config inside the layer.`,
          fix: 'Pass the credential with `RUN --mount=type=secret` and do not persist the CLI login in the image.',
        });
      }
      continue;
    }
    // `echo 'app:s3cret' | chpasswd`: a literal password is in the RUN line (image history) and
    // works for anyone who can run the image.
    if (base === 'chpasswd' && cmd.pipeIndex > 0) {
      const feeders = cmds.filter(
        (o) =>
          o.pipeline === cmd.pipeline &&
          o.pipeIndex < cmd.pipeIndex &&
          (o.base === 'echo' || o.base === 'printf'),
      );
      const literal = feeders.some((o) =>
        o.args.some((w) => !text(w).startsWith('-') && text(w).includes(':') && !w.raw.includes('$')),
      );
      if (literal) {
        out.push({
          word: cmd.nameWord,
          message:
            '`chpasswd` sets a password written literally in the RUN line, which is stored in the image history and works for anyone who runs the image.',
          fix: 'Do not set passwords at build time; create the user without a password (`useradd -r`) and pass credentials at run time.',
          severity: 'medium',
        });
      }
      continue;
    }
    // echo/printf ... > ~/.npmrc, tee ~/.npmrc
    const targets: ShellWord[] = [];
    for (const r of cmd.redirects)
      if ((r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>') && r.target)
        targets.push(r.target);
    if (base === 'tee') for (const w of args) if (!text(w).startsWith('-')) targets.push(w);
    for (const t of targets) {
      const file = credFileOf(text(t));
      if (!file) continue;
      const written = writtenText(cmd, cmds);
      if (!looksLikeCredential(file, written)) continue;
      if (removedLater(cmd.index, file)) continue;
      out.push({
        word: t,
        message: `A credential is written into ${file}, which stays in the image layer even if a later step deletes it.`,
        fix: `Mount the file as a build secret for the step that needs it: \`RUN --mount=type=secret,id=cfg,target=/root/${file} ...\`.`,
      });
    }
  }
  return out;
}

/** The text a command writes: its arguments, its heredoc, or (for tee) what the pipe feeds it. */
function writtenText(cmd: ShellCommand, cmds: ShellCommand[]): string {
  let s = cmd.args.map(text).join(' ');
  for (const r of cmd.redirects) if (r.heredoc) s += '\n' + r.heredoc.body.slice(0, MAX_VALUE);
  if (cmd.pipeIndex > 0) {
    for (const o of cmds)
      if (o.pipeline === cmd.pipeline && o.pipeIndex < cmd.pipeIndex) s += ' ' + o.args.map(text).join(' ');
  }
  return s.slice(0, MAX_VALUE);
}

function looksLikeCredential(file: string, written: string): boolean {
  const l = written.toLowerCase();
  if (file === '.npmrc' || file === '.yarnrc.yml')
    return l.includes('_auth') || l.includes('npmauthtoken') || l.includes('_password');
  if (file === '.pypirc' || file === '.netrc') return l.includes('password');
  if (file === '.git-credentials') return l.includes('@');
  return l.includes('auth') || l.includes('secret') || l.includes('token') || l.includes('password');
}

function checkRun(inst: DockerInstruction, owner: DockerInstruction, c: Ctx): void {
  const script = inst.shell;
  if (!script) return;
  const scopeLine = owner.span.line;
  // Literal tokens anywhere in the command line.
  const seen = new Set<string>();
  for (const cmd of script.commands) {
    for (const w of [cmd.nameWord, ...cmd.args, ...cmd.assigns.flatMap((x) => (x.value ? [x.value] : []))]) {
      const kind = credentialKind(w.raw.length > MAX_VALUE ? w.raw.slice(0, MAX_VALUE) : w.raw);
      const key = `${w.line}:${w.column}`;
      if (!kind || seen.has(key)) continue;
      seen.add(key);
      const { severity, where } = placed('high', owner, c);
      c.hits.push({
        ...spanHit(w, scopeLine),
        message: `RUN contains what looks like ${kind}${where}; the command line is stored in the image history.`,
        evidence: `RUN ${cmd.base || 'command'} ... <masked>`,
        fix: 'Revoke it, and pass it with `RUN --mount=type=secret,id=<id>,env=<VAR>` instead.',
        ...sev(severity),
      });
    }
  }
  if (hasSecretMount(owner) || hasSecretMount(inst)) return;
  for (const h of setupHits(script)) {
    const { severity, where } = placed(h.severity ?? 'high', owner, c, 'files');
    c.hits.push({
      ...spanHit(h.word, scopeLine),
      message: h.message.replace(/\.$/, '') + where + '.',
      evidence: h.word.raw.length > 80 ? h.word.raw.slice(0, 80) : h.word.raw,
      fix: h.fix,
      ...sev(severity),
    });
  }
}

export const rule = defineRule({
  id: 'dockerfile/secret-in-image',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Secret baked into the image',
  description:
    'Everything in an image can be read by anyone who can pull it: ENV values sit in its config, ARG values and RUN command lines in its history, and files added by COPY/ADD or written by RUN stay in their layer even when a later step deletes them. A token or password that gets there is as public as the image, and lives in every cache and mirror that holds it. High when a value looks like a real credential (a known token format, a private key, a password literal), medium for a name that only suggests one.',
  fix: 'Pass build-time secrets with `RUN --mount=type=secret,id=<id>` (and `docker build --secret`), runtime secrets through the orchestrator, and revoke any secret that was committed.',
  examples: {
    bad: 'ENV GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nARG NPM_TOKEN\nCOPY .npmrc /root/.npmrc\nRUN npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"',
    good: 'ENV NPM_TOKEN_FILE=/run/secrets/npm_token\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    language: 'dockerfile',
  },
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
  ],
  check(model) {
    const scope = buildScope(model);
    const c: Ctx = { scope, hits: [], filesInFinal: stagesWithFilesInFinal(model, scope) };
    for (const inst of model.instructions) {
      const target = inst.keyword === 'ONBUILD' && inst.trigger ? inst.trigger : inst;
      switch (target.keyword) {
        case 'ENV':
        case 'ARG':
          for (const p of target.properties) checkProperty(target, p, c);
          break;
        case 'COPY':
        case 'ADD':
          checkCopy(target, inst, c);
          break;
        case 'RUN':
          checkRun(target, inst, c);
          break;
      }
    }
    return c.hits;
  },
});
