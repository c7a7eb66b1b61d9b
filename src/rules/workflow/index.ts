import type { Rule } from '../../core/index.js';
import { rule as parseError } from './parse-error.js';
import { rule as templateInjection } from './template-injection.js';
import { rule as unpinnedAction } from './unpinned-action.js';

export const workflowRules: Rule[] = [parseError, unpinnedAction, templateInjection];
