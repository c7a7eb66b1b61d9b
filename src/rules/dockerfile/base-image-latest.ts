import { imageSites, siteFixForm, siteLabel, unknownVars } from '../../formats/dockerfile/images.js';
import { hasValidDigest, lockedForm, partialLockedForm } from '../../refs/image.js';
import { defineRule, hit, type Hit } from '../../core/index.js';

export const rule = defineRule({
  id: 'dockerfile/base-image-latest',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Image without a tag or with :latest',
  description:
    'An image named without a tag means `:latest`, which the publisher (or whoever takes over the name) can point at different bytes at any moment. Every rebuild may then run a different, unreviewed base, and a compromised push reaches every image built after it. This covers `FROM`, `COPY --from=<image>`, `RUN --mount=...,from=<image>` and the same inside `ONBUILD`, one finding per image reference (each is pinned by its own edit). A value only known at build time is never guessed, but `FROM ${REGISTRY}/ubuntu` has no tag whatever the registry is, so it is reported; `FROM ${PREFIX}ubuntu` is reported by `base-image-unpinned` instead (a prefix ending in `name:` would make `ubuntu` the tag), and `FROM ${IMAGE}` with no default is not reported.',
  fix: 'Pin the image by digest, keeping a readable tag: `FROM node:20.11.1@sha256:<digest>`.',
  examples: {
    bad: 'FROM node\nFROM python:latest\nCOPY --from=nginx:latest /etc/nginx /etc/nginx',
    good: 'FROM node:20.11.1@sha256:7f3b2c6a1d0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\nCOPY --from=build /app /app',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/reference/dockerfile/#from'],
  check(model) {
    const hits: Hit[] = [];
    for (const site of imageSites(model)) {
      if (site.kind === 'syntax') continue;
      const p = site.partial;
      if (p) {
        if (p.digest !== 'none' && p.digest !== 'malformed') continue;
        if (!p.tag.known || (p.tag.value !== undefined && p.tag.value !== 'latest')) continue;
        const via = p.text !== site.raw ? ` (from '${site.raw}')` : '';
        hits.push(
          hit(
            site.span,
            `${siteLabel(site)} '${p.text}'${via} ${p.tag.value === undefined ? `has no tag whatever ${unknownVars(p.names)}, so it means :latest,` : `uses :latest whatever ${unknownVars(p.names)},`} a moving target that can change under every rebuild.`,
            {
              evidence: site.raw,
              fix: `Pin a version and its digest: ${siteFixForm(site, partialLockedForm(p))}`,
              image: p.text,
              scopeLine: site.instruction?.span.line,
            },
          ),
        );
        continue;
      }
      if (!site.ref || site.image === undefined) continue;
      const ref = site.ref;
      if (hasValidDigest(ref)) continue;
      if (ref.tag !== undefined && ref.tag !== 'latest') continue;
      const via = site.image !== site.raw ? ` (from '${site.raw}')` : '';
      hits.push(
        hit(
          site.span,
          `${siteLabel(site)} '${site.image}'${via} ${ref.tag === undefined ? 'has no tag, so it means :latest' : 'uses :latest'}, a moving target that can change under every rebuild.`,
          {
            evidence: site.raw,
            fix: `Pin a version and its digest: ${siteFixForm(site, lockedForm(ref))}`,
            image: site.image,
            scopeLine: site.instruction?.span.line,
          },
        ),
      );
    }
    return hits;
  },
});
