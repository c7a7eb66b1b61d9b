import { ParseError } from '../position.js';
import { eachLine, newModel } from './common.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'go-sum',
  kind: 'lockfile',
  fileNames: ['go.sum'],
  comments: 'none',
  ecosystem: 'Go',
  manifests: [],
  parse: parseGoSum,
});

/**
 * go.sum: `<module> <version>[/go.mod] h1:<base64>`. One package per module version whose
 * source tree is hashed; `/go.mod`-only lines (a module's go.mod fetched for resolution) are not
 * packages of the build.
 */
export function parseGoSum(text: string, path: string): LockfileModel {
  const model = newModel(text, path, 'go-sum');
  model.importers.push('.');
  for (const { no, text: line } of eachLine(text)) {
    const t = line.trim();
    if (t === '') continue;
    const parts = fields(t, 4);
    if (parts.length !== 3)
      throw new ParseError('malformed go.sum line: expected "<module> <version> <hash>"', no, 1);
    const [module, version, hash] = parts as [string, string, string];
    if (version.endsWith('/go.mod')) continue;
    const col = line.indexOf(module) + 1;
    const p: Package = {
      ecosystem: 'Go',
      name: module,
      version,
      source: 'registry',
      key: `${module} ${version}`,
      line: no,
      column: col,
    };
    p.integrity = hash;
    p.integrityLine = no;
    p.integrityColumn = line.lastIndexOf(hash) + 1;
    model.packages.push(p);
  }
  return model;
}

/**
 * The first `max` whitespace-separated fields: enough to tell a well-formed line from a malformed
 * one, without splitting a 60 MB line of spaces into thirty million strings.
 */
function fields(t: string, max: number): string[] {
  // A plain scan, not /\S+/g: the regex engine overflows its stack on one 60 MB field.
  const out: string[] = [];
  let i = 0;
  while (i < t.length && out.length < max) {
    while (i < t.length && isSpace(t.charCodeAt(i))) i++;
    const start = i;
    while (i < t.length && !isSpace(t.charCodeAt(i))) i++;
    if (i > start) out.push(t.slice(start, i));
  }
  return out;
}

/** The whitespace /\s/ knows in a go.sum line: space, tab, CR, LF, VT, FF. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
