import type { DockerfileModel } from '../../formats/dockerfile/model.js';
import { parseImageRef, hasValidDigest, gradeImage, lockedForm } from '../../refs/image.js';
import type { Hit, Rule } from '../rule.js';

export const rule: Rule<DockerfileModel> = {
  id: 'dockerfile/base-image-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Base image pinned by tag, not by digest',
  description:
    'A tag such as `node:20` or even `node:20.11.1` is a pointer the registry lets its owner move. Only a `@sha256:` digest names fixed bytes, so only a digest guarantees that what was reviewed is what gets built. Keep the tag next to the digest for readers and for update bots.',
  fix: 'Add the digest of the tag you reviewed: `FROM node:20.11.1@sha256:<digest>` (`docker buildx imagetools inspect node:20.11.1` prints it).',
  examples: {
    bad: 'FROM node:20-alpine\nFROM ghcr.io/acme/base:1.4.2',
    good: 'FROM node:20-alpine@sha256:7f3b2c6a1d0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2',
    language: 'dockerfile',
  },
  check(model) {
    const hits: Hit[] = [];
    for (const stage of model.stages) {
      if (stage.parentStage !== undefined || stage.image === undefined) continue;
      if (stage.image.toLowerCase() === 'scratch') continue;
      const ref = parseImageRef(stage.image);
      if (!ref || ref.tag === undefined || ref.tag === 'latest' || hasValidDigest(ref)) continue;
      const grade = gradeImage(ref);
      const why =
        ref.digest !== undefined
          ? 'has a malformed digest'
          : grade === 'exact'
            ? 'is pinned by tag only'
            : 'uses a floating tag';
      const via = stage.image !== stage.imageRaw ? ` (from '${stage.imageRaw}')` : '';
      hits.push({
        message: `Base image '${stage.image}'${via} ${why}; a tag can be moved to different bytes without any change here.`,
        line: stage.imageSpan.line,
        column: stage.imageSpan.column,
        endLine: stage.imageSpan.endLine,
        endColumn: stage.imageSpan.endColumn,
        evidence: stage.imageRaw,
        fix: `Pin the digest: FROM ${lockedForm(ref)}`,
        image: stage.image,
      });
    }
    return hits;
  },
};
