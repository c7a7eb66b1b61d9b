import { ParseError } from '../position.js';
import { classifyJsResolved, classifyJsSpec, eachLine, newModel, splitIdent } from './common.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'yarn-classic',
  kind: 'lockfile',
  fileNames: ['yarn.lock'],
  comments: 'yarn-lockfile',
  claims: (text) => !isBerryLockfile(text),
  ecosystem: 'npm',
  manifests: ['package.json'],
  parse: parseYarnClassic,
});

/** Yarn Berry lockfiles start their data with a `__metadata:` key; classic ones never have it. */
export function isBerryLockfile(text: string): boolean {
  return text.startsWith('__metadata:') || text.includes('\n__metadata:');
}

/** Splits a header's comma-separated descriptors, honouring double quotes. */
export function splitDescriptors(header: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = header.length;
  while (i < n) {
    while (i < n && (header[i] === ' ' || header[i] === ',')) i++;
    if (i >= n) break;
    if (header[i] === '"') {
      let j = i + 1;
      while (j < n && header[j] !== '"') j += header[j] === '\\' ? 2 : 1;
      const raw = header.slice(i, Math.min(j + 1, n));
      out.push(unquote(raw));
      i = j + 1;
    } else {
      let j = header.indexOf(',', i);
      if (j === -1) j = n;
      out.push(header.slice(i, j).trim());
      i = j;
    }
  }
  return out;
}

/** Removes double quotes (JSON-style escapes) or returns the text as written. */
export function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    const inner = v.slice(1, -1);
    if (!inner.includes('\\')) return inner;
    try {
      return JSON.parse(v) as string;
    } catch {
      return inner;
    }
  }
  return v;
}

/** Name, alias target and range of a descriptor like `alias@npm:real@^1` or `"@s/p@^1"`. */
export function descriptorName(d: string): { name: string; realName?: string; range: string } {
  const [name, range = ''] = splitIdent(d);
  if (range.startsWith('npm:')) {
    const [real] = splitIdent(range.slice(4));
    if (real !== name && real !== '') return { name, realName: real, range };
  }
  return { name, range };
}

/**
 * Checks an entry header (the line without its trailing `:`) the way Yarn writes it: descriptors
 * separated by `, `, each either bare or a complete double-quoted string. Throws a ParseError at
 * the offending column (an unterminated quote, text after a closing quote, a stray quote).
 */
