import type { FileKind } from '../core/index.js';
import { KINDS, type Analyzer, type KindSpec } from './kinds.js';

/** The analyzer of each kind that has one (`kinds.ts`), by kind. */
export const ANALYZERS: { [K in FileKind]?: Analyzer<K> } = {};

function register<K extends FileKind>(spec: KindSpec<K>): void {
  // TypeScript cannot write a mapped type through a generic key; spec.kind and spec.analyzer agree on K.
  if (spec.analyzer) (ANALYZERS as Partial<Record<K, Analyzer<K>>>)[spec.kind] = spec.analyzer;
}
for (const spec of KINDS) register(spec);
