import type { Rule } from '../../core/index.js';
import { rule as githubEnvInjection } from './github-env-injection.js';
import { rule as insecureWorkflowCommand } from './insecure-workflow-command.js';
import { rule as parseError } from './parse-error.js';
import { rule as remoteScriptExec } from './remote-script-exec.js';
import { rule as spoofableBotCheck } from './spoofable-bot-check.js';
import { rule as templateInjection } from './template-injection.js';
import { rule as unpinnedAction } from './unpinned-action.js';
import { rule as unpinnedContainerImage } from './unpinned-container-image.js';
import { rule as unpinnedPackageInstall } from './unpinned-package-install.js';
import { rule as unsoundCondition } from './unsound-condition.js';
import { rule as unsoundContains } from './unsound-contains.js';

export const workflowRules: Rule[] = [
  parseError,
  unpinnedAction,
  unpinnedContainerImage,
  templateInjection,
  remoteScriptExec,
  unpinnedPackageInstall,
  // wf-expr (issue 13): expression and environment-file rules.
  githubEnvInjection,
  insecureWorkflowCommand,
  spoofableBotCheck,
  unsoundCondition,
  unsoundContains,
];
