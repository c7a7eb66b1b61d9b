import { isObject, newModel, str } from './common.js';
import type { LockfileModel } from './model.js';
import { parseToml, pythonPackages } from './toml-blocks.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'poetry',
  kind: 'lockfile',
  fileNames: ['poetry.lock'],
  comments: 'toml',
  ecosystem: 'PyPI',
  manifests: ['pyproject.toml'],
  parse: parsePoetry,
});

function hashesOf(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  return files
    .map((f) => (isObject(f) ? str(f.hash) : undefined))
    .filter((h): h is string => h !== undefined);
}

/** poetry.lock: `[[package]]` with `files` hashes (or 1.x `[metadata.files]`) and `[package.source]`. */
export function parsePoetry(text: string, path: string): LockfileModel {
  const data = parseToml(text, 'poetry.lock');
  const model = newModel(text, path, 'poetry');
  model.importers.push('.');
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const lockVersion = str(metadata['lock-version']);
  if (lockVersion !== undefined) model.formatVersion = lockVersion;
  const legacyFiles = isObject(metadata.files) ? metadata.files : {};
  for (const { raw, pkg: p, block: b } of pythonPackages(text, data.package ?? [], 'poetry.lock')) {
    if (raw.category === 'dev') p.dev = true;
    if (raw.optional === true) p.optional = true;
    if (raw.develop === true) p.editable = true;
    const src = isObject(raw.source) ? raw.source : undefined;
    if (src) {
      const type = str(src.type);
      const url = str(src.url);
      if (url !== undefined) {
        p.resolved = url;
        const up = b?.fields.get('source.url');
        if (up) {
          p.resolvedLine = up.line;
          p.resolvedColumn = up.column;
        }
      }
      if (type === 'git') {
        p.source = 'git';
        const commit = str(src.resolved_reference) ?? str(src.reference);
        if (commit !== undefined) p.commit = commit;
      } else if (type === 'directory' || type === 'file') p.source = 'file';
      else if (type === 'url') p.source = 'tarball';
      // `legacy` is a private package index: registry, with its URL in resolved
    }
    const hashes = hashesOf(raw.files);
    const all = hashes.length > 0 ? hashes : hashesOf(legacyFiles[p.name]);
    if (all.length > 0) {
      p.integrity = all.join(' ');
      const hp = b?.fields.get('files.hash');
      if (hp) {
        p.integrityLine = hp.line;
        p.integrityColumn = hp.column;
      }
    }
    model.packages.push(p);
  }
  return model;
}
