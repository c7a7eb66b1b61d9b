/**
 * The Docker builds a workflow declares, with the Dockerfile and build context each one uses:
 * `docker/build-push-action` (`context:`, `file:`) and `docker build` / `docker buildx build` /
 * `podman build` in `run:` scripts (`-f`/`--file`, the context argument, the step's
 * `working-directory`). Only literal values count: a value with `${{ }}` or a shell variable is
 * not known here, and that build is left out (its Dockerfile keeps its default context).
 */
import type { BuildDeclaration } from '../../core/index.js';
import type { ShellCommand } from '../dockerfile/shell/model.js';
import { cleanPath } from '../dockerignore.js';
import type { WfMap, WfNode, WfStep, WorkflowModel } from './model.js';

/** `docker build` options that take a value (the next word, unless written `--opt=value`). */
const BOOLEAN_FLAGS = new Set([
  '--no-cache',
  '--pull',
  '--push',
  '--load',
  '-q',
  '--quiet',
  '--rm',
  '--force-rm',
  '--squash',
  '--compress',
  '--disable-content-trust',
  '--debug',
  '-D',
  '--check',
]);

function scalar(node: WfNode | undefined): string | undefined {
  if (!node || node.type !== 'scalar') return undefined;
  if (node.value.includes('${{')) return undefined;
  return node.value;
}

function getPath(map: WfMap | undefined, ...keys: string[]): WfNode | undefined {
  let node: WfNode | undefined = map;
  for (const k of keys) {
    if (!node || node.type !== 'map') return undefined;
    node = node.get(k)?.value;
  }
  return node;
}

/** A repo-relative path from a path written relative to `cwd` ('' is the root); undefined outside it. */
function repoPath(cwd: string, p: string): string | undefined {
  if (p.startsWith('/')) return undefined;
  const joined = cleanPath(cwd === '' ? p : `${cwd}/${p}`);
  if (joined === '.') return '';
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/')) return undefined;
  return joined;
}

function isRemote(ctx: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ctx) || ctx.startsWith('git@') || ctx === '-';
}

function fromBuildPushAction(step: WfStep, path: string): BuildDeclaration | undefined {
  const ctxNode = step.with?.get('context')?.value;
  const fileNode = step.with?.get('file')?.value;
  const rawCtx = ctxNode ? scalar(ctxNode) : undefined;
  if (ctxNode && rawCtx === undefined) {
    // `{{defaultContext}}:sub` is the git context's subdirectory; any other expression is unknown.
    if (ctxNode.type !== 'scalar') return undefined;
    const v = ctxNode.value;
    if (!v.startsWith('{{defaultContext}}:') || v.includes('${{')) return undefined;
  }
  let context: string | undefined;
  let gitContext = false;
  const v = ctxNode?.type === 'scalar' ? ctxNode.value.trim() : undefined;
  if (v === undefined || v === '' || v === '{{defaultContext}}') {
    context = '';
    gitContext = true;
  } else if (v.startsWith('{{defaultContext}}:')) {
    context = repoPath('', v.slice('{{defaultContext}}:'.length));
    gitContext = true;
  } else if (isRemote(v)) return undefined;
  else context = repoPath('', v);
  if (context === undefined) return undefined;
  let dockerfile: string | undefined;
  if (fileNode) {
    const f = scalar(fileNode);
    if (f === undefined || f.trim() === '' || f.trim() === '-') return undefined;
    // A git context reads the file inside the context; a path context relative to the workspace.
    dockerfile = repoPath(gitContext ? context : '', f.trim());
  } else dockerfile = repoPath(context, 'Dockerfile');
  if (dockerfile === undefined) return undefined;
  return {
    context,
    dockerfile,
    origin: { path, line: step.line },
    via: 'docker/build-push-action',
    ...(gitContext ? { gitContext: true } : {}),
  };
}

/** The words after `build` of a docker/podman build command, or undefined when it is not one. */
function buildArgs(cmd: ShellCommand): ShellCommand['args'] | undefined {
  const words = cmd.args;
  const v = (i: number) => words[i]?.value;
  if (cmd.base === 'docker' || cmd.base === 'podman') {
    if (v(0) === 'build') return words.slice(1);
    if ((v(0) === 'buildx' || v(0) === 'image') && v(1) === 'build') return words.slice(2);
    return undefined;
  }
  if (cmd.base === 'docker-buildx' && v(0) === 'build') return words.slice(1);
  return undefined;
}

function fromDockerBuild(
  cmd: ShellCommand,
  cwd: string,
  path: string,
  line: number,
): BuildDeclaration | undefined {
  const args = buildArgs(cmd);
  if (!args) return undefined;
  let file: string | undefined;
  let fileGiven = false;
  const positional: (string | undefined)[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const val = w.value;
    if (val === undefined) {
      positional.push(undefined);
      continue;
    }
    if (val === '-f' || val === '--file') {
      fileGiven = true;
      file = args[++i]?.value;
      continue;
    }
    if (val.startsWith('--file=')) {
      fileGiven = true;
      file = val.slice(7);
      continue;
    }
    if (val.startsWith('-f') && val.length > 2 && !val.startsWith('--')) {
      fileGiven = true;
      file = val.slice(2);
      continue;
    }
    if (val.startsWith('-')) {
      if (val.includes('=') || BOOLEAN_FLAGS.has(val)) continue;
      i++;
      continue;
    }
    positional.push(val);
  }
  if (positional.length !== 1) return undefined;
  const ctx = positional[0];
  if (ctx === undefined || isRemote(ctx)) return undefined;
  const context = repoPath(cwd, ctx);
  if (context === undefined) return undefined;
  if (fileGiven && (file === undefined || file === '-')) return undefined;
  const dockerfile = file !== undefined ? repoPath(cwd, file) : repoPath(context, 'Dockerfile');
  if (dockerfile === undefined) return undefined;
  return { context, dockerfile, origin: { path, line }, via: 'docker build' };
}

/** The working directory a step's `run:` starts in (repo-relative), or undefined when unknown. */
function workingDirectory(model: WorkflowModel, job: WfMap | undefined, step: WfStep): string | undefined {
  const node =
    step.workingDirectory ??
    getPath(job, 'defaults', 'run', 'working-directory') ??
    getPath(model.root, 'defaults', 'run', 'working-directory');
  if (!node) return '';
  const v = scalar(node);
  if (v === undefined) return undefined;
  return repoPath('', v.trim() === '' ? '.' : v.trim());
}

/** Every build the workflow declares with a known Dockerfile and local context. */
export function dockerBuildsOf(model: WorkflowModel): BuildDeclaration[] {
  const out: BuildDeclaration[] = [];
  const steps: { step: WfStep; job?: WfMap }[] = [
    ...model.jobs.flatMap((j) => j.steps.map((step) => ({ step, job: j.node }))),
    ...(model.runs?.steps ?? []).map((step) => ({ step })),
  ];
  for (const { step, job } of steps) {
    const u = step.uses;
    if (u?.kind === 'repository' && u.owner === 'docker' && u.repo?.toLowerCase() === 'build-push-action') {
      const d = fromBuildPushAction(step, model.path);
      if (d) out.push(d);
    }
    const analysis = step.run?.analysis;
    if (!analysis) continue;
    const cwd = workingDirectory(model, job, step);
    if (cwd === undefined) continue;
    for (const cmd of analysis.commands) {
      const d = fromDockerBuild(cmd, cwd, model.path, cmd.nameWord.line);
      if (d) out.push(d);
    }
  }
  return out;
}
