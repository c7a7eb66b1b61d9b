/**
 * Gathers the build inputs from the models the scan already built: a Dockerfile's image sites,
 * ADD sources and RUN commands; a workflow's `uses:`, job containers and services, and `run:`
 * commands; every lockfile entry fetched from elsewhere. Every grade comes from the graders in
 * `src/refs/` (and the git pin of the Dockerfile rules), so the inventory and the rules agree
 * on what "pinned" means. Never fetches anything; never throws on hostile text (the parsers
 * already bounded it).
 */
import type { DockerfileModel } from '../formats/dockerfile/model.js';
import { imageSites, type ImageSite } from '../formats/dockerfile/images.js';
import { buildScope } from '../formats/dockerfile/scope.js';
import { commandArgs } from '../formats/dockerfile/scope.js';
import { verifiedLater } from '../formats/dockerfile/shell/checksum.js';
import { isCommitPinnedUrl } from '../formats/dockerfile/shell/downloads.js';
import { downloadIn } from '../formats/dockerfile/shell/executions.js';
import type { ShellCommand, ShellScript } from '../formats/dockerfile/shell/model.js';
import { instructionsAsRun, runScripts } from '../formats/dockerfile/shell/walk.js';
import type { LockfileModel, Package } from '../formats/lockfile/model.js';
import type { UsesRef, WfStep, WorkflowModel } from '../formats/workflow/model.js';
import { betterPin, gitPin, isPinned, type GitPin } from '../rules/dockerfile/git-pin.js';
import { gitRef, isGitSource, unquoteWord } from '../rules/dockerfile/remote-add-no-checksum.js';
import { redactSecrets } from '../secrets/index.js';
import { gradeGitFragment, gradeGitRef, isCommitArchive, isFullCommit, lockedCommit } from '../refs/git.js';
import { hasExpansion } from '../refs/grade.js';
import { parseHashes, resolvedSha1 } from '../refs/hashes.js';
import { gradeImage, hasValidDigest, parseImageRef, type ImageRef } from '../refs/image.js';
import {
  findFlag,
  languagePackages,
  osPackages,
  readInvocation,
  textOf,
  type Invocation,
} from '../refs/package-commands.js';
import { gradePipSpecifier, type PackageSpec } from '../refs/packages.js';
import { gradeDownloadUrl, parseSourceUrl } from '../refs/urls.js';
import {
  INPUT_KINDS,
  type BuildInput,
  type InputGrade,
  type InputHash,
  type InputKind,
  type Inventory,
  type Occurrence,
} from './model.js';

/** An input before it is merged with the other occurrences of the same reference. */
type Seen = Omit<BuildInput, 'occurrences' | 'hashes'> & { hashes?: InputHash[] };
/** What makes two references one input. */
type InputKey = Pick<BuildInput, 'kind' | 'ecosystem' | 'name' | 'version' | 'digest' | 'grade'>;

function keyOf(i: InputKey): string {
  return `${i.kind}\0${i.ecosystem}\0${i.name}\0${i.version ?? ''}\0${i.digest ?? ''}\0${i.grade}`;
}

/** redactSecrets over several texts in one call (a mask never spans the NUL between them). */
function redactAll(texts: string[]): string[] {
  const out = redactSecrets(texts.join('\0')).split('\0');
  return out.length === texts.length ? out : texts.map(redactSecrets);
}

/** Collects inputs file by file; `finish` merges equal references and sorts. */
export class InventoryBuilder {
  private readonly byKey = new Map<string, BuildInput>();

  /**
   * Adds one occurrence. One input per kind, ecosystem, name, version, digest and grade: the same
   * reference checked in one place and not in another is two inputs, so no grade is overstated.
   */
  add(input: Seen, at: Occurrence): void {
    if (this.addIfKnown(input, at)) return;
    // Masked once per distinct input, in one pass over its three texts.
    const [name, version, raw] = redactAll([input.name, input.version ?? '', input.raw]);
    this.byKey.set(keyOf(input), {
      ...input,
      name,
      raw,
      ...(input.version !== undefined ? { version } : {}),
      hashes: input.hashes ?? [],
      occurrences: [at],
    });
  }

  /** Adds the occurrence to an input already seen; false when the input is new. */
  addIfKnown(input: InputKey, at: Occurrence): boolean {
    const cur = this.byKey.get(keyOf(input));
    if (!cur) return false;
    cur.occurrences.push(at);
    return true;
  }

  /** The inputs gathered so far (one file's, to be absorbed by the scan's builder). */
  inputs(): BuildInput[] {
    return [...this.byKey.values()];
  }

