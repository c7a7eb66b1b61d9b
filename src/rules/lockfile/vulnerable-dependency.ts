import {
  defineOnlineRule,
  hit,
  severityRank,
  type Advisory,
  type Hit,
  type OnlineAnswers,
  type Severity,
} from '../../core/index.js';
import type { LockfileModel, Package } from '../../formats/lockfile/model.js';
import { advisoryQuery, entrySpan, groupOf, pkgId, short, unmarkedNote, type GroupEntry } from './util.js';

/** Severity of an advisory that gives neither a CVSS vector nor a label of its own. */
export const UNKNOWN_SEVERITY: Severity = 'medium';

/** One issue: advisories that name each other as aliases (a GHSA and the PYSEC of one CVE). */
export interface Issue {
  /** The advisory shown first (MAL- first, then GHSA-, then the rest by id). */
  main: Advisory;
  /** Every id and alias of the issue but the main id. */
  aliases: string[];
  severity: Severity;
  severitySource: string;
  fixed?: string;
  malicious: boolean;
  allVersions: boolean;
  summary: string;
}

const PREFER = (id: string) => (id.startsWith('MAL-') ? 0 : id.startsWith('GHSA-') ? 1 : 2);

/**
 * Merges advisories that are the same issue (connected through `aliases`, either way), so one
 * issue is listed once however many databases carry it.
 */
export function issuesOf(advisories: readonly Advisory[]): Issue[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const a of advisories) {
    union(a.id, a.id);
    for (const al of a.aliases) union(a.id, al);
  }
  const groups = new Map<string, Advisory[]>();
  for (const a of advisories) {
    const r = find(a.id);
    groups.set(r, [...(groups.get(r) ?? []), a]);
  }
  const out: Issue[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => PREFER(a.id) - PREFER(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const main = list[0]!;
    const ids = new Set(list.flatMap((a) => [a.id, ...a.aliases]));
    ids.delete(main.id);
    const rated = list.filter((a) => a.severity !== undefined);
    const worst = rated.sort((a, b) => severityRank(b.severity!) - severityRank(a.severity!))[0];
    const fixed = list.find((a) => a.fixed !== undefined)?.fixed;
    out.push({
      main,
      aliases: [...ids].sort(),
      severity: worst?.severity ?? UNKNOWN_SEVERITY,
      severitySource: worst?.severitySource ?? 'no severity given',
      ...(fixed !== undefined ? { fixed } : {}),
      malicious: list.some((a) => a.malicious),
      allVersions: list.some((a) => a.allVersions),
      summary: list.find((a) => a.summary !== '')?.summary ?? '',
    });
  }
  return out.sort((a, b) => (a.main.id < b.main.id ? -1 : a.main.id > b.main.id ? 1 : 0));
}

/** Each queried release of the file once, with every entry that locks it, in file order. */
export function releasesOf(
  model: LockfileModel,
  answers: OnlineAnswers,
): { entries: GroupEntry[]; issues: Issue[] }[] {
  const by = new Map<string, { entries: GroupEntry[]; issues: Issue[] }>();
  for (const p of model.packages) {
    const q = advisoryQuery(p);
    if (!q) continue;
    const advisories = answers.advisories(q);
    if (!advisories || advisories.length === 0) continue;
    const id = `${p.ecosystem}\0${pkgId(p)}`;
    let r = by.get(id);
    if (!r) {
      r = { entries: [], issues: issuesOf(advisories) };
      by.set(id, r);
    }
    r.entries.push({ p, span: entrySpan(p) });
  }
  return [...by.values()];
}

function ids(i: Issue): string {
  return i.aliases.length > 0
    ? `${i.main.id} (${i.aliases.slice(0, 4).join(', ')}${i.aliases.length > 4 ? ', …' : ''})`
    : i.main.id;
}

