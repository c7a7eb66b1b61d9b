import { isMap, isScalar, isSeq, parseDocument, LineCounter } from 'yaml';
import { flowTooDeep, MAX_YAML_FLOW_DEPTH } from '../formats/yaml-depth.js';
import type { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { configSchema, type Config } from './schema.js';

export const CONFIG_FILE_NAMES = ['.bulkhead.yml', '.bulkhead.yaml'];

/** Where an ignore entry sits in the config file, for findings about it. */
export interface ConfigSource {
  path: string;
  text: string;
  /** 1-based line of each `ignore:` entry, by index. */
  ignoreLines: number[];
  /**
   * 1-based line of each key and list item, by dotted path (`fail-on`, `rules.dockerfile/x`,
   * `paths.exclude.0`): where a finding about a setting points.
   */
  keyLines?: Record<string, number>;
}

/**
 * A value from the config file as an error may show it: its kind and size, never its text. The
 * file may not be a config at all (a token file named `.bulkhead.yml`), and the error reaches
 * logs, the check run and the pull request.
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `a string of ${v.length} character${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** A key from the config file, bounded and without control characters. */
export function describeKey(k: string): string {
  const clean = k.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}

/** A parser message without any source text it quotes (`Unresolved tag: !<text>`, ...). */
function parserMessage(m: string): string {
  const line = m.split('\n')[0]!;
  const colon = line.indexOf(': ');
  const cut = colon === -1 ? line : line.slice(0, colon);
  return cut.length > 120 ? `${cut.slice(0, 119)}…` : cut;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k as string];
  }
  return cur;
}

function formatIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const key = issue.path.map((k) => describeKey(String(k))).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (key ? `${key}.${describeKey(k)}` : describeKey(k)));
    return `unknown key ${keys.map((k) => `'${k}'`).join(', ')}`;
  }
  if (issue.code === 'invalid_key') {
    const bad = issue.path[issue.path.length - 1];
    const parent = issue.path
      .slice(0, -1)
      .map((k) => describeKey(String(k)))
      .join('.');
    return `'${parent}': invalid key "${describeKey(String(bad))}": ${issue.issues[0]?.message ?? issue.message}`;
  }
  const value = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type' && value === undefined) return `'${key}': required key is missing`;
  return `'${key || '(root)'}': ${issue.message} (got ${describeValue(value)})`;
}

type Ranged = { range?: [number, number, number] | null };

/** Lines of keys and items three levels deep (the schema's deepest), bounded by the 1 MiB file cap. */
function keyLinesOf(root: unknown, lc: LineCounter): Record<string, number> {
  // Keys are file text: `__proto__` must be a key like any other.
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  const visit = (node: unknown, prefix: string, depth: number) => {
    if (depth > 3 || node === null || typeof node !== 'object') return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const path = prefix ? `${prefix}.${key}` : key;
        const r = (pair.key as Ranged).range;
        if (r && !(path in out)) out[path] = lc.linePos(r[0]).line;
        visit(pair.value, path, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const r = (item as Ranged | null)?.range;
        if (r) out[`${prefix}.${i}`] = lc.linePos(r[0]).line;
      });
    }
  };
  visit(root, '', 1);
  return out;
}

/** Parses and validates config text; every problem throws ConfigurationError naming key and value. */
export function parseConfig(text: string, path: string): { config: Config; source: ConfigSource } {
  const lineCounter = new LineCounter();
  const deep = flowTooDeep(text);
  if (deep) {
    throw new ConfigurationError(
      `${path}:${deep.line}:${deep.column}: YAML nested deeper than ${MAX_YAML_FLOW_DEPTH} levels`,
    );
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new ConfigurationError(`${path}:${pos.line}:${pos.col}: invalid YAML: ${parserMessage(e.message)}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (e) {
    throw new ConfigurationError(`${path}: ${parserMessage((e as Error).message)}`);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigurationError(`${path}: expected a mapping of config keys, got ${describeValue(raw)}`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const msgs = result.error.issues.map((i) => formatIssue(i, raw));
    throw new ConfigurationError(`${path}: ${msgs.join('; ')}`);
  }
  const ignoreLines: number[] = [];
  const ignoreNode = doc.get('ignore', true) as
    { items?: { range?: [number, number, number] }[] } | undefined;
  for (const item of ignoreNode?.items ?? []) {
    ignoreLines.push(item.range ? lineCounter.linePos(item.range[0]).line : 1);
  }
  return {
    config: result.data,
    source: { path, text, ignoreLines, keyLines: keyLinesOf(doc.contents, lineCounter) },
  };
}
