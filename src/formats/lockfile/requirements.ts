import { LineIndex } from '../position.js';
import { gitFragment } from '../../refs/git.js';
import { newModel } from './common.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'requirements',
  kind: 'lockfile',
  fileNames: [],
  comments: 'requirements',
  // requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/base.txt
  matchesPath: (name, parent) =>
    name.endsWith('.txt') && (name.includes('requirements') || parent === 'requirements'),
  docNames: ['*requirements*.txt', 'requirements/*.txt'],
  ecosystem: 'PyPI',
  manifests: [],
  parse: parseRequirements,
});

interface Token {
  text: string;
  offset: number;
}

/**
 * Joins `\` continuations into logical lines, drops comments (`#` at the start or after
 * whitespace) and splits on whitespace, keeping each token's offset in the original text.
 */
function logicalLines(text: string): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let tokStart = -1;
  let comment = false;
  const n = text.length;
  // A token is a slice of the text (CRs inside it dropped), never built a character at a time: a
  // 50 MB `--hash` value appended per character cost seconds and gigabytes of garbage.
  const tokenText = (end: number): string => {
    const t = text.slice(tokStart, end);
    return t.includes('\r') ? t.replaceAll('\r', '') : t;
  };
  const endToken = (tok: string): void => {
    if (tokStart !== -1 && tok !== '') cur.push({ text: tok, offset: tokStart });
    tokStart = -1;
  };
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 10;
    if (c === 10) {
      const tok = tokStart !== -1 ? tokenText(i) : '';
      // a backslash ending a (non-comment) line continues it
      if (!comment && tok.endsWith('\\')) {
        endToken(tok.slice(0, -1));
        continue;
      }
      endToken(tok);
      comment = false;
      if (cur.length > 0) out.push(cur);
      cur = [];
      continue;
    }
    if (comment) continue;
    if (c === 13) continue;
    if (c === 32 || c === 9) {
      if (tokStart !== -1) endToken(tokenText(i));
      continue;
    }
    if (c === 35 /* # */ && tokStart === -1) {
      comment = true;
      continue;
    }
    if (tokStart === -1) tokStart = i;
  }
  return out;
}

const OPTION_WITH_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--trusted-host',
  '--hash',
  '--use-feature',
  '--global-option',
  '--config-settings',
  '--only-binary',
  '--no-binary',
]);

/** Splits `--opt=value` / `-rvalue`; returns [option, value?]. */
function splitOption(t: string): [string, string | undefined] {
  if (t.startsWith('--')) {
    const eq = t.indexOf('=');
    return eq === -1 ? [t, undefined] : [t.slice(0, eq), t.slice(eq + 1)];
  }
  if (t.length > 2) return [t.slice(0, 2), t.slice(2)];
  return [t, undefined];
}

/** pip requirements files: pins, hashes, includes, editable/VCS/URL requirements and indexes. */
export function parseRequirements(text: string, path: string): LockfileModel {
  const lines = new LineIndex(text);
  const model = newModel(text, path, 'requirements');
  model.importers.push('.');
  model.includes = [];
  for (const toks of logicalLines(text)) {
    let req: Token | undefined;
    let editable = false;
    const hashes: Token[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (!t.text.startsWith('-') || req) {
        if (t.text.startsWith('--hash')) {
          const [, v] = splitOption(t.text);
          const h = v ?? toks[++i]?.text;
          const off = v !== undefined ? t.offset + t.text.indexOf('=') + 1 : toks[i]?.offset;
          if (h !== undefined && off !== undefined) hashes.push({ text: h, offset: off });
          continue;
        }
        if (t.text.startsWith('-')) {
          const [opt, v] = splitOption(t.text);
          if (v === undefined && OPTION_WITH_VALUE.has(opt)) i++;
          continue;
        }
        // PEP 508 parts after the name (`name @ url`, `name >= 1`, `; markers`) join the requirement
        req = req ? { text: `${req.text} ${t.text}`, offset: req.offset } : t;
        continue;
      }
      const [opt, inline] = splitOption(t.text);
      let value: Token | undefined;
      if (OPTION_WITH_VALUE.has(opt)) {
        if (inline !== undefined) {
          const skip = t.text.startsWith('--') ? opt.length + 1 : 2;
          value = { text: inline, offset: t.offset + skip };
        } else value = toks[++i];
      }
      if (!value) continue;
      const pos = lines.pos(value.offset);
      switch (opt) {
        case '-r':
        case '--requirement':
          model.includes.push({ path: value.text, ...pos });
          break;
        case '-c':
        case '--constraint':
          model.includes.push({ path: value.text, ...pos, constraint: true });
          break;
        case '-i':
        case '--index-url':
          model.registries.push({ url: value.text, ...pos });
          break;
        case '--extra-index-url':
        case '-f':
        case '--find-links':
          model.registries.push({ url: value.text, ...pos, extra: true });
          break;
        case '-e':
        case '--editable':
          editable = true;
          req = value;
          break;
        default:
          break;
      }
    }
    if (!req) continue;
    const p = toPackage(req, editable, lines);
    if (hashes.length > 0) {
      p.integrity = hashes.map((h) => h.text).join(' ');
      const hp = lines.pos(hashes[0]!.offset);
      p.integrityLine = hp.line;
      p.integrityColumn = hp.column;
    }
    model.packages.push(p);
  }
  return model;
}

