/**
 * From findings to fixed files: each fixable finding's edits (static, or resolved through
 * resolve.ts), grouped per file, applied together (apply.ts), and checked: a file whose fixed text
 * no longer parses loses the edits that break it, each said, so `fix` never writes a file Bulkhead
 * (and so, most likely, the build) can no longer read. Pure apart from the `parse` callback.
 */
import type { Finding, TextEdit } from '../core/index.js';
import { applyEdits } from './apply.js';
import { editsFor, type ResolveAnswers } from './resolve.js';

/** One fixable finding and what became of its fix. */
export interface FixOutcome {
  finding: Finding;
  /** The edits made for it (empty when its fix was not made). */
  edits: TextEdit[];
  /** Why the fix was not made (offline, overlapping another fix, breaks the file, ...). */
  reason?: string;
}

export interface FileFix {
  path: string;
  before: string;
  after: string;
  outcomes: FixOutcome[];
}

export interface PlanOptions {
  /** The text of a scanned file by repo-relative path; undefined when it cannot be read now. */
  read(path: string): string | undefined;
  /** Resolves to an error message when the text does not parse as the file's kind, else undefined. */
  parse(path: string, text: string): Promise<string | undefined>;
  answers: ResolveAnswers;
}

/** Applies one finding's edits as a unit: the first edit dropped drops them all. */
function applyGroups(
  before: string,
  groups: { outcome: FixOutcome; edits: TextEdit[] }[],
): { text: string; reasons: Map<FixOutcome, string> } {
  const reasons = new Map<FixOutcome, string>();
  let live = groups;
  // A group loses all its edits when one is dropped (a SHA without its comment is fine, but a
  // half-made multi-edit fix is not): re-apply without the broken groups until every edit holds.
  for (let round = 0; round <= groups.length; round++) {
    const owner = new Map<TextEdit, FixOutcome>();
    for (const g of live) for (const e of g.edits) owner.set(e, g.outcome);
    const r = applyEdits(
      before,
      live.flatMap((g) => g.edits),
    );
    const broken = new Set<FixOutcome>();
    for (const d of r.dropped) {
      const o = owner.get(d.edit)!;
      if (d.reason === 'dropped: the same edit is already applied') continue;
      if (!broken.has(o)) reasons.set(o, d.reason.replace(/^dropped: /, ''));
      broken.add(o);
    }
    if (broken.size === 0) return { text: r.text, reasons };
    live = live.filter((g) => !broken.has(g.outcome));
  }
  return { text: before, reasons };
}

/** The fixes of every file that has a fixable finding, with each finding's outcome. */
export async function planFixes(findings: readonly Finding[], opts: PlanOptions): Promise<FileFix[]> {
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.autofix) continue;
    const list = byPath.get(f.path) ?? [];
    list.push(f);
    byPath.set(f.path, list);
  }
  const out: FileFix[] = [];
  for (const [path, list] of byPath) {
    const before = opts.read(path);
    const outcomes: FixOutcome[] = list.map((finding) => ({ finding, edits: [] }));
    if (before === undefined) {
      for (const o of outcomes) o.reason = 'the file cannot be read now';
      out.push({ path, before: '', after: '', outcomes });
      continue;
    }
    const lines = before.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    let groups: { outcome: FixOutcome; edits: TextEdit[] }[] = [];
    for (const o of outcomes) {
      const r = editsFor(o.finding.autofix!, before, opts.answers, lines);
      if ('reason' in r) o.reason = r.reason;
      else groups.push({ outcome: o, edits: r.edits });
    }
    let applied = applyGroups(before, groups);
    for (const [o, reason] of applied.reasons) o.reason = reason;
    groups = groups.filter((g) => !applied.reasons.has(g.outcome));
    if (applied.text !== before && (await opts.parse(path, before)) === undefined) {
      const error = await opts.parse(path, applied.text);
      if (error !== undefined) {
        // Find the fixes that break it alone; if together they still break it, make none.
        const keep: typeof groups = [];
        for (const g of groups) {
          const alone = applyGroups(before, [g]).text;
          const e = await opts.parse(path, alone);
          if (e === undefined) keep.push(g);
          else g.outcome.reason = `the fixed file would not parse (${e})`;
        }
        applied = applyGroups(before, keep);
        if ((await opts.parse(path, applied.text)) !== undefined) {
          for (const g of keep)
            g.outcome.reason = 'the fixes together would leave a file that does not parse';
          applied = { text: before, reasons: new Map() };
          groups = [];
        } else groups = keep;
      }
    }
    for (const g of groups) if (g.outcome.reason === undefined) g.outcome.edits = g.edits;
    out.push({ path, before, after: applied.text, outcomes });
  }
  return out;
}
