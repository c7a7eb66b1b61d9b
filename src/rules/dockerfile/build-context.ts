/**
 * What a Dockerfile's COPY and ADD instructions take from its build context, for the rules
 * `dockerfile/secret-in-context` and `dockerfile/git-history-in-image` (computed once per
 * Dockerfile, shared by both).
 *
 * 1. The context: the folders workflows build this Dockerfile with (`RuleContext.builds`), else
 *    the Dockerfile's own folder, an assumption the findings state.
 * 2. The ignore file BuildKit uses: `<Dockerfile name>.dockerignore` beside the Dockerfile, else
 *    `.dockerignore` at the context root.
 * 3. The context as BuildKit sends it: the tree under the context folder, walked with the ignore
 *    file's patterns exactly as fsutil prunes (formats/dockerignore.ts). Links are never followed
 *    (BuildKit sends a link as a link); `node_modules` is not listed (installed packages' own test
 *    keys are not the repository's credentials); `.git` is looked at, not listed.
 * 4. Each COPY/ADD whose source is a context path (not `--from`, not a URL, not a heredoc):
 *    its sources matched against the listed files (a folder copies everything under it,
 *    wildcards as Go's filepath.Match), less its `--exclude` patterns.
 * 5. Whether what a stage copies reaches the final image: the final stage's FROM chain does; a
 *    build stage does only through `COPY --from` of a path that covers where the file landed.
 */
