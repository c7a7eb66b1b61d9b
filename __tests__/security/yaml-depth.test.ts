import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/load.js';
import { flowTooDeep } from '../../src/formats/yaml-depth.js';
import { scanFiles } from '../helpers/rules.js';

const DEEP = 'a: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n';

describe('deeply nested YAML fails fast instead of overflowing the yaml library', () => {
  it('finds the first level over the limit, with its position', () => {
    expect(flowTooDeep('x:\n  y: ' + '['.repeat(300))).toEqual({ line: 2, column: 6 + 256 });
    expect(flowTooDeep('a: [[1, 2], {b: [3]}]\n')).toBeUndefined();
  });

  it('does not count brackets in quoted scalars or comments', () => {
    const brackets = '['.repeat(1000);
    expect(
      flowTooDeep(`a: "${brackets}"\nb: '${brackets}'\n# ${brackets}\nc: x # ${brackets}\n`),
    ).toBeUndefined();
    expect(flowTooDeep(`a: "it\\"s ${brackets}"\nb: 'it''s ${brackets}'\n`)).toBeUndefined();
  });

  it('a hostile pnpm-lock.yaml and .yarnrc.yml give parse-error findings within a second', async () => {
    const started = Date.now();
    const res = await scanFiles({ 'pnpm-lock.yaml': DEEP, '.yarnrc.yml': DEEP });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.findings.map((f) => [f.ruleId, f.path, f.startLine, f.startColumn])).toEqual([
      ['config/parse-error', '.yarnrc.yml', 1, 260],
      ['lockfile/parse-error', 'pnpm-lock.yaml', 1, 260],
    ]);
  });

  it('a hostile .bulkhead.yml is a configuration error naming the position', () => {
    expect(() => parseConfig(DEEP, '.bulkhead.yml')).toThrow(
      '.bulkhead.yml:1:260: YAML nested deeper than 256 levels',
    );
  });
});
