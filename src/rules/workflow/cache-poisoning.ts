import { defineRule, hit, type Hit, type Related, type Severity } from '../../core/index.js';
import type {
  WfJob,
  WfNode,
  WfScalar,
  WfStep,
  WfTrigger,
  WorkflowModel,
} from '../../formats/workflow/model.js';
import type { Expr } from '../../formats/workflow/expressions.js';
import { contextPath } from '../../formats/workflow/expressions.js';
import { conditionExpr, isTrue, jobSecrets, jobToken, withInput } from '../../formats/workflow/triggers.js';
import { subcommand } from './untrusted-code.js';

/** A step that restores a GitHub Actions cache into the job, and the input that turns it on. */
interface CacheUse {
  step: WfStep;
  what: string;
  span: { line: number; column: number; endLine: number; endColumn: number };
}

/**
 * Does an `if:` keep the job or step off release runs? `!startsWith(github.ref, 'refs/tags/')`,
 * `github.ref == 'refs/heads/main'`, `github.event_name == 'pull_request'` as one side of `&&`.
 */
function offOnRelease(node: WfScalar | undefined): boolean {
  const root = conditionExpr(node);
  if (!root) return false;
  const stack: Expr[] = [root];
  for (let n = 0; stack.length && n < 256; n++) {
    const e = stack.pop()!;
    if (e.kind === 'binary' && e.op === '&&') {
      stack.push(e.left, e.right);
      continue;
    }
    if (e.kind === 'not' && e.operand.kind === 'call' && e.operand.name.toLowerCase() === 'startswith') {
      const [a, b] = e.operand.args;
      if (
        a &&
        b &&
        contextPath(a)?.join('.') === 'github.ref' &&
        b.kind === 'literal' &&
        String(b.value).startsWith('refs/tags')
      )
        return true;
    }
    if (e.kind === 'binary' && e.op === '==') {
      const p = contextPath(e.left)?.join('.') ?? contextPath(e.right)?.join('.');
      const lit =
        e.left.kind === 'literal' ? e.left.value : e.right.kind === 'literal' ? e.right.value : undefined;
      if (p === 'github.ref' && typeof lit === 'string' && lit.startsWith('refs/heads/')) return true;
      if (p === 'github.event_name' && typeof lit === 'string' && !['push', 'release'].includes(lit))
        return true;
    }
  }
  return false;
}

/** A literal, non-empty, not-false input value (an expression toggle is not judged: see docs). */
function literalOn(v: WfScalar | undefined): boolean {
  if (!v || v.expressions.length) return false;
  const t = v.value.trim().toLowerCase();
  return t !== '' && t !== 'false' && t !== 'none';
}

/** The major version of an action ref (`v4`, `v4.1.0`, a SHA with a `# v4.1.0` comment). */
function majorOf(step: WfStep): number | undefined {
  const u = step.uses!;
  const ref = /^[0-9a-f]{40}$/i.test(u.ref ?? '') ? (u.comment ?? '').trim() : (u.ref ?? '');
  const m = /^v?(\d+)/.exec(ref);
  return m ? Number(m[1]) : undefined;
}

function cacheUse(step: WfStep): CacheUse | undefined {
  const u = step.uses;
  if (u?.kind !== 'repository') return undefined;
  const name = `${u.owner}/${u.repo}${u.path ? `/${u.path.toLowerCase()}` : ''}`;
  const on = (input: string, what: string): CacheUse | undefined => {
    const v = withInput(step, input);
    return literalOn(v)
      ? { step, what: `\`${u.raw.split('@')[0]}\` with \`${input}: ${v!.value}\`${what}`, span: v!.span }
      : undefined;
  };
  switch (name) {
    case 'actions/cache':
    case 'actions/cache/restore':
      if (isTrue(withInput(step, 'lookup-only'))) return undefined;
      return { step, what: `\`${u.raw.split('@')[0]}\``, span: u.span };
    case 'actions/setup-node':
    case 'actions/setup-python':
    case 'actions/setup-java':
    case 'actions/setup-dotnet':
      return on('cache', '');
    case 'actions/setup-go': {
      const v = withInput(step, 'cache');
      if (v)
        return literalOn(v)
          ? { step, what: '`actions/setup-go` with `cache: true`', span: v.span }
          : undefined;
      const major = majorOf(step);
      // setup-go caches by default since v4.
      return major !== undefined && major >= 4
        ? { step, what: '`actions/setup-go` (v4+ restores the module cache by default)', span: u.span }
        : undefined;
    }
    case 'ruby/setup-ruby':
      return on('bundler-cache', '');
    case 'astral-sh/setup-uv':
      return on('enable-cache', '');
    case 'swatinem/rust-cache':
      if (isTrue(withInput(step, 'lookup-only'))) return undefined;
      return { step, what: '`Swatinem/rust-cache`', span: u.span };
    case 'gradle/actions/setup-gradle':
    case 'gradle/gradle-build-action':
      if (isTrue(withInput(step, 'cache-disabled'))) return undefined;
      return {
        step,
        what: `\`${u.raw.split('@')[0]}\` (restores the Gradle cache by default)`,
        span: u.span,
      };
    case 'docker/build-push-action':
    case 'docker/bake-action': {
      const v = withInput(step, 'cache-from') ?? withInput(step, 'set');
      if (!v || !/type=gha/.test(v.value)) return undefined;
      return {
        step,
        what: `\`${u.raw.split('@')[0]}\` with a GitHub Actions BuildKit cache (\`type=gha\`)`,
        span: v.span,
      };
    }
  }
  return undefined;
}

