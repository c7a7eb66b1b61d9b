import {
  LineCounter,
  parseDocument,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
} from 'yaml';
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

/**
 * Nodes visited while following aliases. Aliases can nest into an exponential tree (a "billion
 * laughs" file, which Yarn reads fine because js-yaml shares the aliased objects).
 */
export const MAX_YARNRC_NODES = 100_000;
const MAX_YARNRC_DEPTH = 32;

type AliasSite = NonNullable<PmSetting['aliases']>[number];

/**
 * `.yarnrc.yml`, read as Yarn reads it (`parseSyml` in @yarnpkg/parsers: js-yaml with the
 * failsafe schema and `json: true`): every scalar is the string as written (`false`, `0x10`, `~`
 * stay text), an alias stands for its anchored node, `<<` is an ordinary key (the failsafe schema
 * has no merge type, so Yarn rejects it as an unknown setting rather than merging), and of
 * duplicate keys the last one wins. Every scalar leaf becomes a setting keyed by its path, at the
 * place its value is written, with the aliases it came through.
 */
function parseYarnrcYml(text: string): PmSetting[] {
  const lc = new LineCounter();
  const deep = flowTooDeep(text);
  if (deep)
    throw new ParseError(`YAML nested deeper than ${MAX_YAML_FLOW_DEPTH} levels`, deep.line, deep.column);
  const doc = parseDocument(text, {
    lineCounter: lc,
    prettyErrors: false,
    uniqueKeys: false,
    schema: 'failsafe',
    merge: false,
  });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw new ParseError(e.message.split('\n')[0]!, p.line, p.col);
  }
  const out: PmSetting[] = [];
  const pos = (node: YamlNode | null | undefined): { line: number; col: number } =>
    node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
  let visited = 0;

  /** The node an alias stands for (following alias chains), and the alias sites on the way. */
  const resolve = (node: unknown, via: AliasSite[]): { node: unknown; via: AliasSite[] } => {
    let cur = node;
    let sites = via;
    for (let hops = 0; isAlias(cur); hops++) {
      const p = pos(cur);
      if (hops > 64) throw new ParseError(`alias *${cur.source} does not resolve`, p.line, p.col);
      sites = [
        ...sites,
        { line: p.line, column: p.col, endColumn: p.col + 1 + cur.source.length, name: cur.source },
      ];
      const target = cur.resolve(doc as Document);
      if (target === undefined) throw new ParseError(`unknown alias *${cur.source}`, p.line, p.col);
      cur = target;
    }
    return { node: cur, via: sites };
  };

  const keyText = (key: unknown): string => {
    const k = resolve(key, []).node;
    return isScalar(k) ? String(k.value) : String(k);
  };

  const walk = (
    raw: unknown,
    key: string,
    keyNode: YamlNode | null,
    via: AliasSite[],
    depth: number,
  ): void => {
    // Past any of these caps the file is refused (a blocking config/parse-error), never read in part.
    const cap =
      depth > MAX_YARNRC_DEPTH
        ? `nested deeper than ${MAX_YARNRC_DEPTH} levels`
        : out.length >= MAX_SETTINGS
          ? `more than ${MAX_SETTINGS} settings`
          : ++visited > MAX_YARNRC_NODES
            ? `aliases expand to more than ${MAX_YARNRC_NODES} values`
            : undefined;
    if (cap) {
      const p = pos(raw as YamlNode);
      throw new ParseError(cap, p.line, p.col);
    }
    const { node, via: sites } = resolve(raw, via);
    if (isMap(node)) {
      // Yarn keeps the last of duplicate keys.
      const last = new Map<string, number>();
      node.items.forEach((pair, i) => last.set(keyText(pair.key), i));
      node.items.forEach((pair, i) => {
        const k = keyText(pair.key);
        if (last.get(k) !== i) return;
        walk(pair.value, key === '' ? k : `${key}.${k}`, pair.key as YamlNode, sites, depth + 1);
      });
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, key, keyNode, sites, depth + 1);
    } else if (isScalar(node)) {
      const kp = pos(keyNode ?? node);
      const vp = pos(node);
      // A quoted scalar's range starts at its quote; point at the first character of the value.
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      const s = setting(
        key,
        node.value === null ? '' : String(node.value),
        undefined,
        kp.line,
        kp.col,
        vp.line,
        vp.col + quoted,
      );
      out.push(sites.length > 0 ? { ...s, aliases: sites } : s);
    }
  };
  walk(doc.contents, '', null, [], 0);
  return out;
}
