/**
 * Shared by untrusted-checkout and artifact-poisoning: which later steps of a job run code from the
 * workspace (build, test and install commands, local scripts, local actions), and which values
 * name a pull request's head.
 */
import type { Related } from '../../core/index.js';
import type { ShellCommand, ShellWord } from '../../formats/dockerfile/shell/model.js';
import type { Expr } from '../../formats/workflow/expressions.js';
import type { WfJob, WfMap, WfScalar, WfStep } from '../../formats/workflow/model.js';
import { pathsIn, STEP_WINDOW } from '../../formats/workflow/triggers.js';

/**
 * Context paths that name a pull request's head, with the event that fills them and what they
 * are: a `commit` (its SHA: fetchable from the base repository, fork or not), a `repo` (the fork
 * itself) or a `branch` name, which names the fork's code only together with the fork's
 * repository: alone, `ref: ${{ github.head_ref }}` checks out a branch of the base repository
 * (for a fork's pull request there is none, or one an outsider cannot push to).
 * `refs/pull/<n>/…` written as text is recognised separately.
 */
type HeadKind = 'commit' | 'branch' | 'repo';
const HEAD_PATHS: { path: string; kind: HeadKind; events: string[] }[] = [
  ...(
    [
      ['github.event.pull_request.head.sha', 'commit'],
      ['github.event.pull_request.merge_commit_sha', 'commit'],
      ['github.event.pull_request.head.ref', 'branch'],
      ['github.event.pull_request.head.label', 'branch'],
      ['github.head_ref', 'branch'],
      ['github.event.pull_request.head.repo.full_name', 'repo'],
      ['github.event.pull_request.head.repo.clone_url', 'repo'],
      ['github.event.pull_request.head.repo.ssh_url', 'repo'],
    ] as [string, HeadKind][]
  ).map(([path, kind]) => ({ path, kind, events: ['pull_request_target'] })),
  ...(
    [
      ['github.event.workflow_run.head_sha', 'commit'],
      ['github.event.workflow_run.head_commit.id', 'commit'],
      ['github.event.workflow_run.pull_requests.*.head.sha', 'commit'],
      ['github.event.workflow_run.head_branch', 'branch'],
      ['github.event.workflow_run.pull_requests.*.head.ref', 'branch'],
      ['github.event.workflow_run.head_repository.full_name', 'repo'],
      ['github.event.workflow_run.head_repository.clone_url', 'repo'],
    ] as [string, HeadKind][]
  ).map(([path, kind]) => ({ path, kind, events: ['workflow_run'] })),
];

const PR_REF_TEXT = /refs\/pull\/|(?:^|[\s:+/])pull\/[0-9$%{]/;

/** What names the head in an expression or text, if anything, under one of `events`. */
export function headNamed(
  x: { ast?: Expr; source: string } | undefined,
  events: ReadonlySet<string>,
  branches = false,
): string | undefined {
  if (!x?.ast) return undefined;
  for (const p of pathsIn(x.ast)) {
    const joined = p.map((s) => (s === '?' ? '*' : s)).join('.');
    const h = HEAD_PATHS.find(
      (h) => h.path === joined && h.events.some((e) => events.has(e)) && (branches || h.kind !== 'branch'),
    );
    if (h) return h.path;
  }
  // `format('refs/pull/{0}/merge', github.event.issue.number)`
  if (PR_REF_TEXT.test(x.source)) return 'refs/pull/…';
  return undefined;
}

/** Does a scalar (a `ref:` value, an env value) name the head? Returns what it reads. */
export function scalarNamesHead(
  s: WfScalar | undefined,
  events: ReadonlySet<string>,
  branches = false,
): string | undefined {
  if (!s) return undefined;
  for (const x of s.expressions) {
    const h = headNamed(x, events, branches);
    if (h) return h;
  }
  // `refs/pull/${{ github.event.issue.number }}/head`: the text around the expression.
  if (s.expressions.length && PR_REF_TEXT.test(s.value)) return 'refs/pull/…';
  return undefined;
}

/** An environment variable (step, job or workflow `env:`) whose value names the head. */
export function envNamingHead(
  maps: readonly (WfMap | undefined)[],
  name: string,
  events: ReadonlySet<string>,
): string | undefined {
  for (const m of maps) {
    const e = m?.entries.find((x) => x.key === name);
    if (e) return e.value.type === 'scalar' ? scalarNamesHead(e.value, events) : undefined;
  }
  return undefined;
}

/** `$NAME` / `${NAME}` read in a shell word, at most a few. */
function varsIn(word: ShellWord): string[] {
  const out: string[] = [];
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
  const text = word.raw.length > 2000 ? word.raw.slice(0, 2000) : word.raw;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 16) out.push(m[1]!);
  return out;
}

