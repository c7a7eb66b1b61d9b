import { buildScope } from '../../formats/dockerfile/scope.js';
import { expansionTooLarge, MAX_EXPANSION } from '../../formats/dockerfile/variables.js';
import type { DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { MAX_FILE_EXPANSION } from '../../formats/dockerfile/shell/script-vars.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, type Hit, type Span } from '../../core/index.js';
import { propertyHit } from './property-hit.js';

const LIMIT = MAX_EXPANSION.toLocaleString('en-US');
const BUDGET = MAX_FILE_EXPANSION.toLocaleString('en-US');
// One finding already blocks; past this many, listing more only costs time (each evidence lookup
// walks the file).
const MAX_HITS = 20;
const FIX = 'Give the variable its value directly instead of building it from copies of other variables.';

export const rule = defineRule({
  id: 'dockerfile/expansion-too-large',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Variable expansion too large to check',
  description: `A variable expansion would add more than ${LIMIT} characters to its text (ARGs built from copies of each other double at every step: 24 of them reach gigabytes), or the RUN commands of one file together expand variables to more than ${BUDGET} characters (thousands of uses of one large ARG). Bulkhead stops expanding there and treats the value as unknown, so an image, URL or command built from it is not checked; no real build needs such a value.`,
  fix: FIX,
  examples: {
    bad: 'FROM debian:12.5@sha256:3a7db92a1187b551fa77114063d13559c76c0fc31e1e963883a04fc89a76f800\nARG A0=xxxxxxxxxxxxxxxx\nARG A1=${A0}${A0}\nARG A2=${A1}${A1}\nARG A3=${A2}${A2}\nARG A4=${A3}${A3}\nARG A5=${A4}${A4}\nARG A6=${A5}${A5}\nARG A7=${A6}${A6}\nARG A8=${A7}${A7}\nARG A9=${A8}${A8}\nARG A10=${A9}${A9}\nARG A11=${A10}${A10}\nARG A12=${A11}${A11}\nARG A13=${A12}${A12}\nUSER app',
    good: 'FROM debian:12.5@sha256:3a7db92a1187b551fa77114063d13559c76c0fc31e1e963883a04fc89a76f800\nARG A0=xxxxxxxxxxxxxxxx\nARG A1=${A0}${A0}\nUSER app',
    language: 'dockerfile',
  },
  check(model) {
    const scope = buildScope(model);
    const hits: Hit[] = [];
    let more = 0;
    for (const { inst, property } of scope.tooLarge) {
      if (hits.length >= MAX_HITS) {
        more++;
        continue;
      }
      hits.push(
        propertyHit(
          model,
          inst,
          property,
          `${property.name} expands to more than ${LIMIT} characters past its text; its value is treated as unknown, so what uses it is not checked.`,
          FIX,
        ),
      );
    }
    for (const inst of model.instructions) {
      if (inst.stage === -1 || inst.keyword === 'ARG' || inst.keyword === 'ENV') continue;
      const span = oversized(model, inst);
      if (!span) continue;
      if (hits.length >= MAX_HITS) {
        more++;
        continue;
      }
      hits.push(
        hit(
          span,
          `${inst.keyword} expands to more than ${LIMIT} characters past its text; the value is treated as unknown, so this instruction is not fully checked.`,
          { evidence: evidenceText(model, span), fix: FIX, scopeLine: inst.span.line },
        ),
      );
    }
    if (more > 0) {
      const last = hits[hits.length - 1]!;
      last.message += ` ${more.toLocaleString('en-US')} more expansions past the cap follow and are not listed.`;
    }
    // The file's budget for expanded shell words: spent once, reported once.
    for (const run of runScripts(model)) {
      const spent = run.script.limits.find((l) => l.kind === 'expansion-budget');
      if (!spent) continue;
      hits.push(
        hit(
          spent.span,
          `RUN commands in this file expand variables to more than ${BUDGET} characters in all; from here on expanded values are treated as unknown, so what uses them is not checked.`,
          { evidence: evidenceText(model, spent.span), fix: FIX, scopeLine: run.scopeLine },
        ),
      );
      break;
    }
    return hits;
  },
});

/** The first word, flag or property of the instruction whose expansion passes the cap. */
function oversized(model: DockerfileModel, inst: DockerInstruction): Span | undefined {
  const vars = buildScope(model).varsAt(inst);
  const over = (text: string | null): boolean =>
    text !== null && text.includes('$') && expansionTooLarge(text, vars, model.escapeChar);
  for (const f of inst.flags) if (over(f.value)) return f.valueSpan ?? f.span;
  for (const a of inst.args) if (over(a.value)) return a.span;
  for (const p of inst.properties) if (over(p.value)) return p.valueSpan ?? p.nameSpan;
  return undefined;
}
