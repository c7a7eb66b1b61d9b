/**
 * Parses a workflow or action metadata file into a WorkflowModel (see model.ts).
 *
 * The reader is the `yaml` package (YAML 1.2 core schema, so `on:` is a string key, not a
 * boolean) with our own model on top; docs/workflows.md says why not GitHub's
 * `@actions/workflow-parser`. What GitHub itself refuses to load is a ParseError (reported as
 * `workflow/parse-error`, fail closed): invalid YAML, duplicate keys, a non-mapping document,
 * `jobs`/`steps`/a step of the wrong type, a `uses:` GitHub cannot resolve. Keys the model does not
 * know are kept in the generic tree and never rejected, so new GitHub syntax (`parallel:`,
 * `cache-mode:`) does not turn into false parse errors.
 *
 * Bounded: flow nesting is checked before parsing (yaml-depth.ts), and the tree with every alias
 * expanded may hold at most MAX_NODES nodes, so an alias bomb is a ParseError, not a hang.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YNode,
  type Scalar as YScalar,
} from 'yaml';
import type { Pos } from '../../core/span.js';
import { LineIndex, ParseError, type Span } from '../position.js';
import { flowTooDeep, MAX_YAML_FLOW_DEPTH } from '../yaml-depth.js';
import { findExpressions } from './expressions.js';
import { buildMatrix } from './matrix.js';
import type {
  UsesRef,
  WfActionRuns,
  WfAlias,
  WfContainer,
  WfEntry,
  WfExpression,
  WfJob,
  WfMap,
  WfNode,
  WfRun,
  WfScalar,
  WfSeq,
  WfService,
  WfShell,
  WfStep,
  WfTrigger,
  WorkflowModel,
  RunLine,
} from './model.js';
import { scalarSource, type ScalarSource, type ScalarStyle } from './scalar-source.js';
import { analyzeRun } from './shell.js';
import { parseUses } from './uses.js';

/** Nodes in the document with every alias expanded (real workflows hold a few thousand). */
export const MAX_NODES = 200_000;

/** Whether a repo-relative path is action metadata (`action.yml` / `action.yaml`). */
export function isActionMetadataPath(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  if (name !== 'action.yml' && name !== 'action.yaml') return false;
  return !(
    parts.length >= 3 &&
    parts[parts.length - 2] === 'workflows' &&
    parts[parts.length - 3] === '.github'
  );
}

/** Whether a repo-relative path is Dependabot's config (`.github/dependabot.yml` / `.yaml`). */
export function isDependabotPath(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  return (name === 'dependabot.yml' || name === 'dependabot.yaml') && parts[parts.length - 2] === '.github';
}

class Scalar implements WfScalar {
  readonly type = 'scalar';
  private src?: ScalarSource;
  private exprs?: WfExpression[];
  private commentText?: string | null;
  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
    readonly value: string,
    readonly yamlValue: string | number | boolean | null,
    readonly style: ScalarStyle,
    private readonly range: readonly [number, number],
    private readonly parentIndent: number,
    readonly span: Span,
  ) {}

  get source(): ScalarSource {
    return (this.src ??= scalarSource(this.file, this.value, this.style, this.range, this.parentIndent));
  }

  posAt(i: number): Pos {
    const map = this.source.map;
    return this.lines.pos(map[Math.max(0, Math.min(i, map.length - 1))]!);
  }

  spanOf(a: number, b: number): Span {
    const map = this.source.map;
    const len = this.value.length;
    a = Math.max(0, Math.min(a, len));
    b = Math.max(a, Math.min(b, len));
    const start = map[a]!;
    const end = b === a ? start : b === len ? map[len]! : map[b - 1]! + 1;
    return this.lines.span(start, Math.max(start, end));
  }

  get expressions(): WfExpression[] {
    return (this.exprs ??= findExpressions(this.value).map((s) => ({
      ...s,
      span: this.spanOf(s.start, s.end),
    })));
  }

  get comment(): string | undefined {
    if (this.commentText === undefined) {
      this.commentText = null;
      // A block scalar ends on a later line: what follows it is not its comment.
      if (this.style === 'BLOCK_LITERAL' || this.style === 'BLOCK_FOLDED') return undefined;
      let i = this.range[1];
      while (this.file[i] === ' ' || this.file[i] === '\t') i++;
      if (this.file[i] === '#') {
        let end = this.file.indexOf('\n', i);
        if (end === -1) end = this.file.length;
        this.commentText = this.file.slice(i + 1, end).trim();
      }
    }
    return this.commentText ?? undefined;
  }
}

