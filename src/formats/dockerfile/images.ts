/**
 * Every place a Dockerfile names a container image ("site"), with the span of the image word:
 * FROM, `COPY --from=<image>`, `RUN --mount=...,from=<image>`, the same inside ONBUILD payloads,
 * and the `# syntax=` frontend. Values that name a build stage (by name or index) are not images
 * and are left out.
 *
 * Image words are expanded as BuildKit's lexer expands them (quotes removed, `${VAR:-default}`,
 * `${VAR:+alt}`), FROM with the global ARGs and `--from` with the instruction's scope. A value
 * only known at build time is never guessed: the site keeps `image: undefined`, and when part of
 * the text is known, `partial` says what that part decides whatever the rest holds (no digest in
 * `${REGISTRY}/ubuntu:noble`, the registry of `ghcr.io/${ORG}/app`).
 */
import type { Span } from '../position.js';
import {
  analyzeImageParts,
  isRefChar,
  parseImageRef,
  type ImageRef,
  type PartialImageRef,
} from '../../refs/image.js';
import type { DockerfileModel, DockerFlag, DockerInstruction } from './model.js';
import { buildScope, type DockerScope } from './scope.js';
import { instructionsAsRun } from './shell/walk.js';
import { expandWord, knownText, scopeLookup, type VarLookup, type WordPart } from './variables.js';

export type ImageSiteKind = 'from' | 'copy-from' | 'mount-from' | 'syntax';

export interface ImageSite {
  kind: ImageSiteKind;
  /** True for a FROM/COPY --from/mount inside an ONBUILD payload (runs in child builds). */
  onbuild: boolean;
  /** The text as written. */
  raw: string;
  /** After variable substitution and quote removal; undefined when not known in full. */
  image?: string;
  /** Parsed reference; undefined when unknown, `scratch`, or not an image reference. */
  ref?: ImageRef;
  /**
   * When the image is known only in part (`${REGISTRY}/ubuntu:noble`): what the known text
   * decides. Undefined when the image is known in full, or nothing of it is.
   */
  partial?: PartialImageRef;
  scratch: boolean;
  /** Span of the image word. */
  span: Span;
  /** Stage the site belongs to (-1 for the syntax directive). */
  stage: number;
  /** The instruction (for ONBUILD sites: the ONBUILD line); absent for the syntax directive. */
  instruction?: DockerInstruction;
}

/** `from=` inside a `--mount` value, with its offset in the value; undefined when absent. */
export function mountFrom(flag: DockerFlag): { value: string; offset: number } | undefined {
  if (flag.name.toLowerCase() !== 'mount' || flag.value === null) return undefined;
  const v = flag.value;
  let start = 0;
  while (start <= v.length) {
    let end = v.indexOf(',', start);
    if (end === -1) end = v.length;
    const field = v.slice(start, end);
    const eq = field.indexOf('=');
    if (eq !== -1 && field.slice(0, eq).trim().toLowerCase() === 'from') {
      let value = field.slice(eq + 1);
      let offset = start + eq + 1;
      if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
        value = value.slice(1, -1);
        offset += 1;
      }
      return { value, offset };
    }
    start = end + 1;
  }
  return undefined;
}

/** Span of `len` characters at `offset` within a flag's value (flag values are single words). */
function subSpan(flag: DockerFlag, offset: number, len: number): Span {
  const vs = flag.valueSpan ?? flag.span;
  if (vs.line !== vs.endLine) return vs;
  return { line: vs.line, column: vs.column + offset, endLine: vs.line, endColumn: vs.column + offset + len };
}

