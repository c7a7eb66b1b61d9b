import type { DockerfileModel, DockerInstruction, DockerProperty } from '../../formats/dockerfile/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import type { Hit } from '../../core/index.js';

/** A hit on an ARG/ENV/LABEL property: from its name to the end of its value. */
export function propertyHit(
  model: DockerfileModel,
  inst: DockerInstruction,
  p: DockerProperty,
  message: string,
  fix: string,
): Hit {
  const end = p.valueSpan ?? p.nameSpan;
  const at = {
    line: p.nameSpan.line,
    column: p.nameSpan.column,
    endLine: end.endLine,
    endColumn: end.endColumn,
  };
  return {
    message: `${inst.keyword} ${message}`,
    ...at,
    evidence: evidenceText(model, at),
    fix,
    scopeLine: inst.span.line,
  };
}