const PUBLISH_ACTIONS = new Set([
  'pypa/gh-action-pypi-publish',
  'softprops/action-gh-release',
  'ncipollo/release-action',
  'goreleaser/goreleaser-action',
  'js-devtools/npm-publish',
  'svenstaro/upload-release-action',
  'actions/upload-release-asset',
  'rubygems/release-gem',
  'rust-lang/crates-io-auth-action',
]);
const PUSHING_ACTIONS = new Set(['docker/build-push-action', 'docker/bake-action']);

/** What in a job publishes (a package, an image, a release), if anything. */
function publisher(model: WorkflowModel, job: WfJob): { what: string; span: CacheUse['span'] } | undefined {
  for (const step of job.steps) {
    const u = step.uses;
    if (u?.kind === 'repository') {
      const name = `${u.owner}/${u.repo}`;
      if (PUBLISH_ACTIONS.has(name)) return { what: `\`${name}\``, span: u.span };
      if (PUSHING_ACTIONS.has(name) && isTrue(withInput(step, 'push')))
        return { what: `\`${name}\` with \`push: true\``, span: u.span };
    }
    for (const cmd of step.run?.analysis?.commands ?? []) {
      const sub = subcommand(cmd)?.word.value;
      const a = cmd.args.map((w) => w.value);
      const pub =
        (['npm', 'pnpm', 'cargo', 'poetry', 'uv', 'twine', 'gem'].includes(cmd.base) &&
          (sub === 'publish' ||
            (cmd.base === 'twine' && sub === 'upload') ||
            (cmd.base === 'gem' && sub === 'push'))) ||
        (cmd.base === 'yarn' && (sub === 'publish' || (sub === 'npm' && a.includes('publish')))) ||
        (cmd.base === 'docker' && (sub === 'push' || (sub === 'buildx' && a.includes('--push')))) ||
        (cmd.base === 'gh' && a[0] === 'release' && (a[1] === 'create' || a[1] === 'upload')) ||
        (cmd.base === 'dotnet' && sub === 'nuget' && a.includes('push')) ||
        (cmd.base === 'goreleaser' && (sub === 'release' || sub === undefined)) ||
        // `make publish`, `./scripts/release.sh --publish`, `npm run publish`
        a.some((x) => x === 'publish' || x === '--publish');
      if (pub) return { what: `\`${cmd.base}${sub ? ` ${sub}` : ''}\``, span: { ...cmd.span } };
    }
  }
  // No publishing step named: an OIDC token or a package-registry write in a release workflow is there to publish or sign.
  const token = jobToken(model, job);
  const scope = token.writeScopes.find((x) => x === 'id-token' || x === 'packages');
  if (scope && token.node)
    return {
      what: `\`${scope}: write\` (trusted publishing, signing or a registry push)`,
      span: token.node.span,
    };
  return undefined;
}

/** The triggers under which a job's cache restore reaches a release: `release`, tag pushes. */
function releaseTriggers(model: WorkflowModel): WfTrigger[] {
  return model.triggers.filter((t) => {
    if (t.event === 'release') return true;
    if (t.event !== 'push' || t.config?.type !== 'map') return false;
    return t.config.get('tags') !== undefined;
  });
}

/** The ids a job `needs:`. */
function needsOf(job: WfJob): string[] {
  const n = job.node.get('needs')?.value;
  if (n?.type === 'scalar') return [n.value];
  if (n?.type === 'seq') return n.items.flatMap((i) => (i.type === 'scalar' ? [i.value] : []));
  return [];
}

/** Artifact names a job uploads (`*` for an upload whose name is an expression or absent). */
function artifactNames(job: WfJob, action: 'upload-artifact' | 'download-artifact'): string[] {
  const out: string[] = [];
  for (const step of job.steps) {
    const u = step.uses;
    if (u?.kind !== 'repository' || u.owner !== 'actions' || u.repo !== action) continue;
    const n = withInput(step, 'name') ?? withInput(step, 'pattern');
    out.push(!n || n.expressions.length ? '*' : n.value.trim());
  }
  return out;
}

