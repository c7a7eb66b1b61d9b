import { defineRule, type Hit } from '../../core/index.js';
import { analyzeContext } from './build-context.js';
import {
  contextPhrase,
  copySpan,
  copyText,
  ignoreFix,
  ignorePhrase,
  ignoreRelated,
  stagePhrase,
  stageSeverity,
} from './context-hits.js';

export const rule = defineRule({
  id: 'dockerfile/git-history-in-image',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  readsTree: true,
  title: 'The .git folder is copied into the image',
  description:
    'A `COPY . .` from a context that holds the `.git` folder puts the whole history into the ' +
    'image: every file ever committed (secrets deleted since included), the remotes, and in a CI ' +
    'checkout the token `actions/checkout` stores in `.git/config`. Bulkhead resolves the build ' +
    'context and its `.dockerignore` the same way as `dockerfile/secret-in-context` and reports a ' +
    'COPY/ADD whose source covers `.git` when the context has a `.git` folder whose HEAD, config or ' +
    'objects the ignore file does not exclude. A `.git` file (a worktree or submodule pointer) holds ' +
    'no history and is not reported; a context that BuildKit reads from git ' +
    '(`docker/build-push-action` without `context:`) has no `.git`. Grouping: one finding per ' +
    'COPY/ADD instruction (one `.dockerignore` line fixes it). Severity medium, low in a build stage ' +
    'whose files do not reach the final image.',
  fix: 'Add `.git` to `.dockerignore`; if the image needs the commit, pass it as a build argument (`--build-arg GIT_COMMIT=$(git rev-parse HEAD)`).',
  examples: {
    bad: 'FROM python:3.12@sha256:0d1bd5c6a7b2b2e0f1a5cb4d0e7d3c8f2b9a1e6d4c3b2a1f0e9d8c7b6a5f4e3d\nWORKDIR /app\nCOPY . .\nUSER 1000\n// .git/HEAD\nref: refs/heads/main',
    good: 'FROM python:3.12@sha256:0d1bd5c6a7b2b2e0f1a5cb4d0e7d3c8f2b9a1e6d4c3b2a1f0e9d8c7b6a5f4e3d\nWORKDIR /app\nCOPY . .\nUSER 1000\n// .git/HEAD\nref: refs/heads/main\n// .dockerignore\n.git',
  },
  references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  check(model, ctx) {
    const analysis = analyzeContext(model, ctx);
    if (!analysis) return [];
    const hits: Hit[] = [];
    for (const copy of analysis.copies) {
      if (!copy.copiesGit || copy.context.incomplete) continue;
      const c = copy.context;
      const reaches = copy.reaches(copy.git ? [copy.git] : []);
      const severity = stageSeverity('medium', reaches);
      hits.push({
        span: copySpan(copy.inst),
        scopeLine: copy.inst.span.line,
        message: `\`${copyText(copy.inst)}\` copies the .git folder (${c.dir === '' ? '.git' : `${c.dir}/.git`}) into ${stagePhrase(copy, reaches)}: its history keeps every file ever committed, deleted secrets included, and a CI checkout's .git/config can hold a token; ${ignorePhrase(c, false)}; ${contextPhrase(c)}.`,
        evidence: `${copyText(copy.inst)} -> ${c.dir === '' ? '.git' : `${c.dir}/.git`}`,
        fix: ignoreFix(c, ['.git'], 'If the image needs the commit id, pass it with `--build-arg`.'),
        related: ignoreRelated(c),
        ...(severity ? { severity } : {}),
      });
    }
    return hits;
  },
});
