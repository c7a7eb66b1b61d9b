import { defineRule, hit, type Autofix, type Hit, type Related, type Severity } from '../../core/index.js';
import type { UsesRef, WfJob, WfStep } from '../../formats/workflow/model.js';
import { persistsCredentials } from '../../formats/workflow/permissions.js';
import { trimTrailing } from '../../core/trim.js';

/**
 * The version a `uses:` runs, from its ref (`v4`, `v4.3.1`) or, for a commit pin, its comment
 * (`# v4.3.1`); undefined when neither says.
 */
export function actionVersion(u: UsesRef): number[] | undefined {
  const read = (s: string | undefined): number[] | undefined => {
    if (!s) return undefined;
    const m = /^v?(\d{1,4})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?(?![\w.])/.exec(s.trim().slice(0, 40));
    return m ? [Number(m[1]), Number(m[2] ?? -1), Number(m[3] ?? -1)] : undefined;
  };
  return read(u.ref) ?? read(u.comment);
}

function isAction(step: WfStep, name: string): boolean {
  const u = step.uses;
  return u?.kind === 'repository' && !u.path && `${u.owner}/${u.repo}`.toLowerCase() === name;
}

/** Normalised directory (`''` for the workspace root) or undefined when it holds an expression. */
function normDir(p: string): string | undefined {
  let s = p.trim();
  if (s.startsWith('${{')) {
    const m = /^\$\{\{\s*github\.workspace\s*\}\}/i.exec(s);
    if (!m) return undefined;
    s = s.slice(m[0].length);
  }
  if (s.includes('${{')) return undefined;
  s = s.replace(/^\.?\/+/, '');
  while (s.startsWith('./')) s = s.slice(2);
  s = trimTrailing(s, '/');
  return s === '.' ? '' : s;
}

/** Does an upload line take in `dir`'s `.git` (the directory itself, a parent, or a match-all glob)? */
function covers(line: string, dir: string): boolean {
  if (
    line === '' ||
    line === '*' ||
    line === '**' ||
    line === '**/*' ||
    line === '**/.git' ||
    line === '**/.git/**'
  )
    return true;
  if (line === '.git' || line.startsWith('.git/')) return dir === '';
  if (dir === '') return false;
  return (
    line === dir ||
    line === `${dir}/*` ||
    line === `${dir}/**` ||
    line === `${dir}/.git` ||
    line.startsWith(`${dir}/.git/`)
  );
}

interface Checkout {
  step: WfStep;
  dir: string;
  severity: Severity;
  why: string;
  uploads: { step: WfStep; why: string }[];
}

/**
 * `persist-credentials: false` as a one-line edit: the value turned to false when the key is there;
 * a new first line of a block `with:`, indented like its first key; or a new `with:` block after
 * the `uses:` line when the step has none. A flow mapping (`with: {a: b}`) or a `uses:` on the
 * last line stays a text fix; the fix layer drops an edit whose result does not parse.
 */
function persistAutofix(step: WfStep): Autofix | undefined {
  const title = 'add persist-credentials: false to the checkout';
  const pc = step.with?.get('persist-credentials');
  if (pc) {
    const v = pc.value;
    if (
      v.type !== 'scalar' ||
      v.span.line !== v.span.endLine ||
      v.value !== v.value.trim() ||
      !/^true$/i.test(v.value)
    )
      return undefined;
    return { title, edits: [{ span: v.spanOf(0, v.value.length), text: 'false' }] };
  }
  const withEntry = step.node.get('with');
  if (withEntry) {
    const first = step.with?.entries[0];
    if (!first || first.keySpan.line <= withEntry.keySpan.line) return undefined;
    const at = { line: first.keySpan.line, column: 1, endLine: first.keySpan.line, endColumn: 1 };
    return {
      title,
      edits: [{ span: at, text: `${' '.repeat(first.keySpan.column - 1)}persist-credentials: false\n` }],
    };
  }
  const uses = step.node.get('uses');
  if (!uses || uses.value.span.endLine !== uses.keySpan.line) return undefined;
  const line = uses.keySpan.line + 1;
  const ind = ' '.repeat(uses.keySpan.column - 1);
  return {
    title,
    edits: [
      {
        span: { line, column: 1, endLine: line, endColumn: 1 },
        text: `${ind}with:\n${ind}  persist-credentials: false\n`,
      },
    ],
  };
}

