/**
 * The model of a GitHub Actions workflow (`.github/workflows/*.yml`) or action metadata file
 * (`action.yml` / `action.yaml`), with exact source positions for every key, every value and every
 * character of a string value (`run:` scripts included, whatever their block style).
 *
 * Two layers: a generic YAML tree (`WfMap`, `WfSeq`, `WfScalar`: aliases resolved, merge keys
 * applied, each node with its span) and typed views over it (`WorkflowModel.triggers`, `jobs`,
 * `steps`, `uses`, `run`), so a rule reads `step.uses.ref` and can still reach any key the views do
 * not name through `step.node`.
 *
 * Types only (no runtime code), so rules import it freely.
 */
import type { Pos } from '../../core/span.js';
import type { Span } from '../position.js';
import type { ShellScript } from '../dockerfile/shell/model.js';
import type { ExpressionSite } from './expressions.js';
import type { ScalarSource, ScalarStyle } from './scalar-source.js';

export type WfNode = WfScalar | WfMap | WfSeq;

export interface WfScalar {
  type: 'scalar';
  /**
   * The value as GitHub reads it, as a string: the decoded text of a string scalar; the source
   * text of a plain number, boolean or null (`3.10` stays `3.10`, `~` stays `~`).
   */
  value: string;
  /** What YAML resolves it to (`3.10` is the number 3.1, `null`/`~`/empty are null). */
  yamlValue: string | number | boolean | null;
  style: ScalarStyle;
  /** The value as written: quotes and block header included, the trailing comment excluded. */
  span: Span;
  /** File offset of each character of `value` (computed on first use). */
  readonly source: ScalarSource;
  /** File position of `value[i]` (`i === value.length` is just past the end). */
  posAt(i: number): Pos;
  /** File span of `value[a, b)`. */
  spanOf(a: number, b: number): Span;
  /** Every `${{ }}` in the value, parsed (computed on first use). */
  readonly expressions: WfExpression[];
  /** The `# comment` after the value on its last line, if any (`# v4.1.1` after a SHA pin). */
  readonly comment?: string;
}

/** One `${{ ... }}` with its file span. */
export interface WfExpression extends ExpressionSite {
  /** From `${{` through `}}` in the file. */
  span: Span;
}

export interface WfEntry {
  key: string;
  keySpan: Span;
  value: WfNode;
}

export interface WfMap {
  type: 'map';
  /** In source order; a merge key (`<<: *base`) contributes the keys the mapping does not set. */
  entries: WfEntry[];
  span: Span;
  get(key: string): WfEntry | undefined;
}

export interface WfSeq {
  type: 'seq';
  items: WfNode[];
  span: Span;
}

/** A YAML alias (`*name`) and the anchor (`&name`) it repeats. */
export interface WfAlias {
  name: string;
  span: Span;
  /** The anchored node's span. */
  target: Span;
}

/** What a `uses:` value names. */
export type UsesKind =
  /** `owner/repo[/path]@ref`: an action in another repository. */
  | 'repository'
  /** `owner/repo/.github/workflows/x.yml@ref` at job level: a reusable workflow call. */
  | 'reusable-workflow'
  /** `./path`: an action or reusable workflow in the same checkout. */
  | 'local'
  /** `$/path`: an action in the workflow's own repository at the workflow's commit (2026). */
  | 'self'
  /** `docker://image[:tag][@digest]`: a container image run as a step. */
  | 'docker';

export interface UsesRef {
  kind: UsesKind;
  /** Where it is used: a workflow step, a job (reusable call), or a composite action's step. */
  where: 'step' | 'job' | 'composite-step';
  /**
   * First line of the step or job that holds it: a `# bulkhead-ignore` above the step (or the
   * job's key) covers the `uses:`.
   */
  scopeLine: number;
  /** The value as decoded. */
  raw: string;
  node: WfScalar;
  /** The value's text, quotes excluded. */
  span: Span;
  /** Lower-cased `owner` of repository and reusable-workflow refs. */
  owner?: string;
  repo?: string;
  /** Path inside the repository after `owner/repo/`, if any. */
  path?: string;
  /** The text after `@`; '' when there is none. */
  ref?: string;
  refSpan?: Span;
  /** For `docker://`: the image reference after the scheme. */
  image?: string;
  imageSpan?: Span;
  /** The trailing `# comment` (a version note such as `v4.1.1`). */
  comment?: string;
}

/** An event that triggers the workflow, in any of `on:`'s three forms. */
export interface WfTrigger {
  event: string;
  /** The event name as written (a scalar in the string and list forms, a key in the map form). */
  span: Span;
  /** The event's configuration (`branches:`, `types:`), when the map form gives one. */
  config?: WfNode;
}

