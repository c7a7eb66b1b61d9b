import type { DockerInstruction } from '../../formats/dockerfile/model.js';
import { buildScope, commandArgs, type DockerScope } from '../../formats/dockerfile/scope.js';
import { instructionsAsRun } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { isFullCommit } from '../../refs/git.js';

const CHECKSUM_RE = /^sha(256:[a-fA-F0-9]{64}|384:[a-fA-F0-9]{96}|512:[a-fA-F0-9]{128})$/;

function isHttp(s: string): boolean {
  const l = s.slice(0, 8).toLowerCase();
  return l.startsWith('http://') || l.startsWith('https://');
}

/** BuildKit's git source detection: git://, ssh://, git@host:, github.com/..., or an http(s) URL whose path ends in .git. */
export function isGitSource(s: string): boolean {
  const l = s.toLowerCase();
  if (l.startsWith('git://') || l.startsWith('git@') || l.startsWith('ssh://') || l.startsWith('github.com/'))
    return true;
  if (!isHttp(s)) return false;
  let end = l.length;
  for (const c of ['#', '?']) {
    const i = l.indexOf(c);
    if (i !== -1 && i < end) end = i;
  }
  let path = l.slice(0, end);
  while (path.endsWith('/')) path = path.slice(0, -1);
  return path.endsWith('.git');
}

/** The ref a git source pins: the `#ref[:subdir]` fragment or the `?ref=` query value. */
function gitRef(s: string): { ref?: string; checksum?: string } {
  const out: { ref?: string; checksum?: string } = {};
  const hash = s.indexOf('#');
  const q = s.indexOf('?');
  if (q !== -1) {
    const query = s.slice(q + 1, hash > q ? hash : undefined);
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      const k = part.slice(0, eq).toLowerCase();
      const v = part.slice(eq + 1);
      if (k === 'commit') out.ref = v;
      else if (k === 'ref' || k === 'tag' || k === 'branch') out.ref ??= v;
      if (k === 'checksum') out.checksum = v;
    }
  }
  if (hash !== -1) {
    const frag = s.slice(hash + 1);
    const colon = frag.indexOf(':');
    out.ref = colon === -1 ? frag : frag.slice(0, colon);
  }
  return out;
}

function mask(url: string): string {
  // Never echo credentials embedded in a URL.
  return url.replace(/\/\/[^/@\s]*@/, '//***@');
}

function checkAdd(
  inst: DockerInstruction,
  owner: DockerInstruction,
  scope: DockerScope,
  onbuild: boolean,
): Hit[] {
  const hits: Hit[] = [];
  const checksumFlag = inst.flags.find((f) => f.name.toLowerCase() === 'checksum');
  const checksum = checksumFlag?.value ?? undefined;
  const sources = commandArgs(inst).slice(0, -1);
  for (const src of sources) {
    if (src.value.startsWith('<<')) continue;
    const value = onbuild
      ? src.value.includes('$')
        ? undefined
        : src.value
      : scope.resolve(src.value, owner);
    if (value === undefined) continue;
    const via = value !== src.value ? ` (from '${mask(src.value)}')` : '';
    const scopeLine = owner.span.line;
    if (isGitSource(value)) {
      const { ref, checksum: qsum } = gitRef(value);
      const pinned =
        (ref !== undefined && isFullCommit(ref)) ||
        (checksum !== undefined && isFullCommit(checksum)) ||
        (qsum !== undefined && isFullCommit(qsum));
      if (pinned) continue;
      const what = ref ? `the ref '${ref}', which can be moved` : 'no ref, so it follows the default branch';
      hits.push(
        hit(
          src.span,
          `ADD of the git repository '${mask(value)}'${via} names ${what}; the build fetches whatever that points at.`,
          {
            evidence: mask(src.value),
            fix: 'Pin a full commit: `ADD https://example.com/repo.git#<40-hex-commit> /dst` (or `ADD --checksum=<40-hex-commit> <git-url> /dst`).',
            scopeLine,
          },
        ),
      );
      continue;
    }
    if (!isHttp(value)) continue;
    if (checksum !== undefined && CHECKSUM_RE.test(checksum)) continue;
    const malformed = checksum !== undefined;
    hits.push(
      hit(
        malformed && checksumFlag ? checksumFlag.span : src.span,
        malformed
          ? `ADD of '${mask(value)}'${via} has a malformed --checksum (expected sha256:<64 hex>), so the download is not verified.`
          : `ADD downloads '${mask(value)}'${via} without --checksum; whatever the server returns goes into the image unverified.`,
        {
          evidence: malformed && checksumFlag ? `--checksum=${checksum}` : mask(src.value),
          fix: `Add the expected digest: \`ADD --checksum=sha256:<64-hex> ${mask(value)} <dst>\` (compute it once with \`curl -fsSL <url> | sha256sum\`).`,
          scopeLine,
        },
      ),
    );
  }
  return hits;
}

export const rule = defineRule({
  id: 'dockerfile/remote-add-no-checksum',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'ADD of a URL or git repository without a checksum or commit',
  description:
    '`ADD <url>` puts whatever the server returns at build time into the image; if the file is replaced (a compromised release page, a hijacked domain), the next build ships it without any change to the Dockerfile. `ADD <git-url>` with a branch or tag ref follows whatever that ref points at. `--checksum=sha256:...` (or a full 40-hex commit for git) makes BuildKit refuse content that differs from what was reviewed.',
  fix: 'Add `--checksum=sha256:<digest>` to `ADD <url>`, and pin git sources to a full commit (`repo.git#<40-hex-commit>`).',
  examples: {
    bad: 'ADD https://example.com/tool-1.2.tar.gz /tmp/\nADD https://github.com/acme/lib.git#v1.2 /src/lib',
    good: 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /tmp/\nADD https://github.com/acme/lib.git#3f1c9b2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c /src/lib',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/reference/dockerfile/#add---checksum'],
  check(model) {
    const scope = buildScope(model);
    const hits: Hit[] = [];
    for (const { inst, owner } of instructionsAsRun(model))
      if (inst.keyword === 'ADD') hits.push(...checkAdd(inst, owner, scope, inst !== owner));
    return hits;
  },
});
