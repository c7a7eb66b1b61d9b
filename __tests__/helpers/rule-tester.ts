/**
 * A table-driven rule tester in the spirit of ESLint's RuleTester and hadolint's
 * `onBuildRuleCatches`: `valid` cases must produce no hit, `invalid` cases exactly the listed
 * hits at exactly the listed places. For Dockerfile rules every invalid case is run a second time
 * with each RUN, ADD and COPY instruction rewritten as `ONBUILD <instruction>`: a trigger runs in
 * every child image, so a rule must still catch it there, at the column the prefix shifts it to.
 */
import { describe, expect, it } from '@jest/globals';
import type { Config } from '../../src/config/schema.js';
import type { FileKind, FileRule, Hit, ModelOf, Severity } from '../../src/core/index.js';
import type { DockerfileModel } from '../../src/formats/dockerfile/model.js';
import { runRule } from './rules.js';

/** One hit a case expects, in file order. */
export interface ExpectedError {
  line: number;
  column: number;
  endLine?: number;
  /** Exclusive, 1-based, like `Span.endColumn`. */
  endColumn?: number;
  /** A substring of the message, or a pattern it must match. */
  message?: string | RegExp;
  /** The severity the hit sets for itself; leave out when the hit keeps the rule's default. */
  severity?: Severity;
}

interface CaseOptions {
  /** Shown in the test name; the code is shown when there is none. */
  name?: string;
  /** File name the code is parsed as; defaults to the tester's. */
  path?: string;
  config?: Partial<Config>;
  /** Other files in the scan (a lockfile's package.json). */
  files?: Record<string, string>;
}

export type ValidCase = string | (CaseOptions & { code: string });

export interface InvalidCase extends CaseOptions {
  code: string;
  errors: ExpectedError[];
  /**
   * Dockerfile rules only. Leave out to expect the same errors, shifted, from the ONBUILD variant;
   * give the errors it does produce, and why, when the rule reports triggers differently (`[]`
   * when it deliberately ignores them).
   */
  onbuild?: { errors: ExpectedError[]; reason: string };
}

export interface RuleTestTables {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

const ONBUILD = 'ONBUILD ';
/** Instructions ONBUILD can carry whose payload the Dockerfile rules read. */
const WRAPPED = new Set(['RUN', 'ADD', 'COPY']);
/** Which cases get a variant is decided before parsing (tests are declared synchronously). */
const MAYBE_WRAPPED = /^[ \t]*(?:run|add|copy)\b/im;

/** Hits in file order, reduced to what `expected` asserts (so the diff shows only what differs). */
function actualFor(hits: Hit[], expected: ExpectedError[]): ExpectedError[] {
  const sorted = [...hits].sort(
    (a, b) =>
      a.span.line - b.span.line || a.span.column - b.span.column || a.message.localeCompare(b.message),
  );
  return sorted.map((h, i) => {
    const e = expected[i];
    const out: ExpectedError = { line: h.span.line, column: h.span.column };
    if (e?.endLine !== undefined) out.endLine = h.span.endLine;
    if (e?.endColumn !== undefined) out.endColumn = h.span.endColumn;
    if (h.severity !== undefined) out.severity = h.severity;
    if (e?.message !== undefined) {
      const m = e.message;
      out.message = (typeof m === 'string' ? h.message.includes(m) : m.test(h.message)) ? m : h.message;
    }
    return out;
  });
}

function assertHits(hits: Hit[], expected: ExpectedError[]): void {
  const want = [...expected].sort((a, b) => a.line - b.line || a.column - b.column);
  expect(actualFor(hits, want)).toEqual(want);
}

export interface OnbuildVariant {
  code: string;
  /** Lines whose instruction was prefixed, with the column the prefix went in at. */
  shifted: Map<number, number>;
}

/**
 * The code with every RUN/ADD/COPY instruction (outside the global ARG section) written as an
 * ONBUILD trigger; undefined when there is none, so the variant would test nothing new.
 */
export function onbuildVariant(model: DockerfileModel, code: string): OnbuildVariant | undefined {
  const lines = code.split('\n');
  const shifted = new Map<number, number>();
  for (const inst of model.instructions) {
    if (!WRAPPED.has(inst.keyword) || inst.stage < 0) continue;
    shifted.set(inst.keywordSpan.line, inst.keywordSpan.column);
  }
  if (shifted.size === 0) return undefined;
  for (const [line, column] of shifted) {
    const text = lines[line - 1]!;
    lines[line - 1] = text.slice(0, column - 1) + ONBUILD + text.slice(column - 1);
  }
  return { code: lines.join('\n'), shifted };
}

/** Where an expected error moves to when its line's instruction gets the ONBUILD prefix. */
export function shiftError(e: ExpectedError, shifted: Map<number, number>): ExpectedError {
  const out = { ...e };
  const at = shifted.get(e.line);
  if (at !== undefined && e.column >= at) out.column += ONBUILD.length;
  const endAt = shifted.get(e.endLine ?? e.line);
  if (e.endColumn !== undefined && endAt !== undefined && e.endColumn > endAt)
    out.endColumn! += ONBUILD.length;
  return out;
}

function label(c: CaseOptions & { code: string }): string {
  return c.name ?? JSON.stringify(c.code.length > 80 ? `${c.code.slice(0, 77)}...` : c.code);
}

export function ruleTester<K extends FileKind>(
  rule: FileRule<K>,
  parse: (text: string, path: string) => ModelOf<K> | Promise<ModelOf<K>>,
  defaults: { path?: string; config?: Partial<Config> } = {},
) {
  const defaultPath = defaults.path ?? (rule.appliesTo === 'dockerfile' ? 'Dockerfile' : undefined);
  const hitsOf = (c: CaseOptions & { code: string }, code = c.code): Promise<Hit[]> => {
    const path = c.path ?? defaultPath;
    if (path === undefined) throw new Error(`${rule.id}: give the tester or the case a path`);
    return runRule(rule, parse, code, path, {
      config: { ...defaults.config, ...c.config },
      files: c.files,
    });
  };

  return {
    run(tables: RuleTestTables): void {
      describe(rule.id, () => {
        describe('valid', () => {
          for (const v of tables.valid) {
            const c = typeof v === 'string' ? { code: v } : v;
            it(label(c), async () => {
              const hits = await hitsOf(c);
              expect(hits.map((h) => `${h.span.line}:${h.span.column} ${h.message}`)).toEqual([]);
            });
          }
        });

        describe('invalid', () => {
          for (const c of tables.invalid) {
            it(label(c), async () => {
              expect(c.errors.length).toBeGreaterThan(0);
              assertHits(await hitsOf(c), c.errors);
            });
          }
        });

        if (rule.appliesTo !== 'dockerfile') return;
        const wrappable = tables.invalid.filter((c) => {
          const wraps = MAYBE_WRAPPED.test(c.code);
          if (c.onbuild && !wraps)
            throw new Error(`${label(c)}: has no RUN/ADD/COPY to wrap, drop 'onbuild'`);
          return wraps;
        });
        if (wrappable.length === 0) return;
        describe('invalid, as ONBUILD triggers', () => {
          for (const c of wrappable) {
            const o = c.onbuild;
            it(o ? `${label(c)} (${o.reason})` : label(c), async () => {
              const model = (await parse(c.code, c.path ?? defaultPath!)) as DockerfileModel;
              const variant = onbuildVariant(model, c.code);
              expect(variant).toBeDefined();
              const expected = o ? o.errors : c.errors.map((e) => shiftError(e, variant!.shifted));
              assertHits(await hitsOf(c, variant!.code), expected);
            });
          }
        });
      });
    },
  };
}
