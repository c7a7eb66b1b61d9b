import { hit, spanFromTo, type Hit } from '../../core/index.js';
import type { DockerfileModel, DockerInstruction, DockerProperty } from '../../formats/dockerfile/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';

/** A hit on an ARG/ENV/LABEL property: from its name to the end of its value. */
export function propertyHit(
  model: DockerfileModel,
  inst: DockerInstruction,
  p: DockerProperty,
  message: string,
  fix: string,
): Hit {
  const at = spanFromTo(p.nameSpan, p.valueSpan ?? p.nameSpan);
  return hit(at, `${inst.keyword} ${message}`, {
    evidence: evidenceText(model, at),
    fix,
    scopeLine: inst.span.line,
  });
}
