import { defineRule, hit, spanAt, type Hit, type Related, type Span } from '../../core/index.js';
import { allowedHosts, hostWithPort, isAllowedHost, isConfiguredHosts } from '../../refs/hosts.js';
import { short } from '../lockfile/util.js';
import { withoutUserinfo } from '../../secrets/index.js';
import { aliasRelated, isEnvReference, registrySetting, varList, yarnEnvValue } from './pm-util.js';

export const rule = defineRule({
  id: 'config/registry-override',
  kind: 'config',
  appliesTo: 'pm-config',
  severity: 'medium',
  title: 'Package-manager config points installs at another registry',
  description:
    'A committed `.npmrc`, `.yarnrc.yml`, `pip.conf` or `bunfig.toml` decides where every install fetches packages from, and lockfiles without URLs (Yarn Berry, pnpm, bun) follow it silently. A changed registry line in a pull request can route all installs through a server that serves different code; over `http://` anyone on the path can.',
  fix: 'Keep registry settings pointing at the public registry or at your own registry over https, and list your registry in `lockfile.allowed-hosts` so changes away from it are reported.',
  examples: {
    bad: 'registry=http://npm.example.net/\n@acme:registry=https://npm.example.net/',
    good: '# .bulkhead.yml: lockfile: { allowed-hosts: [registry.npmjs.org, npm.pkg.github.com] }\nregistry=https://registry.npmjs.org/\n@acme:registry=https://npm.pkg.github.com/',
    language: 'ini',
  },
  options:
    '`lockfile.allowed-hosts`: registry hosts that may be configured (a configured list replaces the public defaults).',
  references: [
    'https://docs.npmjs.com/cli/v11/using-npm/config#registry',
    'https://yarnpkg.com/configuration/yarnrc#npmRegistryServer',
  ],
  check(model, ctx) {
    const hits: Hit[] = [];
    const configured = isConfiguredHosts(ctx.config);
    for (const s of model.settings) {
      const eco = registrySetting(model, s);
      if (!eco) continue;
      const related = aliasRelated(s);
      for (const { value: written, offset } of splitValues(s.value)) {
        const at = spanAt({ line: s.valueLine, column: s.valueColumn + offset }, written.length);
        let value = written;
        let when = '';
        if (model.format === 'yarnrc-yml') {
          // Yarn substitutes ${VAR} / ${VAR:-default}: judge what the file itself decides.
          const env = yarnEnvValue(written);
          if (env.hasRefs && env.whenUnset === undefined) {
            hits.push(fromEnvironment(s.key, written, env.fixedPrefix, env.vars, at, related));
            continue;
          }
          value = env.whenUnset ?? written;
          if (env.hasRefs)
            when = ` when ${varList(env.vars)} ${env.vars.length === 1 ? 'is' : 'are'} unset (the default written here)`;
        } else if (isEnvReference(value)) {
          continue;
        }
        if (value === '') continue;
        let u: URL | undefined;
        try {
          u = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : undefined;
        } catch {
          u = undefined;
        }
        if (!u) continue; // find-links to a local directory, a malformed value: nothing to fetch remotely
        const shown = withoutUserinfo(u);
        const extra = related.length > 0 ? { related } : {};
        if (u.protocol === 'http:') {
          hits.push(
            hit(
              at,
              `${s.key} sends installs to ${shown} over plain http${when}: anyone on the network path can serve different packages.`,
              {
                severity: 'high',
                evidence: `${s.key} ${shown}`,
                fix: `Use the https:// URL of the registry.`,
                ...extra,
              },
            ),
          );
          continue;
        }
        if (model.format === 'pypirc') continue; // upload target: only the transport is in scope
        const list = allowedHosts(ctx.config, eco);
        if (isAllowedHost(hostWithPort(u), list)) continue;
        hits.push(
          hit(
            at,
            `${s.key} sends ${eco} installs to ${hostWithPort(u)}${when}, which is not in ${configured ? 'lockfile.allowed-hosts' : 'the public registry hosts'} (${list.join(', ')}).`,
            {
              evidence: `${s.key} ${short(shown)}`,
              fix: configured
                ? `Point ${s.key} at an allowed registry, or add ${u.hostname} to lockfile.allowed-hosts.`
                : `If ${u.hostname} is your registry, add it to lockfile.allowed-hosts; otherwise remove the setting.`,
              ...extra,
            },
          ),
        );
      }
    }
    return hits;
  },
});

/**
 * A Yarn registry read from a variable the file gives no default. Unset, Yarn stops with an
 * error, so nothing installs through it; set, the registry is chosen outside the repository and
 * cannot be checked against the allowed hosts. That is not a pass: medium, as for a host that is
 * not allowed, and high when the text around the variable already says plain http.
 */
function fromEnvironment(
  key: string,
  written: string,
  fixedPrefix: string,
  vars: readonly string[],
  at: Span,
  related: Related[],
): Hit {
  const extra = related.length > 0 ? { related } : {};
  const evidence = `${key} ${short(written)}`;
  if (/^http:\/\//i.test(fixedPrefix)) {
    return hit(
      at,
      `${key} sends installs over plain http to a host taken from ${varList(vars)}: anyone on the network path can serve different packages.`,
      {
        severity: 'high',
        evidence,
        fix: 'Use the https:// URL of the registry.',
        ...extra,
      },
    );
  }
  return hit(
    at,
    `${key} takes its registry from ${varList(vars)}, with no default in the file: where installs come from is decided outside the repository and cannot be checked against the allowed hosts.`,
    {
      evidence,
      fix: `Write the registry URL (https) in the file, or give the variable an https default: \${VAR:-https://registry.example/}.`,
      ...extra,
    },
  );
}

/** pip accepts several whitespace-separated URLs in one value. */
function splitValues(v: string): { value: string; offset: number }[] {
  const out: { value: string; offset: number }[] = [];
  let i = 0;
  const s = v.slice(0, 10_000);
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    const start = i;
    while (i < s.length && !/\s/.test(s[i]!)) i++;
    if (i > start) out.push({ value: s.slice(start, i), offset: start });
  }
  return out.length > 0 ? out : [{ value: '', offset: 0 }];
}

export { splitValues };
