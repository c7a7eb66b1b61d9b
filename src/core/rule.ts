import type { Config } from './config.js';
import type { Autofix } from './fix.js';
import type { OnlineAnswers } from './intel.js';
import type { FileKind, RuleKind } from './kinds.js';
import type { Severity } from './severity.js';
import { spanAt, spanOf, type Pos, type Related, type Span } from './span.js';

/**
 * The model a parser produces for each file kind. Each format module adds its entry by
 * declaration merging (`declare module '../../core/rule.js' { interface ModelByKind { ... } }`),
 * so this file imports nothing and a rule's `check` still gets the exact model type.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModelByKind {}

/** The model type of a file kind (unknown for a kind whose format has not registered one). */
export type ModelOf<K extends FileKind> = K extends keyof ModelByKind ? ModelByKind[K] : unknown;

/** What a rule reports; the engine adds path, rule id, default severity and fingerprint. */
export interface Hit {
  /** Where the hit points. Build it with {@link hit} or {@link hitAt}. */
  span: Span;
  message: string;
  /** The other places the same cause touches (a package word under its install command, say). */
  related?: Related[];
  evidence?: string;
  fix?: string;
  /** The fix as edits (or an online resolution), when it is mechanical: see core/fix.ts. */
  autofix?: Autofix;
  /** Overrides the rule's default severity when the rule grades its own findings (e.g. git refs). */
  severity?: Severity;
  /**
   * First line of the enclosing statement (a Dockerfile instruction, a workflow step): a
   * `# bulkhead-ignore` on the line above it also covers this hit.
   */
  scopeLine?: number;
  /** For config `ignore:` entries that name a package or an image. */
  package?: string;
  image?: string;
  /** Where the hit points, if not the scanned file itself (a manifest next to a lockfile). */
  path?: string;
}

/** Everything of a hit but where it is and what it says. */
export type HitExtra = Omit<Hit, 'span' | 'message'>;

/** The one hit builder: a hit on `span` (copied, so a shell word's other fields stay behind). */
export function hit(span: Span, message: string, extra: HitExtra = {}): Hit {
  return { span: spanOf(span), message, ...extra };
}

/**
 * A hit for a rule that knows only where the offending text starts: it covers the evidence on
 * that line (at most 10,000 characters), or one character when there is no evidence.
 */
export function hitAt(pos: Pos, message: string, extra: HitExtra = {}): Hit {
  const length = extra.evidence ? Math.min(extra.evidence.length, 10_000) : 1;
  return { span: spanAt(pos, length), message, ...extra };
}

/** Read-only view of the other text files in the scan (a lockfile's package.json, say). */
export interface Workspace {
  /** Text of a discovered file by repo-relative path, or undefined. */
  read(path: string): string | undefined;
}

/** One entry of a directory in the checked-out tree. */
export interface TreeEntry {
  name: string;
  /** A link is reported as a link and never followed. */
  type: 'file' | 'dir' | 'link' | 'other';
  /** Bytes, for regular files (0 otherwise). */
  size: number;
}

/**
 * Read-only view of the whole checked-out tree, for rules whose input is more than one file (what
 * a Dockerfile's build context holds). Listing is bounded for the whole scan: past the bound a
 * listing answers `limit`, and the rule reports what it could not check.
 */
export interface TreeView {
  /**
   * The entries of a repo-relative directory ('' is the root), sorted by name; `missing` when it is
   * not a directory, `limit` when the scan's bound on listed entries is spent, `error` otherwise.
   */
  list(dir: string): { entries: TreeEntry[] } | { missing: true } | { limit: number } | { error: string };
  /**
   * The text of a regular file in the tree (never through a link), or undefined when it is larger
   * than `maxBytes`, not text (a NUL byte), or unreadable.
   */
  readText(path: string, maxBytes: number): string | undefined;
}

/**
 * A build that names a Dockerfile and its context, read from a workflow (`docker/build-push-action`
 * `context:`/`file:`, `docker build -f … <dir>` in a `run:` script).
 */
