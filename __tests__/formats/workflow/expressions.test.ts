import { describe, expect, it } from '@jest/globals';
import {
  contextPath,
  contextReads,
  findExpressions,
  MAX_DEPTH,
  parseExpression,
  subExpressions,
  type Expr,
} from '../../../src/formats/workflow/expressions.js';

const ast = (src: string): Expr => {
  const r = parseExpression(src);
  if ('error' in r) throw new Error(r.error);
  return r.ast;
};
const reads = (src: string) => contextReads(ast(src)).map((r) => [r.path.join('.'), r.via.join('>')]);

describe('findExpressions', () => {
  it('finds each ${{ }} with its offsets, including }} inside a string literal', () => {
    const v = "a ${{ github.sha }} b ${{ format('}}{0}', x) }}";
    const sites = findExpressions(v);
    expect(sites.map((s) => [s.start, s.end, s.source])).toEqual([
      [2, 19, ' github.sha '],
      [22, v.length, " format('}}{0}', x) "],
    ]);
    expect(sites.every((s) => s.ast !== undefined)).toBe(true);
  });

  it('an unclosed expression is recorded with an error, not dropped', () => {
    const [s] = findExpressions('echo ${{ github.sha ');
    expect(s!.error).toMatch(/unclosed/);
    expect(s!.ast).toBeUndefined();
  });

  it('multi-line expressions', () => {
    const [s] = findExpressions(
      "${{\n  contains(\n    github.event.pull_request.labels.*.name,\n    'ok')\n}}",
    );
    expect(s!.error).toBeUndefined();
    expect(reads(s!.source)).toEqual([['github.event.pull_request.labels.*.name', 'contains']]);
  });
});

describe('parseExpression', () => {
  it('index syntax reads the same context as property syntax', () => {
    expect(contextPath(ast("github['event']['issue'].title"))).toEqual(['github', 'event', 'issue', 'title']);
    expect(contextPath(ast('github.event.issue.title'))).toEqual(['github', 'event', 'issue', 'title']);
    expect(contextPath(ast('GitHub.Event.Issue.Title'))).toEqual(['github', 'event', 'issue', 'title']);
  });

  it('functions: format, toJSON, fromJSON, contains; the functions a read goes through', () => {
    expect(reads("format('{0} {1}', github.event.issue.title, github.sha)")).toEqual([
      ['github.event.issue.title', 'format'],
      ['github.sha', 'format'],
    ]);
    expect(reads('toJSON(github.event)')).toEqual([['github.event', 'tojson']]);
    expect(reads('contains(fromJSON(\'["a","b"]\'), github.actor)')).toEqual([['github.actor', 'contains']]);
    expect(reads('fromJSON(steps.meta.outputs.json).tags')).toEqual([
      ['steps.meta.outputs.json', 'fromjson'],
    ]);
  });

  it('dynamic indexes read their own contexts', () => {
    expect(reads('matrix[inputs.key]')).toEqual([
      ['matrix.?', ''],
      ['inputs.key', ''],
    ]);
  });

  it('operators and literals', () => {
    const e = ast("!cancelled() && (github.event_name == 'push' || 0x1F >= -1.5e2) && null != true");
    expect(e.kind).toBe('binary');
    expect(reads("github.actor == 'dependabot[bot]'")).toEqual([['github.actor', '']]);
    expect(ast("'it''s'")).toMatchObject({ kind: 'literal', value: "it's" });
  });

  it('property names with dashes or a leading digit', () => {
    expect(contextPath(ast('steps.set-up.outputs.node-version'))).toEqual([
      'steps',
      'set-up',
      'outputs',
      'node-version',
    ]);
    expect(contextPath(ast('needs.1st-job.result'))).toEqual(['needs', '1st-job', 'result']);
  });

  it('syntax errors are reported, never thrown', () => {
    for (const bad of ['', 'github.', "'open", 'a ==', 'f(a,', 'a b', 'a $ b', '(a']) {
      const r = parseExpression(bad);
      expect('error' in r).toBe(true);
    }
  });

  it('nesting is bounded', () => {
    expect(parseExpression('('.repeat(MAX_DEPTH - 1) + 'a' + ')'.repeat(MAX_DEPTH - 1))).toHaveProperty(
      'ast',
    );
    expect(parseExpression('('.repeat(100_000) + 'a' + ')'.repeat(100_000))).toEqual({
      error: `nested deeper than ${MAX_DEPTH} levels`,
    });
    expect(parseExpression('!'.repeat(100_000) + 'a')).toHaveProperty('error');
  });
});

describe('subExpressions', () => {
  it('yields every node, the root first, in source order', () => {
    const kinds = [...subExpressions(ast("!contains(github['event'].x, 'a') && f(1, b.*.c)"))].map((e) =>
      e.kind === 'call' ? `call:${e.name}` : e.kind === 'literal' ? `lit:${String(e.value)}` : e.kind,
    );
    expect(kinds).toEqual([
      'binary',
      'not',
      'call:contains',
      'property',
      'index',
      'name',
      'lit:event',
      'lit:a',
      'call:f',
      'lit:1',
      'property',
      'filter',
      'name',
    ]);
  });

  it('walks a deeply nested expression without recursion', () => {
    const deep = `${'!'.repeat(MAX_DEPTH - 1)}x`;
    expect([...subExpressions(ast(deep))].length).toBe(MAX_DEPTH);
  });
});
