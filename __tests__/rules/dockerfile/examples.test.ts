/**
 * The docs pages (docs/rules/*.md) show each rule's `examples.bad` and `examples.good`: the bad one
 * must really be reported and the good one must really be clean, or the docs teach the wrong thing.
 */
import type { FileRule } from '../../../src/core/index.js';
import { describe, expect, it } from '@jest/globals';
import type { Config } from '../../../src/config/schema.js';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { dockerfileRules } from '../../../src/rules/dockerfile/index.js';
import { runRule } from '../../helpers/rules.js';

/** Examples are fragments: give those without a FROM a pinned base so they parse as a Dockerfile. */
function asDockerfile(example: string): string {
  const hasFrom = example.split('\n').some((l) => /^\s*from\s/i.test(l));
  const base = 'FROM alpine:3.20@sha256:' + 'b'.repeat(64) + '\n';
  return (hasFrom ? example : base + example) + '\n';
}

/**
 * The config an example states in its first line (`# .bulkhead.yml: dockerfile: { trusted-registries:
 * [a, "b"] }`), so the example is checked under the settings its docs page shows.
 */
function configOf(example: string): Partial<Config> | undefined {
  const first = example.split('\n')[0] ?? '';
  const m = /trusted-registries: \[([^\]]*)\]/.exec(first);
  if (!first.startsWith('# .bulkhead.yml:') || !m) return undefined;
  const list = m[1]!.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  return { dockerfile: { 'trusted-registries': list } } as Partial<Config>;
}

const withExamples = dockerfileRules.filter(
  (r): r is FileRule<'dockerfile'> =>
    r.appliesTo === 'dockerfile' && (r.examples.language ?? 'dockerfile') === 'dockerfile',
);
const cases = withExamples.map((r) => [r.id, r] as const);

describe('Dockerfile rule examples', () => {
  it('covers every Dockerfile rule that checks something', () => {
    expect(withExamples.length).toBe(dockerfileRules.filter((r) => r.check).length);
  });

  it.each(cases)('%s: the bad example is reported', async (_id, rule) => {
    const text = asDockerfile(rule.examples.bad);
    const hits = await runRule(rule, parseDockerfile, text, 'Dockerfile', { config: configOf(text) });
    expect(hits.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: the good example is clean', async (_id, rule) => {
    const text = asDockerfile(rule.examples.good);
    const hits = await runRule(rule, parseDockerfile, text, 'Dockerfile', { config: configOf(text) });
    expect(hits.map((h) => `${h.span.line}:${h.span.column} ${h.message}`)).toEqual([]);
  });

  it.each(dockerfileRules.map((r) => [r.id, r] as const))(
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