export interface BuildDeclaration {
  /** Repo-relative directory of the build context ('' for the root). */
  context: string;
  /** Repo-relative path of the Dockerfile it builds. */
  dockerfile: string;
  /** Where it is declared: a workflow file and the line of its step. */
  origin: { path: string; line: number };
  /** What declares it, for messages (`docker/build-push-action`, `docker build`). */
  via: string;
  /** BuildKit reads the context from git (build-push-action's default): `.git` is not in it. */
  gitContext?: boolean;
}

export interface RuleContext {
  path: string;
  config: Config;
  workspace: Workspace;
  /** The checked-out tree; absent when there is none (standard input). */
  tree?: TreeView;
  /** The builds the repository's workflows declare (every Dockerfile's; rules pick their own). */
  builds?: readonly BuildDeclaration[];
}

export interface RuleMeta {
  id: string;
  kind: RuleKind;
  severity: Severity;
  title: string;
  /** Why it matters, two or three sentences. */
  description: string;
  /** What to do instead, in general; hits carry the concrete replacement. */
  fix: string;
  examples: {
    bad: string;
    good: string;
    language?: string;
    /**
     * The file the examples are checked as (`package-lock.json`, `yarn.lock`); rules of a kind
     * with many file names need it. Defaults to `Dockerfile` for Dockerfile rules and `.npmrc`
     * for package-manager config rules.
     */
    path?: string;
  };
  /** Config keys that change what the rule does. */
  options?: string;
  /**
   * The rule reads files beside the one it checks (`RuleContext.tree`): its findings can become
   * new when only those files change, so `report: new` compares them with the base even when the
   * checked file itself did not change.
   */
  readsTree?: boolean;
  references?: string[];
}

/** A rule that checks one kind of file. */
export interface FileRule<K extends FileKind = FileKind> extends RuleMeta {
  appliesTo: K;
  check(model: ModelOf<K>, ctx: RuleContext): Hit[];
  /**
   * The rule's online part, when it has one: its hits replace the offline hits of the same file
   * at the same place (one finding when both sources say it).
   */
  online?: OnlinePart<K>;
}

/** What a rule checks in the scan's online phase: the file's model plus the online answers. */
export interface OnlinePart<K extends FileKind = FileKind> {
  appliesTo: K;
  check(model: ModelOf<K>, ctx: RuleContext, answers: OnlineAnswers): Hit[];
}

/** A rule the engine reports itself (parse errors, skipped files, suppression hygiene). */
export interface EngineRule extends RuleMeta {
  appliesTo?: undefined;
  check?: undefined;
}

/**
 * A rule that needs online answers (advisories, registry data). It runs in the scan's online
 * phase, after every file's offline rules, on the same model plus what `intel/` answered; it is
 * still pure and synchronous (the phase does the I/O), so tests give it fake answers.
 */
export interface OnlineRule<K extends FileKind = FileKind> extends RuleMeta {
  appliesTo?: undefined;
  check?: undefined;
  online: OnlinePart<K>;
}

/** Any rule, with its model type kept: the union over file kinds, no casts needed. */
export type AnyFileRule = { [K in FileKind]: FileRule<K> }[FileKind];
export type Rule = AnyFileRule | EngineRule | OnlineRule<'lockfile'> | OnlineRule<'workflow'>;

/** Declares a rule that runs in the online phase on files of kind K. */
export function defineOnlineRule<K extends FileKind>(rule: OnlineRule<K>): OnlineRule<K> {
  return rule;
}

/** Declares a rule that checks files of kind K; `check` receives that kind's model type. */
export function defineRule<K extends FileKind>(rule: FileRule<K>): FileRule<K> {
  return rule;
}

/** Declares a rule whose findings the engine raises itself. */
export function defineEngineRule(rule: RuleMeta): EngineRule {
  return rule as EngineRule;
}
