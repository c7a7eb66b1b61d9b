import type { Severity } from '../scan/finding.js';
import type { Config } from '../config/schema.js';

/** The kinds of file Bulkhead reads; each has a parser and a rule set. */
export type FileKind = 'dockerfile' | 'lockfile' | 'pm-config' | 'manifest' | 'workflow';

/** The rule-id prefix a rule belongs to (`scan` and `config` hold the engine's own findings). */
export type RuleKind = 'dockerfile' | 'lockfile' | 'config' | 'workflow' | 'scan' | 'secrets';

/** What a rule reports; the engine adds path, rule id, default severity and fingerprint. */
export interface Hit {
  message: string;
  line: number;
  column: number;
  endLine?: number;
  /** Exclusive, 1-based. Defaults to column + evidence length on one line. */
  endColumn?: number;
  evidence?: string;
  fix?: string;
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

/** Read-only view of the other text files in the scan (a lockfile's package.json, say). */
export interface Workspace {
  /** Text of a discovered file by repo-relative path, or undefined. */
  read(path: string): string | undefined;
}

export interface RuleContext {
  path: string;
  config: Config;
  workspace: Workspace;
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
  examples: { bad: string; good: string; language?: string };
  /** Config keys that change what the rule does. */
  options?: string;
  references?: string[];
}

export interface Rule<M = unknown> extends RuleMeta {
  /** Which file kind it runs on; rules without one are reported by the engine itself. */
  appliesTo?: FileKind;
  check?(model: M, ctx: RuleContext): Hit[];
}
