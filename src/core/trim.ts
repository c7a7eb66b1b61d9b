/**
 * Trailing-character trimming without a regular expression: `s.replace(/\/+$/, '')` backtracks
 * quadratically on a long run of the character followed by anything else (a hostile URL or path
 * of 50,000 slashes takes seconds), and this loop is linear.
 */
export function trimTrailing(s: string, ch: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === ch) end--;
  return end === s.length ? s : s.slice(0, end);
}
