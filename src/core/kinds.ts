/** The kinds of file Bulkhead reads; each has a parser and a rule set. */
export type FileKind = 'dockerfile' | 'lockfile' | 'pm-config' | 'manifest' | 'workflow';

/** The rule-id prefix a rule belongs to (`scan` and `config` hold the engine's own findings). */
export type RuleKind = 'dockerfile' | 'lockfile' | 'config' | 'workflow' | 'scan' | 'secrets' | 'intel';
