import type { Rule } from '../../core/index.js';
import { rule as symlinkSkipped } from './symlink-skipped.js';
import { rule as fileTooLarge } from './file-too-large.js';
import { rule as binarySkipped } from './binary-skipped.js';
import { rule as readError } from './read-error.js';
import { rule as internalError } from './internal-error.js';

export const scanRules: Rule[] = [symlinkSkipped, fileTooLarge, binarySkipped, readError, internalError];
