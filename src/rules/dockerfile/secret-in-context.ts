import { defineRule, type Hit, type Related } from '../../core/index.js';
import { contextFileCredential, MAX_CONTENT_BYTES, secretFile } from '../../secrets/index.js';
import { cleanPath } from '../../formats/dockerignore.js';
import { commandArgs } from '../../formats/dockerfile/scope.js';
import { analyzeContext, type CopiedFile } from './build-context.js';
import {
  contextPhrase,
  copySpan,
  copyText,
  ignoreFix,
  ignoreLine,
  ignorePhrase,
  ignoreRelated,
  stagePhrase,
  stageSeverity,
} from './context-hits.js';

/** Files named in a message; the rest are counted (every one is a related span). */
const NAMED = 5;
/** Related spans at most per finding. */
const MAX_RELATED = 100;
/** Bytes read for content checks at most in one scan (per tree); past it, files are not read. */
export const MAX_CONTENT_TOTAL = 64 * 1024 * 1024;
const spent = new WeakMap<object, { bytes: number }>();

export const rule = defineRule({
  id: 'dockerfile/secret-in-context',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  readsTree: true,
  title: 'Credential file in the build context copied into the image',
  description:
    'A `COPY . .` (or any COPY/ADD of a folder or wildcard from the build context) copies every file ' +
    'the context holds, and the commonest way a credential reaches a published image is a `.env`, a ' +
    'deploy key, a `.npmrc` with a token, a kubeconfig or a Terraform state that nobody listed in ' +
    '`.dockerignore`. Anyone who pulls the image can read it, and deleting it in a later layer does ' +
    'not remove it. Bulkhead finds the context (the folder a workflow builds the Dockerfile with: ' +
    '`docker/build-push-action` `context:`/`file:`, `docker build -f … <dir>` in a `run:` step; ' +
    "otherwise the Dockerfile's own folder, which the finding says it assumed), applies the " +
    '`.dockerignore` exactly as BuildKit does (`<name>.Dockerfile.dockerignore` beside the ' +
    "Dockerfile first, then the context root's; `**`, `!` exceptions, leading `/`, comments, last " +
    'match wins), and checks every file each COPY/ADD would copy: by name (SSH keys, `.env*`, ' +
    '`*.pem`/`*.key` holding a private key, `*.p12`/`*.pfx`, `.npmrc`/`.pypirc`/`.netrc`/' +
    '`.git-credentials` with credentials in them, `.aws/credentials`, kubeconfig, `*.tfstate`, ' +
    '`.docker/config.json`, `credentials.json`) and, for text files up to 64 KiB, by content ' +
    '(full-length provider tokens and private key blocks; the value is never shown). ' +
    'Grouping: one finding per COPY/ADD instruction, with every credential file it copies as a ' +
    'related span (and the ignore file in effect), because one edit of `.dockerignore` fixes them ' +
    'together; the fingerprint covers the files, so adding one more file, or deleting the ' +
    '`.dockerignore` line that excluded one, is new in the change that does it. Severity: high ' +
    'when the stage reaches the final image (its FROM chain, or a `COPY --from` of a path that ' +
    'covers where the file landed), medium for a build stage that does not. A context too large ' +
    "to list, and files past the scan's 64 MiB budget of content checks, are reported (high, so the gate fails closed), not passed. Files named by the COPY itself (`COPY .npmrc ./`) " +
    'are `dockerfile/secret-in-image`; `.git` is `dockerfile/git-history-in-image`; ONBUILD ' +
    "triggers copy the child build's context and are not checked.",
  fix: 'List the credential files in `.dockerignore` (the exact lines are in each finding), rotate the credentials, and pass what the build needs as a build secret (`RUN --mount=type=secret`).',
  examples: {
    bad: 'FROM node:20@sha256:0d1bd5c6a7b2b2e0f1a5cb4d0e7d3c8f2b9a1e6d4c3b2a1f0e9d8c7b6a5f4e3d\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n// .env\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    good: 'FROM node:20@sha256:0d1bd5c6a7b2b2e0f1a5cb4d0e7d3c8f2b9a1e6d4c3b2a1f0e9d8c7b6a5f4e3d\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n// .env\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n// .dockerignore\n.env\n.git',
  },
  references: [
    'https://docs.docker.com/build/concepts/context/#dockerignore-files',
    'https://docs.docker.com/reference/dockerfile/#copy',
  ],
  check(model, ctx) {
    const analysis = analyzeContext(model, ctx);
    if (!analysis || !ctx.tree) return [];
    const tree = ctx.tree;
    const hits: Hit[] = [];
    const texts = new Map<string, string | undefined>();
    const budget = spent.get(tree) ?? { bytes: 0 };
    spent.set(tree, budget);
    let unread = 0;
    const read = (path: string, size: number) => {
      if (!texts.has(path)) {
        if (budget.bytes + size > MAX_CONTENT_TOTAL) {
          unread++;
          return undefined;
        }
        budget.bytes += size;
        texts.set(path, tree.readText(path, MAX_CONTENT_BYTES));
      }
      return texts.get(path);
    };
    for (const copy of analysis.copies) {
      const c = copy.context;
      const span = copySpan(copy.inst);
      const scopeLine = copy.inst.span.line;
      if (c.incomplete) {
        hits.push({
          span,
          scopeLine,
          severity: 'high',
          message: `\`${copyText(copy.inst)}\` copies from a build context that could not be listed completely (${c.incomplete}), so credential files in it were not checked; ${contextPhrase(c)}.`,
          evidence: `${copyText(copy.inst)} (context not fully listed)`,
          fix: 'Add a .dockerignore that excludes what the image does not need (dependencies, build output, data), so the context is small enough to check, or copy only the folders the image needs.',
        });
        continue;
      }
      // A source naming the file itself (`COPY .npmrc ./`) is dockerfile/secret-in-image's.
      const named = new Set(
        commandArgs(copy.inst)
          .slice(0, -1)
          .filter((a) => secretFile(a.value) !== undefined)
          .map((a) => cleanPath(a.value.replace(/^\/+/, ''))),
      );
      const found: { file: CopiedFile; what: string; line?: number; column?: number }[] = [];
      unread = 0;
      for (const f of copy.files) {
        if (named.has(f.rel)) continue;
        const cred = contextFileCredential(
          f.rel,
          f.size <= MAX_CONTENT_BYTES ? read(f.path, f.size) : undefined,
        );
        if (cred) found.push({ file: f, ...cred });
      }
      if (unread > 0) {
        hits.push({
          span,
          scopeLine,
          severity: 'high',
          message: `\`${copyText(copy.inst)}\` copies ${unread} files that were not read for credentials: the scan's budget of ${MAX_CONTENT_TOTAL / 1024 / 1024} MiB of content checks was spent (their names were checked); ${contextPhrase(c)}.`,
          evidence: `${copyText(copy.inst)} (content not fully checked)`,
          fix: 'Exclude from the build context what the image does not need (.dockerignore), so what is copied can be checked.',
        });
      }
      if (found.length === 0) continue;
      const reaches = copy.reaches(found.map((x) => x.file));
      const list = found
        .slice(0, NAMED)
        .map((x) => `${x.file.rel} (${x.what})`)
        .join(', ');
      const more = found.length > NAMED ? ` and ${found.length - NAMED} more` : '';
      const n = found.length;
      const related: Related[] = [
        ...found.slice(0, MAX_RELATED).map((x) => {
          const line = x.line ?? 1;
          const column = x.column ?? 1;
          return {
            span: { line, column, endLine: line, endColumn: column + 1 },
            label: x.file.path,
            path: x.file.path,
          };
        }),
        ...ignoreRelated(c),
      ];
      const severity = stageSeverity('high', reaches);
      hits.push({
        span,
        scopeLine,
        message: `\`${copyText(copy.inst)}\` copies ${n === 1 ? 'a credential file' : `${n} credential files`} from the build context into ${stagePhrase(copy, reaches)}: ${list}${more}; ${ignorePhrase(c, n > 1)}; ${contextPhrase(c)}.`,
        evidence: `${copyText(copy.inst)} -> ${found.map((x) => x.file.path).join(', ')}`,
        fix: ignoreFix(
          c,
          found.map((x) => ignoreLine(x.file.rel)),
          'Then rotate these credentials: every image built so far holds them. Pass what the build needs with `RUN --mount=type=secret` instead.',
        ),
        related,
        ...(severity ? { severity } : {}),
      });
    }
    return hits;
  },
});
