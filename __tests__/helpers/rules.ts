import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config/schema.js';
import type { FileKind, FileRule, Hit, ModelOf, RuleContext, Workspace } from '../../src/core/index.js';
import { scan, type ScanResult } from '../../src/scan/engine.js';
import { memoryTree } from '../../src/scan/tree.js';

/** A hit reduced to what rule tables assert: where it is, and optionally its severity. */
export interface Expected {
  line: number;
  column: number;
  severity?: string;
}

export function context(
  path: string,
  opts: { config?: Partial<Config>; files?: Record<string, string> } = {},
): RuleContext {
  const files = opts.files ?? {};
  const workspace: Workspace = { read: (p) => files[p] };
  // The tree beside the file: the other files of the case, and the file itself.
  const tree = memoryTree({ [path]: '', ...files });
  return { path, config: { ...defaultConfig(), ...opts.config }, workspace, tree, builds: [] };
}

/** Runs one rule on a parsed model and returns its hits as `{line, column}` (plus severity if it overrides). */
export function positions(hits: Hit[]): Expected[] {
  return hits
    .map((h) =>
      h.severity
        ? { line: h.span.line, column: h.span.column, severity: h.severity }
        : { line: h.span.line, column: h.span.column },
    )
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

export async function runRule<K extends FileKind>(
  rule: FileRule<K>,
  parse: (text: string, path: string) => ModelOf<K> | Promise<ModelOf<K>>,
  text: string,
  path: string,
  opts: { config?: Partial<Config>; files?: Record<string, string> } = {},
): Promise<Hit[]> {
  const model = await parse(text, path);
  return rule.check(model, context(path, opts));
}

/** Writes files into a fresh temp directory and runs the whole engine on it. */
export async function scanFiles(
  files: Record<string, string | Buffer>,
  opts: { config?: Partial<Config>; now?: Date } = {},
): Promise<ScanResult & { root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  const result = await scan({
    root,
    paths: [root],
    config: { ...defaultConfig(), ...opts.config },
    now: opts.now,
  });
  return { ...result, root };
}