  /**
   * Takes in another builder's inputs (a file checked apart, perhaps in a worker thread): an input
   * already seen gains their occurrences, a new one is kept as it is (already masked).
   */
  absorb(inputs: readonly BuildInput[]): void {
    for (const input of inputs) {
      const cur = this.byKey.get(keyOf(input));
      if (cur) cur.occurrences.push(...input.occurrences);
      else this.byKey.set(keyOf(input), { ...input, occurrences: [...input.occurrences] });
    }
  }

  /** The inventory, sorted (kind order, then ecosystem, name, version, digest), occurrences sorted. */
  finish(): Inventory {
    const order = new Map(INPUT_KINDS.map((k, i) => [k, i]));
    const inputs = [...this.byKey.values()];
    for (const i of inputs) i.occurrences.sort(compareOccurrences);
    inputs.sort(
      (a, b) =>
        order.get(a.kind)! - order.get(b.kind)! ||
        cmp(a.ecosystem, b.ecosystem) ||
        cmp(a.name, b.name) ||
        cmp(a.version ?? '', b.version ?? '') ||
        cmp(a.digest ?? '', b.digest ?? ''),
    );
    return { inputs };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return cmp(a.path, b.path) || a.line - b.line || a.column - b.column || cmp(a.scope, b.scope);
}

// ---------------------------------------------------------------------------------------------
// Images

/** `registry/repository` as written (Docker Hub's implicit registry left implicit). */
function imageName(ref: ImageRef): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

/** An image digest as a hash: `sha256:<hex>` → sha256. */
function digestHash(digest: string | undefined): InputHash[] {
  const m = digest ? /^(sha256|sha384|sha512):([a-f0-9]+)$/.exec(digest) : null;
  return m ? [{ alg: m[1]!, hex: m[2]! }] : [];
}

/** One image text (fully known) as an input; `unknown` when it is not an image reference. */
export function imageInput(kind: InputKind, text: string): Seen {
  const ref = parseImageRef(text);
  if (!ref) return { kind, ecosystem: 'docker', name: text, grade: 'unknown', raw: text };
  const valid = hasValidDigest(ref);
  return {
    kind,
    ecosystem: 'docker',
    name: imageName(ref),
    ...(ref.tag !== undefined ? { version: ref.tag } : {}),
    ...(valid ? { digest: ref.digest } : {}),
    grade: gradeImage(ref),
    raw: text,
    hashes: valid ? digestHash(ref.digest) : [],
  };
}

const SITE_KIND: Record<ImageSite['kind'], InputKind> = {
  from: 'base-image',
  'copy-from': 'copy-image',
  'mount-from': 'copy-image',
  syntax: 'syntax-frontend',
};

/** A Dockerfile image site as an input, or undefined for `scratch`. */
function siteInput(site: ImageSite): Seen | undefined {
  if (site.scratch) return undefined;
  const kind = SITE_KIND[site.kind];
  if (site.image !== undefined) return imageInput(kind, site.image);
  const p = site.partial;
  if (!p) return { kind, ecosystem: 'docker', name: site.raw, grade: 'unknown', raw: site.raw };
  // What the known text decides whatever the variables hold (as base-image-unpinned reads it).
  let grade: InputGrade = 'unknown';
  if (p.digest === 'valid') grade = 'locked';
  else if ((p.digest === 'none' || p.digest === 'malformed') && p.tag.known)
    grade =
      p.tag.value === undefined || p.tag.value === 'latest'
        ? 'unpinned'
        : gradeImage({ raw: p.text, repository: 'x', tag: p.tag.value });
  return { kind, ecosystem: 'docker', name: p.text, grade, raw: site.raw };
}

// ---------------------------------------------------------------------------------------------
// Commands (Dockerfile RUN and workflow `run:`)

/** One command of a script, with the scope it runs in (a stage, a job). */
interface ScopedCommand {
  cmd: ShellCommand;
  script: ShellScript;
  scope: string;
}

function packageInput(kind: InputKind, spec: PackageSpec): Seen | undefined {
  // A local path is part of the build context, not fetched.
  if (spec.kind === 'local') return undefined;
  const name = spec.name ?? spec.raw;
  return {
    kind,
    ecosystem: spec.ecosystem,
    name,
    ...(spec.version !== undefined && spec.version !== '' ? { version: spec.version } : {}),
    ...(spec.kind === 'vcs' && spec.version !== undefined && isFullCommit(spec.version)
      ? { digest: spec.version }
      : {}),
    grade: spec.grade,
    raw: spec.raw,
  };
}

const GIT_PIN_SUBS = new Set(['checkout', 'switch', 'reset', 'fetch']);

function isRemoteGit(url: string): boolean {
  return /^(https?|git|ssh):\/\//i.test(url) || /^[\w.-]+@[\w.-]+:/.test(url);
}

/** A `git clone` and what a later checkout in the same scope fixes it to (as git-clone-unpinned reads it). */
function clonePin(inv: Invocation, later: readonly (ScopedCommand & { inv?: Invocation })[]): GitPin {
  const revision = findFlag(inv, '--revision');
  const branch = findFlag(inv, '-b', '--branch');
  let pin =
    revision?.value !== undefined
      ? gitPin(revision.value, 'ref')
      : branch?.value !== undefined
        ? gitPin(branch.value, 'name')
        : gitPin(undefined);
  if (isPinned(pin)) return pin;
  for (const l of later) {
    if (l.inv?.tool !== 'git' || !GIT_PIN_SUBS.has(l.inv.sub)) continue;
    for (const w of l.inv.positionals) {
      const p = gitPin(textOf(w), 'ref');
      if (isPinned(p)) return p;
      if (p.grade === 'exact') pin = betterPin(pin, p);
    }
  }
  return pin;
}

/** Downloads, git clones, OS and language package installs of a file's commands, in order. */
function commandInputs(path: string, commands: readonly ScopedCommand[], b: InventoryBuilder): void {
  const withInv = commands.map((c) => ({ ...c, inv: c.cmd.base ? readInvocation(c.cmd) : undefined }));
  withInv.forEach((c, i) => {
    const dl = downloadIn(c.cmd);
    if (dl) {
      const verified = verifiedLater(c.script, c.cmd);
      for (const w of dl.urls) {
        const url = w.value ?? w.partial;
        if (!url.includes('://')) continue;
        b.add(
          {
            kind: 'download',
            ecosystem: 'url',
            name: url,
            grade: gradeDownloadUrl(url, verified || isCommitPinnedUrl(url)),
            raw: url,
          },
          { path, line: w.line, column: w.column, scope: c.scope },
        );
      }
      return;
    }
    const inv = c.inv;
    if (!inv) return;
    if (inv.tool === 'git' && inv.sub === 'clone') {
      const urlWord = inv.positionals[0];
      if (!urlWord) return;
      const url = textOf(urlWord);
      if (!isRemoteGit(url)) return;
      const later = withInv.slice(i + 1).filter((l) => l.scope === c.scope);
      const pin = clonePin(inv, later);
      b.add(
        { kind: 'git-source', ecosystem: 'git', name: url, grade: pin.grade, raw: url },
        { path, line: urlWord.line, column: urlWord.column, scope: c.scope },
      );
      return;
    }
    const os = osPackages(inv);
    const lang = os ? undefined : languagePackages(inv);
    const kind: InputKind = os ? 'os-package' : 'language-package';
    for (const p of os ?? lang?.packages ?? []) {
      const input = packageInput(kind, p.spec);
      if (input) b.add(input, { path, line: p.word.line, column: p.word.column, scope: c.scope });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles

function stageScope(model: DockerfileModel, path: string, stage: number): string {
  if (stage < 0) return `${path}#file`;
  return `${path}#stage:${model.stages[stage]?.name ?? String(stage)}`;
}

const ADD_CHECKSUM = /^sha(256:[a-fA-F0-9]{64}|384:[a-fA-F0-9]{96}|512:[a-fA-F0-9]{128})$/;

/** `ADD <url>` and `ADD <git-url>` sources (ONBUILD ones too), graded as remote-add-no-checksum grades them. */
function addInputs(model: DockerfileModel, path: string, b: InventoryBuilder): void {
  let scope: ReturnType<typeof buildScope> | undefined;
  for (const { inst, owner } of instructionsAsRun(model)) {
    if (inst.keyword !== 'ADD') continue;
    const onbuild = inst !== owner;
    scope ??= buildScope(model);
    const read = (text: string): string | undefined => {
      const written = inst.jsonForm ? text : unquoteWord(text, model.escapeChar);
      return onbuild ? (written.includes('$') ? undefined : written) : scope!.resolve(written, owner);
    };
    const flag = inst.flags.find((f) => f.name.toLowerCase() === 'checksum');
    const checksum = flag?.value !== null && flag?.value !== undefined ? read(flag.value) : undefined;
    const checksumUnknown = flag?.value !== null && flag?.value !== undefined && checksum === undefined;
    const args = commandArgs(inst);
    const where = stageScope(model, path, owner.stage);
    for (const src of args.slice(0, -1)) {
      if (src.value.startsWith('<<')) continue;
      const value = read(src.value);
      const text = value ?? src.value;
      const at = { path, line: src.span.line, column: src.span.column, scope: where };
      if (isGitSource(text)) {
        const ref = gitRef(text);
        const sum = checksum ?? ref.checksum;
        const grade: InputGrade =
          checksumUnknown || (sum !== undefined && hasExpansion(sum))
            ? 'unknown'
            : sum !== undefined && isFullCommit(sum)
              ? 'locked'
              : value === undefined
                ? 'unknown'
                : gitPin(ref.ref, ref.kind).grade;
        const commit =
          sum !== undefined && isFullCommit(sum)
            ? sum
            : ref.ref && isFullCommit(ref.ref)
              ? ref.ref
              : undefined;
        b.add(
          {
            kind: 'git-source',
            ecosystem: 'git',
            name: text,
            ...(commit ? { digest: commit } : {}),
            grade,
            raw: src.value,
            hashes: commit ? [commitHash(commit)] : [],
          },
          at,
        );
        continue;
      }
      if (!/^https?:\/\//i.test(text)) continue;
      const locked =
        (checksum !== undefined && ADD_CHECKSUM.test(checksum)) ||
        (value !== undefined && isCommitPinnedUrl(value));
      const grade: InputGrade = checksumUnknown
        ? 'unknown'
        : value === undefined && !locked
          ? 'unknown'
          : gradeDownloadUrl(text, locked);
      const m = checksum !== undefined ? /^(sha256|sha384|sha512):([a-fA-F0-9]+)$/.exec(checksum) : null;
      b.add(
        {
          kind: 'download',
          ecosystem: 'url',
          name: text,
          grade,
          raw: src.value,
          hashes: m && locked ? [{ alg: m[1]!, hex: m[2]!.toLowerCase() }] : [],
        },
        at,
      );
    }
  }
}

function commitHash(commit: string): InputHash {
  return { alg: commit.length === 64 ? 'sha256' : 'sha1', hex: commit.toLowerCase() };
}

export function dockerfileInputs(model: DockerfileModel, path: string, b: InventoryBuilder): void {
  for (const site of imageSites(model)) {
    const input = siteInput(site);
    if (input)
      b.add(input, {
        path,
        line: site.span.line,
        column: site.span.column,
        scope: stageScope(model, path, site.stage),
      });
  }
  addInputs(model, path, b);
  const commands: ScopedCommand[] = [];
  for (const run of runScripts(model)) {
    if (run.script.dialect !== 'posix') continue;
    const scope = stageScope(model, path, run.stage);
    for (const cmd of run.script.commands) commands.push({ cmd, script: run.script, scope });
  }
  commandInputs(path, commands, b);
}

// ---------------------------------------------------------------------------------------------
// Workflows and action metadata

function usesInput(u: UsesRef): Seen | undefined {
  if (u.kind === 'docker') return u.image ? imageInput('container-image', u.image) : undefined;
  if (u.kind !== 'repository' && u.kind !== 'reusable-workflow') return undefined;
  const ref = u.ref ?? '';
  const name = `${u.owner}/${u.repo}${u.path ? `/${u.path}` : ''}`;
  const commit = isFullCommit(ref) ? ref.toLowerCase() : undefined;
  return {
    kind: u.kind === 'repository' ? 'action' : 'reusable-workflow',
    ecosystem: 'github',
    name,
    ...(ref !== '' ? { version: ref } : {}),
    ...(commit ? { digest: commit } : {}),
    grade: gradeGitRef(ref),
    raw: u.raw,
    hashes: commit ? [commitHash(commit)] : [],
  };
}

export function workflowInputs(model: WorkflowModel, path: string, b: InventoryBuilder): void {
  // Which scope each `uses:` and `run:` belongs to.
  const scopeOf = new Map<UsesRef, string>();
  const commands: ScopedCommand[] = [];
  const steps = (list: readonly WfStep[], scope: string) => {
    for (const s of list) {
      if (s.uses) scopeOf.set(s.uses, scope);
      const script = s.run?.analysis;
      if (script && script.dialect === 'posix')
        for (const cmd of script.commands) commands.push({ cmd, script, scope });
    }
  };
  for (const job of model.jobs) {
    const scope = `${path}#job:${job.id}`;
    if (job.uses) scopeOf.set(job.uses, scope);
    steps(job.steps, scope);
    const images = [
      ...(job.container?.image ? [job.container.image] : []),
      ...job.services.flatMap((s) => (s.image ? [s.image] : [])),
    ];
    for (const img of images) {
      const text = img.value.trim();
      if (text === '') continue;
      const input: Seen = text.includes('${{')
        ? { kind: 'container-image', ecosystem: 'docker', name: text, grade: 'unknown', raw: text }
        : imageInput('container-image', text);
      b.add(input, { path, line: img.span.line, column: img.span.column, scope });
    }
  }
  if (model.runs) {
    steps(model.runs.steps, `${path}#action`);
    const image = model.runs.image;
    if (image && image.value.startsWith('docker://'))
      b.add(imageInput('container-image', image.value.slice('docker://'.length)), {
        path,
        line: image.span.line,
        column: image.span.column,
        scope: `${path}#action`,
      });
  }
  for (const u of model.uses) {
    const input = usesInput(u);
    if (input)
      b.add(input, {
        path,
        line: u.span.line,
        column: u.span.column,
        scope: scopeOf.get(u) ?? `${path}#file`,
      });
  }
  commandInputs(path, commands, b);
}

// ---------------------------------------------------------------------------------------------
// Lockfiles

/** Sources that are part of the repository (or the package itself): nothing is fetched. */
const LOCAL_SOURCES = new Set<Package['source']>(['file', 'link', 'workspace', 'bundled']);
const HEX_ALGS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** The hashes of an integrity value that the BOM can carry (hex sha1/sha256/sha384/sha512). */
function lockHashes(pkg: Package): InputHash[] {
  const out: InputHash[] = [];
  for (const h of parseHashes(pkg.integrity)) {
    if (!HEX_ALGS.has(h.alg)) continue;
    const hex = /^[0-9a-f]+$/i.test(h.digest)
      ? h.digest.toLowerCase()
      : Buffer.from(h.digest, 'base64').toString('hex');
    const want = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 }[h.alg as 'sha1'];
    if (hex.length === want) out.push({ alg: h.alg, hex });
  }
  const sha1 = resolvedSha1(pkg);
  if (sha1 && !out.some((h) => h.alg === 'sha1')) out.push({ alg: 'sha1', hex: sha1.toLowerCase() });
  return out;
}

/** How fixed a lockfile entry is: a content hash or a full commit locks it; else its version decides. */
export function gradeLockEntry(pkg: Package): InputGrade {
  if (pkg.source === 'git') {
    if (lockedCommit(pkg)) return 'locked';
    if (pkg.commit) return gradeGitRef(pkg.commit);
    return pkg.resolved ? gradeGitFragment(pkg.resolved) : 'unpinned';
  }
  const hashes = parseHashes(pkg.integrity).filter((h) => h.alg !== 'unknown');
  if (hashes.length > 0 || resolvedSha1(pkg)) return 'locked';
  // An archive of a full commit (Composer's GitHub zipballs, codeload): the commit is the pin, as
  // lockfile/missing-integrity reads it.
  if ((pkg.commit && isFullCommit(pkg.commit)) || isCommitArchive(parseSourceUrl(pkg.resolved)))
    return 'locked';
  if (pkg.version !== '') return 'exact';
  if (pkg.specifier !== undefined) return gradePipSpecifier(pkg.specifier);
  return 'unpinned';
}

export function lockfileInputs(model: LockfileModel, path: string, b: InventoryBuilder): void {
  for (const pkg of model.packages) {
    if (LOCAL_SOURCES.has(pkg.source)) continue;
    const version = pkg.version !== '' ? pkg.version : pkg.specifier;
    const commit = pkg.source === 'git' ? lockedCommit(pkg)?.toLowerCase() : undefined;
    const key: InputKey = {
      kind: 'lockfile-package',
      ecosystem: pkg.ecosystem,
      name: pkg.realName ?? pkg.name,
      ...(version ? { version } : {}),
      ...(commit ? { digest: commit } : {}),
      grade: gradeLockEntry(pkg),
    };
    const at = { path, line: pkg.line, column: pkg.nameColumn ?? pkg.column, scope: path };
    // The same package in many lockfiles: its hashes and masking are worked out once.
    if (b.addIfKnown(key, at)) continue;
    b.add(
      {
        ...key,
        raw: pkg.resolved && pkg.source !== 'registry' ? pkg.resolved : `${pkg.name}@${version ?? ''}`,
        hashes: commit ? [commitHash(commit)] : lockHashes(pkg),
      },
      at,
    );
  }
}
