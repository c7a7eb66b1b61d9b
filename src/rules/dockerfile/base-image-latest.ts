import type { DockerfileModel } from '../../formats/dockerfile/model.js';
import { parseImageRef, hasValidDigest, lockedForm } from '../../refs/image.js';
import type { Hit, Rule } from '../rule.js';

export const rule: Rule<DockerfileModel> = {
  id: 'dockerfile/base-image-latest',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Base image without a tag or with :latest',
  description:
    'An image named without a tag means `:latest`, which the publisher (or whoever takes over the name) can point at different bytes at any moment. Every rebuild may then run a different, unreviewed base, and a compromised push reaches every image built after it.',
  fix: 'Pin the image by digest, keeping a readable tag: `FROM node:20.11.1@sha256:<digest>`.',
  examples: {
    bad: 'FROM node\nFROM python:latest',
    good: 'FROM node:20.11.1@sha256:7f3b2c6a1d0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2',
    language: 'dockerfile',
  },
  check(model) {
    const hits: Hit[] = [];
    for (const stage of model.stages) {
      if (stage.parentStage !== undefined || stage.image === undefined) continue;
      if (stage.image.toLowerCase() === 'scratch') continue;
      const ref = parseImageRef(stage.image);
      if (!ref || hasValidDigest(ref)) continue;
      if (ref.tag !== undefined && ref.tag !== 'latest') continue;
      const via = stage.image !== stage.imageRaw ? ` (from '${stage.imageRaw}')` : '';
      hits.push({
        message: `Base image '${stage.image}'${via} ${ref.tag === undefined ? 'has no tag, so it means :latest' : 'uses :latest'}, a moving target that can change under every rebuild.`,
        line: stage.imageSpan.line,
        column: stage.imageSpan.column,
        endLine: stage.imageSpan.endLine,
        endColumn: stage.imageSpan.endColumn,
        evidence: stage.imageRaw,
        fix: `Pin a version and its digest: FROM ${lockedForm(ref)}`,
        image: stage.image,
      });
    }
    return hits;
  },
};
