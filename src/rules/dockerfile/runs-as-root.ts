import type { DockerInstruction } from '../../formats/dockerfile/model.js';
import { buildScope } from '../../formats/dockerfile/scope.js';
import { parseImageRef } from '../../refs/image.js';
import { defineRule, hit, spanFromTo } from '../../core/index.js';

/** `root`, `0`, `root:<group>`, `0:<group>`, and Windows' administrator account. */
export function isRootUser(user: string): boolean {
  const u = user.trim();
  const colon = u.indexOf(':');
  const name = (colon === -1 ? u : u.slice(0, colon)).toLowerCase();
  return name === 'root' || /^0+$/.test(name) || name === 'containeradministrator';
}

/**
 * Published images whose own Dockerfile ends with a non-root USER, so an image built FROM them
 * without a USER line runs unprivileged. Each entry names where its default user is set; keep the
 * list to images whose publisher documents or builds that user, never to guesses.
 */
const NON_ROOT_IMAGES: readonly {
  registry: string;
  repository: string | RegExp;
  user: string;
  source: string;
}[] = [
  // docker-stacks-foundation ends with `USER ${NB_UID}` (jovyan, 1000); every stack image builds on it.
  {
    registry: 'quay.io',
    repository: /^jupyter\/[a-z0-9-]+-notebook$/,
    user: 'jovyan (1000)',
    source: 'https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile',
  },
  {
    registry: 'docker.io',
    repository: /^jupyter\/[a-z0-9-]+-notebook$/,
    user: 'jovyan (1000)',
    source: 'https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile',
  },
  {
    registry: 'docker.elastic.co',
    repository: 'elasticsearch/elasticsearch',
    user: 'elasticsearch (1000)',
    source: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html',
  },
  {
    registry: 'docker.io',
    repository: 'apache/airflow',
    user: 'airflow (50000)',
    source: 'https://airflow.apache.org/docs/docker-stack/entrypoint.html',
  },
  {
    registry: 'docker.io',
    repository: 'grafana/k6',
    user: 'k6 (12345)',
    source: 'https://github.com/grafana/k6/blob/master/Dockerfile',
  },
  {
    registry: 'docker.io',
    repository: /^gitpod\/workspace-[a-z0-9-]+$/,
    user: 'gitpod (33333)',
    source: 'https://github.com/gitpod-io/workspace-images',
  },
  {
    registry: 'docker.io',
    repository: 'nginxinc/nginx-unprivileged',
    user: 'nginx (101)',
    source: 'https://github.com/nginxinc/docker-nginx-unprivileged',
  },
];

/** The documented non-root default user of a well-known base image, if it has one. */
export function knownNonRootUser(image: string): string | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const registry = (ref.registry ?? 'docker.io')
    .toLowerCase()
    .replace(/^(index|registry-1)\.docker\.io$/, 'docker.io');
  const repo = ref.repository.toLowerCase();
  const tag = (ref.tag ?? '').toLowerCase();
  // distroless/chainguard `nonroot` variants; Windows nanoserver runs as ContainerUser.
  if (tag.includes('nonroot')) return 'nonroot (65532)';
  if (repo.includes('nanoserver') || tag.includes('nanoserver')) return 'ContainerUser';
  for (const e of NON_ROOT_IMAGES) {
    if (e.registry !== registry) continue;
    if (typeof e.repository === 'string' ? e.repository === repo : e.repository.test(repo)) return e.user;
  }
  return undefined;
}

/**
 * A dev container's user is chosen by its `devcontainer.json` (`remoteUser`/`containerUser`), on a
 * developer's machine; the image is never deployed, so its default user is not this rule's risk.
 */
function isDevContainer(path: string): boolean {
  return /(^|\/)\.devcontainer\//.test(path.replace(/\\/g, '/'));
}

