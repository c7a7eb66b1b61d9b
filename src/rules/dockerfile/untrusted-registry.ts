import { imageSites, siteLabel, unknownVars } from '../../formats/dockerfile/images.js';
import { effectiveRegistry, type ImageRef, type PartialImageRef } from '../../refs/image.js';
import { defineRule, hit, type Hit } from '../../core/index.js';

const HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

function normHost(h: string): string {
  const l = h.toLowerCase();
  return HUB_ALIASES.has(l) ? 'docker.io' : l;
}

interface Pattern {
  /** Host, or `.suffix` for `*.suffix`. */
  host: string;
  wildcard: boolean;
  /** Optional repository prefix (`docker.io/library` -> `library`). */
  path?: string;
}

function compile(entry: string): Pattern | undefined {
  let e = entry.trim().toLowerCase();
  if (!e) return undefined;
  e = e.replace(/^[a-z]+:\/\//, '');
  if (e.endsWith('/*')) e = e.slice(0, -2);
  while (e.endsWith('/')) e = e.slice(0, -1);
  const slash = e.indexOf('/');
  const host = slash === -1 ? e : e.slice(0, slash);
  const path = slash === -1 ? undefined : e.slice(slash + 1);
  if (host.startsWith('*.')) return { host: host.slice(1), wildcard: true, path };
  return { host: normHost(host), wildcard: false, path };
}

/** Repository as the registry stores it: Docker Hub official images live under `library/`. */
function fullRepository(ref: ImageRef, registry: string): string {
  const repo = ref.repository.toLowerCase();
  return registry === 'docker.io' && !repo.includes('/') ? `library/${repo}` : repo;
}

export function isTrusted(ref: ImageRef, entries: readonly string[]): boolean {
  const registry = normHost(effectiveRegistry(ref));
  for (const entry of entries) {
    const p = compile(entry);
    if (!p) continue;
    const hostOk = p.wildcard
      ? registry.endsWith(p.host) && registry.length > p.host.length
      : registry === p.host;
    if (!hostOk) continue;
    if (p.path === undefined) return true;
    const repo = fullRepository(ref, registry);
    if (repo === p.path || repo.startsWith(p.path + '/')) return true;
  }
  return false;
}

/**
 * A partly-known image: `trusted`/`untrusted` when the known registry (and, for entries with a
 * path, the known start of the repository) decides it whatever the unknown parts hold; `unknown`
 * when the host itself is unknown or an entry could still match.
 */
export function partialTrust(
  p: PartialImageRef,
  entries: readonly string[],
): 'trusted' | 'untrusted' | 'unknown' {
  const r = p.registry;
  if (!r) return 'unknown';
  const registry = normHost(r.host ?? 'docker.io');
  let unknown = false;
  for (const entry of entries) {
    const pat = compile(entry);
    if (!pat) continue;
    const hostOk = pat.wildcard
      ? registry.endsWith(pat.host) && registry.length > pat.host.length
      : registry === pat.host;
    if (!hostOk) continue;
    if (pat.path === undefined) return 'trusted';
    const repo = r.repository.toLowerCase();
    // Docker Hub official images live under `library/` when the repository has no `/`.
    const candidates =
      registry === 'docker.io' && !repo.includes('/')
        ? r.complete
          ? [`library/${repo}`]
          : [repo, `library/${repo}`]
        : [repo];
    for (const c of candidates) {
      if (c === pat.path || c.startsWith(pat.path + '/')) return 'trusted';
      // The repository goes on past the known text: it may still reach the entry's path.
      if (!r.complete && (pat.path + '/').startsWith(c)) unknown = true;
    }
  }
  return unknown ? 'unknown' : 'untrusted';
}

export const rule = defineRule({
  id: 'dockerfile/untrusted-registry',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Image from a registry outside the trusted list',
  description:
    'Images from a registry the organisation has not vetted bypass its mirroring, scanning and access control: anyone who can publish there can change what gets built. The check covers `FROM`, `COPY --from=<image>`, `RUN --mount=...,from=<image>`, `ONBUILD` payloads and the `# syntax=` frontend; an image without a registry host comes from Docker Hub (`docker.io`). One finding per image reference, since each is moved to a trusted registry by its own edit. The rule is inactive until `dockerfile.trusted-registries` lists at least one registry. A registry only known at build time is never guessed: `FROM ghcr.io/${ORG}/app:1` is judged by its known host `ghcr.io` (and by the known start of the repository for entries with a path), while `FROM ${REGISTRY}/app:1` with no default is not reported.',
  fix: 'Pull the image through a trusted registry (a mirror or your own copy), or add its registry to `dockerfile.trusted-registries` after review.',
  examples: {
    bad: '# .bulkhead.yml: dockerfile: { trusted-registries: [ghcr.io/acme] }\nFROM node:20@sha256:da69367613faf87fe5b89f1af47c80bc716aede76431de05067a778ae34b9524\nCOPY --from=quay.io/x/tool:1@sha256:dd6a5f2494dc5183c2fda490a5bcf6c9b91d4e04d29322ebf4311d7ac00a873e /tool /usr/bin/tool',
    good: '# .bulkhead.yml: dockerfile: { trusted-registries: [ghcr.io/acme, "*.dkr.ecr.us-east-1.amazonaws.com"] }\nFROM ghcr.io/acme/node:20@sha256:1e6253b420b2a6060ad4844c51abfb63015c92d386163de6178012e001240084',
    language: 'dockerfile',
  },
  options:
    '`dockerfile.trusted-registries`: registry hosts (`docker.io`, `ghcr.io`, `registry.example.com:5000`), wildcards for subdomains (`*.example.com`, which does not match `example.com` itself), or host/path prefixes (`docker.io/library`, `ghcr.io/acme`). Empty (the default) turns the rule off.',
  check(model, ctx) {
    const entries = ctx.config.dockerfile['trusted-registries'];
    if (entries.length === 0) return [];
    const hits: Hit[] = [];
    for (const site of imageSites(model)) {
      const p = site.partial;
      if (p) {
        if (partialTrust(p, entries) !== 'untrusted') continue;
        const registry = normHost(p.registry!.host ?? 'docker.io');
        const implicit = p.registry!.host === undefined ? ' (no host given, so Docker Hub)' : '';
        hits.push(
          hit(
            site.span,
            `${siteLabel(site)} '${p.text}' comes from ${registry}${implicit}, which is not in dockerfile.trusted-registries (whatever ${unknownVars(p.names)}).`,
            {
              evidence: site.raw,
              fix: `Use a copy of the image in one of: ${entries.join(', ')}; or review ${registry} and add it to dockerfile.trusted-registries.`,
              image: p.text,
              scopeLine: site.instruction?.span.line,
            },
          ),
        );
        continue;
      }
      if (!site.ref || site.image === undefined) continue;
      if (isTrusted(site.ref, entries)) continue;
      const registry = normHost(effectiveRegistry(site.ref));
      const implicit = site.ref.registry === undefined ? ' (no host given, so Docker Hub)' : '';
      hits.push(
        hit(
          site.span,
          `${siteLabel(site)} '${site.image}' comes from ${registry}${implicit}, which is not in dockerfile.trusted-registries.`,
          {
            evidence: site.raw,
            fix: `Use a copy of the image in one of: ${entries.join(', ')}; or review ${registry} and add it to dockerfile.trusted-registries.`,
            image: site.image,
            scopeLine: site.instruction?.span.line,
          },
        ),
      );
    }
    return hits;
  },
});
