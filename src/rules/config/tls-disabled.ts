import { defineRule, hit, spanAt, type Hit } from '../../core/index.js';
import { leafKey } from './pm-util.js';
import { splitValues } from './registry-override.js';

function isFalse(v: string): boolean {
  const s = v.trim().toLowerCase();
  return s === 'false' || s === '0' || s === 'no' || s === 'off';
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
            },
          ),
        );
      } else if (model.format === 'yarnrc-yml' && leaf === 'enableStrictSsl' && isFalse(s.value)) {
        hits.push(
          hit(at, `${s.key}: false makes Yarn accept any TLS certificate, so installs can be intercepted.`, {
            evidence: `${s.key}: ${s.value}`,
            fix: 'Remove enableStrictSsl: false; trust a private CA with httpsCaFilePath instead.',
          }),
        );
      } else if (model.format === 'yarnrc-yml' && s.key === 'unsafeHttpWhitelist' && s.value !== '') {
        hits.push(
          hit(
            at,
            `unsafeHttpWhitelist lets Yarn fetch from ${s.value} over plain http, so those downloads can be substituted in transit.`,
            {
              evidence: `unsafeHttpWhitelist ${s.value}`,
              fix: `Serve ${s.value} over https and remove it from unsafeHttpWhitelist.`,
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
