/**
 * The kinds of file Bulkhead reads, in the order classification tries them. A kind is how a path
 * is recognised, the largest file read, and (when its rules exist) the analyzer that parses it and
 * the rule that reports a file it cannot parse. `classify.ts` and `analyzers.ts` read this list;
 * lockfiles, package-manager config and manifests are recognised through the format registry
 * (`formats/registry.ts`).
 */
import type { FileKind, ModelOf } from '../core/index.js';
import { formatsNamed, MANIFEST_NAMES } from '../formats/lookup.js';

/**
 * How one kind of file is parsed. Parsers are loaded on first use (dynamic import), so a scan
 * pays start-up cost only for the kinds of file it meets.
 */
export interface Analyzer<K extends FileKind> {
  /** Rule id reported when parse() throws a ParseError. */
  parseErrorRule: string;
  parse(text: string, path: string): Promise<ModelOf<K>>;
}

export interface KindSpec<K extends FileKind> {
  kind: K;
  /**
   * Whether a repo-relative path (split on `/`; `name` is the last part, `parent` the one before
   * or '') is a file of this kind. Runs on every file of the walk: no content, linear work.
   */
  matches(parts: readonly string[], name: string, parent: string): boolean;
  /** Larger files are skipped with `scan/file-too-large`, in bytes. */
  sizeCap: number;
  /** Absent = files of the kind are classified (for the workspace view and caps) but not checked. */
  analyzer?: Analyzer<K>;
}

function defineKind<K extends FileKind>(spec: KindSpec<K>): KindSpec<K> {
  return spec;
}

// A Dockerfile is named `Dockerfile`, `Containerfile`, `Dockerfile.<variant>` or `<name>.Dockerfile`.
// What the last extension says the file is wins over the stem: documentation and config about
// Dockerfiles (Dockerfile.md, dockerfile-lint.yml) and source code named after them
// (dockerfile.go, dockerfile_parser.py, dockerfile-lint.js, dockerfile-dos.test.ts) are not
// Dockerfiles, and reporting them as unparsable ones would fail the build of every linter's repo.
const NOT_DOCKERFILE_EXTENSIONS = new Set([
  // documentation and data
  'md',
  'markdown',
  'rst',
  'txt',
  'adoc',
  'asciidoc',
  'html',
  'htm',
  'xml',
  'yml',
  'yaml',
  'json',
  'jsonc',
  'toml',
  'ini',
  'cfg',
  'conf',
  'csv',
  'lock',
  'sum',
  'log',
  'diff',
  'patch',
  'orig',
  'bak',
  'swp',
  'tmp',
  'snap',
  'golden',
  'svg',
  'png',
  'jpg',
  'gif',
  'pdf',
  'zip',
  'gz',
  'tgz',
  'tar',
  // source code
  'go',
  'py',
  'pyi',
  'pyc',
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'mts',
  'cts',
  'tsx',
  'rs',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'gradle',
  'rb',
  'erb',
  'php',
  'pl',
  'pm',
  'c',
  'h',
  'cc',
  'cpp',
  'cxx',
  'hpp',
  'hh',
  'cs',
  'fs',
  'vb',
  'swift',
  'm',
  'mm',
  'dart',
  'lua',
  'r',
  'jl',
  'ex',
  'exs',
  'erl',
  'hs',
  'ml',
  'clj',
  'elm',
  'zig',
  'nim',
  'v',
  'sh',
  'bash',
  'zsh',
  'fish',
  'ps1',
  'psm1',
  'bat',
  'cmd',
  'vim',
  'el',
  'sql',
  'proto',
  'tf',
  'hcl',
  'nix',
  'bzl',
  'star',
  'cue',
  'jsonnet',
  'libsonnet',
  'rego',
  'tmpl',
  'tpl',
  'j2',
  'jinja',
  'jinja2',
  'mustache',
  'hbs',
  'ejs',
  'vue',
  'svelte',
  'css',
  'scss',
  'less',
  'ipynb',
  'dockerignore',
]);

function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  const dot = lower.lastIndexOf('.');
  if (dot !== -1 && NOT_DOCKERFILE_EXTENSIONS.has(lower.slice(dot + 1))) return false;
  // api.Dockerfile, dev.Containerfile
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return true;
  // Dockerfile.dev, Dockerfile-alpine, Dockerfile_windows, Containerfile.fedora
  return /^(dockerfile|containerfile)[._-]./.test(lower);
}

export const KINDS = [
  defineKind({
    kind: 'workflow',
    // Workflows under .github/workflows/, action metadata (action.yml, action.yaml) anywhere, and
    // Dependabot's config (.github/dependabot.yml): GitHub-side YAML read with the same parser.
    matches: (parts, name, parent) =>
      (parts.length >= 3 &&
        parent === 'workflows' &&
        parts[parts.length - 3] === '.github' &&
        (name.endsWith('.yml') || name.endsWith('.yaml'))) ||
      name === 'action.yml' ||
      name === 'action.yaml' ||
      (parent === '.github' && (name === 'dependabot.yml' || name === 'dependabot.yaml')),
    sizeCap: 1 << 20,
    analyzer: {
      parseErrorRule: 'workflow/parse-error',
      parse: async (text, path) => (await import('../formats/workflow/parse.js')).parseWorkflow(text, path),
    },
  }),
  defineKind({
    kind: 'dockerfile',
    matches: (_parts, name) => isDockerfileName(name),
    sizeCap: 1 << 20,
    analyzer: {
      parseErrorRule: 'dockerfile/parse-error',
      parse: async (text, path) =>
        (await import('../formats/dockerfile/parse.js')).parseDockerfile(text, path),
    },
  }),
  defineKind({
    kind: 'lockfile',
    matches: (_parts, name, parent) => formatsNamed('lockfile', name, parent).length > 0,
    sizeCap: 64 << 20,
    analyzer: {
      parseErrorRule: 'lockfile/parse-error',
      parse: async (text, path) => (await import('../formats/lockfile/parse.js')).parseLockfile(text, path),
    },
  }),
  defineKind({
    kind: 'pm-config',
    matches: (_parts, name, parent) => formatsNamed('pm-config', name, parent).length > 0,
    sizeCap: 1 << 20,
    analyzer: {
      parseErrorRule: 'config/parse-error',
      parse: async (text, path) => (await import('../formats/pm-config/parse.js')).parsePmConfig(text, path),
    },
  }),
  // Read by the lockfile rules (and workflow/unpinned-action: GitHub's actions.lock) through the
  // workspace view, not checked on their own.
  defineKind({
    kind: 'manifest',
    matches: (parts, name, parent) =>
      (MANIFEST_NAMES as ReadonlySet<string>).has(name) ||
      (name === 'actions.lock' && parent === 'workflows' && parts[parts.length - 3] === '.github'),
    sizeCap: 4 << 20,
  }),
] as const;

// Every FileKind has exactly one entry above.
type Listed = (typeof KINDS)[number]['kind'];
const everyKindListed: [Exclude<FileKind, Listed>] extends [never] ? true : never = true;
void everyKindListed;