/**
 * Does `job` hand what it builds to `publisher` (an artifact the publisher downloads)? A `needs:`
 * alone is often only ordering: the tests that must pass before a release.
 */
function handsOver(job: WfJob, publisher: WfJob): boolean {
  const up = artifactNames(job, 'upload-artifact');
  const down = artifactNames(publisher, 'download-artifact');
  if (!up.length || !down.length) return false;
  // A name given by an expression matches only a download of every artifact.
  return down.some(
    (d) => d === '*' || up.includes(d) || (d.includes('*') && up.some((n) => n !== '*' && globMatch(d, n))),
  );
}

/** `release-*` against `release-linux` (only `*` wildcards; linear). */
function globMatch(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  for (const p of parts.slice(1, -1)) {
    const i = name.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return at <= name.length - parts[parts.length - 1]!.length;
}

/** Low-trust events whose runs GitHub gives read-only cache access unless `cache-mode` opts in. */
const LOW_TRUST = new Set([
  'pull_request',
  'pull_request_target',
  'issue_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'workflow_run',
]);

function cacheModeHits(model: WorkflowModel, out: Hit[]): void {
  const low = model.triggers.filter((t) => LOW_TRUST.has(t.event));
  if (!low.length) return;
  const check = (node: WfNode | undefined, where: string): void => {
    if (node?.type !== 'scalar') return;
    const v = node.value.trim().toLowerCase();
    if (v !== 'write' && v !== 'write-only') return;
    out.push(
      hit(
        node.span,
        `\`cache-mode: ${v}\` ${where} gives runs of ${[...new Set(low.map((t) => `\`${t.event}\``))].join(', ')} write access to the cache that GitHub otherwise keeps read-only for these events: a pull request's code can then store entries that later default-branch and release runs restore (high).`,
        {
          severity: 'high',
          evidence: `cache-mode: ${node.value}`,
          fix: 'Remove `cache-mode: write` (the default for these events is read-only), or move the cache-writing work to a `push` workflow on the default branch.',
          related: low.map((t) => ({ span: t.span, label: `triggered by ${t.event}` })),
        },
      ),
    );
  };
  check(model.root?.get('cache-mode')?.value, 'at workflow level');
  for (const job of model.jobs) check(job.node.get('cache-mode')?.value, `in job \`${job.id}\``);
}