import type { BuildDeclaration, RuleContext, TreeEntry, TreeView } from '../../core/index.js';
import type { DockerArg, DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import { buildScope, commandArgs, type DockerScope } from '../../formats/dockerfile/scope.js';
import {
  cleanPath,
  compileSourceGlob,
  entersExcludedDir,
  hasWildcard,
  matchPath,
  parseDockerignore,
  type IgnoreFile,
  type MatchInfo,
} from '../../formats/dockerignore.js';

/** A file the context sends. */
export interface ContextFile {
  /** Repo-relative path. */
  path: string;
  /** Path inside the context (what a `.dockerignore` line names). */
  rel: string;
  size: number;
}

export interface BuildContext {
  /** Repo-relative folder ('' for the root). */
  dir: string;
  /** No workflow names it: the Dockerfile's folder is assumed. */
  assumed: boolean;
  declaredBy: BuildDeclaration[];
  /** Read from git (build-push-action's default): no `.git`, and only what is committed. */
  gitContext: boolean;
  /** The ignore file in effect (repo-relative), if any, and what BuildKit would look for. */
  ignorePath?: string;
  ignore?: IgnoreFile;
  /** Where a new `.dockerignore` would go (repo-relative). */
  ignoreTarget: string;
  /** The per-Dockerfile ignore file BuildKit looks for first (repo-relative). */
  ignoreBeside: string;
  files: ContextFile[];
  /** `.git` is a folder in the context and its history is not excluded. */
  gitDir: boolean;
  /** Why the listing is incomplete, when it is (a bound, an unreadable folder). */
  incomplete?: string;
}

export interface CopiedFile extends ContextFile {
  /** Where it lands in the image (absolute), when known. */
  dest?: string;
}

export interface ContextCopy {
  inst: DockerInstruction;
  context: BuildContext;
  files: CopiedFile[];
  /** It copies `.git` (the folder or something under it): where it lands. */
  copiesGit: boolean;
  git?: CopiedFile;
  /** Whether any of these files (copied by this instruction) can end up in the final image. */
  reaches(files: readonly CopiedFile[]): boolean;
  /** The stage's name or index, for messages. */
  stageLabel: string;
}

export interface ContextAnalysis {
  contexts: BuildContext[];
  copies: ContextCopy[];
}

/** Paths listed at most in one context (the scan's tree has its own, larger bound). */
export const MAX_CONTEXT_FILES = 50_000;
/** Folders never listed: installed dependencies. */
const UNLISTED_DIRS = new Set(['node_modules']);

const cache = new WeakMap<DockerfileModel, WeakMap<TreeView, ContextAnalysis>>();
const contextCache = new WeakMap<TreeView, Map<string, BuildContext>>();

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function join(dir: string, name: string): string {
  if (name === '') return dir;
  return dir === '' ? name : `${dir}/${name}`;
}

/** The context analysis of a Dockerfile, or undefined when there is no tree (standard input). */
export function analyzeContext(model: DockerfileModel, ctx: RuleContext): ContextAnalysis | undefined {
  const tree = ctx.tree;
  if (!tree) return undefined;
  let byTree = cache.get(model);
  if (!byTree) {
    byTree = new WeakMap();
    cache.set(model, byTree);
  }
  let res = byTree.get(tree);
  if (!res) {
    res = compute(model, ctx.path, tree, ctx.builds ?? []);
    byTree.set(tree, res);
  }
  return res;
}

function compute(
  model: DockerfileModel,
  path: string,
  tree: TreeView,
  builds: readonly BuildDeclaration[],
): ContextAnalysis {
  const scope = buildScope(model);
  const sources = contextCopies(model, scope);
  if (sources.length === 0) return { contexts: [], copies: [] };
  const declared = builds.filter((b) => b.dockerfile === path);
  const byDir = new Map<string, BuildDeclaration[]>();
  for (const b of declared)
    byDir.set(`${b.context}\0${b.gitContext ? 1 : 0}`, [
      ...(byDir.get(`${b.context}\0${b.gitContext ? 1 : 0}`) ?? []),
      b,
    ]);
  const specs =
    byDir.size > 0
      ? [...byDir.values()].map((bs) => ({
          dir: bs[0]!.context,
          assumed: false,
          declaredBy: bs,
          git: bs[0]!.gitContext === true,
        }))
      : [{ dir: parentOf(path), assumed: true, declaredBy: [] as BuildDeclaration[], git: false }];
  const contexts = specs.map((s) => loadContext(tree, path, s.dir, s.assumed, s.declaredBy, s.git));
  const reach = reachability(model, scope);
  const copies: ContextCopy[] = [];
  for (const context of contexts) {
    for (const src of sources) {
      const files: CopiedFile[] = [];
      let copiesGit = false;
      let git: CopiedFile | undefined;
      for (const s of src.sources) {
        const m = matcherFor(s);
        if (!m) continue;
        if (context.gitDir && !context.gitContext && m.covers('.git')) {
          copiesGit = true;
          const rel = '.git/HEAD';
          const under = m.match(rel) ?? rel;
          git ??= { path: join(context.dir, rel), rel, size: 0, ...destOf(src, s, rel, under) };
        }
        for (const f of context.files) {
          const under = m.match(f.rel);
          if (under === undefined) continue;
          if (src.excludes.some((x) => x(under) || x(f.rel))) continue;
          files.push({ ...f, ...destOf(src, s, f.rel, under) });
        }
      }
      const stage = src.inst.stage;
      copies.push({
        inst: src.inst,
        context,
        files,
        copiesGit,
        ...(git ? { git } : {}),
        reaches: (fs) => reach(stage, fs),
        stageLabel: src.stageLabel,
      });
    }
  }
  return { contexts, copies };
}

// --- the context ------------------------------------------------------------------------------

function loadContext(
  tree: TreeView,
  dockerfile: string,
  dir: string,
  assumed: boolean,
  declaredBy: BuildDeclaration[],
  git: boolean,
): BuildContext {
  const name = dockerfile.slice(dockerfile.lastIndexOf('/') + 1);
  const beside = join(parentOf(dockerfile), `${name}.dockerignore`);
  const root = join(dir, '.dockerignore');
  let ignorePath: string | undefined;
  let text = tree.readText(beside, 1 << 20);
  if (text !== undefined) ignorePath = beside;
  else {
    text = tree.readText(root, 1 << 20);
    if (text !== undefined) ignorePath = root;
  }
  const key = `${dir}\0${ignorePath ?? ''}\0${git ? 1 : 0}`;
  let byKey = contextCache.get(tree);
  if (!byKey) {
    byKey = new Map();
    contextCache.set(tree, byKey);
  }
  const cached = byKey.get(key);
  if (cached) return { ...cached, assumed, declaredBy, ignoreBeside: beside };
  const ignore = text !== undefined ? parseDockerignore(text) : undefined;
  const ctx: BuildContext = {
    dir,
    assumed,
    declaredBy,
    gitContext: git,
    ...(ignorePath ? { ignorePath } : {}),
    ...(ignore ? { ignore } : {}),
    ignoreTarget: ignorePath ?? root,
    ignoreBeside: beside,
    files: [],
    gitDir: false,
  };
  if (!ignore?.invalid) walkContext(tree, ctx);
  byKey.set(key, ctx);
  return ctx;
}

/** The context as BuildKit's fsutil walk sends it: excluded paths pruned, links kept as links. */
function walkContext(tree: TreeView, ctx: BuildContext): void {
  const ignore = ctx.ignore;
  const stack: { rel: string; info: MatchInfo }[] = [{ rel: '', info: undefined }];
  let count = 0;
  while (stack.length > 0) {
    const { rel, info } = stack.pop()!;
    const listing = tree.list(join(ctx.dir, rel));
    if ('missing' in listing) continue;
    if ('limit' in listing) {
      ctx.incomplete = `the scan's bound of ${listing.limit} listed entries was reached`;
      return;
    }
    if ('error' in listing) {
      ctx.incomplete = `the folder ${join(ctx.dir, rel) || '.'} could not be read (${listing.error})`;
      return;
    }
    const dirs: { rel: string; info: MatchInfo }[] = [];
    for (const e of listing.entries) {
      const p = join(rel, e.name);
      const m = ignore ? matchPath(ignore, p, info) : { excluded: false, info: undefined };
      const childInfo = ignore ? m.info : undefined;
      if (e.type === 'dir') {
        if (rel === '' && e.name === '.git') {
          ctx.gitDir = !ctx.gitContext && gitHistoryIncluded(tree, ctx, ignore, m);
          continue;
        }
        if (UNLISTED_DIRS.has(e.name)) continue;
        if (m.excluded && !(ignore && entersExcludedDir(ignore, p))) continue;
        dirs.push({ rel: p, info: childInfo });
        continue;
      }
      if (e.type !== 'file' || m.excluded) continue;
      if (++count > MAX_CONTEXT_FILES) {
        ctx.incomplete = `it holds more than ${MAX_CONTEXT_FILES} files`;
        return;
      }
      ctx.files.push({ path: join(ctx.dir, p), rel: p, size: e.size });
    }
    // Depth-first in name order: children pushed in reverse.
    for (let i = dirs.length - 1; i >= 0; i--) stack.push(dirs[i]!);
  }
  ctx.files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** `.git` holds history when the folder (not a worktree's `.git` file) sends HEAD, config or objects. */
function gitHistoryIncluded(
  tree: TreeView,
  ctx: BuildContext,
  ignore: IgnoreFile | undefined,
  m: { excluded: boolean; info: boolean[] | undefined },
): boolean {
  if (!ignore) return true;
  if (m.excluded && !entersExcludedDir(ignore, '.git')) return false;
  const listing = tree.list(join(ctx.dir, '.git'));
  const names =
    'entries' in listing ? listing.entries.map((e: TreeEntry) => e.name) : ['HEAD', 'config', 'objects'];
  return names
    .filter((n) => n === 'HEAD' || n === 'config' || n === 'objects' || n === 'packed-refs')
    .some((n) => {
      const probe = n === 'objects' ? '.git/objects/pack' : `.git/${n}`;
      return !matchPath(ignore, probe, undefined).excluded;
    });
}

// --- COPY / ADD -------------------------------------------------------------------------------

interface SourceCopy {
  inst: DockerInstruction;
  sources: { text: string; arg: DockerArg }[];
  /** `--exclude` patterns, as matchers of a path relative to the source. */
  excludes: ((p: string) => boolean)[];
  /** The destination (absolute, resolved against WORKDIR), when known; ends with `/` for a folder. */
  dest?: string;
  manySources: boolean;
  stageLabel: string;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** Every COPY/ADD of the Dockerfile that reads the build context, its sources resolved. */
function contextCopies(model: DockerfileModel, scope: DockerScope): SourceCopy[] {
  const out: SourceCopy[] = [];
  for (const stage of model.stages) {
    let workdir: string | undefined = '/';
    const name = scope.stages[stage.index]?.name;
    const stageLabel = name ? `'${name}'` : String(stage.index);
    for (const inst of stage.instructions) {
      if (inst.keyword === 'WORKDIR') {
        const v = inst.args[0] ? scope.resolve(inst.args.map((a) => a.value).join(' '), inst) : undefined;
        workdir =
          v === undefined || workdir === undefined
            ? undefined
            : cleanPath(v.startsWith('/') ? v : `${workdir}/${v}`);
        continue;
      }
      if (inst.keyword !== 'COPY' && inst.keyword !== 'ADD') continue;
      if (inst.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
      const args = commandArgs(inst);
      if (args.length < 2) continue;
      const sources: SourceCopy['sources'] = [];
      for (const a of args.slice(0, -1)) {
        if (a.value.startsWith('<<')) continue;
        const v = scope.resolve(a.value, inst);
        // A source only known at build time (`COPY ${SRC} .` with no default) could name any path
        // of the context: it is checked as the whole context (fail closed), and the .dockerignore
        // still decides what the build could copy.
        if (v === undefined) {
          if (!REMOTE.test(a.value)) sources.push({ text: '.', arg: a });
          continue;
        }
        if (v === '' || REMOTE.test(v)) continue;
        sources.push({ text: v, arg: a });
      }
      if (sources.length === 0) continue;
      const excludes: SourceCopy['excludes'] = [];
      for (const f of inst.flags) {
        if (f.name.toLowerCase() !== 'exclude' || !f.value) continue;
        const ig = parseDockerignore(f.value);
        if (ig.patterns.length > 0 && !ig.invalid) excludes.push((p) => matchPath(ig, p, undefined).excluded);
      }
      const destRaw = scope.resolve(args[args.length - 1]!.value, inst);
      let dest: string | undefined;
      if (destRaw !== undefined && workdir !== undefined) {
        const abs = cleanPath(destRaw.startsWith('/') ? destRaw : `${workdir}/${destRaw}`);
        dest =
          destRaw.endsWith('/') || destRaw === '.' || destRaw === './' ? `${abs === '/' ? '' : abs}/` : abs;
      }
      out.push({
        inst,
        sources,
        excludes,
        ...(dest !== undefined ? { dest } : {}),
        manySources: sources.length > 1,
        stageLabel,
      });
    }
  }
  return out;
}

/**
 * How a source selects context paths: `match(rel)` is the path below the source (the file's own
 * name for a file source), or undefined when the source does not copy it.
 */
function matcherFor(s: {
  text: string;
}): { match(rel: string): string | undefined; covers(rel: string): boolean } | undefined {
  let src = cleanPath(s.text.replace(/^\/+/, ''));
  if (src.startsWith('..')) src = '.';
  if (src === '.' || src === '') {
    return { match: (rel) => rel, covers: () => true };
  }
  if (!hasWildcard(src)) {
    return {
      match: (rel) =>
        rel === src
          ? rel.slice(rel.lastIndexOf('/') + 1)
          : rel.startsWith(src + '/')
            ? rel.slice(src.length + 1)
            : undefined,
      covers: (rel) => rel === src || rel.startsWith(src + '/') || src.startsWith(rel + '/'),
    };
  }
  const glob = compileSourceGlob(src);
  if (!glob) return undefined;
  const depth = src.split('/').length;
  return {
    match(rel) {
      const parts = rel.split('/');
      if (parts.length < depth) return undefined;
      const head = parts.slice(0, depth).join('/');
      if (!glob(head)) return undefined;
      return parts.length === depth ? parts[depth - 1] : parts.slice(depth - 1).join('/');
    },
    covers: (rel) => glob(rel),
  };
}

function destOf(src: SourceCopy, s: { text: string }, rel: string, under: string): { dest?: string } {
  if (src.dest === undefined) return {};
  const isFileSource = cleanPath(s.text.replace(/^\/+/, '')) === rel;
  if (isFileSource && !src.dest.endsWith('/') && !src.manySources) return { dest: src.dest };
  const base = src.dest.endsWith('/') ? src.dest : `${src.dest}/`;
  return { dest: `${base}${under}` };
}

// --- reach ------------------------------------------------------------------------------------

/**
 * Which copied files end up in the final image: every file copied in the final stage's FROM chain;
 * a file copied in another stage when a stage whose files reach the final image copies a path
 * from it (`COPY --from`) that covers where the file landed (an unknown or wildcard path covers
 * everything). A stage built FROM another passes the copy on to that one.
 */
function reachability(
  model: DockerfileModel,
  scope: DockerScope,
): (stage: number, files: readonly CopiedFile[]) => boolean {
  const final = scope.finalStage;
  // Stage -> the paths of it that reach the final image ('*' for all, or unknown).
  const exported = new Map<number, Set<string>>();
  const todo: number[] = [];
  const add = (stage: number, p: string) => {
    for (const s of scope.chain(stage)) {
      const set = exported.get(s) ?? new Set<string>();
      if (set.has(p) || set.has('*') || set.size > 64) continue;
      set.add(p);
      exported.set(s, set);
      todo.push(s);
    }
  };
  if (final !== undefined) add(final, '*');
  let guard = 0;
  while (todo.length > 0 && guard++ < 10_000) {
    const s = todo.pop()!;
    for (const inst of model.stages[s]?.instructions ?? []) {
      if (inst.keyword !== 'COPY') continue;
      const from = inst.flags.find((f) => f.name.toLowerCase() === 'from')?.value;
      const ref = from ? scope.stageRef(from) : undefined;
      if (ref === undefined || ref === s) continue;
      const args = commandArgs(inst);
      for (const a of args.slice(0, -1)) {
        const v = scope.resolve(a.value, inst);
        if (v === undefined || hasWildcard(v)) add(ref, '*');
        else add(ref, cleanPath(v.startsWith('/') ? v : `/${v}`));
      }
    }
  }
  return (stage, files) => {
    if (stage >= 0 && scope.inFinalImage(stage)) return true;
    const paths = exported.get(stage);
    if (!paths || paths.size === 0) return false;
    if (paths.has('*') || paths.has('/')) return true;
    return files.some(
      (f) => f.dest === undefined || [...paths].some((p) => f.dest === p || f.dest!.startsWith(p + '/')),
    );
  };
}
