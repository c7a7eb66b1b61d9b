import { defineRule, hit, type Hit, type Related } from '../../core/index.js';
import { contextReads } from '../../formats/workflow/expressions.js';
import type { Span } from '../../core/span.js';
import type { WfJob, WfMap, WfScalar, WfStep, WorkflowModel } from '../../formats/workflow/model.js';
import { scalarsIn } from '../../formats/workflow/permissions.js';

type Registry = 'npm' | 'pypi' | 'rubygems' | 'crates';

/** Environment variables the publishing tools read their registry token from. */
const TOKEN_VARS: Record<string, Registry> = {
  NPM_TOKEN: 'npm',
  NODE_AUTH_TOKEN: 'npm',
  NPM_AUTH_TOKEN: 'npm',
  NPM_PUBLISH_TOKEN: 'npm',
  TWINE_PASSWORD: 'pypi',
  PYPI_TOKEN: 'pypi',
  PYPI_API_TOKEN: 'pypi',
  POETRY_PYPI_TOKEN_PYPI: 'pypi',
  UV_PUBLISH_TOKEN: 'pypi',
  UV_PUBLISH_PASSWORD: 'pypi',
  FLIT_PASSWORD: 'pypi',
  HATCH_INDEX_AUTH: 'pypi',
  GEM_HOST_API_KEY: 'rubygems',
  RUBYGEMS_API_KEY: 'rubygems',
  CARGO_REGISTRY_TOKEN: 'crates',
};

const NAMES: Record<Registry, string> = {
  npm: 'the npm registry',
  pypi: 'PyPI',
  rubygems: 'RubyGems',
  crates: 'crates.io',
};

/** How each registry's trusted publishing is set up. */
const HOW: Record<Registry, string> = {
  npm: 'configure a trusted publisher for the package on the npm registry, give the job `permissions: { id-token: write }` and run `npm publish` (npm 11.5 or later) without a token',
  pypi: 'add a trusted publisher for the project on PyPI, give the job `permissions: { id-token: write }` and use `pypa/gh-action-pypi-publish` without `password:` (or `uv publish --trusted-publishing always`)',
  rubygems:
    'add a trusted publisher on RubyGems, give the job `permissions: { id-token: write }` and use `rubygems/release-gem` (or `rubygems/configure-rubygems-credentials`)',
  crates:
    'add a trusted publisher on crates.io, give the job `permissions: { id-token: write }` and get a short-lived token from `rust-lang/crates-io-auth-action`',
};

/** Is it a repository secret (not the job's own `GITHUB_TOKEN`, not a step output)? */
function secretName(s: WfScalar): string | undefined {
  if (!s.value.includes('${{')) return undefined;
  for (const x of s.expressions) {
    if (!x.ast) continue;
    for (const r of contextReads(x.ast))
      if (r.path[0] === 'secrets' && r.path[1] && r.path[1] !== 'github_token' && r.path[1] !== '?')
        return r.path[1].toUpperCase();
  }
  return undefined;
}

/** Words showing a job publishes a package (its scripts, action names, inputs). */
const PUBLISH_WORDS = ['publish', 'semantic-release', 'release', 'twine upload', 'gem push'];

function publishes(job: WfJob): boolean {
  for (const step of job.steps) {
    if (step.uses?.raw.toLowerCase().includes('publish')) return true;
    for (const s of [...scalarsIn(step.with), ...(step.run ? [step.run.node] : [])]) {
      const v = s.value.slice(0, 65_536).toLowerCase();
      if (PUBLISH_WORDS.some((w) => v.includes(w))) return true;
    }
  }
  return false;
}

