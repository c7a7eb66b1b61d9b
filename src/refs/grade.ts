/**
 * The one scale of how fixed a reference is (DESIGN.md "References and how fixed they are").
 * Each kind of reference has its grader next to its parser (`image.ts`, `git.ts`, `packages.ts`);
 * they all answer in these words, so "pinned" means one thing for every rule.
 */
export type PinGrade = 'locked' | 'exact' | 'floating' | 'unpinned';

/** `unknown`: a build-time variable decides (or the text is not a reference at all). */
export type SpecGrade = PinGrade | 'unknown';

/** True when the text holds a build-time expansion (`$VAR`, `${VAR}`, `$(cmd)`, backticks). */
export function hasExpansion(s: string): boolean {
  return s.includes('$') || s.includes('`');
}
