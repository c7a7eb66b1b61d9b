import type { Rule } from '../rule.js';
import { rule as baseImageLatest } from './base-image-latest.js';
import { rule as baseImageUnpinned } from './base-image-unpinned.js';
import { rule as parseError } from './parse-error.js';

export const dockerfileRules: Rule[] = [baseImageLatest, baseImageUnpinned, parseError] as Rule[];
