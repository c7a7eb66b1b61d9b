import { parse as parseToml, TomlError } from 'smol-toml';
import { ParseError } from '../position.js';
import { definePmConfigFormat } from '../format.js';
import type { PmSetting } from '../lockfile/config-model.js';
import { lines, setting, unquote } from './read.js';

export const format = definePmConfigFormat({
  name: 'bunfig',
  kind: 'pm-config',
  fileNames: ['bunfig.toml'],
  comments: 'toml',
  ecosystem: 'npm',
  parse: parseBunfig,
});

/**
 * `bunfig.toml`: validated with smol-toml, then read line by line for positions: table headers,
 * `key = value` pairs, and one level of inline table (`registry = { url = "...", token = "..." }`).
 */
function parseBunfig(text: string): PmSetting[] {
  try {
    parseToml(text);
  } catch (e) {
    if (e instanceof TomlError) throw new ParseError(e.message.split('\n')[0]!, e.line, e.column);
    throw new ParseError((e as Error).message);
  }
  const out: PmSetting[] = [];
  let table = '';
  for (const { n, line } of lines(text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      table = trimmed
        .slice(trimmed.startsWith('[[') ? 2 : 1, close === -1 ? undefined : close)
        .split('.')
        .map((s) => unquote(s.trim()).value)
        .join('.');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    const rawKey = line.slice(0, eq).trim();
    const keyCol = line.indexOf(rawKey) + 1;
    const key = rawKey
      .split('.')
      .map((s) => unquote(s.trim()).value)
      .join('.');
    const full = table === '' ? key : `${table}.${key}`;
    const after = line.slice(eq + 1);
    const valueStart = eq + 1 + (after.length - after.trimStart().length);
    const raw = stripTomlComment(after.trim());
    if (raw.startsWith('{')) {
      readInlineTable(line, valueStart, full, n, out);
      continue;
    }
    const q = unquote(raw);
    out.push(setting(full, q.value, undefined, n, keyCol, n, valueStart + 1 + q.offset));
  }
  return out;
}

function stripTomlComment(v: string): string {
  if (v.startsWith('"') || v.startsWith("'")) {
    const close = v.indexOf(v[0]!, 1);
    return close === -1 ? v : v.slice(0, close + 1);
  }
  const hash = v.indexOf('#');
  return (hash === -1 ? v : v.slice(0, hash)).trim();
}

/** `{ url = "https://...", token = "$TOKEN" }` on one line; values are strings or bare words. */
function readInlineTable(line: string, start: number, prefix: string, n: number, out: PmSetting[]): void {
  let i = start + 1;
  const end = line.lastIndexOf('}');
  while (i < end) {
    while (i < end && (line[i] === ' ' || line[i] === ',' || line[i] === '\t')) i++;
    const eq = line.indexOf('=', i);
    if (eq === -1 || eq > end) return;
    const key = unquote(line.slice(i, eq).trim()).value;
    const keyCol = i + 1;
    let j = eq + 1;
    while (j < end && line[j] === ' ') j++;
    let value: string;
    let valueCol: number;
    if (line[j] === '"' || line[j] === "'") {
      const close = line.indexOf(line[j]!, j + 1);
      const stop = close === -1 ? end : close;
      value = line.slice(j + 1, stop);
      valueCol = j + 2;
      i = stop + 1;
    } else {
      let k = j;
      while (k < end && line[k] !== ',') k++;
      value = line.slice(j, k).trim();
      valueCol = j + 1;
      i = k + 1;
    }
    out.push(setting(`${prefix}.${key}`, value, undefined, n, keyCol, n, valueCol));
  }
}