class MapNode implements WfMap {
  readonly type = 'map';
  private index?: Map<string, WfEntry>;
  constructor(
    readonly entries: WfEntry[],
    readonly span: Span,
  ) {}
  get(key: string): WfEntry | undefined {
    this.index ??= new Map(this.entries.map((e) => [e.key, e]));
    return this.index.get(key);
  }
}

/** Converts the `yaml` document into the generic tree, resolving aliases and merge keys. */
class TreeBuilder {
  readonly aliases: WfAlias[] = [];
  private readonly done = new Map<YNode, { node: WfNode; size: number }>();
  private readonly active = new Set<YNode>();

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly doc: Document.Parsed,
  ) {}

  private spanOf(n: { range?: readonly number[] | null }): Span {
    const r = n.range ?? [0, 0];
    return this.lines.span(r[0]!, r[1]!);
  }

  private fail(message: string, n: { range?: readonly number[] | null }): never {
    const p = this.lines.pos(n.range?.[0] ?? 0);
    throw new ParseError(message, p.line, p.column);
  }

  /** Converts a node; `indent` is the 0-based column of the key or item holding it. */
  node(n: unknown, indent: number): { node: WfNode; size: number } {
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (!target) this.fail(`YAML alias *${n.source} has no anchor`, n);
      this.aliases.push({ name: n.source, span: this.spanOf(n), target: this.spanOf(target) });
      return this.node(target, indent);
    }
    const y = n as YNode;
    const cached = this.done.get(y);
    if (cached) return cached;
    if (this.active.has(y)) this.fail('YAML alias refers to its own anchor (a cycle)', y);
    this.active.add(y);
    let out: { node: WfNode; size: number };
    if (isScalar(y)) out = { node: this.scalar(y, indent), size: 1 };
    else if (isSeq(y)) {
      const items: WfNode[] = [];
      let size = 1;
      for (const item of y.items) {
        const c = this.node(item, this.column(item));
        items.push(c.node);
        size = this.add(size, c.size, y);
      }
      out = { node: { type: 'seq', items, span: this.spanOf(y) } satisfies WfSeq, size };
    } else if (isMap(y)) out = this.map(y);
    else if (n === null || n === undefined) {
      out = { node: this.nullScalar(0), size: 1 };
    } else this.fail('unsupported YAML node', y);
    this.active.delete(y);
    this.done.set(y, out);
    return out;
  }

  private add(size: number, more: number, at: YNode): number {
    const total = size + more;
    if (total > MAX_NODES)
      this.fail(`YAML aliases expand to more than ${MAX_NODES.toLocaleString('en-US')} nodes`, at);
    return total;
  }

  private column(n: unknown): number {
    const r = (n as { range?: number[] } | null)?.range;
    return r ? this.lines.pos(r[0]!).column - 1 : 0;
  }

  private nullScalar(offset: number): WfScalar {
    return new Scalar(
      this.text,
      this.lines,
      '',
      null,
      'PLAIN',
      [offset, offset],
      0,
      this.lines.span(offset, offset),
    );
  }

  private scalar(s: YScalar, indent: number): WfScalar {
    const r = s.range ?? [0, 0, 0];
    const style = (s.type ?? 'PLAIN') as ScalarStyle;
    const v = s.value;
    const yamlValue =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    // GitHub reads every scalar as text: a plain `3.10` or `true` keeps its source spelling.
    const value =
      typeof v === 'string' ? v : style === 'PLAIN' ? this.text.slice(r[0], r[1]) : String(v ?? '');
    return new Scalar(this.text, this.lines, value, yamlValue, style, [r[0], r[1]], indent, this.spanOf(s));
  }

  private map(m: YNode & { items: { key: unknown; value: unknown }[] }): { node: WfNode; size: number } {
    const entries: WfEntry[] = [];
    const merged: WfEntry[] = [];
    let size = 1;
    for (const pair of m.items) {
      const k = pair.key;
      if (!isScalar(k)) this.fail('a YAML mapping key that is not a plain value', (k ?? m) as YNode);
      const key = String(k.value ?? '');
      const keyIndent = this.column(k);
      const value = pair.value ?? null;
      if (key === '<<' && k.type === 'PLAIN') {
        // A merge key: its mappings give the keys this mapping does not set itself.
        const sources = isSeq(value) ? value.items : [value];
        for (const src of sources) {
          const c = this.node(src, keyIndent);
          size = this.add(size, c.size, m);
          if (c.node.type !== 'map') this.fail('a YAML merge key (<<) must name mappings', k);
          merged.push(...c.node.entries);
        }
        continue;
      }
      const c =
        value === null ? { node: this.nullScalar(k.range?.[1] ?? 0), size: 1 } : this.node(value, keyIndent);
      size = this.add(size, c.size, m);
      entries.push({ key, keySpan: this.spanOf(k), value: c.node });
    }
    const own = new Set(entries.map((e) => e.key));
    for (const e of merged) {
      if (own.has(e.key)) continue;
      own.add(e.key);
      entries.push(e);
    }
    return { node: new MapNode(entries, this.spanOf(m)), size };
  }
}

