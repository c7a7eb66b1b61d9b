/**
 * The build-input inventory (issue 17): every thing a build fetches, as the files say it, with
 * how fixed it is. Built from the models the scan already parsed (no second parse) and only when a
 * channel asks for it; the renderers (`report/inventory.ts`, `report/cyclonedx.ts`) are pure.
 */
import type { SpecGrade } from '../refs/grade.js';

/** What kind of build input a reference is; the order is the order of the tables. */
export const INPUT_KINDS = [
  'base-image',
  'copy-image',
  'syntax-frontend',
  'download',
  'git-source',
  'os-package',
  'language-package',
  'lockfile-package',
  'action',
  'reusable-workflow',
  'container-image',
] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** Plural labels for the tables ("base images 14: 9 locked, 5 floating"). */
export const KIND_LABELS: Record<InputKind, string> = {
  'base-image': 'base images',
  'copy-image': 'COPY --from / mount images',
  'syntax-frontend': 'syntax frontends',
  download: 'downloads',
  'git-source': 'git sources',
  'os-package': 'OS packages',
  'language-package': 'language packages (RUN, run:)',
  'lockfile-package': 'lockfile packages',
  action: 'actions',
  'reusable-workflow': 'reusable workflows',
  'container-image': 'job containers and services',
};

/** The four grades of DESIGN.md, and `unknown` when a build-time variable or expression decides. */
export const GRADES = ['locked', 'exact', 'floating', 'unpinned', 'unknown'] as const;
export type InputGrade = SpecGrade;

/** A place a file pulls the input in. */
export interface Occurrence {
  path: string;
  line: number;
  column: number;
  /**
   * What pulls it in, for the BOM's dependency graph: `<path>#stage:<name or index>` for a
   * Dockerfile stage (`<path>#file` for the syntax frontend), `<path>#job:<id>` for a workflow
   * job, `<path>#action` for an action's own steps, the lockfile's path for its packages.
   */
  scope: string;
}

/** One content hash the reference carries (a digest, a lockfile integrity, a commit). */
export interface InputHash {
  /** `sha256`, `sha384`, `sha512`, `sha1` (git commits and old lockfiles), lower-case. */
  alg: string;
  /** Hex, lower-case. */
  hex: string;
}

/** One distinct reference: same kind, ecosystem, name, version and digest are one input. */
export interface BuildInput {
  kind: InputKind;
  /**
   * `docker` (images), `github` (actions, reusable workflows), `git`, `url`, an OS packager
   * (`apt`, `apk`, `rpm`, `zypper`) or an OSV ecosystem (`npm`, `PyPI`, `Go`, ...).
   */
  ecosystem: string;
  /** Image repository with registry, `owner/repo[/path]`, package name, or the URL. */
  name: string;
  /** Tag, ref, version or range as written (none when nothing pins it). */
  version?: string;
  /** `sha256:<hex>` for images, the full commit for git and actions, when written. */
  digest?: string;
  grade: InputGrade;
  /** The reference as written (credentials masked). */
  raw: string;
  hashes: InputHash[];
  /** Every place, in path/line/column order. */
  occurrences: Occurrence[];
}

export interface Inventory {
  /** Sorted by kind (INPUT_KINDS order), then ecosystem, name, version, digest. */
  inputs: BuildInput[];
}

export type GradeCounts = Record<(typeof GRADES)[number], number> & { total: number };

/** Counts by kind and grade: one row per kind that has inputs, and the totals. */
export interface InventorySummary {
  byKind: { kind: InputKind; label: string; counts: GradeCounts }[];
  total: GradeCounts;
}

function emptyCounts(): GradeCounts {
  return { total: 0, locked: 0, exact: 0, floating: 0, unpinned: 0, unknown: 0 };
}

export function summarizeInventory(inv: Inventory): InventorySummary {
  const rows = new Map<InputKind, GradeCounts>();
  const total = emptyCounts();
  for (const i of inv.inputs) {
    let c = rows.get(i.kind);
    if (!c) rows.set(i.kind, (c = emptyCounts()));
    c[i.grade]++;
    c.total++;
    total[i.grade]++;
    total.total++;
  }
  return {
    byKind: INPUT_KINDS.filter((k) => rows.has(k)).map((kind) => ({
      kind,
      label: KIND_LABELS[kind],
      counts: rows.get(kind)!,
    })),
    total,
  };
}

/** "9 locked, 5 floating": the grades that occur, in grade order. */
export function gradePhrase(c: GradeCounts): string {
  const parts = GRADES.filter((g) => c[g] > 0).map((g) => `${c[g]} ${g}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