/** Official Docker Hub images commonly used as `COPY --from=<name>` sources without a tag. */
const COMMON_HUB_IMAGES = new Set([
  'alpine',
  'busybox',
  'debian',
  'ubuntu',
  'golang',
  'node',
  'python',
  'nginx',
  'redis',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'httpd',
  'traefik',
  'caddy',
  'rust',
  'ruby',
  'php',
  'composer',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'gradle',
  'maven',
  'centos',
  'fedora',
  'rockylinux',
  'almalinux',
  'archlinux',
  'amazonlinux',
  'oraclelinux',
  'bash',
  'hello-world',
  'tomcat',
  'haproxy',
  'memcached',
  'rabbitmq',
  'elasticsearch',
  'influxdb',
  'telegraf',
  'consul',
  'vault',
  'buildpack-deps',
  'perl',
  'erlang',
  'elixir',
  'haskell',
  'swift',
  'julia',
  'gcc',
  'clojure',
  'dart',
]);

/** A bare word (no registry, tag, digest or path) could be a named build context (`--build-context`). */
export function isBareWord(value: string): boolean {
  return !/[/:@.]/.test(value);
}

/** BuildKit removes shell quotes from FROM and flag values: `FROM "alpine:3"`. */
function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.endsWith(t[0])) return t.slice(1, -1);
  return t;
}

/**
 * Characters Docker accepts in `[host[:port]/]path[:tag][@algo:hex]`; anything else (template
 * markers such as `%%IMAGE%%`, `{{ }}`) is not an image reference we can judge.
 */
export function isReferenceText(s: string): boolean {
  if (s.length === 0 || s.length > 512) return false;
  for (let i = 0; i < s.length; i++) if (!isRefChar(s.charCodeAt(i))) return false;
  const first = s.charCodeAt(0);
  return first !== 46 && first !== 45 && first !== 47 && first !== 58 && first !== 64;
}

/**
 * `value`: the image as text (already without quotes), or the parts of its expansion, or
 * undefined when the word is not valid or passes the expansion cap.
 */
function makeSite(
  kind: ImageSiteKind,
  raw: string,
  value: string | readonly WordPart[] | undefined,
  span: Span,
  stage: number,
  instruction: DockerInstruction | undefined,
  onbuild: boolean,
): ImageSite {
  const image = typeof value === 'string' ? value : value && knownText(value);
  const scratch = image !== undefined && image.toLowerCase() === 'scratch';
  const ref = image !== undefined && !scratch && isReferenceText(image) ? parseImageRef(image) : undefined;
  const site: ImageSite = { kind, onbuild, raw, image, ref, scratch, span, stage, instruction };
  if (image === undefined && value !== undefined && typeof value !== 'string') {
    const partial = analyzeImageParts(value);
    if (partial) site.partial = partial;
  }
  return site;
}

/**
 * Variables of a FROM line, as scope.ts reads them: global ARG defaults (each expanded with the
 * ARGs before it, partly-known values kept in parts), and an ARG without default unset, so
 * `${BASE:-debian:12}` builds `debian:12` unless a build argument says otherwise.
 */
function fromLookup(model: DockerfileModel): VarLookup {
  const globals = new Map<string, readonly WordPart[] | undefined>();
  const inDefaults: VarLookup = (name) => {
    if (!globals.has(name)) return { kind: 'unset' };
    const v = globals.get(name);
    return v === undefined ? { kind: 'unknown' } : { kind: 'set', parts: v };
  };
  for (const inst of model.instructions) {
    if (inst.stage !== -1) break;
    if (inst.keyword !== 'ARG') continue;
    for (const p of inst.properties) {
      if (p.value === null) {
        globals.set(p.name, undefined);
        continue;
      }
      // dockerfile-ast has removed the quotes of ARG values already.
      const parts = expandWord(p.value, inDefaults, model.escapeChar, { quotes: false });
      globals.set(p.name, parts ?? [{ unknown: true, names: [p.name] }]);
    }
  }
  return (name) => {
    const v = globals.get(name);
    return v === undefined ? { kind: 'unset' } : { kind: 'set', parts: v };
  };
}

/** Texts that a stage name (`[a-z][a-z0-9._-]*`) or index cannot hold: `/`, `:`, `@`. */
function namesNoStage(parts: readonly WordPart[]): boolean {
  return parts.some((p) => typeof p === 'string' && /[/:@]/.test(p));
}

