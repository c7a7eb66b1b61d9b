import { defineRule, hit, spanAt, type Ecosystem, type Hit } from '../../core/index.js';
import { lockfileFormat } from '../../formats/lookup.js';
import {
  allowedHosts,
  hostWithPort,
  isAllowedHost,
  isConfiguredHosts,
  isDefaultRegistryUrl,
  sourceHost,
} from '../../refs/hosts.js';
import { parseSourceUrl } from '../../refs/urls.js';
import { groupOf, groupPackage, resolvedSpan, short, unmarkedNote, type GroupEntry } from './util.js';

export const rule = defineRule({
  id: 'lockfile/untrusted-host',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'high',
  title: 'Package downloaded from a host outside the allowed registries',
  description:
    "The lockfile-injection attack rewrites one entry's download URL (and its hash) so that a familiar package is fetched from an attacker's server; installs trust the lockfile, and reviewers rarely read its diff. Every registry or tarball entry should come from a registry you chose. One finding per lockfile and host, at its first entry, counts the packages and names the first few; the other entries are related spans (the first 50). Its fingerprint covers the list of releases, so with `report: new` a change that adds one more entry from the host is reported as new.",
  fix: 'Regenerate the entry from your registry (remove it and reinstall), or, if the host is your own registry or mirror, list it in `lockfile.allowed-hosts`.',
  examples: {
    bad: '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://evil.example.com/lodash-4.17.21.tgz",\n  "integrity": "sha512-..."\n}',
    good: '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-..."\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  options:
    "`lockfile.allowed-hosts`: hosts (or `*.example.com` wildcards, or registry URLs) that entries may come from. A configured list replaces the defaults (each ecosystem's public registry hosts) for every ecosystem.",
  references: [
    'https://snyk.io/blog/why-npm-lockfiles-can-be-a-security-blindspot-for-injecting-malicious-modules/',
    'https://github.com/lirantal/lockfile-lint',
  ],
  check(model, ctx) {
    const hits: Hit[] = [];
    const configured = isConfiguredHosts(ctx.config);
    const cache = new Map<Ecosystem, string[]>();
    const allowedFor = (e: Ecosystem): string[] => {
      let list = cache.get(e);
      if (!list) cache.set(e, (list = allowedHosts(ctx.config, e)));
      return list;
    };
    const describe = (list: string[]): string =>
      configured
        ? `lockfile.allowed-hosts (${list.join(', ')})`
        : `the public registry hosts (${list.join(', ')})`;

    // Packages whose source is a declared index (a Gemfile.lock `remote:`) are reported once, at
    // the index, instead of once per package at the same line.
    const declared = new Map<string, number>(model.registries.map((r) => [r.url, 0]));
    // One finding per host: a person fixes a host (regenerates from their registry, or allows it),
    // not each entry; the fingerprint covers the list of releases, so one more entry from the host
    // in a later change is a new finding.
    const byHost = new Map<string, { entries: GroupEntry[]; list: string[] }>();
    for (const p of model.packages) {
      if (p.source !== 'registry' && p.source !== 'tarball') continue;
      if (p.resolved !== undefined && declared.has(p.resolved)) {
        declared.set(p.resolved, declared.get(p.resolved)! + 1);
        continue;
      }
      const host = sourceHost(p.resolved);
      if (host === undefined) continue;
      if (!configured && isDefaultRegistryUrl(p.resolved!)) continue;
      const list = allowedFor(p.ecosystem);
      if (isAllowedHost(host, list)) continue;
      let group = byHost.get(host);
      if (!group) byHost.set(host, (group = { entries: [], list }));
      group.entries.push({ p, span: resolvedSpan(p) });
    }
    for (const [host, { entries, list }] of byHost) {
      const g = groupOf(entries);
      const hostname = host.replace(/:\d+$/, '');
      const what = g.ids.length === 1 ? `${g.named} is` : `${g.ids.length} packages (${g.named}) are`;
      hits.push(
        hit(
          g.first.span,
          `${what} downloaded from ${host}, which is not in ${describe(list)}: a rewritten download URL is how lockfile injection swaps in an attacker's package${unmarkedNote(g)}.`,
          {
            evidence: `${host} ${g.cover}`,
            ...groupPackage(g),
            ...(g.related.length > 0 ? { related: g.related } : {}),
            fix: configured
              ? `Regenerate ${g.ids.length === 1 ? 'this entry' : 'these entries'} from an allowed registry, or add ${hostname} to lockfile.allowed-hosts if it is yours.`
              : `Regenerate ${g.ids.length === 1 ? 'this entry' : 'these entries'} from the registry, or list ${hostname} in lockfile.allowed-hosts if it is your registry or mirror.`,
          },
        ),
      );
    }

    const ecosystem = lockfileFormat(model.format).ecosystem;
    for (const r of model.registries) {
      const u = parseSourceUrl(r.url);
      if (!u || u.hostname === '') continue;
      if (!configured && isDefaultRegistryUrl(r.url)) continue;
      const list = allowedFor(ecosystem);
      if (isAllowedHost(hostWithPort(u), list)) continue;
      const uses = declared.get(r.url)
        ? `${declared.get(r.url)} locked packages come from it`
        : 'packages will be resolved from it';
      hits.push(
        hit(
          spanAt(r, Math.min(r.url.length, 10_000)),
          `The lockfile names the package index ${hostWithPort(u)}, which is not in ${describe(list)}; ${uses}.`,
          {
            evidence: short(r.url),
            fix: `Use your chosen registry, or list ${u.hostname} in lockfile.allowed-hosts if it is yours.`,
          },
        ),
      );
    }
    return hits;
  },
});
