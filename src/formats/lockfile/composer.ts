import { ParseError } from '../position.js';
import { atPos, isObject, newModel, parseJsonText, setPos, str } from './common.js';
import { keyIs, scanJson } from './json-positions.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'composer',
  kind: 'lockfile',
  fileNames: ['composer.lock'],
  comments: 'none', // JSON
  ecosystem: 'Packagist',
  manifests: [],
  json: true,
  parse: parseComposer,
});

const SECTIONS = ['packages', 'packages-dev'];

/** composer.lock: `packages` and `packages-dev` arrays with `dist` and `source`. */
export function parseComposer(text: string, path: string): LockfileModel {
  const data = parseJsonText(text, 'composer.lock');
  if (!isObject(data)) throw new ParseError('not a composer.lock: the top level is not an object', 1, 1);
  for (const s of SECTIONS) {
    if (data[s] !== undefined && data[s] !== null && !Array.isArray(data[s])) {
      throw new ParseError(`not a composer.lock: "${s}" is not an array`, 1, 1);
    }
  }
  const model = newModel(text, path, 'composer');
  model.importers.push('.');
  const pos = new Map<string, number>();
  scanJson(
    text,
    (depth, stack, keyPos, valuePos, ks, ke) => {
      const top = stack[0];
      if (depth === 0 || (top !== 'packages' && top !== 'packages-dev')) return;
      const id = `${top}\u0000${String(stack[1])}`;
      if (depth === 1) pos.set(id, keyPos);
      else if (depth === 2 && keyIs(text, ks, ke, 'name')) pos.set(`${id}\u0000name`, keyPos);
      else if (depth === 3 && (stack[2] === 'dist' || stack[2] === 'source')) {
        for (const f of ['url', 'shasum'])
          if (keyIs(text, ks, ke, f)) pos.set(`${id}\u0000${stack[2]}.${f}`, valuePos + 1);
      }
    },
    3,
  );
  for (const section of SECTIONS) {
    const list = data[section];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const id = `${section}\u0000${i}`;
      const at = atPos(pos.get(`${id}\u0000name`) ?? pos.get(id));
      if (!isObject(raw)) throw new ParseError(`${section}[${i}] is not an object`, at.line, at.column);
      const name = str(raw.name) ?? '';
      const p: Package = {
        ecosystem: 'Packagist',
        name,
        version: str(raw.version) ?? '',
        source: 'registry',
        key: name,
        ...at,
      };
      if (section === 'packages-dev') p.dev = true;
      const fpos = (f: string): { line: number; column: number } | undefined => {
        const o = pos.get(`${id}\u0000${f}`);
        return o === undefined ? undefined : atPos(o);
      };
      const dist = isObject(raw.dist) ? raw.dist : undefined;
      const source = isObject(raw.source) ? raw.source : undefined;
      const distUrl = dist ? str(dist.url) : undefined;
      if (dist?.type === 'path' || source?.type === 'path') {
        p.source = 'file';
        p.resolved = distUrl ?? str(source?.url);
      } else if (distUrl) {
        p.resolved = distUrl;
        setPos(p, 'resolved', fpos('dist.url'));
        const shasum = str(dist?.shasum);
        if (shasum) {
          p.integrity = shasum;
          setPos(p, 'integrity', fpos('dist.shasum'));
        }
      } else if (source && str(source.url)) {
        p.source = source.type === 'git' || source.type === 'hg' || source.type === 'svn' ? 'git' : 'tarball';
        p.resolved = str(source.url);
        setPos(p, 'resolved', fpos('source.url'));
        const ref = str(source.reference);
        if (ref) p.commit = ref;
      }
      model.packages.push(p);
    });
  }
  return model;
}
