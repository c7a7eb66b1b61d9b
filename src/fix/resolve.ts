/**
 * Turns `resolve` requests (core/fix.ts) into text edits with the answers of `intel/`: an image
 * tag's current digest, an action tag's commit. The asking is one batch per kind (the Intel
 * implementations dedupe and cache); turning an answer into an edit is pure and checks both
 * sides, since the file and the answer are untrusted: the text at the span must still be what the
 * rule saw, and a digest or SHA must have its exact shape, or no edit is made and the reason is
 * kept. Offline (no Intel, or no method for the kind), a resolve fix stays text.
 */
import {
  actionRefKey,
  type ActionRefAnswer,
  type Autofix,
  type FixResolve,
  type ImageDigestAnswer,
  type ServiceFailure,
  type Span,
  type TextEdit,
} from '../core/index.js';
import type { Intel } from '../intel/intel.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SHA = /^[0-9a-f]{40}$/;
/** Longest ref written into a version comment; longer is not a version a person reads. */
const MAX_COMMENT_REF = 100;

/** What the resolvers answered, for every request of the run. */
export interface ResolveAnswers {
  images: ReadonlyMap<string, ImageDigestAnswer>;
  actions: ReadonlyMap<string, ActionRefAnswer>;
  failures: ServiceFailure[];
}

export const NO_ANSWERS: ResolveAnswers = { images: new Map(), actions: new Map(), failures: [] };

/** Asks `intel` once for every distinct image and action ref the fixes need. */
export async function resolveAll(
  fixes: Iterable<Autofix>,
  intel: Pick<Intel, 'imageDigests' | 'actionRefs'> | undefined,
): Promise<ResolveAnswers> {
  const images = new Set<string>();
  const actions = new Map<string, { owner: string; repo: string; ref: string }>();
  for (const f of fixes) {
    const r = f.resolve;
    if (!r || f.edits) continue;
    if (r.kind === 'image-digest') images.add(r.image);
    else actions.set(actionRefKey(r), { owner: r.owner, repo: r.repo, ref: r.ref });
  }
  const failures: ServiceFailure[] = [];
  let imageAnswers: ReadonlyMap<string, ImageDigestAnswer> = new Map();
  let actionAnswers: ReadonlyMap<string, ActionRefAnswer> = new Map();
  if (images.size > 0 && intel?.imageDigests) {
    const r = await intel.imageDigests([...images]);
    imageAnswers = r.answers;
    if (r.failure) failures.push(r.failure);
  }
  if (actions.size > 0 && intel?.actionRefs) {
    const r = await intel.actionRefs([...actions.values()]);
    actionAnswers = r.answers;
    if (r.failure) failures.push(r.failure);
  }
  return { images: imageAnswers, actions: actionAnswers, failures };
}

/** The text of a one-line span, or undefined when the span is not one line inside the text. */
function textAt(lines: readonly string[], span: Span): string | undefined {
  if (span.line !== span.endLine) return undefined;
  const line = lines[span.line - 1];
  if (line === undefined || span.column < 1 || span.endColumn - 1 > line.length) return undefined;
  return line.slice(span.column - 1, span.endColumn - 1);
}

/** A line without its CR (the line break's own part). */
function lineOf(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Edits for a fix, or the reason there are none: static edits as they are; resolve requests answered. */
export function editsFor(
  fix: Autofix,
  text: string,
  answers: ResolveAnswers,
  lines: readonly string[] = lineOf(text),
): { edits: TextEdit[] } | { reason: string } {
  if (fix.edits) return { edits: fix.edits };
  const r = fix.resolve;
  if (!r) return { reason: 'the fix has no edits' };
  return r.kind === 'image-digest' ? imageEdits(r, lines, answers) : actionEdits(r, lines, answers);
}

function imageEdits(
  r: Extract<FixResolve, { kind: 'image-digest' }>,
  lines: readonly string[],
  answers: ResolveAnswers,
): { edits: TextEdit[] } | { reason: string } {
  const a = answers.images.get(r.image);
  if (!a) return { reason: `no digest for ${r.image} (offline, or the registry did not answer)` };
  if (!DIGEST.test(a.digest))
    return { reason: `the registry's digest for ${r.image} is not sha256:<64 hex>` };
  const written = textAt(lines, r.span);
  if (written !== r.image)
    return { reason: `the text at ${r.span.line}:${r.span.column} is no longer ${r.image}` };
  return { edits: [{ span: r.span, text: `${r.image}@${a.digest}` }] };
}

function actionEdits(
  r: Extract<FixResolve, { kind: 'action-sha' }>,
  lines: readonly string[],
  answers: ResolveAnswers,
): { edits: TextEdit[] } | { reason: string } {
  const name = `${r.owner}/${r.repo}@${r.ref}`;
  const a = answers.actions.get(actionRefKey(r));
  if (!a || !a.exists) return { reason: `no commit for ${name} (offline, or the GitHub API did not answer)` };
  // A branch moves by design: its head commit with a `# main` comment would read as a release.
  if (a.tagCommit === undefined && a.branchCommit !== undefined)
    return { reason: `${name} is a branch, not a release tag: pin a release tag's commit instead` };
  const sha = a.tagCommit;
  if (sha === undefined || !SHA.test(sha)) return { reason: `no 40-hex commit for ${name}` };
  const written = textAt(lines, r.span);
  if (written !== r.ref)
    return { reason: `the text at ${r.span.line}:${r.span.column} is no longer ${r.ref}` };
  const edits: TextEdit[] = [{ span: r.span, text: sha }];
  // The version as a trailing comment, unless the line already has a comment after the ref.
  const line = lines[r.span.line - 1]!;
  const rest = line.slice(r.span.endColumn - 1);
  const comment = /(^|\s)#/.test(rest);
  // The exact release at that commit (`v4` → `v4.2.2`) when the API named one, else the ref.
  const version = a.versionTag !== undefined && /^[\w./+-]+$/.test(a.versionTag) ? a.versionTag : r.ref;
  if (!comment && /^[\w./+-]+$/.test(version) && version.length <= MAX_COMMENT_REF) {
    const end = line.trimEnd().length + 1;
    edits.push({
      span: { line: r.span.line, column: end, endLine: r.span.line, endColumn: end },
      text: ` # ${version}`,
    });
  }
  return { edits };
}
