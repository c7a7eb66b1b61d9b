import { eachLine, newModel } from './common.js';
import type { LockfileModel, Package } from './model.js';
import { defineLockfileFormat } from '../format.js';

export const format = defineLockfileFormat({
  name: 'gemfile',
  kind: 'lockfile',
  fileNames: ['Gemfile.lock'],
  comments: 'none', // Bundler's lockfile parser has no comment syntax
  ecosystem: 'RubyGems',
  manifests: [],
  parse: parseGemfileLock,
});

interface Section {
  kind: string;
  remote?: { url: string; line: number; column: number };
  revision?: string;
  specs: Package[];
}

/**
 * Gemfile.lock: `GEM`/`GIT`/`PATH` sections (each with `remote:` and `specs:`), and `CHECKSUMS`
 * (Bundler 2.6+) whose sha256 values become the integrity of the matching specs.
 */
export function parseGemfileLock(text: string, path: string): LockfileModel {
  const model = newModel(text, path, 'gemfile');
  model.importers.push('.');
  let section: Section | undefined;
  let top = '';
  const sections: Section[] = [];
  const checksums = new Map<string, { value: string; line: number; column: number }>();
  for (const { no, text: line } of eachLine(text)) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      top = line.trim();
      section =
        top === 'GEM' || top === 'GIT' || top === 'PATH' || top === 'PLUGIN SOURCE'
          ? { kind: top, specs: [] }
          : undefined;
      if (section) sections.push(section);
      continue;
    }
    if (top === 'CHECKSUMS' && line.startsWith('  ') && !line.startsWith('   ')) {
      // `  name (version[-platform]) sha256=<hex>`
      const close = line.indexOf(') ');
      if (close !== -1) {
        const sum = line.slice(close + 2).trim();
        checksums.set(line.slice(2, close + 1), { value: sum, line: no, column: close + 3 });
      }
      continue;
    }
    if (!section) continue;
    const trimmed = line.trim();
    if (line.startsWith('  ') && !line.startsWith('   ')) {
      const colon = trimmed.indexOf(': ');
      if (colon !== -1) {
        const k = trimmed.slice(0, colon);
        const v = trimmed.slice(colon + 2).trim();
        if (k === 'remote') section.remote = { url: v, line: no, column: line.indexOf(v) + 1 };
        else if (k === 'revision') section.revision = v;
      }
      continue;
    }
    if (line.startsWith('    ') && !line.startsWith('     ')) {
      // `    name (version)` under specs:
      const open = trimmed.indexOf(' (');
      if (open === -1 || !trimmed.endsWith(')')) continue;
      const name = trimmed.slice(0, open);
      let version = trimmed.slice(open + 2, -1);
      const p: Package = {
        ecosystem: 'RubyGems',
        name,
        version,
        source: 'registry',
        key: trimmed,
        line: no,
        column: 5,
      };
      const dash = version.indexOf('-');
      if (dash !== -1 && /^\d/.test(version)) version = version.slice(0, dash);
      p.version = version;
      section.specs.push(p);
    }
  }
  for (const s of sections) {
    for (const p of s.specs) {
      if (s.remote) {
        p.resolved = s.remote.url;
        p.resolvedLine = s.remote.line;
        p.resolvedColumn = s.remote.column;
      }
      if (s.kind === 'GIT') {
        p.source = 'git';
        if (s.revision !== undefined) p.commit = s.revision;
      } else if (s.kind === 'PATH') p.source = 'file';
      const sum = checksums.get(p.key!);
      if (sum) {
        p.integrity = sum.value;
        p.integrityLine = sum.line;
        p.integrityColumn = sum.column;
      }
      model.packages.push(p);
    }
    if (s.kind === 'GEM' && s.remote) model.registries.push({ ...s.remote });
  }
  model.packages.sort((a, b) => a.line - b.line);
  return model;
}