/** A host other than the public registry that the job publishes to (private registries have no trusted publishing). */
function privateRegistry(model: WorkflowModel, job: WfJob, reg: Registry): string | undefined {
  for (const step of job.steps) {
    const name = step.uses?.kind === 'repository' ? `${step.uses.owner}/${step.uses.repo}` : '';
    const keys =
      reg === 'npm' && name === 'actions/setup-node'
        ? ['registry-url']
        : reg === 'pypi' && name === 'pypa/gh-action-pypi-publish'
          ? ['repository-url', 'repository_url']
          : [];
    for (const k of keys) {
      const v = step.with?.get(k)?.value;
      if (v?.type !== 'scalar' || !v.value.trim()) continue;
      const url = v.value.trim().toLowerCase();
      const pub = reg === 'npm' ? url.includes('registry.npmjs.org') : url.includes('pypi.org');
      if (!pub) return v.value.trim();
    }
  }
  for (const m of [model.env, job.env, ...job.steps.map((s) => s.env)]) {
    const v = m?.get('TWINE_REPOSITORY_URL')?.value;
    if (reg === 'pypi' && v?.type === 'scalar' && !v.value.toLowerCase().includes('pypi.org')) return v.value;
  }
  return undefined;
}

interface Use {
  node: WfScalar;
  /** Where the token is (an expression inside a `run:` script); the whole value when absent. */
  span?: Span;
  key: string;
  registry: Registry;
  secret: string;
  step?: WfStep;
}

function tokenUses(m: WfMap | undefined, step?: WfStep): Use[] {
  const out: Use[] = [];
  for (const e of m?.entries ?? []) {
    const reg = TOKEN_VARS[e.key.toUpperCase()];
    if (!reg || e.value.type !== 'scalar') continue;
    const secret = secretName(e.value);
    if (secret) out.push({ node: e.value, key: e.key, registry: reg, secret, ...(step ? { step } : {}) });
  }
  return out;
}

/** What a script line that holds a secret publishes to, by the tool or setting it names. */
function lineRegistry(line: string): { registry: Registry; what: string } | undefined {
  const l = line.toLowerCase();
  if (
    l.includes('_authtoken') &&
    (l.includes('registry.npmjs.org') || l.includes('//:_authtoken') || !l.includes('//'))
  )
    return { registry: 'npm', what: '`_authToken` for the npm registry' };
  if (
    l.includes('pypi-token') ||
    l.includes('twine upload') ||
    l.includes('uv publish') ||
    l.includes('poetry publish')
  )
    return { registry: 'pypi', what: 'an upload to PyPI' };
  if (l.includes('cargo publish') || l.includes('cargo login'))
    return { registry: 'crates', what: 'a crates.io login' };
  if (l.includes('gem push') || l.includes('.gem/credentials') || l.includes('rubygems_api_key'))
    return { registry: 'rubygems', what: 'a RubyGems credential' };
  return undefined;
}

/** `${{ secrets.X }}` written straight into a publishing command or registry setting in a script. */
function runUses(step: WfStep): Use[] {
  const out: Use[] = [];
  const run = step.run;
  if (!run || !run.node.value.includes('${{')) return out;
  for (const x of run.node.expressions) {
    if (!x.ast) continue;
    const r = contextReads(x.ast).find(
      (c) => c.path[0] === 'secrets' && c.path[1] && c.path[1] !== 'github_token' && c.path[1] !== '?',
    );
    if (!r) continue;
    const line = run.lines.find((l) => l.span.line === x.span.line);
    const reg = line ? lineRegistry(line.text.slice(0, 4096)) : undefined;
    if (!reg) continue;
    out.push({
      node: run.node,
      span: x.span,
      key: reg.what,
      registry: reg.registry,
      secret: r.path[1]!.toUpperCase(),
      step,
    });
  }
  return out;
}

