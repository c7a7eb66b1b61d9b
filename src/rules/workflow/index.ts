import type { Rule } from '../../core/index.js';
import { rule as parseError } from './parse-error.js';
import { rule as remoteScriptExec } from './remote-script-exec.js';
import { rule as templateInjection } from './template-injection.js';
import { rule as unpinnedAction } from './unpinned-action.js';
import { rule as unpinnedContainerImage } from './unpinned-container-image.js';
import { rule as unpinnedPackageInstall } from './unpinned-package-install.js';
import { rule as untrustedCheckout } from './untrusted-checkout.js';
import { rule as dangerousTrigger } from './dangerous-trigger.js';
import { rule as artifactPoisoning } from './artifact-poisoning.js';
import { rule as cachePoisoning } from './cache-poisoning.js';

export const workflowRules: Rule[] = [
  parseError,
  unpinnedAction,
  unpinnedContainerImage,
  templateInjection,
  remoteScriptExec,
  unpinnedPackageInstall,
  untrustedCheckout,
  dangerousTrigger,
  artifactPoisoning,
  cachePoisoning,
];
