// Parses every lockfile of the shared corpus and cross-checks the package count against a second,
// independent reading of the same file, and every recorded position against the file's text.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { LineIndex } from '../../../src/formats/position.js';
import { parseLockfile } from '../../../src/formats/lockfile/parse.js';
import type { LockfileModel } from '../../../src/formats/lockfile/model.js';

const repoRoot = resolve(import.meta.dirname ?? process.cwd(), '../../..');
const corpus = resolve(repoRoot, '../shared/corpus/lockfiles');
const present = existsSync(corpus);
if (!present) console.warn(`lockfile corpus not found at ${corpus}: corpus tests skipped`);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = present ? walk(corpus) : [];
const lineCount = (text: string, test: (line: string) => boolean): number =>
  text.split('\n').filter(test).length;

/** The package count read a second way, without the parser under test. */
function independentCount(file: string, text: string): number {
  const name = basename(file);
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') {
    const data = JSON.parse(text) as {
      packages?: Record<string, unknown>;
      dependencies?: Record<string, unknown>;
    };
    if (data.packages && Object.keys(data.packages).length > 0)
      return Object.keys(data.packages).filter((k) => k !== '').length;
    let n = 0;
    const stack = [data.dependencies ?? {}];
    while (stack.length) {
      const deps = stack.pop()!;
      for (const v of Object.values(deps)) {
        n++;
        const nested = (v as { dependencies?: Record<string, unknown> }).dependencies;
        if (nested) stack.push(nested);
      }
    }
    return n;
  }
  // YAML files: a real YAML parser for the smaller ones; for the large ones (1-2 s each) count the
  // keys Yarn/pnpm write at a fixed indentation instead.
  const small = text.length < 300_000;
  if (name === 'yarn.lock') {
    if (text.includes('\n__metadata:')) {
      if (small) return Object.keys(parseYaml(text) as object).filter((k) => k !== '__metadata').length;
      return lineCount(
        text,
        (l) => l.endsWith(':') && !l.startsWith(' ') && !l.startsWith('#') && l !== '__metadata:',
      );
    }
    return lineCount(text, (l) => l !== '' && !l.startsWith(' ') && !l.startsWith('#'));
  }
  if (name === 'pnpm-lock.yaml') {
    let n = 0;
    if (small) {
      for (const doc of parseAllDocuments(text)) {
        const js = (doc as { toJS(): { packages?: object } | null }).toJS();
        n += Object.keys(js?.packages ?? {}).length;
      }
      return n;
    }
    let inPackages = false;
    for (const l of text.split('\n')) {
      if (l !== '' && !l.startsWith(' ')) inPackages = l === 'packages:';
      else if (inPackages && /^ {2}[^ ]/.test(l)) n++;
    }
    return n;
  }
  if (name === 'Pipfile.lock') {
    const d = JSON.parse(text) as Record<string, object>;
    return Object.keys(d.default ?? {}).length + Object.keys(d.develop ?? {}).length;
  }
  if (name === 'composer.lock') {
    const d = JSON.parse(text) as Record<string, unknown[]>;
    return (d.packages ?? []).length + (d['packages-dev'] ?? []).length;
  }
  if (name === 'poetry.lock' || name === 'uv.lock' || name === 'Cargo.lock')
    return lineCount(text, (l) => l.trim() === '[[package]]');
  if (name === 'go.sum')
    return lineCount(text, (l) => l.trim() !== '' && !l.split(' ')[1]!.endsWith('/go.mod'));
  if (name === 'Gemfile.lock') return lineCount(text, (l) => /^ {4}[^ ]/.test(l));
  if (name.endsWith('.txt')) return lineCount(text, (l) => /^[A-Za-z0-9]/.test(l) || l.startsWith('-e '));
  throw new Error(`no second reading for ${name}`);
}

function checkPositions(m: LockfileModel): string[] {
  const lines = new LineIndex(m.text);
  const problems: string[] = [];
  for (const p of m.packages) {
    const entry = lines.line(p.line);
    // entry lines hold the key as written (npm v1 keys are synthesised install paths: use the name)
    const byKey =
      ['pnpm', 'yarn-classic', 'yarn-berry', 'bun'].includes(m.format) ||
      (m.format === 'npm' && m.formatVersion !== '1');
    const ident = byKey ? p.key! : p.name;
    if (p.line < 1 || p.line > lines.lineCount || !entry.includes(ident))
      problems.push(`${p.name}: entry line ${p.line} is "${entry}"`);
    if (p.resolvedLine !== undefined && p.resolved !== undefined) {
      const at = lines.line(p.resolvedLine).slice(p.resolvedColumn! - 1);
      if (!at.startsWith(p.resolved.slice(0, 30)))
        problems.push(`${p.name}: resolved at ${p.resolvedLine}:${p.resolvedColumn} is "${at}"`);
    }
    if (p.integrityLine !== undefined && p.integrity !== undefined) {
      const at = lines.line(p.integrityLine).slice(p.integrityColumn! - 1);
      if (!at.startsWith(p.integrity.slice(0, 20)))
        problems.push(`${p.name}: integrity at ${p.integrityLine}:${p.integrityColumn} is "${at}"`);
    }
  }
  return problems.slice(0, 5);
}

const CATEGORIES = ['npm', 'yarn-classic', 'yarn-berry', 'pnpm', 'python', 'other'];

describe('lockfile corpus', () => {
  if (!present) {
    test.skip('corpus absent', () => undefined);
    return;
  }
  for (const category of CATEGORIES) {
    const mine = files.filter((f) => relative(corpus, f).startsWith(`${category}/`));
    test(`${category} has files`, () => expect(mine.length).toBeGreaterThan(0));
    test.each(mine.map((f) => [relative(corpus, f), f]))(
      '%s',
      (_rel, file) => {
        const text = readFileSync(file, 'utf8');
        const m = parseLockfile(text, file);
        expect(m.conflictMarkers).toEqual([]);
        expect(m.packages.length).toBe(independentCount(file, text));
        expect(m.packages.length).toBeGreaterThan(0);
        expect(checkPositions(m)).toEqual([]);
      },
      60000,
    );
  }
});