/** Does a shell word name the head (an expression, `pull/N/head`, or a variable set from one)? */
export function wordNamesHead(
  word: ShellWord,
  envs: readonly (WfMap | undefined)[],
  events: ReadonlySet<string>,
  exprs: readonly { ast?: Expr; source: string; span: { line: number; column: number } }[],
): string | undefined {
  if (PR_REF_TEXT.test(word.partial) || PR_REF_TEXT.test(word.raw)) return 'refs/pull/…';
  for (const x of exprs) {
    if (!within(x.span, word)) continue;
    const h = headNamed(x, events);
    if (h) return h;
  }
  for (const v of varsIn(word)) {
    const h = envNamingHead(envs, v, events);
    if (h) return `$${v} (${h})`;
  }
  return undefined;
}

function within(p: { line: number; column: number }, w: ShellWord): boolean {
  if (p.line < w.line || p.line > w.endLine) return false;
  if (p.line === w.line && p.column < w.column) return false;
  if (p.line === w.endLine && p.column >= w.endColumn) return false;
  return true;
}

/** The first argument that is not an option (git's and npm's subcommand). */
export function subcommand(cmd: ShellCommand): { word: ShellWord; index: number } | undefined {
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i]!;
    const v = w.value;
    if (v === undefined) return undefined;
    if (v.startsWith('-')) {
      // git -C dir / -c k=v take a value.
      if (cmd.base === 'git' && (v === '-C' || v === '-c')) i++;
      continue;
    }
    return { word: w, index: i };
  }
  return undefined;
}

const JS_PMS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const JS_RUNS = new Set([
  'install',
  'i',
  'ci',
  'add',
  'test',
  't',
  'tst',
  'run',
  'run-script',
  'rum',
  'build',
  'exec',
  'x',
  'start',
  'pack',
  'publish',
  'rebuild',
  'dlx',
]);
/** Build tools that read and run the project's own build files. */
const BUILD_TOOLS = new Set([
  'make',
  'gmake',
  'cmake',
  'ninja',
  'meson',
  'gradle',
  'gradlew',
  'mvn',
  'mvnw',
  'ant',
  'sbt',
  'bazel',
  'bazelisk',
  'pytest',
  'tox',
  'nox',
  'rake',
  'just',
  'task',
  'pre-commit',
  'msbuild',
  'npx',
  'pnpx',
  'bunx',
  'docker-compose',
  'earthly',
  'turbo',
  'nx',
  'lerna',
  'skaffold',
  'tilt',
]);
const SUB_RUNS: Record<string, Set<string>> = {
  cargo: new Set(['build', 'test', 'run', 'install', 'bench', 'check', 'clippy', 'doc', 'nextest']),
  go: new Set(['build', 'test', 'run', 'generate', 'install']),
  dotnet: new Set(['build', 'test', 'run', 'restore', 'pack', 'publish', 'msbuild']),
  poetry: new Set(['install', 'run', 'build']),
  pdm: new Set(['install', 'run', 'build', 'sync']),
  hatch: new Set(['run', 'build', 'test', 'env']),
  uv: new Set(['run', 'sync', 'build', 'pip']),
  bundle: new Set(['install', 'exec']),
  composer: new Set(['install', 'update', 'run', 'run-script']),
  docker: new Set(['build', 'buildx', 'compose']),
  deno: new Set(['run', 'task', 'test']),
  swift: new Set(['build', 'test', 'run']),
  mix: new Set(['deps.get', 'compile', 'test', 'run']),
};
const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'python', 'python3', 'node', 'ruby', 'perl', 'pwsh']);
const PIP = new Set(['pip', 'pip3']);

