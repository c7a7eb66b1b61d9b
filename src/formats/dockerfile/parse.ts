import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { ParseError, spanFromLsp, type LspRange, type Span } from '../position.js';
import type {
  DockerArg,
  DockerfileModel,
  DockerFlag,
  DockerInstruction,
  DockerProperty,
  DockerStage,
} from './model.js';
import { attachShell } from './shell/dockerfile.js';
import { substitute } from './variables.js';

/**
 * dockerfile-ast recomputes an instruction's arguments (a character-by-character scan of its text
 * that allocates an Argument and two positions per word) on every call, and its own getters call
 * it again and again: the JSON-form check, the flags, the arguments range, the heredocs, each
 * instruction's constructor. Profiled on the 680 corpus Dockerfiles: 1.0 s of the 3.6 s parse.
 * An instruction never changes once parsed, so the first answer is kept per instruction; each
 * call gets its own copy of the list (ModifiableInstruction shifts its flags off the list it gets).
 */
function memoizeRawArguments(): void {
  const proto = Instruction.prototype as unknown as {
    getRawArguments(): unknown[];
    bulkheadMemo?: true;
  };
  if (proto.bulkheadMemo) return;
  const compute = proto.getRawArguments;
  const kept = new WeakMap<object, unknown[]>();
  proto.getRawArguments = function (this: object): unknown[] {
    let args = kept.get(this);
    if (args === undefined) {
      args = compute.call(this);
      kept.set(this, args);
    }
    return args.slice();
  };
  proto.bulkheadMemo = true;
}
memoizeRawArguments();

const KNOWN_INSTRUCTIONS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

interface AstFlagLike {
  getName(): string;
  getValue(): string | null;
  getRange(): LspRange;
  getValueRange(): LspRange | null;
}
interface AstPropertyLike {
  getName(): string;
  getValue(): string | null;
  getNameRange(): LspRange;
  getValueRange(): LspRange | null;
}
interface AstHeredocLike {
  getName(): string;
  getContentRange(): LspRange | null;
  getDelimiterRange(): LspRange | null;
}

