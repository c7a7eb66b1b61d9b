import type { Rule } from '../../core/index.js';
import { rule as ignoreWithoutReason } from './ignore-without-reason.js';
import { rule as expiredIgnore } from './expired-ignore.js';
import { rule as unusedIgnore } from './unused-ignore.js';
import { rule as ignoreUnknownRule } from './ignore-unknown-rule.js';
import { rule as parseError } from './parse-error.js';
import { rule as registryOverride } from './registry-override.js';
import { rule as tlsDisabled } from './tls-disabled.js';
import { rule as committedCredential } from './committed-credential.js';
import { rule as weakenedInChange } from './weakened-in-change.js';

/** Suppression findings and package-manager config rules (`config/*`). */
export const configRules: Rule[] = [
  ignoreWithoutReason,
  expiredIgnore,
  unusedIgnore,
  ignoreUnknownRule,
  parseError,
  registryOverride,
  tlsDisabled,
  committedCredential,
  weakenedInChange,
];
