import { defineRule, hit, spanAt, type Hit, type Related, type Span } from '../../core/index.js';
import { aliasRelated, leafKey, varList, yarnEnvValue } from './pm-util.js';
import { splitValues } from './registry-override.js';

function isFalse(v: string): boolean {
  const s = v.trim().toLowerCase();
  return s === 'false' || s === '0' || s === 'no' || s === 'off';
}

/**
 * Yarn's `enableStrictSsl`, after its `${VAR:-default}` substitution. A default of false is what
 * the file decides whenever the variable is unset (high, as written false). A variable without a
 * default leaves the choice to the environment (Yarn stops when it is unset): not a pass, but not
 * proven off either, so medium.
 */
function strictSslHit(key: string, value: string, at: Span, related: Related[]): Hit | undefined {
  const env = yarnEnvValue(value);
  const extra = related.length > 0 ? { related } : {};
  const fix = 'Remove enableStrictSsl: false; trust a private CA with httpsCaFilePath instead.';
  if (env.hasRefs && env.whenUnset === undefined) {
    return hit(
      at,
      `${key} is taken from ${varList(env.vars)}, with no default in the file: whether Yarn checks TLS certificates is decided outside the repository.`,
      { severity: 'medium', evidence: `${key}: ${value}`, fix, ...extra },
    );
  }
  if (!isFalse(env.whenUnset ?? value)) return undefined;
  const when = env.hasRefs
    ? ` when ${varList(env.vars)} ${env.vars.length === 1 ? 'is' : 'are'} unset (the default written here)`
    : '';
  return hit(
    at,
    `${key}: false${when} makes Yarn accept any TLS certificate, so installs can be intercepted.`,
    { evidence: `${key}: ${value}`, fix, ...extra },
  );
}

export const rule = defineRule({
  id: 'config/tls-disabled',
  kind: 'config',
  appliesTo: 'pm-config',
  severity: 'high',
  title: 'Package-manager config turns off TLS verification',
  description:
    "`strict-ssl=false`, `enableStrictSsl: false`, Yarn's `unsafeHttpWhitelist` and pip's `trusted-host` make the package manager accept any certificate (or plain http) from a registry. Anyone who can intercept the connection - a proxy, a hostile network, a poisoned DNS answer - can then serve their own packages to every install that uses this file.",
  fix: 'Remove the setting. If the registry uses a private CA, trust that CA instead (`cafile=` in .npmrc, `httpsCaFilePath` in .yarnrc.yml, `cert =` in pip.conf).',
  examples: {
    bad: 'strict-ssl=false',
    good: 'cafile=/etc/ssl/certs/corp-ca.pem',
    language: 'ini',
  },
  references: [
    'https://docs.npmjs.com/cli/v11/using-npm/config#strict-ssl',
    'https://yarnpkg.com/configuration/yarnrc#unsafeHttpWhitelist',
    'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const s of model.settings) {
      const leaf = leafKey(s.key);
      const at = spanAt({ line: s.valueLine, column: s.valueColumn }, Math.max(1, s.value.length));
      if (
        (model.format === 'npmrc' || model.format === 'yarnrc') &&
        s.key === 'strict-ssl' &&
        isFalse(s.value)
      ) {
        hits.push(
          hit(
            at,
            'strict-ssl=false makes npm/Yarn accept any TLS certificate from the registry, so installs can be intercepted.',
            {
              evidence: `${s.key}=${s.value}`,
              fix: 'Remove strict-ssl=false; trust a private CA with cafile= instead.',
              // The value written plainly (no quotes, no variable) is turned to true in place.
              ...(/^(false|0|no|off)$/i.test(s.value)
                ? { autofix: { title: 'set strict-ssl to true', edits: [{ span: at, text: 'true' }] } }
                : {}),
            },
          ),
        );
      } else if (model.format === 'yarnrc-yml' && leaf === 'enableStrictSsl') {
        const h = strictSslHit(s.key, s.value, at, aliasRelated(s));
        if (h) hits.push(h);
      } else if (model.format === 'yarnrc-yml' && s.key === 'unsafeHttpWhitelist' && s.value !== '') {
        const related = aliasRelated(s);
        hits.push(
          hit(
            at,
            `unsafeHttpWhitelist lets Yarn fetch from ${s.value} over plain http, so those downloads can be substituted in transit.`,
            {
              evidence: `unsafeHttpWhitelist ${s.value}`,
              fix: `Serve ${s.value} over https and remove it from unsafeHttpWhitelist.`,
              ...(related.length > 0 ? { related } : {}),
            },
          ),
        );
      } else if (model.format === 'pip-conf' && s.key === 'trusted-host') {
        for (const { value, offset } of splitValues(s.value)) {
          if (value === '') continue;
          hits.push(
            hit(
              spanAt({ line: s.valueLine, column: s.valueColumn + offset }, value.length),
              `trusted-host ${value} makes pip skip TLS verification (and allow http) for that host, so its packages can be substituted in transit.`,
              {
                evidence: `trusted-host ${value}`,
                fix: `Remove ${value} from trusted-host; give pip the host's CA with cert = instead.`,
              },
            ),
          );
        }
      }
    }
    return hits;
  },
});
