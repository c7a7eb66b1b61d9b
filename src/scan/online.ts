/**
 * The scan's online phase: after every file's offline rules, the lockfile entries of the whole
 * scan are asked about in one go (so 5,000 packages across twenty lockfiles are five OSV batches,
 * not twenty), then each online rule runs on each lockfile model with the answers, as a pure
 * function. Runs only when the shell handed the engine an Intel and `online` is not false.
 */
import type { Intel, PackumentAnswers, PypiAnswers, VulnerabilityAnswers } from '../intel/intel.js';
import type { LockfileModel, Package } from '../formats/lockfile/model.js';
import {
  queryKey,
  type Hit,
  type OnlineAnswers,
  type OnlinePart,
  type PackageQuery,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type ServiceFailure,
  type Span,
} from '../core/index.js';
import { advisoryQuery, entrySpan } from '../rules/lockfile/util.js';
import { pypiName, registryName } from '../rules/lockfile/registry-check.js';

/** Whether the online phase asks about an entry of the lockfile at `path` (report: new). */
export type OnlineSelect = (path: string, p: Package) => boolean;

export interface OnlineInput {
  model: LockfileModel;
  ctx: RuleContext;
}

export interface OnlineOutput {
  hits: { rule: RuleMeta; path: string; hit: Hit; replacesOffline: boolean }[];
  /** One per failed service, at the first unanswered entry. */
  failures: { failure: ServiceFailure; path: string; span: Span; lockfiles: number }[];
  /** Distinct package versions asked about. */
  queried: number;
  /** Online rules that threw, reported as scan/internal-error by the engine. */
  errors: { rule: RuleMeta; path: string; message: string }[];
}

/** The rules that read packuments: the registry is asked only when one of them is on. */
export const REGISTRY_RULES = [
  'lockfile/integrity-mismatch',
  'lockfile/unknown-version',
  'lockfile/release-too-new',
  'lockfile/install-script-added',
  'lockfile/provenance-downgrade',
  'lockfile/deprecated',
] as const;

/** The rules that read PyPI's project JSON: PyPI is asked only when one of them is on. */
export const PYPI_RULES = [
  'lockfile/integrity-mismatch',
  'lockfile/unknown-version',
  'lockfile/release-too-new',
  'lockfile/deprecated',
] as const;

