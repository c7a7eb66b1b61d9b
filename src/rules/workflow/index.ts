import type { Rule } from '../../core/index.js';

export const workflowRules: Rule[] = [];
