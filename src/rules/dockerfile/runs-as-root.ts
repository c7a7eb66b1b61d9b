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

/** Base images known to default to a non-root user without a USER line of ours. */
function defaultsToNonRoot(image: string): boolean {
  const ref = parseImageRef(image);
  if (!ref) return false;
  const tag = (ref.tag ?? '').toLowerCase();
  const repo = ref.repository.toLowerCase();
  // distroless/chainguard `nonroot` variants; Windows nanoserver runs as ContainerUser.
  return tag.includes('nonroot') || repo.includes('nanoserver') || tag.includes('nanoserver');
}

export const rule = defineRule({
  id: 'dockerfile/runs-as-root',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Final image runs as root',
  description:
    'A container whose user is root turns any code execution in it (a compromised dependency, a request-handling bug) into root inside the container, one kernel bug or mis-mounted socket away from the host. Only the final stage matters (builder stages are thrown away), and a USER set in a stage it is built `FROM` carries over; a base image from a registry may set its own user, which this rule cannot see.',
  fix: 'Create an unprivileged user and switch to it at the end of the final stage: `RUN useradd -r -u 10001 app` then `USER 10001` (or use a base image that runs as non-root, such as a `:nonroot` distroless variant).',
  examples: {
    bad: 'FROM node:20@sha256:2d341c4d32b4c93f2374039f5367dae47d591e45f71a870b00718826c4130605\nCOPY . /app\nCMD ["node", "/app/index.js"]',
    good: 'FROM node:20@sha256:2d341c4d32b4c93f2374039f5367dae47d591e45f71a870b00718826c4130605\nCOPY . /app\nUSER node\nCMD ["node", "/app/index.js"]',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  check(model) {
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
    if (!scratch && defaultsToNonRoot(base)) return [];
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
