/**
 * A unified diff of one file's text before and after its fixes, in the form `git apply` and
 * `patch -p1` read (`a/` and `b/` prefixes, `\ No newline at end of file`).
 *
 * Fixes are local, so the common head and tail are cut first and only the changed middle is
 * diffed, with Myers' O((N+M)·D) algorithm bounded in D: past the bound (only for text rewritten
 * wholesale) the middle becomes one delete-then-insert hunk, still a correct patch.
 */

/** Past this many differing lines in the middle, stop searching for a shortest script. */
const MAX_D = 2000;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Lines with their terminators (`\n`, CRLF keeping its `\r`); the last may have none. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', from)) {
    out.push(text.slice(from, i + 1));
    from = i + 1;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/**
 * Shortest edit script between a and b (Myers 1986), or undefined past MAX_D. Each round keeps
 * only the diagonals it reached (2d+1 entries), so memory is O(D²), not O((N+M)·D).
 */
function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_D);
  const trace: Int32Array[] = [];
  let v = new Int32Array(3); // k = -1..1 at index k + d + 1 for d = 0
  let found = -1;
  for (let d = 0; d <= max; d++) {
    const next = new Int32Array(2 * d + 1);
    const at = (arr: Int32Array, dd: number, k: number): number => arr[k + dd]!;
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (d === 0) x = 0;
      else if (k === -d || (k !== d && at(v, d - 1, k - 1) < at(v, d - 1, k + 1))) x = at(v, d - 1, k + 1);
      else x = at(v, d - 1, k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[k + d] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(next);
    v = next;
    if (found !== -1) break;
  }
  if (found === -1) return undefined;
  // Walk back from (n, m) through the rounds.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && prev[k - 1 + d - 1]! < prev[k + 1 + d - 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[prevK + d - 1]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x]! });
    y--;
  }
  return ops.reverse();
}

/** Quotes a path as git does when it holds a quote, a backslash, a control or a non-ASCII byte. */
function gitPath(prefix: string, path: string): string {
  const plain = `${prefix}${path}`;
  if (!/["\\\x00-\x1f\x7f-\uffff]/.test(plain)) return plain;
  const named: Record<number, string> = {
    7: 'a',
    8: 'b',
    9: 't',
    10: 'n',
    11: 'v',
    12: 'f',
    13: 'r',
    34: '"',
    92: '\\',
  };
  let out = '"';
  for (const byte of Buffer.from(plain, 'utf8')) {
    const esc = named[byte];
    if (esc !== undefined) out += `\\${esc}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** One body line: the marker, the line without its `\n`, and git's note when it has none. */
function bodyLine(op: Op): string {
  if (op.line.endsWith('\n')) return `${op.kind}${op.line}`;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

function range(start: number, count: number): string {
  // An empty range names the line before it (0 at the top), as diff does.
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/**
 * The unified diff from `before` to `after` for the file at repo-relative `path`, or '' when the
 * texts are equal. `context` lines (default 3) surround each change; changes closer than twice
 * that share a hunk.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const ctx = Math.max(0, Math.floor(Number.isFinite(context) ? context : 3));
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB) ?? [
    ...midA.map((line): Op => ({ kind: '-', line })),
    ...midB.map((line): Op => ({ kind: '+', line })),
  ];
  const ops: Op[] = [
    ...a.slice(0, head).map((line): Op => ({ kind: ' ', line })),
    ...middle,
    ...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })),
  ];

  // Group changes into hunks with their context.
  const changed: number[] = [];
  ops.forEach((op, i) => {
    if (op.kind !== ' ') changed.push(i);
  });
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const from = Math.max(0, i - ctx);
    const to = Math.min(ops.length, i + ctx + 1);
    const lastHunk = hunks[hunks.length - 1];
    if (lastHunk !== undefined && from <= lastHunk[1]) lastHunk[1] = Math.max(lastHunk[1], to);
    else hunks.push([from, to]);
  }

  // Line numbers before each op.
  const aAt: number[] = [];
  const bAt: number[] = [];
  let ai = 0;
  let bi = 0;
  for (const op of ops) {
    aAt.push(ai);
    bAt.push(bi);
    if (op.kind !== '+') ai++;
    if (op.kind !== '-') bi++;
  }

  let out = `diff --git ${gitPath('a/', path)} ${gitPath('b/', path)}\n`;
  out += `--- ${gitPath('a/', path)}\n+++ ${gitPath('b/', path)}\n`;
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to);
    const aCount = slice.filter((op) => op.kind !== '+').length;
    const bCount = slice.filter((op) => op.kind !== '-').length;
    out += `@@ -${range(aAt[from]!, aCount)} +${range(bAt[from]!, bCount)} @@\n`;
    for (const op of slice) out += bodyLine(op);
  }
  return out;
}
