import type { Span } from '../position.js';
import type { ShellScript } from './shell/model.js';

export interface DockerFlag {
  name: string;
  value: string | null;
  span: Span;
  valueSpan?: Span;
}

export interface DockerArg {
  value: string;
  span: Span;
}

export interface DockerHeredoc {
  name: string;
  /** Body text (without the delimiter lines). */
  content: string;
  /** Span of the body, or undefined when it is empty. */
  contentSpan?: Span;
  terminated: boolean;
}

export interface DockerProperty {
  name: string;
  value: string | null;
  nameSpan: Span;
  valueSpan?: Span;
}

export interface DockerInstruction {
  /** Upper-case keyword: FROM, RUN, ... */
  keyword: string;
  span: Span;
  keywordSpan: Span;
  flags: DockerFlag[];
  /** Arguments after the flags; for JSON form, one per array element with its exact string value. */
  args: DockerArg[];
  /** JSON (exec) form, e.g. RUN ["sh", "-c", "..."]. */
  jsonForm: boolean;
  heredocs: DockerHeredoc[];
  /** ARG, ENV and LABEL key/value pairs. */
  properties: DockerProperty[];
  /** Index of the stage this belongs to; -1 before the first FROM. */
  stage: number;
  /** For ONBUILD: the instruction it triggers in child images. */
  trigger?: DockerInstruction;
  /**
   * RUN only (also an ONBUILD's RUN trigger): the parsed shell body with file positions. Computed
   * on first access and cached (non-enumerable getter set by the parser).
   */
  readonly shell?: ShellScript;
}

export interface DockerStage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  from: DockerInstruction;
  /** The image text as written. */
  imageRaw: string;
  /** After substituting global ARG defaults; undefined when a variable has no known value. */
  image?: string;
  imageSpan: Span;
  /** Index of the earlier stage this one builds on, if the image names a stage. */
  parentStage?: number;
  platform?: string;
  instructions: DockerInstruction[];
  /**
   * The SHELL argv in effect at the end of the stage (inherited from a parent stage), or undefined
   * for the default `/bin/sh -c`. Each RUN's own `shell.shell` is the one in effect at that RUN.
   */
  shellForm?: string[];
}

export interface DockerfileModel {
  path: string;
  text: string;
  escapeChar: string;
  /** `# syntax=` directive. */
  syntax?: { value: string; span: Span };
  /** ARGs declared before the first FROM, with their defaults (undefined = no default). */
  globalArgs: Map<string, string | undefined>;
  instructions: DockerInstruction[];
  stages: DockerStage[];
}

declare module '../../core/rule.js' {
  interface ModelByKind {
    dockerfile: DockerfileModel;
  }
}
