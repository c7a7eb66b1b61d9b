import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The import graph flows one way (docs/design.md): files -> formats -> rules -> scan -> report ->
 * the cli/github shells, with core/ at the bottom. This test reads every import in src/ and fails
 * when one points the wrong way, so a layering mistake cannot come back unnoticed.
 */
const SRC = join(process.cwd(), 'src');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)) out.push(m[1]!);
  }
  return out;
}

/** Top folder under src/ a file belongs to ('main.ts' and other root files count as 'shell'). */
function layerOf(absFile: string): string {
  const rel = relative(SRC, absFile).split(/[\\/]/);
  return rel.length === 1 ? 'shell' : rel[0]!;
}

interface Edge {
  from: string;
  to: string;
  spec: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of walk(SRC)) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const to = spec.startsWith('.')
        ? 'src:' + relative(SRC, normalize(join(dirname(file), spec))).replace(/\\/g, '/')
        : spec;
      out.push({ from: relative(SRC, file).replace(/\\/g, '/'), to, spec });
    }
  }
  return out;
}

const ALL = edges();

/** Imports from `fromLayer` into any of `forbidden` (src-internal layers or package prefixes). */
function violations(fromLayer: string, forbidden: string[]): string[] {
  return ALL.filter((e) => {
    if (layerOf(join(SRC, e.from)) !== fromLayer) return false;
    return forbidden.some((f) =>
      f.startsWith('src:') ? e.to.startsWith(f + '/') || e.to === f : e.to === f || e.to.startsWith(f + '/'),
    );
  }).map((e) => `${e.from} -> ${e.spec}`);
}

const LAYERS = [
  'core',
  'config',
  'secrets',
  'refs',
  'formats',
  'rules',
  'intel',
  'inventory',
  'scan',
  'fix',
  'report',
  'github',
  'cli',
];
const src = (...names: string[]) => names.map((n) => `src:${n}`);

describe('import graph', () => {
  it('finds the imports it checks', () => {
    expect(ALL.length).toBeGreaterThan(200);
    expect(specifiers("import { a } from './a.js';\nconst m = await import('../b.js');")).toEqual([
      './a.js',
      '../b.js',
    ]);
  });

  it('core/ imports nothing outside itself', () => {
    const bad = ALL.filter((e) => e.from.startsWith('core/') && !e.to.startsWith('src:core/'));
    expect(bad.map((e) => `${e.from} -> ${e.spec}`)).toEqual([]);
  });

  it('no parser imports a rule, the scan, a report or the shells', () => {
    expect(
      violations('formats', [
        ...src('rules', 'scan', 'report', 'github', 'cli', 'intel', 'config', 'main.js'),
      ]),
    ).toEqual([]);
  });

  it('refs/ and secrets/ sit below formats and rules', () => {
    const above = src('formats', 'rules', 'scan', 'report', 'github', 'cli', 'intel', 'config');
    expect(violations('refs', above)).toEqual([]);
    expect(violations('secrets', [...above, 'src:refs'])).toEqual([]);
  });

  it('no rule imports scan/, report/, github/, cli or @actions/*', () => {
    expect(
      violations('rules', [...src('scan', 'report', 'github', 'cli', 'main.js'), '@actions', '@octokit']),
    ).toEqual([]);
  });

  it('report/ is pure: nothing from github/, scan/ engine I/O, the network or the file system', () => {
    expect(
      violations('report', [
        ...src('github', 'cli', 'main.js'),
        '@actions',
        '@octokit',
        'node:fs',
        'node:fs/promises',
        'node:http',
        'node:https',
        'node:child_process',
      ]),
    ).toEqual([]);
  });

  it('scan/ and config/ do not import the shells or the publishers', () => {
    expect(
      violations('scan', [...src('github', 'cli', 'main.js', 'report'), '@actions', '@octokit']),
    ).toEqual([]);
    expect(
      violations('config', [
        ...src('github', 'cli', 'main.js', 'report', 'scan', 'rules'),
        '@actions',
        '@octokit',
      ]),
    ).toEqual([]);
  });

  it('fix/ (edits, diffs, resolution) sits below the shells and imports no renderer', () => {
    expect(
      violations('fix', [
        ...src('github', 'cli', 'main.js', 'report', 'rules'),
        '@actions',
        '@octokit',
        'node:fs',
      ]),
    ).toEqual([]);
  });

  it('inventory/ reads models and graders only: no scan, report, network or shell', () => {
    expect(
      violations('inventory', [
        ...src('scan', 'report', 'github', 'cli', 'intel', 'main.js'),
        '@actions',
        '@octokit',
        'node:fs',
        'node:fs/promises',
        'node:http',
        'node:https',
      ]),
    ).toEqual([]);
  });

  it('every folder under src/ is a known layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });
});
