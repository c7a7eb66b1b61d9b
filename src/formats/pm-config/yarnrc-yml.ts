import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { ParseError } from '../position.js';
import { flowTooDeep, MAX_YAML_FLOW_DEPTH } from '../yaml-depth.js';
import { definePmConfigFormat } from '../format.js';
import type { PmSetting } from '../lockfile/config-model.js';
import { MAX_SETTINGS, setting } from './read.js';

export const format = definePmConfigFormat({
  name: 'yarnrc-yml',
  kind: 'pm-config',
  fileNames: ['.yarnrc.yml'],
  comments: 'yaml',
  ecosystem: 'npm',
  parse: parseYarnrcYml,
});

/** `.yarnrc.yml`: every scalar leaf becomes a setting keyed by its path. */
function parseYarnrcYml(text: string): PmSetting[] {
  const lc = new LineCounter();
  const deep = flowTooDeep(text);
  if (deep)
    throw new ParseError(`YAML nested deeper than ${MAX_YAML_FLOW_DEPTH} levels`, deep.line, deep.column);
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw new ParseError(e.message.split('\n')[0]!, p.line, p.col);
  }
  const out: PmSetting[] = [];
  const pos = (node: YamlNode | null | undefined): { line: number; col: number } =>
    node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
  const walk = (node: unknown, key: string, keyNode: YamlNode | null, depth: number): void => {
    if (depth > 32 || out.length >= MAX_SETTINGS) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, key === '' ? k : `${key}.${k}`, pair.key as YamlNode, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, key, keyNode, depth + 1);
    } else if (isScalar(node)) {
      const kp = pos(keyNode ?? node);
      const vp = pos(node);
      // A quoted scalar's range starts at its quote; point at the first character of the value.
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      out.push(
        setting(
          key,
          node.value === null ? '' : String(node.value),
          undefined,
          kp.line,
          kp.col,
          vp.line,
          vp.col + quoted,
        ),
      );
    }
  };
  walk(doc.contents, '', null, 0);
  return out;
}
