import { describe, expect, it } from '@jest/globals';
import { classify } from '../../src/scan/classify.js';

describe('classify', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['app/Dockerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['Dockerfile-alpine', 'dockerfile'],
    ['Dockerfile_windows', 'dockerfile'],
    ['build/api.Dockerfile', 'dockerfile'],
    ['build/api.dockerfile', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Containerfile.fedora', 'dockerfile'],
    ['dev.Containerfile', 'dockerfile'],
    ['Dockerfile.template', 'dockerfile'],
    ['Dockerfile-linux.template', 'dockerfile'],
    ['python.js.Dockerfile', 'dockerfile'],
    ['package-lock.json', 'lockfile'],
    ['web/yarn.lock', 'lockfile'],
    ['pnpm-lock.yaml', 'lockfile'],
    ['poetry.lock', 'lockfile'],
    ['Cargo.lock', 'lockfile'],
    ['go.sum', 'lockfile'],
    ['requirements.txt', 'lockfile'],
    ['requirements-dev.txt', 'lockfile'],
    ['requirements/base.txt', 'lockfile'],
    ['.npmrc', 'pm-config'],
    ['.yarnrc.yml', 'pm-config'],
    ['pip.conf', 'pm-config'],
    ['package.json', 'manifest'],
    ['pyproject.toml', 'manifest'],
    ['.github/workflows/ci.yml', 'workflow'],
    ['.github/workflows/release.yaml', 'workflow'],
    ['sub/.github/workflows/ci.yml', 'workflow'],
  ])('%s is %s', (path, kind) => {
    expect(classify(path)).toBe(kind);
  });

  it.each([
    '.dockerignore',
    'Dockerfile.dockerignore',
    'Dockerfile.',
    'MyDockerfile',
    'docs/dockerfile.md.txt',
    'README.md',
    'package-lock.json.bak',
    '.github/workflows/README.md',
    '.github/ci.yml',
    'workflows/ci.yml',
    '.github/workflows/nested/ci.yml',
    'notes.txt',
    // Source code named after Dockerfiles (issue 11): what the extension says wins.
    'pkg/dockerfile.go',
    'dockerfile_parser.py',
    'src/dockerfile-lint.js',
    'src/dockerfile.rs',
    '__tests__/security/dockerfile-dos.test.ts',
    'Dockerfile.sh',
    'Dockerfile.java',
    'dockerfile.rb',
    'dockerfile.c',
    'dockerfile.cpp',
    'Dockerfile.cs',
    'Dockerfile.md',
    'docs/api.Dockerfile.md',
    'dockerfile-readiness.lock.yml',
  ])('%s is not ours', (path) => {
    expect(classify(path)).toBeUndefined();
  });
});