/** Stage names compared against one partly-known word at most; past it, any could match. */
const MAX_STAGE_MATCHES = 256;

/**
 * Could a partly-known word name one of the earlier stages? Bounded: a word longer than a
 * reference can be, or a file with more stage names than MAX_STAGE_MATCHES, counts as "could"
 * (the word is then not judged, which guesses nothing).
 */
function couldBeStage(parts: readonly WordPart[], names: readonly string[]): boolean {
  if (names.length === 0) return false;
  if (names.length > MAX_STAGE_MATCHES) return true;
  let length = 0;
  for (const p of parts) if (typeof p === 'string') length += p.length;
  if (length > 512) return true;
  return names.some((n) => n.length > 1024 || couldBe(parts, n));
}

/**
 * Could the unknown parts make the word equal to `name`? Wildcard matching (each unknown part
 * matches any text) with the usual one-star backtracking: O(pattern x name), both bounded.
 */
function couldBe(parts: readonly WordPart[], name: string): boolean {
  const pat: (string | null)[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const c of p.toLowerCase()) pat.push(c);
    else if (pat[pat.length - 1] !== null) pat.push(null);
  }
  let pi = 0;
  let ni = 0;
  let star = -1;
  let mark = 0;
  while (ni < name.length) {
    if (pi < pat.length && pat[pi] !== null && pat[pi] === name[ni]) {
      pi++;
      ni++;
    } else if (pi < pat.length && pat[pi] === null) {
      star = pi++;
      mark = ni;
    } else if (star !== -1) {
      pi = star + 1;
      ni = ++mark;
    } else return false;
  }
  while (pi < pat.length && pat[pi] === null) pi++;
  return pi === pat.length;
}

export interface ImageSiteOptions {
  /** Reuse a scope already built for the model. */
  scope?: DockerScope;
}

const siteCache = new WeakMap<DockerfileModel, ImageSite[]>();

/** All image sites of a model, in source order (computed once per model; rules share them). */
export function imageSites(model: DockerfileModel, opts: ImageSiteOptions = {}): ImageSite[] {
  if (opts.scope) return computeSites(model, opts.scope);
  let sites = siteCache.get(model);
  if (!sites) {
    sites = computeSites(model, buildScope(model));
    siteCache.set(model, sites);
  }
  return sites;
}