function jobHits(job: WfJob, out: Hit[]): void {
  const checkouts: Checkout[] = [];
  for (const step of job.steps) {
    if (isAction(step, 'actions/checkout')) {
      if (!persistsCredentials(step)) continue;
      const v = actionVersion(step.uses!);
      // Since v6 the credentials live in a file under $RUNNER_TEMP, not in the workspace.
      if (v && v[0]! >= 6) continue;
      const pathNode = step.with?.get('path')?.value;
      const dir = pathNode?.type === 'scalar' ? normDir(pathNode.value) : '';
      if (dir === undefined) continue;
      checkouts.push({
        step,
        dir,
        severity: v ? 'high' : 'medium',
        why: v
          ? `actions/checkout ${step.uses!.ref && /^v?\d/.test(step.uses!.ref) ? step.uses!.ref : `v${v[0]}`} writes the token into .git/config`
          : 'the checkout version is not known (a commit without a version comment), and before v6 it writes the token into .git/config',
        uploads: [],
      });
      continue;
    }
    if (!isAction(step, 'actions/upload-artifact') || !checkouts.length) continue;
    const w = step.with;
    const hidden = w?.get('include-hidden-files')?.value;
    const v = actionVersion(step.uses!);
    const includesHidden =
      (hidden?.type === 'scalar' && hidden.value.trim().toLowerCase() === 'true') ||
      // Before v4.4.0 (September 2024) every hidden file, .git included, was uploaded.
      (v !== undefined && (v[0]! < 4 || (v[0] === 4 && v[1]! >= 0 && v[1]! < 4)));
    if (!includesHidden) continue;
    const pathNode = w?.get('path')?.value;
    if (pathNode?.type !== 'scalar') continue;
    const lines = pathNode.value
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const excluded = lines.some((l) => l.startsWith('!') && /(^|\/)\.git(\/|$)/.test(l.slice(1)));
    if (excluded) continue;
    const dirs = lines.filter((l) => !l.startsWith('!')).map(normDir);
    for (const c of checkouts) {
      if (dirs.some((d) => d !== undefined && covers(d, c.dir)))
        c.uploads.push({
          step,
          why:
            hidden?.type === 'scalar'
              ? 'uploads it with include-hidden-files: true'
              : `upload-artifact ${step.uses!.ref} uploads hidden files, .git included`,
        });
    }
  }
  for (const c of checkouts) {
    if (!c.uploads.length) continue;
    const u = c.step.uses!;
    const related: Related[] = c.uploads.map((x) => ({ span: x.step.uses!.span, label: x.why }));
    out.push(
      hit(
        u.span,
        `This checkout keeps the job's token in ${c.dir ? `${c.dir}/` : ''}.git/config and a later step uploads ${c.dir ? `'${c.dir}'` : 'the workspace'} as an artifact with the hidden files, so anyone who can download the run's artifacts (anyone, in a public repository) gets the token while the job runs (${c.severity}: ${c.why}).`,
        {
          severity: c.severity,
          related,
          evidence: u.raw,
          fix: "Add `persist-credentials: false` under this checkout's `with:` (and pass a token only to the step that pushes), or upload only the build output instead of the workspace.",
          scopeLine: c.step.line,
          ...(persistAutofix(c.step) ? { autofix: persistAutofix(c.step) } : {}),
        },
      ),
    );
  }
}

export const rule = defineRule({
  id: 'workflow/credential-persistence',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Checkout credentials uploaded with the workspace',
  description:
    "`actions/checkout` writes the job's token into `.git/config` unless `persist-credentials: false` is set (before v6; since v6 it keeps it in a file under `$RUNNER_TEMP`). When a later step uploads the checked-out directory with its hidden files as an artifact, the token ships in the artifact, which anyone can download from a public repository while the job still runs (the \"ArtiPACKED\" research, 2024). zizmor reports every checkout without `persist-credentials: false`, which is its most-questioned audit; this rule reports only a checkout whose credentials actually leave the runner: an `actions/upload-artifact` in the same job, after it, whose `path:` is the workspace (`.`, `./`, `${{ github.workspace }}`, `*`, `**`), the checkout's directory or its `.git`, and that includes hidden files (`include-hidden-files: true`, or a version before v4.4.0, which uploaded them all) with no `!.git` exclusion. One finding per checkout (the edit is one line under it), with each upload as a related place. High when the checkout's version is known (tag or version comment) to be before v6; medium when it is pinned to a commit without a version comment. Uploads whose path is an expression, checkouts into an expression path and checkouts at v6 or later are not reported. A checkout of untrusted code under `pull_request_target` is `workflow/untrusted-checkout`'s.",
  fix: "Add `persist-credentials: false` to the checkout's `with:`, and give a token only to the step that pushes; upload only build outputs, never the workspace.",
  examples: {
    bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n      - uses: actions/upload-artifact@v4\n        with:\n          name: site\n          path: .\n          include-hidden-files: true',
    good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: make\n      - uses: actions/upload-artifact@v4\n        with:\n          name: site\n          path: dist/',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/',
    'https://github.com/actions/checkout#usage',
    'https://github.com/actions/upload-artifact#uploading-hidden-files',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const job of model.jobs) jobHits(job, hits);
    return hits;
  },
});