function asMap(n: WfNode | undefined, what: string): WfMap | undefined {
  if (n === undefined || (n.type === 'scalar' && n.yamlValue === null)) return undefined;
  if (n.type !== 'map') throw new ParseError(`${what} must be a mapping`, n.span.line, n.span.column);
  return n;
}

function asScalar(n: WfNode | undefined, what: string): WfScalar | undefined {
  if (n === undefined) return undefined;
  if (n.type !== 'scalar') throw new ParseError(`${what} must be a single value`, n.span.line, n.span.column);
  return n;
}

/** A mapping when it is one; undefined for an expression or anything else (lenient keys). */
function mapOrUndefined(n: WfNode | undefined): WfMap | undefined {
  return n?.type === 'map' ? n : undefined;
}

function scalarOrUndefined(n: WfNode | undefined): WfScalar | undefined {
  return n?.type === 'scalar' && n.yamlValue !== null ? n : undefined;
}

function triggersOf(on: WfEntry | undefined): WfTrigger[] {
  if (!on) return [];
  const v = on.value;
  if (v.type === 'scalar')
    return v.yamlValue === null ? [] : [{ event: v.value, span: v.spanOf(0, v.value.length) }];
  if (v.type === 'seq')
    return v.items.map((i) => {
      if (i.type !== 'scalar')
        throw new ParseError('on: list items must be event names', i.span.line, i.span.column);
      return { event: i.value, span: i.spanOf(0, i.value.length) };
    });
  return v.entries.map((e) => ({
    event: e.key,
    span: e.keySpan,
    config: e.value.type === 'scalar' && e.value.yamlValue === null ? undefined : e.value,
  }));
}

/** `defaults.run.shell` of a workflow or job. */
function defaultShellOf(owner: WfMap): WfScalar | undefined {
  const defaults = mapOrUndefined(owner.get('defaults')?.value);
  const run = mapOrUndefined(defaults?.get('run')?.value);
  return scalarOrUndefined(run?.get('shell')?.value);
}

function shellOf(
  step: WfScalar | undefined,
  job: WfScalar | undefined,
  workflow: WfScalar | undefined,
  windows: boolean,
): WfShell {
  const pick = (node: WfScalar, origin: WfShell['origin']): WfShell => ({
    command: node.value,
    name: (node.value.trim().split(/[ \t]/, 1)[0] ?? '').toLowerCase(),
    origin,
    node,
  });
  if (step) return pick(step, 'step');
  if (job) return pick(job, 'job-default');
  if (workflow) return pick(workflow, 'workflow-default');
  // The runner's default: bash (falling back to sh) on Linux and macOS, PowerShell Core on Windows.
  return windows
    ? { command: 'pwsh', name: 'pwsh', origin: 'runner-default' }
    : { command: 'bash -e {0}', name: 'bash', origin: 'runner-default' };
}

/** True when every runner the job can land on is Windows (from `runs-on` and static matrix values). */
function runsOnWindows(runsOn: WfNode | undefined, job: WfMap): boolean {
  // Each label set is Windows (a label names it), not Windows, or unknown (an expression).
  const windows = (n: WfNode): boolean | undefined => {
    if (n.type === 'seq') {
      const each = n.items.map(windows);
      if (each.some((w) => w === true)) return true;
      return each.every((w) => w === false) ? false : undefined;
    }
    if (n.type === 'map') {
      const l = n.get('labels')?.value;
      return l ? windows(l) : undefined;
    }
    const m = /^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(n.value.trim());
    if (m) {
      const strategy = mapOrUndefined(job.get('strategy')?.value);
      const matrix = strategy?.get('matrix')?.value;
      if (!matrix) return undefined;
      const vals = buildMatrix(matrix).values(m[1]!);
      if (vals.unknown || vals.values.length === 0) return undefined;
      const each = vals.values.map(windows);
      return each.every((w) => w === true) ? true : each.every((w) => w === false) ? false : undefined;
    }
    if (n.value.includes('${{')) return undefined;
    return n.value.toLowerCase().includes('windows');
  };
  return runsOn !== undefined && windows(runsOn) === true;
}

