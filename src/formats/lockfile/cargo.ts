import { ParseError } from '../position.js';
import { gitFragment } from '../../refs/git.js';
import { isObject, newModel, str } from './common.js';
import type { LockfileModel, Package } from './model.js';
import { parseToml, tomlBlocks } from './toml-blocks.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'cargo',
  kind: 'lockfile',
  fileNames: ['Cargo.lock'],
  comments: 'toml',
  ecosystem: 'crates.io',
  manifests: [],
  parse: parseCargo,
});

/** Cargo.lock (v1-v4): `[[package]]` with `source` (`registry+`, `sparse+`, `git+`) and `checksum`. */
export function parseCargo(text: string, path: string): LockfileModel {
  const data = parseToml(text, 'Cargo.lock');
  const model = newModel(text, path, 'cargo');
  model.importers.push('.');
  if (data.version !== undefined) model.formatVersion = String(data.version as number);
  const list = data.package ?? [];
  if (!Array.isArray(list))
    throw new ParseError('not a Cargo.lock: "package" is not an array of tables', 1, 1);
  const blocks = tomlBlocks(text, 'package');
  // Cargo.lock v1 kept checksums in [metadata]: "checksum <name> <version> (<source>)" = "<sha256>"
  const metadata = isObject(data.metadata) ? data.metadata : {};
  list.forEach((raw, i) => {
    const b = blocks[i];
    const at = b?.fields.get('name') ?? { line: b?.line ?? 1, column: 1 };
    if (!isObject(raw)) throw new ParseError(`package ${i + 1} is not a table`, at.line, 1);
    const name = str(raw.name) ?? '';
    const version = str(raw.version) ?? '';
    const p: Package = {
      ecosystem: 'crates.io',
      name,
      version,
      source: 'workspace',
      key: `${name} ${version}`,
      line: at.line,
      column: 1,
    };
    const source = str(raw.source);
    if (source !== undefined) {
      const plus = source.indexOf('+');
      const kind = plus === -1 ? source : source.slice(0, plus);
      p.resolved = plus === -1 ? source : source.slice(plus + 1);
      const sp = b?.fields.get('source');
      if (sp) {
        p.resolvedLine = sp.line;
        p.resolvedColumn = sp.column + plus + 1;
      }
      if (kind === 'git') {
        p.source = 'git';
        const commit = gitFragment(p.resolved);
        if (commit !== undefined) p.commit = commit;
      } else if (kind === 'path') p.source = 'file';
      else p.source = 'registry';
      const checksum = str(raw.checksum) ?? str(metadata[`checksum ${name} ${version} (${source})`]);
      if (checksum !== undefined) {
        p.integrity = checksum;
        const cp = b?.fields.get('checksum');
        if (cp) {
          p.integrityLine = cp.line;
          p.integrityColumn = cp.column;
        }
      }
    }
    model.packages.push(p);
  });
  return model;
}
