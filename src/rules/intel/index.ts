import type { Rule } from '../../core/index.js';
import { rule as unavailable } from './unavailable.js';

export const intelRules: Rule[] = [unavailable];
