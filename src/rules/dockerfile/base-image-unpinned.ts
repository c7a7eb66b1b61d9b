import { imageSites, siteFixForm, siteLabel, unknownVars } from '../../formats/dockerfile/images.js';
import { hasValidDigest, gradeImage, lockedForm, partialLockedForm } from '../../refs/image.js';
import { defineRule, hit, type Autofix, type Hit } from '../../core/index.js';

type Site = ReturnType<typeof imageSites>[number];

/** One finding for an image without a digest: the site, the image as resolved, why, and its pinned form. */
/**
 * The digest pin as a fix, when the image is written out in full (no variable, no quotes) with a
 * tag and no digest: then the digest its tag names now is appended to the text as written.
 */
export function digestAutofix(site: Site): Autofix | undefined {
  const ref = site.ref;
  if (!ref || ref.digest !== undefined || ref.tag === undefined || site.image !== site.raw) return undefined;
  return {
    title: `pin ${site.raw} to its current digest`,
    resolve: { kind: 'image-digest', image: site.raw, span: site.span },
  };
}

function unpinnedHit(site: Site, image: string, why: string, locked: string): Hit {
  const autofix = site.partial ? undefined : digestAutofix(site);
  const via = image !== site.raw ? ` (from '${site.raw}')` : '';
  return hit(
    site.span,
    `${siteLabel(site)} '${image}'${via} ${why}; a tag can be moved to different bytes without any change here.`,
    {
      evidence: site.raw,
      fix: `Pin the digest: ${siteFixForm(site, locked)}`,
      image,
      scopeLine: site.instruction?.span.line,
      ...(autofix ? { autofix } : {}),
    },
  );
}

export const rule = defineRule({
  id: 'dockerfile/base-image-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Image pinned by tag, not by digest',
  description:
    'A tag such as `node:20` or even `node:20.11.1` is a pointer the registry lets its owner move. Only a `@sha256:` digest names fixed bytes, so only a digest guarantees that what was reviewed is what gets built. This covers `FROM`, `COPY --from=<image>`, `RUN --mount=...,from=<image>` and the same inside `ONBUILD`; keep the tag next to the digest for readers and for update bots. One finding per image reference, because each is pinned by its own edit (an image named twice is two edits). A value only known at build time is never guessed, but when the unknown part cannot change the verdict the image is reported: `FROM ${REGISTRY}/ubuntu:noble` and `FROM python:${VERSION}-slim` have no digest whatever the variable holds (a digest ends the reference in hex digits). `FROM ubuntu:${TAG}` or `FROM ${IMAGE}` with no default is not reported, because the variable could end in `@sha256:...`.',
  fix: 'Add the digest of the tag you reviewed: `FROM node:20.11.1@sha256:<digest>` (`docker buildx imagetools inspect node:20.11.1` prints it).',
  examples: {
    bad: 'FROM node:20-alpine\nFROM ghcr.io/acme/base:1.4.2\nCOPY --from=busybox:1.36 /bin/busybox /bin/',
    good: 'FROM node:20-alpine@sha256:7f3b2c6a1d0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\nCOPY --from=0 /app /app',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/build/building/best-practices/#pin-base-image-versions'],
  check(model) {
    const hits: Hit[] = [];
    for (const site of imageSites(model)) {
      if (site.kind === 'syntax') continue;
      const p = site.partial;
      if (p) {
        if (p.digest !== 'none' && p.digest !== 'malformed') continue;
        if (p.tag.known && (p.tag.value === undefined || p.tag.value === 'latest')) continue;
        const tag = p.tag.known ? p.tag.value! : undefined;
        const why =
          p.digest === 'malformed'
            ? 'has a malformed digest'
            : tag === undefined
              ? `has no digest whatever ${unknownVars(p.names)}`
              : `${gradeImage({ raw: p.text, repository: 'x', tag }) === 'exact' ? 'is pinned by tag only' : 'uses a floating tag'} and has no digest whatever ${unknownVars(p.names)}`;
        hits.push(unpinnedHit(site, p.text, why, partialLockedForm(p)));
        continue;
      }
      if (!site.ref || site.image === undefined) continue;
      const ref = site.ref;
      if (ref.tag === undefined || ref.tag === 'latest' || hasValidDigest(ref)) continue;
      const grade = gradeImage(ref);
      const why =
        ref.digest !== undefined
          ? 'has a malformed digest'
          : grade === 'exact'
            ? 'is pinned by tag only'
            : 'uses a floating tag';
      hits.push(unpinnedHit(site, site.image, why, lockedForm(ref)));
    }
    return hits;
  },
});
