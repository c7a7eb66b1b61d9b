import { ParseError } from '../position.js';
import { gitFragment } from '../../refs/git.js';
import { atPos, isObject, newModel, parseJsonText, setPos, str } from './common.js';
import { keyIs, keyText, scanJson } from './json-positions.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'pipfile',
  kind: 'lockfile',
  fileNames: ['Pipfile.lock'],
  comments: 'none', // JSON
  ecosystem: 'PyPI',
  manifests: [],
  json: true,
  parse: parsePipfileLock,
});

const SECTIONS = ['default', 'develop'];

/** Pipfile.lock: `_meta.sources` and the `default`/`develop` package maps. */
export function parsePipfileLock(text: string, path: string): LockfileModel {
  const data = parseJsonText(text, 'Pipfile.lock');
  if (!isObject(data)) throw new ParseError('not a Pipfile.lock: the top level is not an object', 1, 1);
  const model = newModel(text, path, 'pipfile');
  model.importers.push('.');
  for (const s of SECTIONS) {
    if (data[s] !== undefined && !isObject(data[s]))
      throw new ParseError(`not a Pipfile.lock: "${s}" is not an object`, 1, 1);
  }
  const meta = isObject(data._meta) ? data._meta : {};
  const spec = meta['pipfile-spec'];
  if (spec !== undefined) model.formatVersion = String(spec as string);

  const entry = new Map<string, number>();
  const field = new Map<string, number>();
  const sourceUrl: number[] = [];
  const FIELDS = ['git', 'file', 'path'];
  scanJson(
    text,
    (depth, stack, keyPos, valuePos, ks, ke) => {
      const top = stack[0];
      if (top === '_meta') {
        if (depth === 3 && stack[1] === 'sources' && keyIs(text, ks, ke, 'url'))
          sourceUrl[stack[2] as number] = valuePos + 1;
        return;
      }
      if ((top !== 'default' && top !== 'develop') || depth === 0) return;
      if (depth === 1) {
        entry.set(`${top}\u0000${keyText(text, ks, ke)}`, keyPos);
        return;
      }
      const id = `${top}\u0000${stack[1] as string}`;
      if (depth === 2) {
        for (const f of FIELDS) if (keyIs(text, ks, ke, f)) field.set(`${id}\u0000${f}`, valuePos + 1);
      } else if (depth === 3 && stack[2] === 'hashes' && stack[3] === 0)
        field.set(`${id}\u0000hashes`, valuePos + 1);
    },
    3,
  );

  const sources = Array.isArray(meta.sources) ? meta.sources : [];
  sources.forEach((s, i) => {
    const url = isObject(s) ? str(s.url) : undefined;
    if (url === undefined) return;
    model.registries.push({ url, ...atPos(sourceUrl[i]) });
  });

  for (const section of SECTIONS) {
    const deps = data[section];
    if (!isObject(deps)) continue;
    for (const [name, raw] of Object.entries(deps)) {
      const id = `${section}\u0000${name}`;
      const at = atPos(entry.get(id));
      if (!isObject(raw)) throw new ParseError(`${section}["${name}"] is not an object`, at.line, at.column);
      const version = str(raw.version) ?? '';
      const p: Package = {
        ecosystem: 'PyPI',
        name,
        version: version.replace(/^===?/, ''),
        source: 'registry',
        key: name,
        ...at,
      };
      if (section === 'develop') p.dev = true;
      if (raw.editable === true) p.editable = true;
      const fpos = (f: string): { line: number; column: number } | undefined => {
        const o = field.get(`${id}\u0000${f}`);
        return o === undefined ? undefined : atPos(o);
      };
      const git = str(raw.git);
      const file = str(raw.file);
      const localPath = str(raw.path);
      if (git !== undefined) {
        p.source = 'git';
        p.resolved = git;
        setPos(p, 'resolved', fpos('git'));
        const ref = str(raw.ref) ?? gitFragment(git);
        if (ref !== undefined) p.commit = ref;
      } else if (file !== undefined) {
        p.resolved = file;
        setPos(p, 'resolved', fpos('file'));
        p.source = /^https?:\/\//.test(file) ? 'tarball' : 'file';
      } else if (localPath !== undefined) {
        p.source = 'file';
        p.resolved = localPath;
        setPos(p, 'resolved', fpos('path'));
      }
      if (Array.isArray(raw.hashes) && raw.hashes.length > 0) {
        p.integrity = raw.hashes.filter((h): h is string => typeof h === 'string').join(' ');
        setPos(p, 'integrity', fpos('hashes'));
      }
      model.packages.push(p);
    }
  }
  return model;
}