export const rule = defineRule({
  id: 'workflow/use-trusted-publishing',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'low',
  title: 'Package published with a long-lived registry token',
  description:
    'The npm registry, PyPI, RubyGems and crates.io accept trusted publishing: the job proves who it is with a short-lived GitHub OIDC token (`id-token: write`) and gets an upload credential that expires in minutes. A long-lived token in a repository secret works from anywhere until someone revokes it: the second ultralytics release (December 2024) was published with a stolen PyPI API token. The rule reports a repository secret handed to a publishing tool: `password:` of `pypa/gh-action-pypi-publish`, or an environment variable a publisher reads its token from (`NODE_AUTH_TOKEN`, `NPM_TOKEN`, `TWINE_PASSWORD`, `POETRY_PYPI_TOKEN_PYPI`, `UV_PUBLISH_TOKEN`, `GEM_HOST_API_KEY`, `CARGO_REGISTRY_TOKEN`, ...) at step, job or workflow level, or `${{ secrets.X }}` written into a script line that sets the `_authToken` of the npm registry, runs `twine upload`/`uv publish`/`poetry publish`/`poetry config pypi-token`, `cargo publish`/`cargo login` or `gem push`, in a job that publishes (its scripts, actions or inputs mention publish/release, `twine upload`, `gem push`). Not reported: `secrets.GITHUB_TOKEN` and step outputs (a token minted by OIDC, as `rust-lang/crates-io-auth-action` gives), jobs that only install (a read token for private dependencies), and private registries (`registry-url` other than the npm registry, `repository-url` other than PyPI), which have no trusted publishing. Low: the token is not exposed by this alone; it is the cheapest hardening of a release. One finding per token entry, at its value (per expression, for a script).',
  fix: 'Configure a trusted publisher on the registry, grant `id-token: write` to the publishing job only, drop the token secret from the workflow and revoke it.',
  examples: {
    bad: 'on: release\njobs:\n  pypi:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4\n        with:\n          password: ${{ secrets.PYPI_TOKEN }}',
    good: 'on: release\njobs:\n  pypi:\n    runs-on: ubuntu-24.04\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc # v1.12.4',
    language: 'yaml',
    path: '.github/workflows/release.yml',
  },
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect',
    'https://docs.pypi.org/trusted-publishers/',
    'https://docs.npmjs.com/trusted-publishers',
    'https://guides.rubygems.org/trusted-publishing/',
    'https://crates.io/docs/trusted-publishing',
  ],
  check(model) {
    if (model.type !== 'workflow') return [];
    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const job of model.jobs) {
      const uses: Use[] = [...tokenUses(model.env), ...tokenUses(job.env)];
      for (const step of job.steps) {
        uses.push(...tokenUses(step.env, step), ...runUses(step));
        const u = step.uses;
        if (u?.kind === 'repository' && `${u.owner}/${u.repo}` === 'pypa/gh-action-pypi-publish') {
          const pw = step.with?.get('password')?.value;
          const secret = pw?.type === 'scalar' ? secretName(pw) : undefined;
          if (pw?.type === 'scalar' && secret)
            uses.push({ node: pw, key: 'password', registry: 'pypi', secret, step });
        }
      }
      if (!uses.length || !publishes(job)) continue;
      for (const use of uses) {
        const at = use.span ?? use.node.span;
        const key = `${at.line}:${at.column}`;
        if (seen.has(key)) continue;
        const host = privateRegistry(model, job, use.registry);
        if (host !== undefined) continue;
        seen.add(key);
        const related: Related[] = [{ span: job.keySpan, label: `job '${job.id}' publishes` }];
        hits.push(
          hit(
            at,
            `${use.span ? use.key : `\`${use.key}\``} hands the long-lived token secrets.${use.secret} to a publish to ${NAMES[use.registry]}, which supports trusted publishing: a short-lived OIDC credential instead of a token that works from anywhere until revoked.`,
            {
              evidence: use.span
                ? `\${{ secrets.${use.secret} }}`
                : `${use.key}: \${{ secrets.${use.secret} }}`,
              fix: `Switch to trusted publishing: ${HOW[use.registry]}; then delete secrets.${use.secret} and revoke the token.`,
              related,
              scopeLine: use.step?.line ?? use.node.span.line,
            },
          ),
        );
      }
    }
    return hits;
  },
});
