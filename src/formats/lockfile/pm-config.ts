/**
 * Package-manager config files into one list of settings with positions:
 * `.npmrc` (ini-like), `.yarnrc.yml` (YAML), `.yarnrc` (Yarn classic `key "value"` lines),
 * `pip.conf` / `pip.ini` and `.pypirc` (ini sections), `bunfig.toml` (TOML).
 *
 * Keys are flattened: YAML and TOML nesting is joined with `.` (`npmScopes.acme.npmRegistryServer`,
 * `install.scopes.acme.url`); list items repeat their parent's key. Values are strings as written
 * (quotes removed). Nothing is expanded: `${NPM_TOKEN}` stays as written.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { flowTooDeep, MAX_YAML_FLOW_DEPTH } from '../yaml-depth.js';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ParseError } from '../position.js';
import type { PmConfigFormat, PmConfigModel, PmSetting } from './config-model.js';

const MAX_SETTINGS = 50_000;

export function pmConfigFormat(path: string): PmConfigFormat | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  switch (base) {
    case '.npmrc':
      return 'npmrc';
    case '.yarnrc.yml':
    case '.yarnrc.yaml':
      return 'yarnrc-yml';
    case '.yarnrc':
      return 'yarnrc';
    case 'pip.conf':
    case 'pip.ini':
      return 'pip-conf';
    case '.pypirc':
      return 'pypirc';
    case 'bunfig.toml':
      return 'bunfig';
    default:
      return undefined;
  }
}

export function parsePmConfig(text: string, path: string): PmConfigModel {
  const format = pmConfigFormat(path);
  if (!format) throw new ParseError(`not a known package-manager config file name: ${path}`);
  const src = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text; // keep columns
  let settings: PmSetting[];
  switch (format) {
    case 'npmrc':
      settings = parseIni(src, { colon: false, continuation: false, sections: true });
      break;
    case 'pip-conf':
    case 'pypirc':
      settings = parseIni(src, { colon: true, continuation: true, sections: true });
      break;
    case 'yarnrc':
      settings = parseYarnrc(src);
      break;
    case 'yarnrc-yml':
      settings = parseYarnrcYml(src);
      break;
    case 'bunfig':
      settings = parseBunfig(src);
      break;
  }
  return { path, text, format, settings: settings.slice(0, MAX_SETTINGS) };
}

function unquote(v: string): { value: string; offset: number } {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    return { value: v.slice(1, -1), offset: 1 };
  }
  return { value: v, offset: 0 };
}

/** Splits text into lines with 1-based numbers (CR of CRLF removed). */
function* lines(text: string): Generator<{ n: number; line: string }> {
  let n = 1;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    yield { n, line };
    if (nl === -1) return;
    start = nl + 1;
    n++;
  }
}

/**
 * ini-style files. npm: `key=value`, `;`/`#` comment lines, `[section]` rarely. pip/pypirc
 * (Python configparser): `key = value` or `key: value`, indented continuation lines add values
 * (`extra-index-url =\n    https://a\n    https://b`), whitespace-separated lists stay one value.
 */
function parseIni(
  text: string,
  opts: { colon: boolean; continuation: boolean; sections: boolean },
): PmSetting[] {
  const out: PmSetting[] = [];
  let section: string | undefined;
  let last: PmSetting | undefined;
  for (const { n, line } of lines(text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') last = undefined;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (opts.continuation && indent > 0 && last) {
      out.push({ ...last, value: trimmed, valueLine: n, valueColumn: indent + 1 });
      continue;
    }
    if (opts.sections && trimmed.startsWith('[') && trimmed.endsWith(']')) {
      section = trimmed.slice(1, -1).trim();
      last = undefined;
      continue;
    }
    let sep = line.indexOf('=');
    if (opts.colon) {
      const c = line.indexOf(':');
      // `key: value` unless the colon belongs to a URL in a `key = https://...` line
      if (c !== -1 && (sep === -1 || c < sep)) sep = c;
    }
    if (sep === -1) {
      out.push(setting(trimmed, '', section, n, indent + 1, n, indent + 1 + trimmed.length));
      last = undefined;
      continue;
    }
    const rawKey = line.slice(0, sep).trim();
    const key = unquote(rawKey).value;
    const keyCol = line.indexOf(rawKey) + 1;
    const afterSep = line.slice(sep + 1);
    const rawValue = afterSep.trim();
    const lead = afterSep.length - afterSep.trimStart().length;
    const q = unquote(rawValue);
    const valueColumn = sep + 2 + lead + q.offset;
    last = setting(key, q.value, section, n, keyCol, n, valueColumn);
    out.push(last);
  }
  return out;
}

function setting(
  key: string,
  value: string,
  section: string | undefined,
  line: number,
  column: number,
  valueLine: number,
  valueColumn: number,
): PmSetting {
  return section === undefined
    ? { key, value, line, column, valueLine, valueColumn }
    : { key, value, section, line, column, valueLine, valueColumn };
}

/** Yarn classic `.yarnrc`: `key value` / `"key" "value"` lines, `#` comments. */
function parseYarnrc(text: string): PmSetting[] {
  const out: PmSetting[] = [];
  for (const { n, line } of lines(text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    let keyEnd: number;
    if (trimmed[0] === '"') {
      const close = trimmed.indexOf('"', 1);
      if (close === -1) throw new ParseError('unterminated quoted key', n, indent + 1);
      keyEnd = close + 1;
    } else {
      keyEnd = trimmed.search(/[\s]/);
      if (keyEnd === -1) keyEnd = trimmed.length;
    }
    const key = unquote(trimmed.slice(0, keyEnd)).value;
    const rest = trimmed.slice(keyEnd);
    const rawValue = rest.trim();
    const lead = rest.length - rest.trimStart().length;
    const q = unquote(rawValue);
    out.push(setting(key, q.value, undefined, n, indent + 1, n, indent + 1 + keyEnd + lead + q.offset));
  }
  return out;
}

/** `.yarnrc.yml`: every scalar leaf becomes a setting keyed by its path. */
function parseYarnrcYml(text: string): PmSetting[] {
  const lc = new LineCounter();
  const deep = flowTooDeep(text);
  if (deep)
    throw new ParseError(`YAML nested deeper than ${MAX_YAML_FLOW_DEPTH} levels`, deep.line, deep.column);
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw new ParseError(e.message.split('\n')[0]!, p.line, p.col);
  }
  const out: PmSetting[] = [];
  const pos = (node: YamlNode | null | undefined): { line: number; col: number } =>
    node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
  const walk = (node: unknown, key: string, keyNode: YamlNode | null, depth: number): void => {
    if (depth > 32 || out.length >= MAX_SETTINGS) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, key === '' ? k : `${key}.${k}`, pair.key as YamlNode, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, key, keyNode, depth + 1);
    } else if (isScalar(node)) {
      const kp = pos(keyNode ?? node);
      const vp = pos(node);
      // A quoted scalar's range starts at its quote; point at the first character of the value.
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      out.push(
        setting(
          key,
          node.value === null ? '' : String(node.value),
          undefined,
          kp.line,
          kp.col,
          vp.line,
          vp.col + quoted,
        ),
      );
    }
  };
  walk(doc.contents, '', null, 0);
  return out;
}

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
