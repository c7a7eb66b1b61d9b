import type { FileKind } from '../core/index.js';

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'Pipfile.lock',
  'poetry.lock',
  'uv.lock',
  'go.sum',
  'Cargo.lock',
  'Gemfile.lock',
  'composer.lock',
]);
const PM_CONFIG = new Set([
  '.npmrc',
  '.yarnrc.yml',
  '.yarnrc',
  'pip.conf',
  'pip.ini',
  '.pypirc',
  'bunfig.toml',
]);
const MANIFESTS = new Set(['package.json', 'pyproject.toml']);

// Documentation and config about Dockerfiles (Dockerfile.md, dockerfile-lint.yml) are not Dockerfiles.
const NOT_DOCKERFILE_EXTENSIONS = [
  '.md',
  '.rst',
  '.txt',
  '.adoc',
  '.html',
  '.yml',
  '.yaml',
  '.json',
  '.toml',
];

function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  if (lower.endsWith('.dockerfile')) return true;
  if (NOT_DOCKERFILE_EXTENSIONS.some((ext) => lower.endsWith(ext))) return false;
  // Dockerfile.dev, Dockerfile-alpine, Dockerfile_windows, Containerfile.fedora
  return /^(dockerfile|containerfile)[._-]./.test(lower);
}

function isRequirementsFile(name: string, parent: string): boolean {
  if (!name.endsWith('.txt')) return false;
  return name.includes('requirements') || parent === 'requirements';
}

/** Classifies a repo-relative path (forward slashes) by name; undefined = not ours. */
export function classify(relPath: string): FileKind | undefined {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1]!;
  const parent = parts.length > 1 ? parts[parts.length - 2]! : '';
  if (
    parts.length >= 3 &&
    parent === 'workflows' &&
    parts[parts.length - 3] === '.github' &&
    (name.endsWith('.yml') || name.endsWith('.yaml'))
  ) {
    return 'workflow';
  }
  if (isDockerfileName(name)) return 'dockerfile';
  if (LOCKFILES.has(name) || isRequirementsFile(name, parent)) return 'lockfile';
  if (PM_CONFIG.has(name)) return 'pm-config';
  if (MANIFESTS.has(name)) return 'manifest';
  return undefined;
}

/** Size caps per kind, in bytes; a larger file is skipped with a finding. */
export const DEFAULT_SIZE_CAPS: Record<FileKind, number> = {
  dockerfile: 1 << 20,
  workflow: 1 << 20,
  'pm-config': 1 << 20,
  manifest: 4 << 20,
  lockfile: 64 << 20,
};