function runLines(node: WfScalar): RunLine[] {
  const out: RunLine[] = [];
  const text = node.value;
  let offset = 0;
  for (;;) {
    const nl = text.indexOf('\n', offset);
    const end = nl === -1 ? text.length : nl;
    if (nl === -1 && offset === end && out.length > 0) break;
    out.push({ text: text.slice(offset, end), offset, span: node.spanOf(offset, end) });
    if (nl === -1) break;
    offset = nl + 1;
  }
  return out;
}

function makeRun(node: WfScalar, shell: WfShell, lines: LineIndex): WfRun {
  let cachedLines: RunLine[] | undefined;
  let analysed = false;
  let analysis: WfRun['analysis'];
  return {
    node,
    script: node.value,
    shell,
    get lines() {
      return (cachedLines ??= runLines(node));
    },
    get analysis() {
      if (!analysed) {
        analysed = true;
        analysis = analyzeRun(node, shell, lines);
      }
      return analysis;
    },
  };
}

interface StepContext {
  where: UsesRef['where'];
  jobShell?: WfScalar;
  workflowShell?: WfScalar;
  windows: boolean;
  lines: LineIndex;
  uses: UsesRef[];
}

function stepsOf(n: WfNode | undefined, what: string, ctx: StepContext): WfStep[] {
  if (n === undefined || (n.type === 'scalar' && n.yamlValue === null)) return [];
  if (n.type !== 'seq') throw new ParseError(`${what} must be a list of steps`, n.span.line, n.span.column);
  return n.items.map((item, index) => {
    if (item.type !== 'map')
      throw new ParseError(`${what}[${index}] must be a mapping`, item.span.line, item.span.column);
    const usesNode = asScalar(item.get('uses')?.value, 'uses');
    const runNode = asScalar(item.get('run')?.value, 'run');
    const shellNode = scalarOrUndefined(asScalar(item.get('shell')?.value, 'shell'));
    const step: WfStep = {
      index,
      node: item,
      span: item.span,
      line: item.span.line,
      id: scalarOrUndefined(item.get('id')?.value),
      name: scalarOrUndefined(item.get('name')?.value),
      if: scalarOrUndefined(item.get('if')?.value),
      with: mapOrUndefined(item.get('with')?.value),
      env: mapOrUndefined(item.get('env')?.value),
      shell: shellNode,
      workingDirectory: scalarOrUndefined(item.get('working-directory')?.value),
    };
    if (usesNode && usesNode.yamlValue !== null) {
      step.uses = parseUses(usesNode, ctx.where, item.span.line);
      ctx.uses.push(step.uses);
    }
    if (runNode && runNode.yamlValue !== null) {
      const shell = shellOf(shellNode, ctx.jobShell, ctx.workflowShell, ctx.windows);
      step.run = makeRun(runNode, shell, ctx.lines);
    }
    return step;
  });
}

function containerOf(n: WfNode | undefined, what: string): WfContainer | undefined {
  if (n === undefined || (n.type === 'scalar' && n.yamlValue === null)) return undefined;
  if (n.type === 'scalar') return { node: n, image: n };
  if (n.type !== 'map')
    throw new ParseError(`${what} must be an image or a mapping`, n.span.line, n.span.column);
  return {
    node: n,
    image: scalarOrUndefined(asScalar(n.get('image')?.value, `${what}.image`)),
    credentials: mapOrUndefined(n.get('credentials')?.value),
  };
}