export const rule = defineRule({
  id: 'workflow/cache-poisoning',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Release job restores a cache others can write',
  description:
    "A release or tag-push run restores GitHub Actions caches from the default branch's scope, and any run in that scope can write them: a `pull_request_target`, `issue_comment` or `workflow_run` workflow that an outsider reached through injection or an untrusted checkout. In December 2024 the ultralytics release workflow restored such a poisoned cache and published a trojaned wheel through trusted publishing. Restoring a cache in a job that publishes puts whatever the cache holds into the released package or image.\n\n" +
    "**What is reported.** In a workflow triggered by `release` or a `push` with `tags:`, a job that publishes (`pypa/gh-action-pypi-publish`, `softprops/action-gh-release`, `goreleaser`, `docker/build-push-action` or `bake-action` with `push: true`, `npm|pnpm|cargo|poetry|uv publish`, `twine upload`, `gem push`, `docker push`, `gh release create|upload`, a command with a `publish`/`--publish` argument, or a job token with `id-token: write` or `packages: write`) or that uploads an artifact a publishing job downloads (a `needs:` alone is often only ordering: tests that gate the release), when it restores a cache: `actions/cache` and `actions/cache/restore` (not with `lookup-only: true`), `actions/setup-node|python|java|dotnet` with a literal `cache:`, `actions/setup-go` with `cache: true` or v4+ without `cache: false` (its default), `ruby/setup-ruby` `bundler-cache: true`, `astral-sh/setup-uv` `enable-cache: true`, `Swatinem/rust-cache`, Gradle's setup actions unless `cache-disabled: true`, and BuildKit's GitHub Actions cache (`cache-from: type=gha`), whose layers go straight into the pushed image. Also `cache-mode: write|write-only` (workflow or job level) in a workflow triggered by low-trust events (`pull_request`, `pull_request_target`, `issue_comment`, `workflow_run`): since June 2026 GitHub keeps their cache read-only unless a workflow opts in.\n\n" +
    "**Not reported.** Jobs and steps whose `if:` keeps them off release runs (`!startsWith(github.ref, 'refs/tags/')`, `github.ref == 'refs/heads/main'`, an `event_name` check for another event); cache inputs given by an expression (`cache: ${{ !startsWith(github.ref, 'refs/tags/') && 'npm' || '' }}` is the recommended toggle, zizmor #1940); version-dependent defaults this file cannot see (setup-node v5's `package-manager-cache` depends on `package.json`; setup-uv v10+ turns its cache off on release events); jobs of a release workflow that neither publish nor feed a publishing job (tests on a tag); `push` to branches, `workflow_dispatch` and `schedule` workflows (their cache scope is their own branch, and a person with write access starts them); `actions/cache/save` (it writes, it does not restore).\n\n" +
    '**Grouping and severity.** One finding per job, at the first cache-restoring input or step, with the other cache steps of the job, the release triggers and the publishing step as related places: turning caching off for the release job is one edit. High for a job that publishes itself, medium for a job whose artifact a publishing job downloads; `cache-mode: write` is high, one finding per declaration.',
  fix: "Do not restore caches in jobs that build or publish releases: remove `cache:`/`actions/cache` there, or turn it off for tags with an expression (`cache: ${{ !startsWith(github.ref, 'refs/tags/') && 'npm' || '' }}`); build release artifacts from a clean environment.",
  examples: {
    bad: "on:\n  push:\n    tags: ['v*']\njobs:\n  publish:\n    runs-on: ubuntu-24.04\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@v4.1.1\n      - uses: actions/setup-python@v5.3.0\n        with:\n          python-version: '3.12'\n          cache: pip\n      - run: python -m build\n      - uses: pypa/gh-action-pypi-publish@v1.12.3",
    good: "on:\n  push:\n    tags: ['v*']\njobs:\n  publish:\n    runs-on: ubuntu-24.04\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@v4.1.1\n      - uses: actions/setup-python@v5.3.0\n        with:\n          python-version: '3.12'\n      - run: python -m build\n      - uses: pypa/gh-action-pypi-publish@v1.12.3",
    language: 'yaml',
    path: '.github/workflows/release.yml',
  },
  references: [
    'https://docs.zizmor.sh/audits/#cache-poisoning',
    'https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/',
    'https://blog.yossarian.net/2024/12/06/zizmor-ultralytics-injection',
  ],
  check(model) {
    if (model.type !== 'workflow') return [];
    const hits: Hit[] = [];
    cacheModeHits(model, hits);
    const triggers = releaseTriggers(model);
    if (triggers.length) {
      const pubs = new Map(model.jobs.map((j) => [j.id, publisher(model, j)]));
      for (const job of model.jobs) {
        if (offOnRelease(job.if)) continue;
        const uses = job.steps
          .filter((st) => !offOnRelease(st.if))
          .map(cacheUse)
          .filter((c): c is CacheUse => c !== undefined);
        if (!uses.length) continue;
        const own = pubs.get(job.id);
        const feeds = own
          ? undefined
          : model.jobs.find(
              (j) => j !== job && pubs.get(j.id) && needsOf(j).includes(job.id) && handsOver(job, j),
            );
        if (!own && !feeds) continue;
        const severity: Severity = own ? 'high' : 'medium';
        const pub = own ?? pubs.get(feeds!.id)!;
        const first = uses[0]!;
        const related: Related[] = [
          ...triggers.map((t) => ({
            span: t.span,
            label: `triggered by ${t.event}${t.event === 'push' ? ' (tags)' : ''}`,
          })),
          ...uses.slice(1, 6).map((c) => ({ span: c.span, label: `also restores a cache: ${c.what}` })),
          {
            span: pub.span,
            label: own
              ? `publishes: ${pub.what}`
              : `job \`${feeds!.id}\` publishes (${pub.what}) what this job builds`,
          },
        ];
        const token = jobToken(model, job);
        const secrets = jobSecrets(model, job);
        const holds =
          token.level === 'write' ? ' with a write token' : secrets.length ? ` with ${secrets[0]!.name}` : '';
        hits.push(
          hit(
            first.span,
            `${first.what} restores a GitHub Actions cache in job \`${job.id}\`, which runs on ${[...new Set(triggers.map((t) => (t.event === 'push' ? 'a tag push' : `\`${t.event}\``)))].join(' and ')} and ${own ? `publishes${holds} (${pub.what})` : `builds what job \`${feeds!.id}\` publishes (${pub.what})`}: any run in the default branch's cache scope (a \`pull_request_target\` or \`issue_comment\` workflow an outsider reached, as in the ultralytics release of December 2024) can write that cache, and what it holds goes into the release (${severity}).`,
            {
              severity,
              evidence: first.what.replace(/`/g, ''),
              fix: "Turn caching off in release jobs: remove the cache input or step, or disable it for tags with an expression (`cache: ${{ !startsWith(github.ref, 'refs/tags/') && 'npm' || '' }}`).",
              related,
              scopeLine: first.step.line,
            },
          ),
        );
      }
    }
    return hits;
  },
});
