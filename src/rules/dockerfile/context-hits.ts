/** What the two build-context rules say the same way: the context, the ignore file, the fix. */
import type { Related, Severity, Span } from '../../core/index.js';
import type { DockerInstruction } from '../../formats/dockerfile/model.js';
import { commandArgs } from '../../formats/dockerfile/scope.js';
import type { BuildContext, ContextCopy } from './build-context.js';

/** The instruction's first line, from its keyword to its last word there. */
export function copySpan(inst: DockerInstruction): Span {
  const args = commandArgs(inst).filter((a) => a.span.line === inst.keywordSpan.line);
  const end = args.length > 0 ? args[args.length - 1]!.span : inst.keywordSpan;
  return {
    line: inst.keywordSpan.line,
    column: inst.keywordSpan.column,
    endLine: end.endLine,
    endColumn: end.endColumn,
  };
}

/** The instruction as written (flags and words), for messages and evidence. */
export function copyText(inst: DockerInstruction): string {
  const args = commandArgs(inst);
  return [
    inst.keyword,
    ...inst.flags.map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`),
    ...args.map((a) => a.value),
  ]
    .join(' ')
    .slice(0, 200);
}

/** Which context, and why Bulkhead thinks so. */
export function contextPhrase(c: BuildContext): string {
  const dir = c.dir === '' ? 'the repository root' : `'${c.dir}/'`;
  if (c.assumed)
    return `the context is the Dockerfile's folder (${dir}), assumed since no workflow builds it with another`;
  const d = c.declaredBy[0]!;
  const more = c.declaredBy.length > 1 ? ` (and ${c.declaredBy.length - 1} more)` : '';
  return `the context is ${dir}, as ${d.via} in ${d.origin.path}:${d.origin.line} builds it${more}`;
}

/** The ignore file in effect, or that there is none, with what BuildKit would read. */
export function ignorePhrase(c: BuildContext, many: boolean): string {
  const them = many ? 'them' : 'it';
  if (c.ignorePath) return `${c.ignorePath} does not exclude ${them}`;
  const root = c.dir === '' ? '.dockerignore' : `${c.dir}/.dockerignore`;
  return `there is no .dockerignore to exclude ${them} (neither ${root} nor ${c.ignoreBeside})`;
}

/** The fix: the exact lines to add, one a line, and where. */
export function ignoreFix(c: BuildContext, lines: readonly string[], after: string): string {
  const unique = [...new Set(lines)].slice(0, 50);
  const where = c.ignorePath
    ? `Add these lines at the end of ${c.ignorePath} (the last matching line wins)`
    : `Create ${c.ignoreTarget} with these lines`;
  return `${where}, one a line: ${unique.map((l) => `\`${l}\``).join(', ')}. ${after}`;
}

/** A related span for the ignore file in effect (its first line), so editing it touches the finding. */
export function ignoreRelated(c: BuildContext): Related[] {
  if (!c.ignorePath) return [];
  return [
    {
      span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      label: `${c.ignorePath} (the ignore file in effect)`,
      path: c.ignorePath,
    },
  ];
}

/** Severity: the rule's own for what reaches the final image, one step lower for a build stage. */
export function stageSeverity(base: Severity, reaches: boolean): Severity | undefined {
  if (reaches) return undefined;
  return base === 'high' ? 'medium' : base === 'medium' ? 'low' : base;
}

export function stagePhrase(copy: ContextCopy, reaches: boolean): string {
  if (reaches || copy.inst.stage < 0) return 'the image';
  return `build stage ${copy.stageLabel}, whose copied files no COPY --from takes into the final image (it still stays in build caches and is built by --target ${copy.stageLabel.replace(/'/g, '')})`;
}

/** A line that the ignore file needs for a context path. */
export function ignoreLine(rel: string): string {
  // Special characters are escaped so the line names exactly this path.
  return rel.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