export const rule = defineRule({
  id: 'dockerfile/runs-as-root',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Final image runs as root',
  description:
    "A container whose user is root turns any code execution in it (a compromised dependency, a request-handling bug) into root inside the container, one kernel bug or mis-mounted socket away from the host. Only the final stage matters (builder stages are thrown away), and a USER set in a stage it is built `FROM` carries over; a base image from a registry may set its own user, which this rule cannot see, so images whose publisher sets a non-root default user (Jupyter Docker Stacks, Elasticsearch, Airflow, k6, Gitpod workspaces, nginx-unprivileged, `:nonroot` distroless tags, Windows nanoserver) are not reported. Dockerfiles under `.devcontainer/` are not reported: a dev container's user is set by its `devcontainer.json` and the image is not deployed. One finding per Dockerfile, at the final FROM (or at the USER that sets root).",
  fix: 'Create an unprivileged user and switch to it at the end of the final stage: `RUN useradd -r -u 10001 app` then `USER 10001` (or use a base image that runs as non-root, such as a `:nonroot` distroless variant).',
  examples: {
    bad: 'FROM node:20@sha256:2d341c4d32b4c93f2374039f5367dae47d591e45f71a870b00718826c4130605\nCOPY . /app\nCMD ["node", "/app/index.js"]',
    good: 'FROM node:20@sha256:2d341c4d32b4c93f2374039f5367dae47d591e45f71a870b00718826c4130605\nCOPY . /app\nUSER node\nCMD ["node", "/app/index.js"]',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  check(model) {
    if (isDevContainer(model.path)) return [];
    const scope = buildScope(model);
    const final = scope.finalStage;
    if (final === undefined) return [];
    // Walk from the oldest ancestor to the final stage; the last USER wins.
    const chain = scope.chain(final).reverse();
    let lastUser: DockerInstruction | undefined;
    for (const i of chain) {
      for (const inst of scope.stages[i]!.stage.instructions) if (inst.keyword === 'USER') lastUser = inst;
    }
    const finalNode = scope.stages[final]!;
    if (lastUser) {
      const arg = lastUser.args[0];
      if (!arg) return [];
      const value = scope.resolve(arg.value, lastUser);
      if (value === undefined || !isRootUser(value)) return [];
      const inherited =
        lastUser.stage !== final
          ? ` (set in stage ${lastUser.stage}, which the final stage is built from)`
          : '';
      return [
        hit(
          spanFromTo(arg.span, lastUser.args[lastUser.args.length - 1]!.span),
          `The final image runs as '${value}'${inherited}: processes in the container start with root privileges.`,
          {
            evidence: `USER ${arg.value}`,
            fix: 'Switch to an unprivileged user at the end of the final stage, e.g. `USER 10001:10001`.',
            scopeLine: lastUser.span.line,
          },
        ),
      ];
    }
    // No USER anywhere in the chain: the user is whatever the root of the chain defaults to.
    const root = scope.stages[chain[0]!]!;
    const base = root.image;
    if (base === undefined) return [];
    const scratch = base.toLowerCase() === 'scratch';
    if (!scratch && knownNonRootUser(base) !== undefined) return [];
    // A scratch stage with no CMD/ENTRYPOINT is an artifact export (`--output`), never run.
    const runs = chain.some((i) =>
      scope.stages[i]!.stage.instructions.some((x) => x.keyword === 'CMD' || x.keyword === 'ENTRYPOINT'),
    );
    if (scratch && !runs) return [];
    const span = finalNode.stage.imageSpan;
    const through = root.index !== final ? ` (through stage ${root.index})` : '';
    const message = scratch
      ? `The final stage has no USER and is built FROM scratch${through}, so its processes run as UID 0 (root).`
      : `The final stage sets no USER, so it runs as the default user of '${base}'${through}, which for most images is root (the base image may set a non-root user itself; this rule cannot see it).`;
    return [
      hit(span, message, {
        evidence: `FROM ${finalNode.stage.imageRaw}`,
        fix: scratch
          ? 'Add `USER 65532:65532` (any non-zero UID works without /etc/passwd in a scratch image).'
          : 'Add `USER <non-root user>` at the end of the final stage (create one with `useradd -r` if the base has none).',
        scopeLine: finalNode.stage.from.span.line,
      }),
    ];
  },
});
