/** Line readers shared by the package-manager config formats. */
import type { PmSetting } from '../lockfile/config-model.js';

/** At most this many settings are kept from one file. */
export const MAX_SETTINGS = 50_000;

export function unquote(v: string): { value: string; offset: number } {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    return { value: v.slice(1, -1), offset: 1 };
  }
  return { value: v, offset: 0 };
}

/** Splits text into lines with 1-based numbers (CR of CRLF removed). */
export function* lines(text: string): Generator<{ n: number; line: string }> {
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

export function setting(
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

/**
 * ini-style files. npm: `key=value`, `;`/`#` comment lines, `[section]` rarely. pip/pypirc
 * (Python configparser): `key = value` or `key: value`, indented continuation lines add values
 * (`extra-index-url =\n    https://a\n    https://b`), whitespace-separated lists stay one value.
 */
export function parseIni(
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
