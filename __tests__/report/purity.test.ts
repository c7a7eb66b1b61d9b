import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '../../src');
const REPORT = join(SRC, 'report');
/** Modules that reach the network, the file system or the runner: the shells' business, not a renderer's. */
const FORBIDDEN =
  /^(?:node:)?(?:fs|fs\/promises|http|https|http2|net|tls|child_process)$|^@actions\/|^@octokit\/|^undici$/;
const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"\n]{1,300})['"]/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((m) => m[1]!);
}

function resolveLocal(from: string, spec: string): string | undefined {
  const exact = resolve(dirname(from), spec);
  const base = exact.replace(/\.js$/, '');
  return [`${base}.ts`, join(base, 'index.ts'), exact].find((p) => existsSync(p));
}

/** Every import reachable from src/report/, as `importer -> specifier`, for those that break the rule. */
function violations(): string[] {
  const bad: string[] = [];
  const seen = new Set<string>();
  const todo = readdirSync(REPORT)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(REPORT, f));
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue; // data (JSON) imports nothing
    const where = relative(SRC, file);
    if (where.startsWith('github/')) bad.push(`${where} is reached from report/`);
    for (const spec of importsOf(file)) {
      if (FORBIDDEN.test(spec)) bad.push(`${where} -> ${spec}`);
      if (!spec.startsWith('.')) continue;
      const target = resolveLocal(file, spec);
      if (!target) bad.push(`${where} -> ${spec} (unresolved)`);
      else todo.push(target);
    }
  }
  return bad;
}

describe('report/ renders only', () => {
  it('imports nothing from github/, the file system or the network, directly or through another module', () => {
    expect(violations()).toEqual([]);
  });

  it('the scan sees every kind of import it has to', () => {
    const specs = (src: string) => [...src.matchAll(SPECIFIER)].map((m) => m[1]);
    expect(
      specs(
        "import type { A } from '../github/api.js';\nexport { b } from \"node:fs\";\nconst m = await import('node:https');\nimport '@actions/core';",
      ),
    ).toEqual(['../github/api.js', 'node:fs', 'node:https', '@actions/core']);
    expect(
      ['node:fs', 'fs', 'node:http', 'https', '@actions/core', '@octokit/rest'].every((s) =>
        FORBIDDEN.test(s),
      ),
    ).toBe(true);
    expect(FORBIDDEN.test('node:crypto')).toBe(false);
  });
});