export function checkHeader(header: string, line: number): void {
  const n = header.length;
  let i = 0;
  let items = 0;
  while (i < n) {
    while (i < n && header.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const start = i;
    if (header.charCodeAt(i) === 34 /* " */) {
      let j = i + 1;
      while (j < n && header.charCodeAt(j) !== 34) j += header.charCodeAt(j) === 92 /* \ */ ? 2 : 1;
      if (j >= n) throw new ParseError('unterminated quoted descriptor in entry header', line, start + 1);
      if (j === i + 1) throw new ParseError('empty descriptor in entry header', line, start + 1);
      i = j + 1;
    } else {
      while (i < n && header.charCodeAt(i) !== 44 /* , */) {
        if (header.charCodeAt(i) === 34) throw new ParseError('stray quote in entry header', line, i + 1);
        i++;
      }
      if (header.slice(start, i).trim() === '')
        throw new ParseError('empty descriptor in entry header', line, start + 1);
    }
    items++;
    while (i < n && header.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    if (header.charCodeAt(i) !== 44)
      throw new ParseError('expected "," between descriptors in entry header', line, i + 1);
    const comma = i++;
    while (i < n && header.charCodeAt(i) === 32) i++;
    if (i >= n) throw new ParseError('entry header ends with ","', line, comma + 1);
  }
  if (items === 0) throw new ParseError('entry header names no package', line, 1);
}

interface Field {
  value: string;
  line: number;
  column: number;
}

/** Yarn classic `yarn.lock` (`# yarn lockfile v1`): a line-oriented format, read line by line. */
export function parseYarnClassic(text: string, path: string): LockfileModel {
  const model = newModel(text, path, 'yarn-classic');
  model.formatVersion = '1';
  model.importers.push('.');
  let cur: { key: string; line: number; fields: Map<string, Field> } | undefined;
  const flush = (): void => {
    if (!cur) return;
    model.packages.push(toPackage(cur.key, cur.line, cur.fields));
    cur = undefined;
  };
  for (const { no, text: line } of eachLine(text)) {
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    if (line.charCodeAt(indent) === 35 /* # */) continue;
    if (line.charCodeAt(indent) === 9)
      throw new ParseError('tab indentation is not valid in yarn.lock', no, indent + 1);
    if (indent === 0) {
      if (!line.endsWith(':')) throw new ParseError('expected an entry header ending with ":"', no, 1);
      flush();
      const header = line.slice(0, -1);
      checkHeader(header, no);
      cur = { key: header, line: no, fields: new Map() };
      continue;
    }
    if (!cur) throw new ParseError('indented line outside an entry', no, indent + 1);
    if (indent !== 2) continue; // nested dependency lists
    if (line.endsWith(':')) continue; // `dependencies:` and similar blocks
    const body = line.slice(2);
    let sep = body.indexOf(' ');
    let keyRaw = sep === -1 ? body : body.slice(0, sep);
    if (body.startsWith('"')) {
      const close = body.indexOf('"', 1);
      if (close === -1) throw new ParseError('unterminated quoted key', no, 3);
      keyRaw = body.slice(0, close + 1);
      sep = close + 1;
    }
    if (sep === -1 || sep >= body.length)
      throw new ParseError(`field "${unquote(keyRaw)}" has no value`, no, 3);
    let vstart = sep + 1;
    while (body.charCodeAt(vstart) === 32) vstart++;
    const rawValue = body.slice(vstart);
    const quoted = rawValue.startsWith('"');
    if (quoted && (rawValue.length < 2 || !rawValue.endsWith('"'))) {
      throw new ParseError('unterminated quoted value', no, vstart + 3);
    }
    cur.fields.set(unquote(keyRaw.replace(/:$/, '')), {
      value: unquote(rawValue),
      line: no,
      column: vstart + 3 + (quoted ? 1 : 0),
    });
  }
  flush();
  return model;
}

function toPackage(key: string, line: number, fields: Map<string, Field>): Package {
  const descriptors = splitDescriptors(key);
  if (descriptors.length === 0 || descriptors[0] === '')
    throw new ParseError('entry header names no package', line, 1);
  const d = descriptorName(descriptors[0]!);
  const version = fields.get('version');
  const p: Package = {
    ecosystem: 'npm',
    name: d.name,
    version: version?.value ?? '',
    source: 'registry',
    key,
    line,
    column: 1,
  };
  if (d.realName !== undefined) p.realName = d.realName;
  const resolved = fields.get('resolved');
  if (resolved) {
    p.resolved = resolved.value;
    p.resolvedLine = resolved.line;
    p.resolvedColumn = resolved.column;
    const c = classifyJsResolved(resolved.value);
    p.source = c.source;
    if (c.commit !== undefined) p.commit = c.commit;
  } else {
    // No `resolved` (yarn omits it for some git specs): the descriptor itself says where it is from.
    for (const desc of descriptors) {
      const { range } = descriptorName(desc);
      const c = classifyJsSpec(range);
      if (!c) continue;
      p.source = c.source;
      if (c.commit !== undefined) p.commit = c.commit;
      if (c.source === 'git' || c.source === 'tarball') {
        p.resolved = range;
        p.resolvedLine = line;
        const at = key.indexOf(desc);
        p.resolvedColumn = at === -1 ? 1 : at + 1 + desc.length - range.length;
      }
      break;
    }
  }
  const integrity = fields.get('integrity');
  if (integrity) {
    p.integrity = integrity.value;
    p.integrityLine = integrity.line;
    p.integrityColumn = integrity.column;
  }
  return p;
}