export async function onlinePhase(
  inputs: readonly OnlineInput[],
  rules: readonly Rule[],
  intel: Intel,
  now: number = Date.now(),
  select?: OnlineSelect,
): Promise<OnlineOutput> {
  // The entries asked about: all, or those `select` keeps. The rules still see every entry.
  const asked = (model: LockfileModel): readonly Package[] =>
    select ? model.packages.filter((p) => select(model.path, p)) : model.packages;
  const askedBy = new Map(inputs.map(({ model }) => [model, asked(model)]));
  const queries = new Map<string, PackageQuery>();
  for (const { model } of inputs)
    for (const p of askedBy.get(model)!) {
      const q = advisoryQuery(p);
      if (q) queries.set(queryKey(q), q);
    }
  // Package names for the npm registry, with their distinct locked versions (for failure counts).
  const config = inputs[0]?.ctx.config;
  const registryUrl = config?.intel['npm-registry-url'] ?? '';
  const wantRegistry =
    intel.packuments !== undefined &&
    registryUrl !== '' &&
    config !== undefined &&
    REGISTRY_RULES.some((id) => config.rules[id] !== 'off');
  const names = new Map<string, Set<string>>();
  if (wantRegistry)
    for (const { model } of inputs)
      for (const p of askedBy.get(model)!) {
        const name = registryName(p, registryUrl);
        if (name === undefined) continue;
        let vs = names.get(name);
        if (!vs) names.set(name, (vs = new Set()));
        vs.add(p.version);
      }
  // Project names for PyPI (PEP 503-normalized), likewise; only the rules that read PyPI's JSON.
  const pypiUrl = config?.intel['pypi-url'] ?? '';
  const wantPypi =
    intel.pypiProjects !== undefined &&
    pypiUrl !== '' &&
    config !== undefined &&
    PYPI_RULES.some((id) => config.rules[id] !== 'off');
  const projects = new Map<string, Set<string>>();
  if (wantPypi)
    for (const { model } of inputs)
      for (const p of askedBy.get(model)!) {
        const name = pypiName(p, model, pypiUrl);
        if (name === undefined) continue;
        let vs = projects.get(name);
        if (!vs) projects.set(name, (vs = new Set()));
        vs.add(p.version);
      }
  const out: OnlineOutput = { hits: [], failures: [], queried: queries.size, errors: [] };
  if (queries.size === 0 && names.size === 0 && projects.size === 0) return out;
  const osvCall = async (): Promise<VulnerabilityAnswers> => {
    if (queries.size === 0) return { answers: new Map() };
    try {
      return await intel.vulnerabilities([...queries.values()]);
    } catch (e) {
      return {
        answers: new Map(),
        failure: { service: 'OSV', url: '', packages: queries.size, reason: (e as Error).message },
      };
    }
  };
  const npmCall = async (): Promise<PackumentAnswers> => {
    if (names.size === 0 || !intel.packuments) return { answers: new Map() };
    const counts = new Map([...names].map(([n, vs]) => [n, vs.size]));
    try {
      return await intel.packuments(counts);
    } catch (e) {
      let packages = 0;
      for (const c of counts.values()) packages += c;
      return {
        answers: new Map(),
        failure: {
          service: 'the npm registry',
          url: registryUrl,
          packages,
          reason: (e as Error).message,
        },
      };
    }
  };
  const pypiCall = async (): Promise<PypiAnswers> => {
    if (projects.size === 0 || !intel.pypiProjects) return { answers: new Map() };
    const counts = new Map([...projects].map(([n, vs]) => [n, vs.size]));
    try {
      return await intel.pypiProjects(counts);
    } catch (e) {
      let packages = 0;
      for (const c of counts.values()) packages += c;
      return {
        answers: new Map(),
        failure: { service: 'PyPI', url: pypiUrl, packages, reason: (e as Error).message },
      };
    }
  };
  const [osv, npm, pypi] = await Promise.all([osvCall(), npmCall(), pypiCall()]);
  const answers = osv.answers;
  const packuments = npm.answers;
  const pypiAnswers = pypi.answers;
  const failuresList = [osv.failure, npm.failure, pypi.failure].filter(
    (f): f is ServiceFailure => f !== undefined,
  );
  const view: OnlineAnswers = {
    advisories: (q) => answers.get(queryKey(q)),
    packument: (name) => packuments.get(name),
    pypiProject: (name) => pypiAnswers.get(name),
    now,
    failures: failuresList,
  };
  if (osv.failure)
    out.failures.push(
      failureAt(
        osv.failure,
        inputs,
        (p) => {
          const q = advisoryQuery(p);
          return q !== undefined && !answers.has(queryKey(q));
        },
        select,
      ),
    );
  if (npm.failure)
    out.failures.push(
      failureAt(
        npm.failure,
        inputs,
        (p) => {
          const name = registryName(p, registryUrl);
          return name !== undefined && !packuments.has(name);
        },
        select,
      ),
    );
  if (pypi.failure)
    out.failures.push(
      failureAt(
        pypi.failure,
        inputs,
        (p, model) => {
          const name = pypiName(p, model, pypiUrl);
          return name !== undefined && !pypiAnswers.has(name);
        },
        select,
      ),
    );
  for (const rule of rules) {
    const part = (rule as { online?: OnlinePart }).online;
    if (!part || part.appliesTo !== 'lockfile') continue;
    const check = part.check as OnlinePart<'lockfile'>['check'];
    for (const { model, ctx } of inputs) {
      if (ctx.config.rules[rule.id] === 'off' && rule.id !== 'lockfile/known-malicious') continue;
      try {
        for (const hit of check(model, ctx, view))
          out.hits.push({ rule, path: ctx.path, hit, replacesOffline: rule.check !== undefined });
      } catch (e) {
        out.errors.push({ rule, path: ctx.path, message: (e as Error).message });
      }
    }
  }
  return out;
}

/** Where a failure's finding points: the first entry (in path order) that went unanswered. */
function failureAt(
  failure: ServiceFailure,
  inputs: readonly OnlineInput[],
  unanswered: (p: Package, model: LockfileModel) => boolean,
  select?: OnlineSelect,
): OnlineOutput['failures'][number] {
  const missing = inputs
    .map(({ model }) => ({
      path: model.path,
      p: model.packages.find((p) => (!select || select(model.path, p)) && unanswered(p, model)),
    }))
    .filter((m) => m.p !== undefined)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const first = missing[0] ?? { path: inputs[0]!.model.path, p: inputs[0]!.model.packages[0] };
  return {
    failure,
    path: first.path,
    span: first.p ? entrySpan(first.p) : { line: 1, column: 1, endLine: 1, endColumn: 2 },
    lockfiles: Math.max(1, missing.length),
  };
}
