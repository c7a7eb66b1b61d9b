import type { Rule } from '../rule.js';

export const lockfileRules: Rule[] = [];