/** Which shell runs a `run:` script, and where that was decided. */
export interface WfShell {
  /** As written (`bash`, `pwsh`, `python`, `bash -e {0}`), or the default. */
  command: string;
  /** First word, lower-cased (`bash`, `sh`, `pwsh`, `powershell`, `cmd`, `python`). */
  name: string;
  origin: 'step' | 'job-default' | 'workflow-default' | 'runner-default';
  /** The `shell:` value that chose it; undefined for the runner default. */
  node?: WfScalar;
}

export interface RunLine {
  /** The line's text in the script (no newline). */
  text: string;
  /** Offset of the line in the script text. */
  offset: number;
  /** File span of the line's text. */
  span: Span;
}

export interface WfRun {
  node: WfScalar;
  /** The script text as the runner writes it to a file (expressions not yet substituted). */
  script: string;
  shell: WfShell;
  /** The script's lines with their file spans (computed on first use). */
  readonly lines: RunLine[];
  /**
   * The shell analysis (the same one Dockerfile RUNs get), `${{ }}` expressions read as unknown
   * values; undefined for scripts no shell parser reads (`python`, custom shells). Computed on
   * first use.
   */
  readonly analysis?: ShellScript;
}

export interface WfStep {
  /** 0-based position in its job or composite action. */
  index: number;
  node: WfMap;
  span: Span;
  /** First line of the step (its `-`): an inline ignore above it covers the whole step. */
  line: number;
  id?: WfScalar;
  name?: WfScalar;
  if?: WfScalar;
  uses?: UsesRef;
  run?: WfRun;
  with?: WfMap;
  env?: WfMap;
  shell?: WfScalar;
  workingDirectory?: WfScalar;
}

/** A job's `strategy.matrix`. */
export interface WfMatrix {
  node: WfNode;
  /** The whole matrix is one expression (`matrix: ${{ fromJSON(...) }}`): nothing is known. */
  dynamic: boolean;
  /**
   * The combinations GitHub runs when every value is static (`include`/`exclude` applied), each a
   * map from matrix key to its value; undefined when any part is an expression or the
   * combinations pass 256 (GitHub's limit per matrix).
   */
  combinations?: Record<string, WfNode>[];
  /**
   * The values one key can take (from the key's list and every `include`), each with its node;
   * `unknown` when a list or an include for it is an expression.
   */
  values(key: string): { values: WfNode[]; unknown: boolean };
}

export interface WfContainer {
  node: WfNode;
  /** The image (the string form, or `image:` of the mapping form). */
  image?: WfScalar;
  credentials?: WfMap;
}

export interface WfService extends WfContainer {
  id: string;
  keySpan: Span;
}

export interface WfJob {
  id: string;
  keySpan: Span;
  node: WfMap;
  name?: WfScalar;
  if?: WfScalar;
  runsOn?: WfNode;
  permissions?: WfNode;
  env?: WfMap;
  /** `defaults.run.shell` of the job. */
  defaultShell?: WfScalar;
  /** A reusable workflow call (`jobs.<id>.uses`). */
  uses?: UsesRef;
  with?: WfMap;
  /** `secrets: inherit` (a scalar) or a mapping of secrets passed to a reusable workflow. */
  secrets?: WfNode;
  container?: WfContainer;
  services: WfService[];
  matrix?: WfMatrix;
  steps: WfStep[];
}

/** `runs:` of an action metadata file. */
export interface WfActionRuns {
  node: WfMap;
  /** `composite`, `docker`, `node20`, `node24`, ... */
  using?: WfScalar;
  /** Docker actions: `Dockerfile` or `docker://image`. */
  image?: WfScalar;
  /** JavaScript actions: the entry points. */
  main?: WfScalar;
  pre?: WfScalar;
  post?: WfScalar;
  /** Composite actions: the steps. */
  steps: WfStep[];
}

export interface WorkflowModel {
  path: string;
  text: string;
  /**
   * A workflow under `.github/workflows/`, action metadata (`action.yml`), or Dependabot's config
   * (`.github/dependabot.yml`: only the generic tree, `root`, is filled; no jobs, steps or uses).
   */
  type: 'workflow' | 'action' | 'dependabot';
  /** The top-level mapping; undefined for an empty file (nothing runs). */
  root?: WfMap;
  name?: WfScalar;
  /** Workflows: the events from `on:`. */
  triggers: WfTrigger[];
  /** The `on:` key, when present. */
  onSpan?: Span;
  permissions?: WfNode;
  env?: WfMap;
  /** `defaults.run.shell` of the workflow. */
  defaultShell?: WfScalar;
  jobs: WfJob[];
  /** Action metadata: `runs:`. */
  runs?: WfActionRuns;
  /** Every `uses:` of the file (job calls, steps, composite steps) in source order. */
  uses: UsesRef[];
  /**
   * Every alias in the file, in source order. An aliased node is the anchored node itself (one
   * object, its span at the anchor): a finding in repeated text is reported once, at the text.
   */
  aliases: WfAlias[];
}

declare module '../../core/rule.js' {
  interface ModelByKind {
    workflow: WorkflowModel;
  }
}
