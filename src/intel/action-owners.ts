/**
 * Owners of widely used GitHub Actions, and the look-alike test `workflow/typosquat-action`
 * applies to the owner of every `uses:`. GitHub names are ASCII (letters, digits, `-`, and for
 * repositories `_` and `.`), so look-alikes are edits and ASCII confusions, not Unicode homoglyphs.
 */

/**
 * Publishers of the most used actions: GitHub itself, the big platforms, and the authors of the
 * actions most workflows call. A `uses:` owner that is one of these is never a look-alike.
 */
export const POPULAR_OWNERS: readonly string[] = [
  'actions',
  'github',
  'docker',
  'aws-actions',
  'azure',
  'google-github-actions',
  'hashicorp',
  'microsoft',
  'actions-rs',
  'peter-evans',
  'softprops',
  'codecov',
  'crazy-max',
  'goreleaser',
  'golangci',
  'sigstore',
  'slsa-framework',
  'aquasecurity',
  'anchore',
  'gradle',
  'dtolnay',
  'swatinem',
  'jamesives',
  'step-security',
  'astral-sh',
  'pnpm',
  'pypa',
  'ruby',
  'ossf',
  'cloudflare',
  'vercel',
  'pulumi',
  'snyk',
  'sonarsource',
  'returntocorp',
  'super-linter',
  'release-drafter',
  'stefanzweifel',
  'dorny',
  'mikepenz',
  'reviewdog',
];

/**
 * Real, distinct owners within an edit of a popular one (a name here is not a look-alike). Keep
 * each with the reason it is known to be a different, legitimate account.
 */
export const KNOWN_DISTINCT_OWNERS: ReadonlySet<string> = new Set([
  // The Python Package Index's own organisation (warehouse), one letter from pypa.
  'pypi',
  // GitHub's research group (Copilot experiments), distinct from github.
  'githubnext',
]);

/** Longest GitHub owner name; longer input is not compared (bounds the O(n*m) distance). */
export const MAX_OWNER_LENGTH = 39;

/**
 * Optimal-string-alignment distance (edits: insert, delete, substitute, swap two neighbours),
 * stopping early once it must exceed `max`. O(n*m) time, O(m) space; inputs are capped by the
 * caller at {@link MAX_OWNER_LENGTH}.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * ASCII look-alikes folded: case, `-`/`_`/`.`, digits that read as letters, and (with `plural`) a
 * trailing `s`.
 */
export function foldOwner(name: string, plural = true): string {
  const folded = name
    .toLowerCase()
    .replace(/[-_.]/g, '')
    .replace(/0/g, 'o')
    .replace(/1/g, 'l')
    .replace(/3/g, 'e')
    .replace(/5/g, 's');
  return plural && folded.endsWith('s') ? folded.slice(0, -1) : folded;
}

/** How many edits a name may be from a popular owner of this length and still be called a look-alike. */
function allowedEdits(popular: string): number {
  if (popular.length >= 10) return 2;
  if (popular.length >= 5) return 1;
  return 0; // `ruby`, `pnpm`, `pypa`, `ossf`, `snyk`: one edit away lies another real word
}

export interface LookAlike {
  /** The popular owner it imitates. */
  popular: string;
  /** `folded` when it differs only by case, separators, digits-for-letters or a plural `s`. */
  how: 'folded' | 'edits';
  edits: number;
}

// A plural `s` is folded only for names of 5 letters or more: `rubys` is a person, not `ruby`.
const FOLDED = POPULAR_OWNERS.map((o) => ({
  owner: o,
  plural: o.length >= 5,
  folded: foldOwner(o, o.length >= 5),
}));

/** Whether `owner` imitates a popular owner without being one; undefined when it does not. */
export function lookAlikeOwner(owner: string): LookAlike | undefined {
  const name = owner.toLowerCase();
  if (name.length === 0 || name.length > MAX_OWNER_LENGTH) return undefined;
  if (POPULAR_OWNERS.includes(name) || KNOWN_DISTINCT_OWNERS.has(name)) return undefined;
  const plural = foldOwner(name);
  const singular = foldOwner(name, false);
  const folded = FOLDED.find((f) => f.folded === (f.plural ? plural : singular))?.owner;
  if (folded !== undefined) return { popular: folded, how: 'folded', edits: editDistance(name, folded, 39) };
  let best: LookAlike | undefined;
  for (const p of POPULAR_OWNERS) {
    const max = allowedEdits(p);
    if (max === 0) continue;
    const d = editDistance(name, p, max);
    if (d <= max && (best === undefined || d < best.edits)) best = { popular: p, how: 'edits', edits: d };
  }
  return best;
}