function offsetOf(lineStarts: number[], line0: number, char0: number): number {
  return (lineStarts[line0] ?? 0) + char0;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The JSON-form arguments, decoded from the source text (dockerfile-ast drops their whitespace). */
function jsonArgs(inst: Instruction, text: string, starts: number[]): DockerArg[] | undefined {
  const withJson = inst as unknown as { getJSONStrings?: () => { getRange(): LspRange }[] };
  if (typeof withJson.getJSONStrings !== 'function') return undefined;
  const strings = withJson.getJSONStrings();
  if (strings.length === 0) return undefined;
  const out: DockerArg[] = [];
  for (const s of strings) {
    const r = s.getRange();
    const raw = text.slice(
      offsetOf(starts, r.start.line, r.start.character),
      offsetOf(starts, r.end.line, r.end.character),
    );
    let value: string;
    try {
      value = JSON.parse(raw) as string;
    } catch {
      value = raw.slice(1, -1);
    }
    out.push({ value, span: spanFromLsp(r) });
  }
  return out;
}

function isJsonForm(inst: Instruction): boolean {
  const content = inst.getRawArgumentsContent();
  return content !== null && content.trimStart().startsWith('[') && content.trimEnd().endsWith(']');
}

function convertInstruction(
  inst: Instruction,
  text: string,
  starts: number[],
  stage: number,
): DockerInstruction {
  const keyword = inst.getKeyword().toUpperCase();
  const withFlags = inst as unknown as { getFlags?: () => AstFlagLike[] };
  const flags: DockerFlag[] = (typeof withFlags.getFlags === 'function' ? withFlags.getFlags() : []).map(
    (f) => {
      const vr = f.getValueRange();
      return {
        name: f.getName(),
        value: f.getValue(),
        span: spanFromLsp(f.getRange()),
        valueSpan: vr ? spanFromLsp(vr) : undefined,
      };
    },
  );
  const jsonForm =
    (keyword === 'RUN' ||
      keyword === 'CMD' ||
      keyword === 'ENTRYPOINT' ||
      keyword === 'SHELL' ||
      keyword === 'COPY' ||
      keyword === 'ADD') &&
    isJsonForm(inst);
  const args: DockerArg[] =
    (jsonForm ? jsonArgs(inst, text, starts) : undefined) ??
    inst.getArguments().map((a) => ({ value: a.getValue(), span: spanFromLsp(a.getRange()) }));
  const withHeredocs = inst as unknown as { getHeredocs?: () => AstHeredocLike[] };
  const heredocs = (typeof withHeredocs.getHeredocs === 'function' ? withHeredocs.getHeredocs() : []).map(
    (h) => {
      const cr = h.getContentRange();
      const content = cr
        ? text.slice(
            offsetOf(starts, cr.start.line, cr.start.character),
            offsetOf(starts, cr.end.line, cr.end.character),
          )
        : '';
      return {
        name: h.getName(),
        content,
        contentSpan: cr ? spanFromLsp(cr) : undefined,
        terminated: h.getDelimiterRange() !== null,
      };
    },
  );
  const withProps = inst as unknown as {
    getProperties?: () => AstPropertyLike[];
    getProperty?: () => AstPropertyLike | null;
  };
  let props: AstPropertyLike[] = [];
  if (typeof withProps.getProperties === 'function') props = withProps.getProperties();
  else if (typeof withProps.getProperty === 'function') {
    const p = withProps.getProperty();
    if (p) props = [p];
  }
  const properties: DockerProperty[] = props.map((p) => {
    const vr = p.getValueRange();
    return {
      name: p.getName(),
      value: p.getValue(),
      nameSpan: spanFromLsp(p.getNameRange()),
      valueSpan: vr ? spanFromLsp(vr) : undefined,
    };
  });
  const out: DockerInstruction = {
    keyword,
    span: spanFromLsp(inst.getRange()),
    keywordSpan: spanFromLsp(inst.getInstructionRange()),
    flags,
    args,
    jsonForm,
    heredocs,
    properties,
    stage,
  };
  if (keyword === 'ONBUILD') {
    const withTrigger = inst as unknown as { getTriggerInstruction?: () => Instruction | null };
    const trig =
      typeof withTrigger.getTriggerInstruction === 'function' ? withTrigger.getTriggerInstruction() : null;
    if (trig) out.trigger = convertInstruction(trig, text, starts, stage);
  }
  return out;
}

/** `{{ .Image }}`, `{% ... %}`; a closing `}}` alone ends nested defaults (`${A:-${B}}`). */
function templateMarker(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

/** Parses a Dockerfile into a positioned model; throws ParseError for text Docker would reject. */
export function parseDockerfile(text: string, path: string): DockerfileModel {
  const df = DockerfileParser.parse(text);
  const starts = computeLineStarts(text);
  const escapeChar = df.getEscapeCharacter();
  let syntax: DockerfileModel['syntax'];
  for (const d of df.getDirectives()) {
    if (d.getName().toLowerCase() === 'syntax')
      syntax = { value: d.getValue(), span: spanFromLsp(d.getValueRange()) };
  }

  const instructions: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  const stageByName = new Map<string, number>();

  for (const inst of df.getInstructions()) {
    const keyword = inst.getKeyword().toUpperCase();
    const range = spanFromLsp(inst.getInstructionRange());
    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      const what = templateMarker(inst.getInstruction())
        ? 'template syntax'
        : `unknown instruction '${inst.getInstruction().slice(0, 40)}'`;
      throw new ParseError(`${what} is not valid in a Dockerfile`, range.line, range.column);
    }
    if (stages.length === 0 && keyword !== 'FROM' && keyword !== 'ARG') {
      throw new ParseError(
        `${keyword} before the first FROM (only ARG may come first)`,
        range.line,
        range.column,
      );
    }
    const stageIndex = keyword === 'FROM' ? stages.length : stages.length - 1;
    const di = convertInstruction(inst, text, starts, stageIndex);
    instructions.push(di);

    if (keyword === 'ARG' && stages.length === 0) {
      for (const p of di.properties) globalArgs.set(p.name, p.value ?? undefined);
      continue;
    }
    if (keyword !== 'FROM') {
      stages[stages.length - 1]?.instructions.push(di);
      continue;
    }
    const first = di.args[0];
    if (!first) throw new ParseError('FROM needs an image', range.line, range.column);
    if (templateMarker(first.value)) {
      throw new ParseError(
        `template syntax in FROM image '${first.value.slice(0, 60)}'`,
        first.span.line,
        first.span.column,
      );
    }
    let name: string | undefined;
    if (di.args.length >= 3 && di.args[1]!.value.toLowerCase() === 'as')
      name = di.args[2]!.value.toLowerCase();
    const image = substitute(first.value, globalArgs, escapeChar);
    const parentStage = image !== undefined ? stageByName.get(image.toLowerCase()) : undefined;
    const platform = di.flags.find((f) => f.name === 'platform')?.value ?? undefined;
    const stage: DockerStage = {
      index: stageIndex,
      name,
      from: di,
      imageRaw: first.value,
      image,
      imageSpan: first.span,
      parentStage,
      platform,
      instructions: [],
    };
    stages.push(stage);
    if (name !== undefined) stageByName.set(name, stageIndex);
  }
  const model: DockerfileModel = { path, text, escapeChar, syntax, globalArgs, instructions, stages };
  attachShell(model);
  return model;
}

export type { Span };
