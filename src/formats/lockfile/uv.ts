import { gitFragment } from '../../refs/git.js';
import { isObject, newModel, str } from './common.js';
import type { LockfileModel } from './model.js';
import { parseToml, pythonPackages } from './toml-blocks.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'uv',
  kind: 'lockfile',
  fileNames: ['uv.lock'],
  comments: 'toml',
  ecosystem: 'PyPI',
  manifests: ['pyproject.toml'],
  parse: parseUv,
});

/** uv.lock: `[[package]]` with `source = {registry|git|url|path|directory|editable|virtual}`, sdist and wheels. */
export function parseUv(text: string, path: string): LockfileModel {
  const data = parseToml(text, 'uv.lock');
  const model = newModel(text, path, 'uv');
  if (data.version !== undefined) model.formatVersion = String(data.version as number);
  const registries = new Set<string>();
  for (const { raw, pkg: p, block: b } of pythonPackages(text, data.package ?? [], 'uv.lock')) {
    const src = isObject(raw.source) ? raw.source : {};
    const sp = b?.fields.get('source');
    const setResolved = (url: string): void => {
      p.resolved = url;
      if (sp) {
        p.resolvedLine = sp.line;
        p.resolvedColumn = sp.column;
      }
    };
    if (str(src.registry) !== undefined) {
      setResolved(str(src.registry)!);
      registries.add(str(src.registry)!);
    } else if (str(src.git) !== undefined) {
      p.source = 'git';
      setResolved(str(src.git)!);
      const commit = gitFragment(p.resolved!);
      if (commit !== undefined) p.commit = commit;
    } else if (str(src.url) !== undefined) {
      p.source = 'tarball';
      setResolved(str(src.url)!);
    } else if (str(src.editable) !== undefined || str(src.virtual) !== undefined) {
      p.source = 'workspace';
      p.editable = str(src.editable) !== undefined;
      if (!p.editable) delete p.editable;
      const dir = str(src.editable) ?? str(src.virtual)!;
      p.resolved = dir;
      model.importers.push(dir);
    } else if (str(src.path) !== undefined || str(src.directory) !== undefined) {
      p.source = 'file';
      setResolved((str(src.path) ?? str(src.directory))!);
    }
    const hashes: string[] = [];
    const sdist = isObject(raw.sdist) ? raw.sdist : undefined;
    if (sdist && str(sdist.hash)) hashes.push(str(sdist.hash)!);
    if (Array.isArray(raw.wheels)) {
      for (const w of raw.wheels) if (isObject(w) && str(w.hash)) hashes.push(str(w.hash)!);
    }
    if (hashes.length > 0) {
      p.integrity = hashes.join(' ');
      const hp = b?.fields.get('sdist.hash') ?? b?.fields.get('wheels.hash');
      if (hp) {
        p.integrityLine = hp.line;
        p.integrityColumn = hp.column;
      }
    }
    model.packages.push(p);
  }
  if (model.importers.length === 0) model.importers.push('.');
  return model;
}