/** What a command runs from the workspace, in a few words (undefined: nothing recognised). */
export function runsWorkspaceCode(cmd: ShellCommand): string | undefined {
  const base = cmd.base;
  const name = cmd.name;
  if (!base) return undefined;
  // ./build.sh, scripts/test, .github/scripts/x.py: a file of the checkout run directly.
  if (name.includes('/') && !name.startsWith('/') && !name.startsWith('~') && !name.startsWith('$'))
    return `\`${name}\``;
  const sub = subcommand(cmd)?.word.value;
  if (JS_PMS.has(base)) {
    if (
      base === 'yarn' &&
      (sub === undefined || !['config', 'cache', 'global', 'set', 'policies'].includes(sub))
    )
      return `\`yarn${sub ? ` ${sub}` : ''}\``;
    if (sub && JS_RUNS.has(sub)) return `\`${base} ${sub}\``;
    return undefined;
  }
  if (BUILD_TOOLS.has(base)) return `\`${base}\``;
  if (sub && SUB_RUNS[base]?.has(sub)) return `\`${base} ${sub}\``;
  if (PIP.has(base) || (base === 'uv' && sub === 'pip') || base === 'pipx') {
    const words = cmd.args.map((w) => w.value ?? '');
    if (!words.includes('install')) return undefined;
    const local = words.some(
      (v, i) =>
        v === '.' ||
        v.startsWith('./') ||
        v.startsWith('.[') ||
        v === '-e' ||
        v === '--editable' ||
        ((v === '-r' || v === '--requirement') && i + 1 < words.length) ||
        v.startsWith('-r'),
    );
    return local ? `\`${base} install\` of the checkout` : undefined;
  }
  if (INTERPRETERS.has(base) || /^python3\.\d+$/.test(base)) {
    const first = cmd.args.find((w) => !(w.value ?? '').startsWith('-'));
    const v = first?.value;
    if (!v) {
      const m = cmd.args.findIndex((w) => w.value === '-m');
      if (m >= 0) return `\`${base} -m ${cmd.args[m + 1]?.value ?? '…'}\``;
      return undefined;
    }
    if (v.startsWith('/') || v.startsWith('$')) return undefined;
    if (/\.(sh|bash|py|js|mjs|cjs|ts|rb|pl|ps1)$/.test(v) || v.includes('/')) return `\`${base} ${v}\``;
  }
  return undefined;
}

/** A step that runs code from the workspace, with where and what. */
export interface Execution {
  step: WfStep;
  what: string;
  span: { line: number; column: number; endLine: number; endColumn: number };
}

/**
 * The first thing a step runs from the workspace: a local action (`uses: ./…`), or a `run:`
 * command that builds, tests, installs or runs a script of the checkout. `under` restricts it to
 * code under a checkout `path:` (the step's `working-directory`, a `cd` into it, or the path named
 * in the script); `after` skips commands of the same script up to that index.
 */
export function executionIn(step: WfStep, under?: string, after = -1): Execution | undefined {
  const u = step.uses;
  if (u?.kind === 'local') {
    const p = u.raw.replace(/^\.\//, '');
    if (under === undefined || p === under || p.startsWith(`${under}/`))
      return { step, what: `the local action \`${u.raw}\``, span: u.span };
    return undefined;
  }
  const script = step.run?.analysis;
  if (!script) return undefined;
  if (under !== undefined) {
    const wd = step.workingDirectory?.value.replace(/^\.\//, '') ?? '';
    // The step works there (`working-directory`) or a word of the script names it (`cd pr`,
    // `pr/build.sh`, `make -C pr`).
    const inside = (v: string | undefined): boolean => {
      const x = (v ?? '').replace(/^\.\//, '');
      return x === under || x.startsWith(`${under}/`);
    };
    const mentions =
      inside(wd) ||
      script.commands.some((c) => inside(c.name) || c.args.some((w) => inside(w.value ?? w.partial)));
    if (!mentions) return undefined;
  }
  for (const cmd of script.commands) {
    if (cmd.index <= after) continue;
    const what = runsWorkspaceCode(cmd);
    if (what) return { step, what, span: { ...cmd.span } };
  }
  return undefined;
}

/** Every later step of the job that runs workspace code (at most `max`). */
export function executionsAfter(job: WfJob, fromIndex: number, under?: string, max = 3): Execution[] {
  const out: Execution[] = [];
  for (const s of job.steps.slice(fromIndex + 1, fromIndex + 1 + STEP_WINDOW)) {
    const x = executionIn(s, under);
    if (x) out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

export const execRelated = (x: Execution): Related => ({
  span: x.span,
  label: `runs the checked-out code: ${x.what}`,
});
