import type { FileKind } from '../rules/rule.js';

/**
 * How each kind of file is parsed. Parsers are loaded on first use (dynamic import), so a scan
 * pays start-up cost only for the kinds of file it meets.
 */
export interface Analyzer {
  /** Rule id reported when parse() throws a ParseError. */
  parseErrorRule: string;
  parse(text: string, path: string): Promise<unknown>;
}

export const ANALYZERS: Partial<Record<FileKind, Analyzer>> = {
  dockerfile: {
    parseErrorRule: 'dockerfile/parse-error',
    parse: async (text, path) => (await import('../formats/dockerfile/parse.js')).parseDockerfile(text, path),
  },
  lockfile: {
    parseErrorRule: 'lockfile/parse-error',
    parse: async (text, path) => (await import('../formats/lockfile/parse.js')).parseLockfile(text, path),
  },
  'pm-config': {
    parseErrorRule: 'config/parse-error',
    parse: async (text, path) => (await import('../formats/lockfile/pm-config.js')).parsePmConfig(text, path),
  },
};
