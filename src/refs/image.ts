/** Container image references: parsing and how fixed they are (see DESIGN.md "References"). */
import type { PinGrade } from './grade.js';

export interface ImageRef {
  /** As written, after variable substitution. */
  raw: string;
  /** Registry host (with port), or undefined for the implicit Docker Hub. */
  registry?: string;
  /** Repository path without registry, e.g. `library/node` is written `node`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST_RE = /^sha(256:[a-f0-9]{64}|384:[a-f0-9]{96}|512:[a-f0-9]{128})$/;

/** Parses `[registry[:port]/]path[:tag][@digest]`; undefined for text that is not an image reference. */
export function parseImageRef(raw: string): ImageRef | undefined {
  const s = raw.trim();
  if (!s || s.length > 512 || /[\s{}]/.test(s)) return undefined;
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!rest || (tag !== undefined && tag === '')) return undefined;
  return { raw: s, registry, repository: rest, tag, digest };
}

export function hasValidDigest(ref: ImageRef): boolean {
  return ref.digest !== undefined && DIGEST_RE.test(ref.digest);
}

/** The registry as Docker resolves it: `docker.io` when none is written. */
export function effectiveRegistry(ref: ImageRef): string {
  if (!ref.registry || ref.registry === 'index.docker.io' || ref.registry === 'registry-1.docker.io')
    return 'docker.io';
  return ref.registry;
}

/** Exact-looking tags: a full version (1.2.3, 20.11.1-alpine3.19, 2024.01.15); everything else floats. */
function isExactTag(tag: string): boolean {
  return /^v?\d+\.\d+\.\d+/.test(tag) || /^\d{8,}/.test(tag);
}

export function gradeImage(ref: ImageRef): PinGrade {
  if (hasValidDigest(ref)) return 'locked';
  if (ref.tag === undefined || ref.tag === 'latest') return 'unpinned';
  return isExactTag(ref.tag) ? 'exact' : 'floating';
}

/** `name:tag@sha256:<digest>`: the locked form to suggest in fixes. */
export function lockedForm(ref: ImageRef): string {
  const name = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  return `${name}:${ref.tag && ref.tag !== 'latest' ? ref.tag : '<version>'}@sha256:<digest>`;
}
