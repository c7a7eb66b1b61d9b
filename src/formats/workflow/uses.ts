/**
 * The grammar of a `uses:` value, as GitHub reads it: `owner/repo@ref`, `owner/repo/path@ref`,
 * `owner/repo/.github/workflows/x.yml@ref` (a reusable workflow, at job level), `./local/path`,
 * `$/path` (the workflow's own repository, 2026) and `docker://image`. A value GitHub refuses (no
 * `@ref`, no repository, an expression) makes the file invalid: the parser reports it as a parse
 * error, so a workflow GitHub would never run is not silently half-checked.
 */
import { ParseError } from '../position.js';
import type { UsesKind, UsesRef, WfScalar } from './model.js';

const NAME = /^[A-Za-z0-9_.-]+$/;

function invalid(node: WfScalar, why: string): ParseError {
  return new ParseError(`uses: '${node.value.slice(0, 80)}' ${why}`, node.span.line, node.span.column);
}

/** Whether a repository path is a workflow file (`.github/workflows/x.yml`). */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

/** Parses one `uses:` value; throws ParseError for a value GitHub rejects. */
export function parseUses(node: WfScalar, where: UsesRef['where'], scopeLine: number): UsesRef {
  const raw = node.value;
  const span = node.spanOf(0, raw.length);
  const base = { where, scopeLine, raw, node, span, comment: node.comment };
  if (raw.includes('${{'))
    throw invalid(node, 'holds an expression; GitHub does not evaluate expressions in uses:');
  if (raw.trim() !== raw || raw === '') throw invalid(node, 'is empty or has blanks around it');
  if (raw.startsWith('./') || raw.startsWith('../')) return { ...base, kind: 'local', path: raw };
  if (raw.startsWith('$/')) return { ...base, kind: 'self', path: raw.slice(2) };
  if (where === 'job' && (raw.startsWith('docker://') || raw.startsWith('$/')))
    throw invalid(node, 'at job level must name a workflow file');
  if (raw.startsWith('docker://')) {
    const image = raw.slice('docker://'.length);
    if (image === '') throw invalid(node, 'names no image');
    return { ...base, kind: 'docker', image, imageSpan: node.spanOf('docker://'.length, raw.length) };
  }
  const at = raw.indexOf('@');
  if (at === -1) throw invalid(node, 'has no @ref (GitHub requires owner/repo@ref)');
  const target = raw.slice(0, at);
  const ref = raw.slice(at + 1);
  const parts = target.split('/');
  if (
    parts.length < 2 ||
    parts.slice(0, 2).some((p) => !NAME.test(p)) ||
    parts.slice(2).some((p) => p === '')
  )
    throw invalid(node, 'does not name owner/repo');
  if (ref === '') throw invalid(node, 'has an empty @ref');
  const path = parts.length > 2 ? parts.slice(2).join('/') : undefined;
  const kind: UsesKind =
    where === 'job' && path !== undefined && isWorkflowPath(path) ? 'reusable-workflow' : 'repository';
  if (where === 'job' && kind !== 'reusable-workflow')
    throw invalid(node, 'at job level must name a workflow file (owner/repo/.github/workflows/x.yml@ref)');
  return {
    ...base,
    kind,
    owner: parts[0]!.toLowerCase(),
    repo: parts[1]!.toLowerCase(),
    path,
    ref,
    refSpan: node.spanOf(at + 1, raw.length),
  };
}