function nameFromFragment(url: string): string | undefined {
  const hash = url.indexOf('#');
  if (hash === -1) return undefined;
  for (const part of url.slice(hash + 1).split('&')) {
    if (part.startsWith('egg=')) return part.slice(4);
  }
  return undefined;
}

function nameFromFile(url: string): string {
  const q = url.search(/[?#]/);
  const file = (q === -1 ? url : url.slice(0, q)).split('/').filter(Boolean).pop() ?? url;
  const m = /^([A-Za-z0-9][A-Za-z0-9._]*?)-\d/.exec(file);
  return m ? m[1]! : file;
}

function toPackage(req: Token, editable: boolean, lines: LineIndex): Package {
  const at = lines.pos(req.offset);
  const full = req.text;
  const semi = full.indexOf(';');
  const spec = (semi === -1 ? full : full.slice(0, semi)).trim();
  const p: Package = { ecosystem: 'PyPI', name: spec, version: '', source: 'registry', key: full, ...at };
  // Findings on a requirement cover all of it (name, extras, specifier, URL), up to its line's end.
  p.nameColumn = at.column;
  p.nameLength = Math.max(1, Math.min(spec.length, lines.line(at.line).length - at.column + 1));
  if (editable) p.editable = true;
  const atUrl = spec.indexOf(' @ ') !== -1 ? spec.indexOf(' @ ') : spec.indexOf('@ ');
  const isVcs = /^(git|hg|svn|bzr)\+/.test(spec);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || spec.startsWith('file:');
  const isPath = spec.startsWith('.') || spec.startsWith('/');
  let url: string | undefined;
  let urlOffset = req.offset;
  if (atUrl > 0 && !isVcs && !isUrl) {
    p.name = spec.slice(0, atUrl).trim();
    url = spec.slice(spec.indexOf('@', atUrl) + 1).trim();
    urlOffset = req.offset + full.indexOf(url);
  } else if (isVcs || isUrl || isPath) {
    url = spec;
    p.name =
      nameFromFragment(spec) ??
      (isVcs ? nameFromFile(withoutVcsRef(spec).replace(/\.git$/, '')) : nameFromFile(spec));
  }
  if (url !== undefined) {
    p.resolved = url;
    const rp = lines.pos(urlOffset);
    p.resolvedLine = rp.line;
    p.resolvedColumn = rp.column;
    if (/^(git|hg|svn|bzr)\+/.test(url)) {
      p.source = 'git';
      // git+https://host/repo.git@<ref>#egg=name
      const noFrag = url.split('#')[0]!;
      const schemeEnd = noFrag.indexOf('://');
      const at2 = noFrag.lastIndexOf('@');
      const slash = noFrag.lastIndexOf('/');
      if (at2 > slash && at2 > schemeEnd) p.commit = noFrag.slice(at2 + 1);
      else {
        const frag = gitFragment(url);
        if (frag !== undefined && !frag.includes('egg=')) p.commit = frag;
      }
    } else if (url.startsWith('file:') || url.startsWith('.') || url.startsWith('/')) p.source = 'file';
    else p.source = 'tarball';
    return p;
  }
  // name[extras] <op> version
  // By hand, not `/^(name)\s*(\[[^\]]*\])?\s*(.*)$/`: its two `\s*` and `.*` share whitespace and
  // backtrack quadratically on a long blank run before a line terminator.
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec);
  if (!name) return p;
  let tail = spec.slice(name[0].length).trimStart();
  if (tail.startsWith('[')) {
    const close = tail.indexOf(']');
    if (close !== -1) tail = tail.slice(close + 1).trimStart();
  }
  // `.` stops at a line terminator: the expression did not match such a spec.
  if (/[\n\r\u2028\u2029]/.test(tail)) return p;
  p.name = name[0];
  const rest = tail.replace(/\s+/g, '');
  if (rest.startsWith('===')) p.version = rest.slice(3);
  else if (rest.startsWith('==') && !rest.includes(',') && !rest.includes('*')) p.version = rest.slice(2);
  else if (rest !== '') p.specifier = rest;
  return p;
}

/**
 * The spec without its trailing `@ref` (and `#fragment`), as `.replace(/@[^/@#]*(#.*)?$/, '')`
 * would for a one-line spec, in one pass from the end (the expression is quadratic on `@#@#...`):
 * the leftmost `@` whose text up to the next `/`, `@` or `#` ends at `#` or at the end.
 */
function withoutVcsRef(spec: string): string {
  let cut = -1;
  let next = ''; // the next of '/', '@', '#' after i ('' = none)
  for (let i = spec.length - 1; i >= 0; i--) {
    const c = spec[i]!;
    if (c === '@' && (next === '' || next === '#')) cut = i;
    if (c === '/' || c === '@' || c === '#') next = c;
  }
  return cut === -1 ? spec : spec.slice(0, cut);
}
