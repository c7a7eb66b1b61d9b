import { parse, TomlError } from 'smol-toml';
import { ParseError } from '../position.js';
import { eachLine, hostileToParseError, isObject, str } from './common.js';
import type { Package } from './model.js';

export interface TomlBlock {
  /** Line of the `[[package]]` header. */
  line: number;
  /** `key` or `subtable.key` -> 1-based line and the column of the value's first character (inside quotes). */
  fields: Map<string, { line: number; column: number }>;
}

/** smol-toml with its errors turned into ParseError. */
export function parseToml(text: string, what: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError)
      throw new ParseError(`invalid TOML in ${what}: ${e.message.split('\n')[0]}`, e.line, e.column);
    hostileToParseError(e, what);
  }
}

function valueColumn(line: string, eq: number): number {
  let i = eq + 1;
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (line[i] === '"' || line[i] === "'") i++;
  else if (line[i] === '{') {
    // inline table: point at its first string value
    const q = line.indexOf('"', i);
    if (q !== -1) i = q + 1;
  }
  return i + 1;
}

/**
 * Finds each `[[<array>]]` table in one line pass (skipping multi-line strings) and the positions
 * of its keys, so the i-th block matches the i-th element smol-toml returns.
 */
export function tomlBlocks(text: string, array: string): TomlBlock[] {
  const header = `[[${array}]]`;
  const blocks: TomlBlock[] = [];
  let cur: TomlBlock | undefined;
  let prefix: string | undefined;
  let inString: string | undefined;
  let lastArray: string | undefined;
  for (const { no, text: raw } of eachLine(text)) {
    if (inString) {
      if (raw.includes(inString)) inString = undefined;
      continue;
    }
    const line = raw.trim();
    if (line.startsWith('[')) {
      if (line.startsWith(header)) {
        cur = { line: no, fields: new Map() };
        blocks.push(cur);
        prefix = '';
      } else if (line.startsWith(`[${array}.`) && cur) {
        const end = line.indexOf(']');
        prefix = `${line.slice(array.length + 2, end === -1 ? line.length : end)}.`;
      } else {
        prefix = undefined;
      }
      continue;
    }
    for (const delim of ['"""', "'''"]) {
      const first = raw.indexOf(delim);
      if (first !== -1 && raw.indexOf(delim, first + 3) === -1) inString = delim;
    }
    if (!cur || prefix === undefined) continue;
    let full: string;
    let eq: number;
    if (line.startsWith('{') && lastArray !== undefined) {
      // an element of a multi-line array of inline tables (`files = [`, `wheels = [`)
      full = lastArray;
      eq = raw.indexOf('{');
    } else {
      eq = raw.indexOf('=');
      if (eq <= 0) continue;
      const key = raw.slice(0, eq).trim().replace(/^"|"$/g, '');
      full = prefix + key;
      lastArray = raw.trimEnd().endsWith('[') ? full : undefined;
      if (!cur.fields.has(full)) cur.fields.set(full, { line: no, column: valueColumn(raw, eq) });
    }
    // positions of keys inside inline tables on this line (`sdist = { url = "...", hash = "..." }`)
    for (const inner of ['hash', 'url', 'registry', 'git', 'path', 'editable']) {
      const k = raw.indexOf(` ${inner} = `, eq);
      const id = `${full}.${inner}`;
      if (k !== -1 && !cur.fields.has(id))
        cur.fields.set(id, { line: no, column: valueColumn(raw, k + inner.length + 2) });
    }
  }
  return blocks;
}

/**
 * The `[[package]]` tables of a Python TOML lockfile (poetry.lock, uv.lock), each as a registry
 * Package positioned at its `name` key, with its raw table and its block for further fields.
 */
export function pythonPackages(
  text: string,
  list: unknown,
  what: string,
): { raw: Record<string, unknown>; pkg: Package; block: TomlBlock | undefined }[] {
  if (!Array.isArray(list)) throw new ParseError(`not a ${what}: "package" is not an array of tables`, 1, 1);
  const blocks = tomlBlocks(text, 'package');
  return list.map((raw: unknown, i) => {
    const block = blocks[i];
    const at = block?.fields.get('name') ?? { line: block?.line ?? 1, column: 1 };
    if (!isObject(raw)) throw new ParseError(`package ${i + 1} is not a table`, at.line, 1);
    const name = str(raw.name) ?? '';
    const pkg: Package = {
      ecosystem: 'PyPI',
      name,
      version: str(raw.version) ?? '',
      source: 'registry',
      key: name,
      line: at.line,
      column: 1,
    };
    return { raw, pkg, block };
  });
}
