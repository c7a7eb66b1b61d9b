import type { FileKind, ModelOf } from '../core/index.js';

/**
 * How each kind of file is parsed. Parsers are loaded on first use (dynamic import), so a scan
 * pays start-up cost only for the kinds of file it meets.
 */
export interface Analyzer<K extends FileKind> {
  /** Rule id reported when parse() throws a ParseError. */
  parseErrorRule: string;
  parse(text: string, path: string): Promise<ModelOf<K>>;
}

export const ANALYZERS: { [K in FileKind]?: Analyzer<K> } = {
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
