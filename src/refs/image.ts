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

/**
 * A stretch of a reference whose text is only known at build time (an ARG without default): it
 * may hold any text. Structurally the `UnknownPart` of the Dockerfile word lexer.
 */
export interface UnknownRefPart {
  readonly unknown: true;
  readonly names: readonly string[];
}
export type ImageRefPart = string | UnknownRefPart;

/**
 * - `valid`/`malformed`: the digest after `@` is known in full;
 * - `possible`: an unknown part could hold a digest, or completes the one written after `@`;
 * - `none`: no value of the unknown parts gives a reference with a digest.
 */
export type PartialDigest = 'valid' | 'malformed' | 'possible' | 'none';

/** What the known text of a partly-known reference decides, whatever the unknown parts hold. */
export interface PartialImageRef {
  /** The reference with each unknown part written `${NAME}`. */
  text: string;
  /** The variables whose values are unknown. */
  names: string[];
  digest: PartialDigest;
  /** The tag when the known text decides it (`value` undefined: no tag); `known: false` otherwise. */
  tag: { known: true; value?: string } | { known: false };
  /**
   * The registry when the text before the first `/` is known (`host` undefined: Docker Hub), with
   * the known start of the repository (`complete` when the repository itself is known in full).
   */
  registry?: { host?: string; repository: string; complete: boolean };
}

/** A character an image reference can hold: letters, digits and `.-_/:@`. */
export function isRefChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 45 ||
    c === 95 ||
    c === 47 ||
    c === 58 ||
    c === 64
  );
}

/**
 * Can `tail` be the end of a digest (`@algorithm:hex`) whose start an unknown part supplies? Either
 * a run of hex digits (the end of the hex part), or the end of an algorithm, `:` and the whole hex
 * part (at least 32 digits, as the reference grammar requires). Both patterns are linear.
 */
function couldEndDigest(tail: string): boolean {
  if (/^[0-9a-fA-F]*$/.test(tail)) return true;
  return /^[A-Za-z0-9+._-]*:[0-9a-fA-F]{32,}$/.test(tail);
}

/** The known text after the last unknown part, or undefined when there is no unknown part. */
function tailAfterUnknown(parts: readonly ImageRefPart[]): string | undefined {
  let tail: string | undefined;
  for (const p of parts) {
    if (typeof p !== 'string') tail = '';
    else if (tail !== undefined) tail += p;
  }
  return tail;
}

/**
 * Judges a reference of known text and unknown parts without guessing what the unknown parts
 * hold (undefined when the known text cannot be part of an image reference). A digest can only
 * come from an unknown part that reaches the end of the reference: `${REGISTRY}/ubuntu:noble`
 * has none whatever the registry is, `ubuntu:${TAG}` may have one (`TAG=24.04@sha256:...`), and
 * `${BASE}-slim` has none, because a digest ends in hex digits. Likewise the tag is known when
 * the text after the last unknown part decides it: `${REGISTRY}/ubuntu` has no tag whatever the
 * registry is, while `${PREFIX}ubuntu` would be tagged `ubuntu` if the prefix were `name:`.
 */
export function analyzeImageParts(parts: readonly ImageRefPart[]): PartialImageRef | undefined {
  let length = 0;
  for (const p of parts) {
    if (typeof p !== 'string') continue;
    length += p.length;
    if (length > 512) return undefined;
    for (let i = 0; i < p.length; i++) if (!isRefChar(p.charCodeAt(i))) return undefined;
  }
  const first = parts[0];
  if (typeof first === 'string') {
    const c = first.charCodeAt(0);
    if (c === 46 || c === 45 || c === 47 || c === 58 || c === 64) return undefined;
  }

  // Split at the first known `@`: name parts before, digest parts after.
  const name: ImageRefPart[] = [];
  let digestParts: ImageRefPart[] | undefined;
  for (const p of parts) {
    if (digestParts) digestParts.push(p);
    else if (typeof p === 'string' && p.includes('@')) {
      const at = p.indexOf('@');
      if (at > 0) name.push(p.slice(0, at));
      digestParts = at + 1 < p.length ? [p.slice(at + 1)] : [];
    } else name.push(p);
  }

  let digest: PartialDigest;
  if (digestParts) {
    const known = digestParts.every((p) => typeof p === 'string');
    digest = !known ? 'possible' : DIGEST_RE.test(digestParts.join('')) ? 'valid' : 'malformed';
  } else {
    digest = couldEndDigest(tailAfterUnknown(parts) ?? '') ? 'possible' : 'none';
  }

  let tag: PartialImageRef['tag'];
  const tail = tailAfterUnknown(name);
  if (!digestParts && digest === 'possible') {
    // An unknown part may hold `@...`: then the text after it is the digest, not the tag.
    tag = { known: false };
  } else if (tail === undefined) {
    const ref = parseImageRef(name.join(''));
    if (!ref) return undefined;
    tag = { known: true, value: ref.tag };
  } else {
    const slash = tail.lastIndexOf('/');
    const last = slash === -1 ? tail : tail.slice(slash + 1);
    const colon = last.indexOf(':');
    if (colon !== -1) tag = { known: true, value: last.slice(colon + 1) };
    else if (slash !== -1) tag = { known: true };
    else tag = { known: false };
    if (tag.known && tag.value === '') return undefined;
  }

  let registry: PartialImageRef['registry'];
  if (typeof first === 'string' && first.includes('/')) {
    const slash = first.indexOf('/');
    const head = first.slice(0, slash);
    const isHost = head.includes('.') || head.includes(':') || head === 'localhost';
    let repo = isHost ? first.slice(slash + 1) : first;
    let complete = false;
    const end = repo.search(/[:@]/);
    if (end !== -1) {
      repo = repo.slice(0, end);
      complete = true;
    }
    registry = { host: isHost ? head : undefined, repository: repo, complete };
  }

  const names: string[] = [];
  let text = '';
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      for (const n of p.names) if (!names.includes(n)) names.push(n);
      text += p.names.map((n) => '${' + n + '}').join('') || '${?}';
    }
  }
  return { text, names, digest, tag, registry };
}

/** The locked form of a partly-known reference for a fix: the digest appended, a tag if none. */
export function partialLockedForm(p: PartialImageRef): string {
  let name = p.text;
  const at = name.indexOf('@');
  if (at !== -1) name = name.slice(0, at);
  if (p.tag.known && (p.tag.value === undefined || p.tag.value === 'latest')) {
    if (p.tag.value === 'latest') name = name.slice(0, -':latest'.length);
    name += ':<version>';
  }
  return `${name}@sha256:<digest>`;
}
