import type { PmConfigModel, PmSetting } from '../../formats/lockfile/config-model.js';
import { defineRule, type Hit } from '../../core/index.js';
import { findUrlCredentials, maskSecret } from '../../secrets/index.js';
import { isEnvReference, leafKey, registrySetting } from './pm-util.js';

const NPM_SECRET_KEYS = new Set(['_authToken', '_auth', '_password']);
const YARN_SECRET_KEYS = new Set(['npmAuthToken', 'npmAuthIdent']);
const BUN_SECRET_KEYS = new Set(['token', 'password']);

/** The secret part of a setting, or undefined when the setting holds none (or only an env reference). */
function secretOf(
  model: PmConfigModel,
  s: PmSetting,
): { secret: string; offset: number; what: string } | undefined {
  const leaf = leafKey(s.key);
  const v = s.value.trim();
  if (v === '' || isEnvReference(v)) {
    return undefined;
  }
  switch (model.format) {
    case 'npmrc':
    case 'yarnrc':
      if (NPM_SECRET_KEYS.has(leaf)) return { secret: v, offset: 0, what: leaf };
      break;
    case 'yarnrc-yml':
      if (YARN_SECRET_KEYS.has(leaf)) return { secret: v, offset: 0, what: leaf };
      break;
    case 'pypirc':
      if (s.key === 'password') return { secret: v, offset: 0, what: 'password' };
      break;
    case 'bunfig':
      if (s.key.startsWith('install.') && BUN_SECRET_KEYS.has(leaf))
        return { secret: v, offset: 0, what: leaf };
      break;
    case 'pip-conf':
      break;
  }
  // A registry URL with a password (or a token as the user name) in it.
  if (registrySetting(model, s) !== undefined) return urlSecret(v);
  return undefined;
}

/** A registry URL with a password in it, or any user name: a committed URL names an account. */
function urlSecret(v: string): { secret: string; offset: number; what: string } | undefined {
  const found = findUrlCredentials(v, 'all')[0];
  if (!found) return undefined;
  const secret = v.slice(found.start, found.end);
  if (isEnvReference(secret)) return undefined;
  return { secret, offset: found.start, what: 'credentials in the URL' };
}

export const rule = defineRule({
  id: 'config/committed-credential',
  kind: 'config',
  appliesTo: 'pm-config',
  severity: 'critical',
  title: 'Registry credential committed in package-manager config',
  description:
    'A literal token or password in a committed `.npmrc`, `.yarnrc.yml`, `.pypirc`, `pip.conf` or `bunfig.toml` is readable by everyone with access to the repository, its forks and its history, and publish tokens taken this way are how worms such as Shai-Hulud spread from package to package. Removing the line later does not help: the value stays in git history.',
  fix: 'Revoke the token now, then reference an environment variable instead (`//registry.npmjs.org/:_authToken=${NPM_TOKEN}`, `npmAuthToken: "${NPM_TOKEN}"`, `token = "$NPM_TOKEN"`) and provide it from your CI secrets.',
  examples: {
    bad: '//registry.npmjs.org/:_authToken=npm_AbCdEf0123456789AbCdEf0123456789AbCd',
    good: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    language: 'ini',
  },
  references: [
    'https://docs.npmjs.com/using-private-packages-in-a-ci-cd-workflow',
    'https://yarnpkg.com/configuration/yarnrc#npmAuthToken',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const s of model.settings) {
      const found = secretOf(model, s);
      if (!found) continue;
      const masked = maskSecret(found.secret);
      const column = s.valueColumn + found.offset;
      hits.push({
        message: `${s.key} holds a literal ${found.what} (${masked}) committed to the repository: anyone who can read it can use the registry account; revoke it.`,
        span: { line: s.valueLine, column, endLine: s.valueLine, endColumn: column + found.secret.length },
        // Never the secret itself: the key and the mask (a provider prefix at most) keep the fingerprint stable.
        evidence: `${s.key} ${masked}`,
        fix: `Revoke this credential, then use an environment reference for ${s.key} (for example \${NPM_TOKEN}) supplied by CI secrets.`,
      });
    }
    return hits;
  },
});
