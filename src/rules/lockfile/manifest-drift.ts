import semver from 'semver';
import type { LockfileModel, Package } from '../../formats/lockfile/model.js';
import {
  normalizePyName,
  overrideName,
  type DeclaredDependency,
  type ManifestModel,
} from '../../formats/lockfile/manifest.js';
import { defineRule, hit, spanAt, type Hit } from '../../core/index.js';
import { readManifests } from './manifest.js';

/** Specs that name no registry version: the lockfile records them in its own way, or not at all. */
const LOCAL_PROTOCOLS = ['workspace:', 'file:', 'link:', 'portal:', 'patch:', 'exec:', 'catalog:'];

function isUrlOrGitSpec(spec: string): boolean {
  if (spec.includes('://') || spec.startsWith('git+') || spec.startsWith('git@')) return true;
  if (/^(github|gitlab|bitbucket|gist|git):/i.test(spec)) return true;
  // `owner/repo` GitHub shorthand, `owner/repo#ref`
  return /^[A-Za-z0-9][\w.-]*\/[\w.-]+(#.*)?$/.test(spec.slice(0, 300));
}

/** `npm:real@range` -> {real, range}. */
function npmAlias(spec: string): { real: string; range: string } | undefined {
  if (!spec.startsWith('npm:')) return undefined;
  const rest = spec.slice(4);
  const at = rest.indexOf('@', 1);
  return at === -1 ? { real: rest, range: '*' } : { real: rest.slice(0, at), range: rest.slice(at + 1) };
}

/** pnpm writes the workspace's overrides into the lockfile (`overrides:` at the top level). */
function lockfileOverrides(model: LockfileModel): Set<string> {
  const out = new Set<string>();
  if (model.format !== 'pnpm') return out;
  const text = model.text;
  let i = text.startsWith('overrides:') ? 0 : text.indexOf('\noverrides:');
  if (i === -1) return out;
  i = text.indexOf('\n', i + 1);
  let count = 0;
  while (i !== -1 && count++ < 10_000) {
    const end = text.indexOf('\n', i + 1);
    const line = text.slice(i + 1, end === -1 ? text.length : end);
    if (line.trim() === '') {
      i = end;
      continue;
    }
    if (!line.startsWith('  ')) break;
    const colon = line.lastIndexOf(':');
    const key = line
      .slice(0, colon === -1 ? undefined : colon)
      .trim()
      .replace(/^['"]|['"]$/g, '');
    out.add(overrideName(key));
    i = end;
  }
  return out;
}

function satisfiesAny(cands: Package[], range: string): boolean | undefined {
  if (semver.validRange(range, { loose: true }) === null) return undefined;
  for (const c of cands) {
    if (c.source !== 'registry' && c.source !== 'bundled') return true;
    if (semver.valid(c.version, { loose: true }) === null) return true;
    if (semver.satisfies(c.version, range, { loose: true, includePrerelease: true })) return true;
  }
  return false;
}

export const rule = defineRule({
  id: 'lockfile/manifest-drift',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'medium',
  title: 'Lockfile out of step with its manifest',
  description:
    'A dependency the manifest declares is missing from the lockfile, or locked at a version outside the declared range. Such a lockfile was edited by hand or not regenerated: a frozen install fails, and a non-frozen one resolves a version nobody reviewed. Drift is also how a tampered lockfile stands out, since a legitimate update changes both files.',
  fix: "Run the package manager's install (npm install, yarn, pnpm install, poetry lock, uv lock) and commit the regenerated lockfile together with the manifest.",
  examples: {
    bad: '// package.json\n"dependencies": { "lodash": "^4.17.0" }\n// package-lock.json\n"node_modules/lodash": { "version": "3.10.1" }',
    good: '// package.json\n"dependencies": { "lodash": "^4.17.0" }\n// package-lock.json\n"node_modules/lodash": { "version": "4.17.21" }',
    language: 'json',
    path: 'package-lock.json',
  },
  check(model, ctx) {
    const manifests = readManifests(model, ctx);
    if (!manifests || model.packages.length === 0) return []; // lockfile/empty covers the latter
    const all = [manifests.root, ...manifests.members];
    return manifests.root.kind === 'package.json' ? checkNpm(model, all) : checkPython(model, all);
  },
});

function checkNpm(model: LockfileModel, manifests: ManifestModel[]): Hit[] {
  const hits: Hit[] = [];
  const byName = new Map<string, Package[]>();
  const add = (k: string, p: Package): void => {
    const list = byName.get(k) ?? [];
    list.push(p);
    byName.set(k, list);
  };
  for (const p of model.packages) {
    add(p.name, p);
    if (p.realName && p.realName !== p.name) add(p.realName, p);
  }
  const local = new Set(manifests.map((m) => m.name).filter((n): n is string => n !== undefined));
  const overridden = lockfileOverrides(model);
  for (const m of manifests) for (const n of m.overridden) overridden.add(n);
  // Yarn classic and bun do not list workspace packages by name and the model has no importers
  // for them: with workspaces declared, a missing name may be a workspace, so only ranges are checked.
  const root = manifests[0]!;
  const workspaceNamesUnknown =
    root.workspaces !== undefined && root.workspaces.length > 0 && manifests.length === 1;

  for (const m of manifests) {
    for (const d of m.dependencies) {
      if (local.has(d.name)) continue;
      const spec = d.spec.trim();
      if (LOCAL_PROTOCOLS.some((p) => spec.startsWith(p))) continue;
      const alias = npmAlias(spec);
      if (alias && LOCAL_PROTOCOLS.some((p) => alias.range.startsWith(p))) continue;
      const cands = byName.get(d.name) ?? (alias ? byName.get(alias.real) : undefined) ?? [];
      if (cands.length === 0) {
        if (d.group === 'optionalDependencies' || workspaceNamesUnknown) continue;
        hits.push(
          driftHit(
            m,
            d,
            `${m.path} declares ${d.name}@${spec || '*'} (${d.group}), but the lockfile has no entry for it: the lockfile was not regenerated after the manifest changed.`,
            `${d.name} ${spec}`,
            `${d.name}@${spec}`,
          ),
        );
        continue;
      }
      if (
        isUrlOrGitSpec(alias ? alias.range : spec) ||
        overridden.has(d.name) ||
        (alias && overridden.has(alias.real))
      )
        continue;
      const range = alias ? alias.range : spec;
      const ok = satisfiesAny(cands, range === '' ? '*' : range);
      if (ok !== false) continue;
      const versions = [...new Set(cands.map((c) => c.version))].slice(0, 5).join(', ');
      hits.push(
        driftHit(
          m,
          d,
          `${m.path} declares ${d.name}@${spec} (${d.group}), but the lockfile locks ${versions}, outside that range: installs do not match the manifest.`,
          `${d.name} ${spec} ${versions}`,
          `${d.name}@${cands[0]!.version}`,
        ),
      );
    }
  }
  return hits;
}

function checkPython(model: LockfileModel, manifests: ManifestModel[]): Hit[] {
  const hits: Hit[] = [];
  const names = new Set<string>();
  for (const p of model.packages) {
    names.add(normalizePyName(p.name));
    if (p.realName) names.add(normalizePyName(p.realName));
  }
  const self = new Set(
    manifests
      .map((m) => m.name)
      .filter((n): n is string => n !== undefined)
      .map(normalizePyName),
  );
  for (const m of manifests) {
    for (const d of m.dependencies) {
      const n = normalizePyName(d.name);
      if (names.has(n) || self.has(n)) continue;
      hits.push(
        driftHit(
          m,
          d,
          `${m.path} declares ${d.name} (${d.group}), but the lockfile has no entry for it: the lockfile was not regenerated after the manifest changed.`,
          `${d.name} ${d.spec}`,
          `${d.name}@${d.spec || '*'}`,
        ),
      );
    }
  }
  return hits;
}

function driftHit(
  m: ManifestModel,
  d: DeclaredDependency,
  message: string,
  evidence: string,
  pkg: string,
): Hit {
  return hit(spanAt(d, Math.max(1, d.length)), message, {
    evidence,
    path: m.path,
    package: pkg,
    fix: `Regenerate the lockfile with the package manager and commit it together with ${m.path}.`,
  });
}
