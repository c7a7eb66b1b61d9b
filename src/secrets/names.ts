/**
 * Names and values: whether a variable, key or flag name says it holds a secret, and whether a
 * value is a stand-in (`changeme`, `<token>`, `true`) rather than one. Bounded loops over short
 * strings only.
 */

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

/** Words that are settings, not secrets, whatever the name says (`PASSWORD_AUTH=true`). */
export function isHarmlessWord(value: string): boolean {
  return HARMLESS.has(value.trim().toLowerCase());
}
