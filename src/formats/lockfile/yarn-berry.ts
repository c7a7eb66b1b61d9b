import { ParseError } from '../position.js';
import { gitFragment } from '../../refs/git.js';
import { classifyJsSpec, eachLine, isGitUrl, newModel, splitIdent } from './common.js';
import type { LockfileModel, Package, PackageSource } from './model.js';
import { descriptorName, isBerryLockfile, splitDescriptors, unquote } from './yarn-classic.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'yarn-berry',
  kind: 'lockfile',
  fileNames: ['yarn.lock'],
  comments: 'yaml',
  claims: isBerryLockfile,
  ecosystem: 'npm',
  manifests: ['package.json'],
  parse: parseYarnBerry,
});

interface Field {
  value: string;
  line: number;
  column: number;
}

/**
 * Yarn Berry (2+) `yarn.lock`. It is YAML, but always written by Yarn in one regular shape (entry
 * keys at column 1, `field: value` at two spaces, nested maps deeper), so a line reader is ~50x
 * faster than a general YAML parser; anything outside that shape is a ParseError (fail closed).
 */
export function parseYarnBerry(text: string, path: string): LockfileModel {
  const model = newModel(text, path, 'yarn-berry');
  const importers = new Set<string>();
  let cur: { key: string; line: number; column: number; fields: Map<string, Field> } | undefined;
  const flush = (): void => {
    if (!cur) return;
    if (cur.key === '__metadata') {
      const v = cur.fields.get('version');
      if (v) model.formatVersion = v.value;
    } else {
      const p = toPackage(cur.key, cur.line, cur.fields);
      if (p.source === 'workspace' && p.resolved !== undefined) importers.add(p.resolved);
      model.packages.push(p);
    }
    cur = undefined;
  };
  for (const { no, text: line } of eachLine(text)) {
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    const first = line.charCodeAt(indent);
    if (first === 35 /* # */) continue;
    if (first === 9) throw new ParseError('tab indentation is not valid YAML', no, indent + 1);
    if (indent === 0) {
      if (!line.endsWith(':')) throw new ParseError('expected an entry key ending with ":"', no, 1);
      flush();
      const rawKey = line.slice(0, -1);
      if (rawKey.startsWith('"') && !rawKey.endsWith('"'))
        throw new ParseError('unterminated quoted key', no, 1);
      cur = { key: unquote(rawKey), line: no, column: 1, fields: new Map() };
      continue;
    }
    if (!cur) throw new ParseError('indented line outside an entry', no, indent + 1);
    if (
      first === 45 /* - */ ||
      first === 123 /* { */ ||
      first === 91 /* [ */ ||
      first === 38 /* & */ ||
      first === 42 /* * */
    ) {
      throw new ParseError('unexpected YAML construct in yarn.lock', no, indent + 1);
    }
    if (indent !== 2) continue; // nested maps (dependencies, bin, peerDependenciesMeta, ...)
    const body = line.slice(2);
    let colon: number;
    let key: string;
    if (body.startsWith('"')) {
      const close = body.indexOf('"', 1);
      if (close === -1 || body[close + 1] !== ':') throw new ParseError('malformed quoted key', no, 3);
      key = unquote(body.slice(0, close + 1));
      colon = close + 1;
    } else {
      colon = body.indexOf(': ');
      if (colon === -1) {
        if (body.endsWith(':')) continue; // a nested map follows
        throw new ParseError('expected "key: value"', no, 3);
      }
      key = body.slice(0, colon);
    }
    let vstart = colon + 1;
    while (body.charCodeAt(vstart) === 32) vstart++;
    if (vstart >= body.length) continue;
    const raw = body.slice(vstart);
    const quoted = raw.startsWith('"');
    if (quoted && (raw.length < 2 || !raw.endsWith('"')))
      throw new ParseError('unterminated quoted value', no, vstart + 3);
    cur.fields.set(key, { value: unquote(raw), line: no, column: vstart + 3 + (quoted ? 1 : 0) });
  }
  flush();
  model.importers.push(...importers);
  if (model.importers.length === 0) model.importers.push('.');
  return model;
}

/** Source of a Berry locator reference (`npm:1.0.0`, `workspace:.`, `patch:...`, a URL, ...). */
function classifyReference(ref: string): { source: PackageSource; commit?: string; inner?: string } {
  if (ref.startsWith('npm:')) return { source: 'registry' };
  if (ref.startsWith('workspace:')) return { source: 'workspace' };
  if (ref.startsWith('portal:') || ref.startsWith('link:')) return { source: 'link' };
  if (ref.startsWith('file:') || ref.startsWith('exec:')) return { source: 'file' };
  if (ref.startsWith('patch:')) {
    // patch:<name>@<url-encoded inner reference>#<patch path>::<params>
    const body = ref.slice(6);
    const hash = body.indexOf('#');
    let inner = hash === -1 ? body : body.slice(0, hash);
    try {
      inner = decodeURIComponent(inner);
    } catch {
      // keep it encoded
    }
    const [, innerRef = ''] = splitIdent(inner);
    return { ...classifyReference(innerRef), inner };
  }
  if (
    isGitUrl(ref) ||
    ref.includes('.git#') ||
    ref.includes('#commit=') ||
    classifyJsSpec(ref)?.source === 'git'
  )
    return { source: 'git', commit: gitFragment(ref) };
  if (ref.startsWith('https://') || ref.startsWith('http://')) return { source: 'tarball' };
  return { source: 'file' };
}

function toPackage(key: string, line: number, fields: Map<string, Field>): Package {
  const descriptors = splitDescriptors(key);
  if (descriptors.length === 0 || descriptors[0] === '')
    throw new ParseError('entry key names no package', line, 1);
  const d = descriptorName(descriptors[0]!);
  const resolution = fields.get('resolution');
  const version = fields.get('version')?.value ?? '';
  const p: Package = { ecosystem: 'npm', name: d.name, version, source: 'registry', key, line, column: 1 };
  if (resolution) {
    const [resName, ref = ''] = splitIdent(resolution.value);
    if (resName !== d.name) p.realName = resName;
    const c = classifyReference(ref);
    p.source = c.source;
    if (c.commit !== undefined) p.commit = c.commit;
    if (c.source === 'workspace') p.resolved = ref.slice('workspace:'.length);
    else if (c.source !== 'registry') p.resolved = ref;
    if (p.resolved !== undefined) {
      p.resolvedLine = resolution.line;
      p.resolvedColumn = resolution.column + resolution.value.length - p.resolved.length;
    }
  } else {
    if (d.realName !== undefined) p.realName = d.realName;
    // No `resolution`: the descriptor's range says where it is from (git, tarball, ...).
    const c = classifyJsSpec(d.range);
    if (c && (c.source === 'git' || c.source === 'tarball')) {
      p.source = c.source;
      if (c.commit !== undefined) p.commit = c.commit;
      p.resolved = d.range;
    }
  }
  const checksum = fields.get('checksum');
  if (checksum) {
    p.integrity = checksum.value;
    p.integrityLine = checksum.line;
    p.integrityColumn = checksum.column;
  }
  return p;
}