function computeSites(model: DockerfileModel, scope: DockerScope): ImageSite[] {
  const sites: ImageSite[] = [];
  if (model.syntax && model.syntax.value.trim() !== '') {
    sites.push(
      makeSite(
        'syntax',
        model.syntax.value,
        unquote(model.syntax.value),
        model.syntax.span,
        -1,
        undefined,
        false,
      ),
    );
  }

  const fromFlags = (inst: DockerInstruction, owner: DockerInstruction, onbuild: boolean): void => {
    for (const flag of inst.flags) {
      const name = flag.name.toLowerCase();
      if (name === 'from' && (inst.keyword === 'COPY' || inst.keyword === 'ADD') && flag.value) {
        const raw = flag.value;
        addRef('copy-from', raw, flag.valueSpan ?? flag.span, inst, owner, onbuild);
      } else if (name === 'mount' && inst.keyword === 'RUN') {
        const mf = mountFrom(flag);
        if (mf && mf.value)
          addRef('mount-from', mf.value, subSpan(flag, mf.offset, mf.value.length), inst, owner, onbuild);
      }
    }
  };

  const esc = model.escapeChar;
  const literal = (raw: string): string | undefined => {
    const parts = expandWord(raw, () => ({ kind: 'unknown' }), esc);
    return parts && knownText(parts);
  };

  const addRef = (
    kind: ImageSiteKind,
    raw: string,
    span: Span,
    inst: DockerInstruction,
    owner: DockerInstruction,
    onbuild: boolean,
  ): void => {
    if (onbuild) {
      // Runs in a child build whose stages and variables we cannot see: only literal references
      // that cannot be a child's stage name or build context count.
      const value = raw.includes('$') ? undefined : literal(raw);
      if (value === undefined || isBareWord(value)) return;
      sites.push(makeSite(kind, raw, value, span, inst.stage, owner, true));
      return;
    }
    const parts = expandWord(raw, scopeLookup(scope.varsAt(owner)), esc);
    const value = parts && knownText(parts);
    if (value !== undefined && scope.stageRef(value) !== undefined) return;
    if (value === undefined && scope.stageRef(raw) !== undefined) return;
    // A bare word that names no stage is a named build context (`--build-context x=...`) or an
    // image; only well-known Docker Hub images are taken as images.
    if (value !== undefined && isBareWord(value) && !COMMON_HUB_IMAGES.has(value.toLowerCase())) return;
    // Partly known: an image only when the known text holds what no stage name or index holds.
    const judged = value !== undefined || (parts !== undefined && namesNoStage(parts)) ? parts : undefined;
    sites.push(makeSite(kind, raw, judged, span, inst.stage, owner, false));
  };

  const lookup = fromLookup(model);
  // Names of the stages before the one at hand, in a set and (for partly-known words) a list.
  const earlier = new Set<string>();
  const earlierList: string[] = [];
  for (const node of scope.stages) {
    const s = node.stage;
    const visit = (): void => {
      if (node.parent !== undefined) return;
      const parts = expandWord(s.imageRaw, lookup, esc);
      const value = parts && knownText(parts);
      // `FROM "build"` and `FROM ${STAGE}` name a stage too; so may a partly-known word.
      if (value !== undefined && earlier.has(value.toLowerCase())) return;
      const maybeStage =
        parts !== undefined &&
        value === undefined &&
        !namesNoStage(parts) &&
        couldBeStage(parts, earlierList);
      sites.push(
        makeSite('from', s.imageRaw, maybeStage ? undefined : parts, s.imageSpan, s.index, s.from, false),
      );
    };
    visit();
    if (node.name !== undefined && !earlier.has(node.name)) {
      earlier.add(node.name);
      earlierList.push(node.name);
    }
  }
  for (const { inst, owner } of instructionsAsRun(model)) {
    const onbuild = inst !== owner;
    const a = inst.args[0];
    if (onbuild && inst.keyword === 'FROM' && a && !a.value.includes('$')) {
      const value = literal(a.value);
      if (value !== undefined) sites.push(makeSite('from', a.value, value, a.span, owner.stage, owner, true));
    }
    fromFlags(inst, owner, onbuild);
  }
  return sites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
}

/** How a site is named in messages: "Base image", "Image in COPY --from", ... */
export function siteLabel(site: ImageSite): string {
  const ob = site.onbuild ? ' (ONBUILD)' : '';
  switch (site.kind) {
    case 'from':
      return `Base image${ob}`;
    case 'copy-from':
      return `Image in COPY --from${ob}`;
    case 'mount-from':
      return `Image in RUN --mount from=${ob}`;
    case 'syntax':
      return 'Syntax frontend image';
  }
}

/** The instruction form to show in a fix: `FROM x`, `COPY --from=x`, `--mount=...,from=x`. */
export function siteFixForm(site: ImageSite, locked: string): string {
  switch (site.kind) {
    case 'from':
      return `FROM ${locked}`;
    case 'copy-from':
      return `COPY --from=${locked}`;
    case 'mount-from':
      return `RUN --mount=...,from=${locked}`;
    case 'syntax':
      return `# syntax=${locked}`;
  }
}

/** `${A}` / `${A} and ${B}` with its verb, for "whatever ... is/are". */
export function unknownVars(names: readonly string[]): string {
  const shown = names.map((n) => '${' + n + '}');
  if (shown.length === 0) return 'the build-time value is';
  if (shown.length === 1) return `${shown[0]} is`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]} are`;
}
