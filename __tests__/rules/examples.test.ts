/**
 * The docs pages (docs/rules/*.md) show each rule's `examples.bad` and `examples.good`: the bad one
 * must really be reported and the good one must really be clean, or the docs teach the wrong thing.
 * This holds for every rule that checks files, of every kind; the rules the engine raises itself
 * (parse errors, skipped files, suppression hygiene) have no `check` and are exempt.
 * The fragments are turned into whole files by helpers/examples.ts.
 */
import { describe, expect, it } from '@jest/globals';
import type { FileRule, Hit } from '../../src/core/index.js';
import { parseDockerfile } from '../../src/formats/dockerfile/parse.js';
import type { DockerfileModel } from '../../src/formats/dockerfile/model.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { exampleFiles, examplePath, fileRules, runExample } from '../helpers/examples.js';
import { onbuildVariant, shiftError } from '../helpers/rule-tester.js';

const cases = fileRules.map((r) => [r.id, r] as const);

describe('rule examples', () => {
  it('every rule that checks files says which file its examples are', () => {
    expect(fileRules.filter((r) => examplePath(r) === undefined).map((r) => r.id)).toEqual([]);
  });

  it('covers the rules of every kind that has file rules', () => {
    const kinds = new Set(fileRules.map((r) => r.appliesTo));
    expect([...kinds].sort()).toEqual(['dockerfile', 'lockfile', 'pm-config', 'workflow']);
  });

  it.each(cases)('%s: the bad example is reported', async (_id, rule) => {
    const hits = await runExample(rule, rule.examples.bad);
    expect(hits.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: the good example is clean', async (_id, rule) => {
    const hits = await runExample(rule, rule.examples.good);
    expect(hits.map((h) => `${h.span.line}:${h.span.column} ${h.message}`)).toEqual([]);
  });

  // Every Dockerfile rule catches its bad example's RUN/ADD/COPY as ONBUILD triggers too, at the
  // column the prefix shifts them to; findings on other lines (FROM, ENV, USER) stay where they are.
  const dockerfileCases = cases.filter(
    (c): c is readonly [string, FileRule<'dockerfile'>] => c[1].appliesTo === 'dockerfile',
  );
  it.each(dockerfileCases)(
    '%s: the bad example written as ONBUILD triggers is reported the same',
    async (_id, rule) => {
      const text = exampleFiles(rule.examples.bad, 'Dockerfile').Dockerfile!;
      const variant = onbuildVariant(parseDockerfile(text, 'Dockerfile') as DockerfileModel, text);
      if (variant === undefined) {
        // Only FROM lines, nothing ONBUILD can carry.
        expect(rule.examples.bad).not.toMatch(/^\s*(?:run|add|copy)\b/im);
        return;
      }
      // Positions only: image rules name the trigger in their message ("COPY --from (ONBUILD)").
      const at = (hits: Hit[]) =>
        hits
          .map((h) => ({ line: h.span.line, column: h.span.column }))
          .sort((a, b) => a.line - b.line || a.column - b.column);
      const plain = at(await runExample(rule, rule.examples.bad));
      const triggers = at(await runExample(rule, rule.examples.bad, variant.code));
      // A rule that reads the build context: a trigger copies the child build's context, not this one.
      if (rule.readsTree) {
        expect(plain.length).toBeGreaterThan(0);
        expect(triggers).toEqual([]);
        return;
      }
      expect(triggers).toEqual(plain.map((e) => shiftError(e, variant.shifted)));
    },
  );

  it.each(ALL_RULES.filter((r) => r.kind === 'dockerfile').map((r) => [r.id, r] as const))(
    '%s: digests in the examples are real sha256 digests, not placeholders',
    (_id, rule) => {
      for (const ex of [rule.examples.bad, rule.examples.good]) {
        for (let i = ex.indexOf('sha256:'); i !== -1; i = ex.indexOf('sha256:', i + 1)) {
          // `sha256sum`, `sha256:${VAR}` and `--checksum=sha256:<hex>` all start differently or are real.
          expect(ex.slice(i, i + 71)).toMatch(/^sha256:[0-9a-f]{64}$/);
        }
        expect(ex).not.toMatch(/<digest>|<sha256>|<64-hex>/);
      }
    },
  );
});
