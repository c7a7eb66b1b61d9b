import { ParseError } from '../position.js';
import { definePmConfigFormat } from '../format.js';
import type { PmSetting } from '../lockfile/config-model.js';
import { lines, setting, unquote } from './read.js';

export const format = definePmConfigFormat({
  name: 'yarnrc',
  kind: 'pm-config',
  fileNames: ['.yarnrc'],
  comments: 'yarn-lockfile', // Yarn classic reads .yarnrc with its lockfile parser
  ecosystem: 'npm',
  parse: parseYarnrc,
});

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
