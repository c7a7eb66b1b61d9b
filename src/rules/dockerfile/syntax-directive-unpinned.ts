import { imageSites } from '../../formats/dockerfile/images.js';
import { hasValidDigest, lockedForm } from '../../refs/image.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { digestAutofix } from './base-image-unpinned.js';

export const rule = defineRule({
  id: 'dockerfile/syntax-directive-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'low',
  title: '# syntax= frontend image not pinned by digest',
  description:
    'The `# syntax=` directive makes BuildKit pull that image and run it as the Dockerfile frontend: it decides what every instruction does, with access to the build context and secrets. A tag such as `docker/dockerfile:1` is moved with every release, so the code interpreting the build can change without any change to the repository.',
  fix: 'Pin the frontend by digest, keeping the tag for readers and update bots: `# syntax=docker/dockerfile:1.7@sha256:<digest>`.',
  examples: {
    bad: '# syntax=docker/dockerfile:1\nFROM alpine:3.19@sha256:acbb8c946091c7aaab74dac170bd6b6b3aa78a2600cf857f8a4fb5ff83c18d94',
    good: '# syntax=docker/dockerfile:1.7@sha256:a57df69d0ea827fb7266491f2813635de6f17269be881f696fbfdf2d83dda33e\nFROM alpine:3.19@sha256:acbb8c946091c7aaab74dac170bd6b6b3aa78a2600cf857f8a4fb5ff83c18d94',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/build/buildkit/frontend/'],
  check(model) {
    const hits: Hit[] = [];
    for (const site of imageSites(model)) {
      if (site.kind !== 'syntax' || !site.ref) continue;
      if (hasValidDigest(site.ref)) continue;
      const ref = site.ref;
      const what =
        ref.digest !== undefined
          ? 'has a malformed digest'
          : ref.tag === undefined || ref.tag === 'latest'
            ? 'has no version (it means :latest)'
            : `is pinned by the tag '${ref.tag}' only`;
      hits.push(
        hit(
          site.span,
          `Syntax frontend '${site.image}' ${what}; the frontend that interprets this Dockerfile can change without a change here.`,
          {
            evidence: site.raw,
            fix: `Pin the digest: # syntax=${lockedForm(ref)}`,
            image: site.image,
            ...(ref.tag !== 'latest' ? { autofix: digestAutofix(site) } : {}),
          },
        ),
      );
    }
    return hits;
  },
});