function jobOf(e: WfEntry, ctx: Omit<StepContext, 'where' | 'jobShell' | 'windows'>): WfJob {
  const node = e.value;
  if (node.type !== 'map')
    throw new ParseError(`job '${e.key}' must be a mapping`, e.keySpan.line, e.keySpan.column);
  const runsOn = node.get('runs-on')?.value;
  const defaultShell = defaultShellOf(node);
  const job: WfJob = {
    id: e.key,
    keySpan: e.keySpan,
    node,
    name: scalarOrUndefined(node.get('name')?.value),
    if: scalarOrUndefined(node.get('if')?.value),
    runsOn,
    permissions: node.get('permissions')?.value,
    env: mapOrUndefined(node.get('env')?.value),
    defaultShell,
    with: mapOrUndefined(node.get('with')?.value),
    secrets: node.get('secrets')?.value,
    container: containerOf(node.get('container')?.value, `jobs.${e.key}.container`),
    services: [],
    steps: [],
  };
  const usesNode = asScalar(node.get('uses')?.value, `jobs.${e.key}.uses`);
  if (usesNode && usesNode.yamlValue !== null) {
    job.uses = parseUses(usesNode, 'job', e.keySpan.line);
    ctx.uses.push(job.uses);
  }
  const services = asMap(node.get('services')?.value, `jobs.${e.key}.services`);
  for (const s of services?.entries ?? []) {
    const c = containerOf(s.value, `jobs.${e.key}.services.${s.key}`);
    if (c) job.services.push({ ...c, id: s.key, keySpan: s.keySpan } satisfies WfService);
  }
  const strategy = mapOrUndefined(node.get('strategy')?.value);
  const matrix = strategy?.get('matrix')?.value;
  if (matrix && !(matrix.type === 'scalar' && matrix.yamlValue === null)) job.matrix = buildMatrix(matrix);
  job.steps = stepsOf(node.get('steps')?.value, `jobs.${e.key}.steps`, {
    ...ctx,
    where: 'step',
    jobShell: defaultShell,
    windows: runsOnWindows(runsOn, node),
  });
  return job;
}

/** Parses a workflow (`.github/workflows/*.yml`) or an action metadata file (`action.yml`). */
export function parseWorkflow(text: string, path: string): WorkflowModel {
  const type = isActionMetadataPath(path) ? 'action' : isDependabotPath(path) ? 'dependabot' : 'workflow';
  const model: WorkflowModel = { path, text, type, triggers: [], jobs: [], uses: [], aliases: [] };
  const deep = flowTooDeep(text);
  if (deep)
    throw new ParseError(`YAML nested deeper than ${MAX_YAML_FLOW_DEPTH} levels`, deep.line, deep.column);
  const lines = new LineIndex(text);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true }) as Document.Parsed;
  } catch (e) {
    if (e instanceof RangeError) throw new ParseError('YAML is nested too deeply to read', 1, 1);
    throw e;
  }
  const err = doc.errors[0];
  if (err) {
    const p = lines.pos(err.pos[0]);
    throw new ParseError(`invalid YAML: ${err.message.split('\n')[0]}`, p.line, p.column);
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return model;
  const tree = new TreeBuilder(text, lines, doc);
  let root: WfNode;
  try {
    root = tree.node(doc.contents, 0).node;
  } catch (e) {
    if (e instanceof RangeError) throw new ParseError('YAML is nested too deeply to read', 1, 1);
    throw e;
  }
  if (root.type !== 'map')
    throw new ParseError(
      `a ${type === 'workflow' ? 'workflow' : type === 'action' ? 'action' : 'Dependabot config'} file must be a mapping`,
      root.span.line,
      root.span.column,
    );
  model.root = root;
  model.aliases = tree.aliases;
  // Dependabot's config has no jobs, steps or uses: its rules read the generic tree.
  if (type === 'dependabot') return model;
  model.name = scalarOrUndefined(root.get('name')?.value);
  model.env = mapOrUndefined(root.get('env')?.value);
  const uses: UsesRef[] = [];
  if (type === 'workflow') {
    const on = root.get('on');
    model.onSpan = on?.keySpan;
    model.triggers = triggersOf(on);
    model.permissions = root.get('permissions')?.value;
    model.defaultShell = defaultShellOf(root);
    const jobs = asMap(root.get('jobs')?.value, 'jobs');
    for (const e of jobs?.entries ?? [])
      model.jobs.push(jobOf(e, { workflowShell: model.defaultShell, lines, uses }));
  } else if (type === 'action') {
    const runsNode = asMap(root.get('runs')?.value, 'runs');
    if (runsNode) {
      const runs: WfActionRuns = {
        node: runsNode,
        using: scalarOrUndefined(runsNode.get('using')?.value),
        image: scalarOrUndefined(runsNode.get('image')?.value),
        main: scalarOrUndefined(runsNode.get('main')?.value),
        pre: scalarOrUndefined(runsNode.get('pre')?.value),
        post: scalarOrUndefined(runsNode.get('post')?.value),
        steps: stepsOf(runsNode.get('steps')?.value, 'runs.steps', {
          where: 'composite-step',
          windows: false,
          lines,
          uses,
        }),
      };
      model.runs = runs;
    }
  }
  // Source order, whichever job or step reached them first.
  // An aliased step is one source text: its `uses:` is listed once.
  const seen = new Set<WfScalar>();
  model.uses = uses
    .filter((u) => !seen.has(u.node) && seen.add(u.node))
    .sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return model;
}