/** The version that fixes every listed issue: the highest of their first fixes, when all have one. */
function fixText(p: Package, issues: Issue[]): string {
  const name = p.realName ?? p.name;
  const unfixed = issues.filter((i) => i.fixed === undefined);
  const fixes = issues.flatMap((i) => (i.fixed !== undefined ? [i.fixed] : []));
  const parts: string[] = [];
  const distinct = [...new Set(fixes)];
  if (distinct.length === 1)
    parts.push(
      `Upgrade ${name} to ${distinct[0]} or later (the first fixed version) and regenerate the lockfile.`,
    );
  else if (distinct.length > 1)
    parts.push(
      `Upgrade ${name} to a version with every fix (first fixed: ${issues
        .filter((i) => i.fixed !== undefined)
        .map((i) => `${i.fixed} for ${i.main.id}`)
        .join(', ')}) and regenerate the lockfile.`,
    );
  if (unfixed.length > 0)
    parts.push(
      `No fixed version is named for ${unfixed.map((i) => i.main.id).join(', ')}: replace the package, or accept the risk with an ignore entry naming ${pkgId(p)} and a reason.`,
    );
  return parts.join(' ');
}

export const rule = defineOnlineRule({
  id: 'lockfile/vulnerable-dependency',
  kind: 'lockfile',
  severity: 'high',
  title: 'Locked version has known vulnerabilities',
  description:
    "OSV lists published vulnerabilities for this exact locked version. One finding per release per lockfile (an npm tree that installs the same release at several paths is one finding, at its first entry, with the other entries as related places), listing every advisory once: advisories that are aliases of each other (a GHSA and the CVE or PYSEC of the same issue) are merged. The severity is the worst of the advisories, each from its CVSS vector (the newest CVSS version given: 4.0, 3.1, 3.0, then 2.0) or, without one, the database's own label; an advisory with neither counts as medium. Malware records are reported by lockfile/known-malicious instead, never twice. Runs only online (docs/online.md).",
  fix: 'Upgrade to the first fixed version the advisories name (change the range in the manifest, then regenerate the lockfile), or replace the package.',
  examples: {
    bad: '"node_modules/lodash": {\n  "version": "4.17.20",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"\n}',
    good: '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"\n}',
    language: 'json',
    path: 'package-lock.json',
  },
  options:
    '`online` (off with `false` or `--offline`), `intel.osv-url`, `intel.timeout-ms`, `intel.concurrency`.',
  references: ['https://osv.dev', 'https://google.github.io/osv.dev/post-v1-querybatch/'],
  online: {
    appliesTo: 'lockfile',
    check(model, _ctx, answers) {
      const hits: Hit[] = [];
      for (const r of releasesOf(model, answers)) {
        const issues = r.issues.filter((i) => !i.malicious);
        if (issues.length === 0) continue;
        const g = groupOf(r.entries);
        const p = g.first.p;
        const worst = issues.reduce(
          (w, i) => (severityRank(i.severity) > severityRank(w) ? i.severity : w),
          'info' as Severity,
        );
        const listed = issues
          .map(
            (i) =>
              `${ids(i)} [${i.severity}, ${i.severitySource}]${i.summary ? `: ${short(i.summary, 120)}` : ''}`,
          )
          .join('; ');
        const where =
          g.related.length > 0
            ? ` (locked at ${g.related.length + g.unmarked + 1} entries${unmarkedNote(g)})`
            : '';
        hits.push(
          hit(
            g.first.span,
            `${pkgId(p)} has ${issues.length === 1 ? 'a known vulnerability' : `${issues.length} known vulnerabilities`}${where}: ${listed}.`,
            {
              severity: worst,
              evidence: `${pkgId(p)} ${issues.map((i) => i.main.id).join(' ')}`,
              package: pkgId(p),
              fix: fixText(p, issues),
              ...(g.related.length > 0 ? { related: g.related } : {}),
            },
          ),
        );
      }
      return hits;
    },
  },
});
