/** The inventory fixtures: one Dockerfile, one workflow, one lockfile, each input kind in it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

/** The library's own CycloneDX 1.6 JSON schema validator (strict: no unknown properties). */
export async function validateBom(json: string): Promise<unknown> {
  return validator.validate(json);
}
/** One validator: it compiles the schema on first use. */
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

interface LooseBom {
  metadata: { component: { components?: unknown[] } };
  components: { 'bom-ref': string }[];
  dependencies: { ref: string }[];
}

/**
 * Validates a large BOM in slices of `size` components (each slice with the dependencies of its
 * components and of the scopes), after checking here what the slicing hides from the schema:
 * that components and dependency entries are unique across the whole BOM. The schema's
 * `uniqueItems` compares every pair, which on the corpus's 28,000 components takes hours; by
 * slices the same schema checks every component (and each scope once) in about 20 seconds. Returns the first slice's errors.
 */
export async function validateBomInSlices(json: string, size = 500): Promise<unknown> {
  const bom = JSON.parse(json) as LooseBom;
  const refs = new Set(bom.components.map((c) => c['bom-ref']));
  if (refs.size !== bom.components.length) return 'duplicate component bom-ref';
  if (new Set(bom.dependencies.map((d) => d.ref)).size !== bom.dependencies.length)
    return 'duplicate dependency ref';
  const scopeDeps = bom.dependencies.filter((d) => !refs.has(d.ref));
  for (let i = 0; i < Math.max(bom.components.length, 1); i += size) {
    const slice = bom.components.slice(i, i + size);
    const inSlice = new Set(slice.map((c) => c['bom-ref']));
    // The scopes (metadata components and their dependencies) go with the first slice only.
    const first = i === 0;
    const { components: scopes, ...subject } = bom.metadata.component;
    const part = {
      ...bom,
      metadata: {
        ...bom.metadata,
        component: first && scopes ? { ...subject, components: scopes } : subject,
      },
      components: slice,
      dependencies: [...(first ? scopeDeps : []), ...bom.dependencies.filter((d) => inSlice.has(d.ref))],
    };
    const errors = await validateBom(JSON.stringify(part));
    if (errors !== null) return errors;
  }
  return null;
}

export const DIGEST = 'a'.repeat(64);
export const COMMIT = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
export const SHA = 'b'.repeat(64);

export const FILES: Record<string, string> = {
  Dockerfile: [
    '# syntax=docker/dockerfile:1.7',
    'ARG BASE_TAG',
    `FROM node:20.11.1@sha256:${DIGEST} AS build`,
    'RUN apt-get update && apt-get install -y curl=8.5.0-2 git \\',
    ' && pip install requests==2.31.0 flask . \\',
    ' && curl -fsSLo /tmp/tool.tgz https://example.com/tool/v1.2.3/tool.tgz \\',
    ` && echo "${SHA}  /tmp/tool.tgz" | sha256sum -c - \\`,
    ` && git clone https://github.com/acme/lib.git /src/lib && git -C /src/lib checkout ${COMMIT}`,
    'ADD https://example.com/latest/agent.jar /opt/',
    'COPY --from=busybox:1.36 /bin/busybox /bin/',
    'FROM python:${BASE_TAG}',
    'RUN curl -fsSL https://get.example.sh | sh',
    'FROM build',
    'RUN npm install -g pm2@latest',
    'FROM scratch',
    'COPY --from=build /app /app',
    '',
  ].join('\n'),
  '.github/workflows/ci.yml': [
    'on: push',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    container: node:20',
    '    services:',
    '      db:',
    `        image: postgres:16.2@sha256:${DIGEST}`,
    '    steps:',
    `      - uses: actions/checkout@${COMMIT} # v4.1.1`,
    '      - uses: actions/setup-node@v4',
    '      - uses: docker://alpine:3.19.1',
    '      - uses: ./local-action',
    '      - run: npm install -g typescript@5.4.2',
    '  call:',
    '    uses: acme/workflows/.github/workflows/release.yml@main',
    '',
  ].join('\n'),
  'requirements.txt': [`requests==2.31.0 --hash=sha256:${SHA}`, 'flask>=2.0', ''].join('\n'),
};

export function writeTree(files: Record<string, string>): { root: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-inventory-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return { root, done: () => rmSync(root, { recursive: true, force: true }) };
}
