import type { Rule } from '../../core/index.js';
import { rule as archivedAction } from './archived-action.js';
import { rule as dependabotInsecureExecution } from './dependabot-insecure-execution.js';
import { rule as knownVulnerableAction } from './known-vulnerable-action.js';
import { rule as githubEnvInjection } from './github-env-injection.js';
import { rule as insecureWorkflowCommand } from './insecure-workflow-command.js';
import { rule as parseError } from './parse-error.js';
import { rule as remoteScriptExec } from './remote-script-exec.js';
import { rule as spoofableBotCheck } from './spoofable-bot-check.js';
import { rule as templateInjection } from './template-injection.js';
import { rule as typosquatAction } from './typosquat-action.js';
import { rule as unpinnedAction } from './unpinned-action.js';
import { rule as unpinnedContainerImage } from './unpinned-container-image.js';
import { rule as unpinnedPackageInstall } from './unpinned-package-install.js';
import { rule as excessivePermissions } from './excessive-permissions.js';
import { rule as credentialPersistence } from './credential-persistence.js';
import { rule as secretsInherit } from './secrets-inherit.js';
import { rule as overprovisionedSecrets } from './overprovisioned-secrets.js';
import { rule as unredactedSecrets } from './unredacted-secrets.js';
import { rule as hardcodedCredentials } from './hardcoded-credentials.js';
import { rule as useTrustedPublishing } from './use-trusted-publishing.js';
import { rule as unsoundCondition } from './unsound-condition.js';
import { rule as unsoundContains } from './unsound-contains.js';
import { rule as untrustedCheckout } from './untrusted-checkout.js';
import { rule as dangerousTrigger } from './dangerous-trigger.js';
import { rule as artifactPoisoning } from './artifact-poisoning.js';
import { rule as cachePoisoning } from './cache-poisoning.js';
import { rule as impostorCommit } from './impostor-commit.js';
import { rule as refConfusion } from './ref-confusion.js';
import { rule as versionCommentMismatch } from './version-comment-mismatch.js';

export const workflowRules: Rule[] = [
  parseError,
  unpinnedAction,
  unpinnedContainerImage,
  templateInjection,
  remoteScriptExec,
  unpinnedPackageInstall,
  knownVulnerableAction,
  typosquatAction,
  archivedAction,
  dependabotInsecureExecution,
  excessivePermissions,
  credentialPersistence,
  secretsInherit,
  overprovisionedSecrets,
  unredactedSecrets,
  hardcodedCredentials,
  useTrustedPublishing,
  githubEnvInjection,
  insecureWorkflowCommand,
  spoofableBotCheck,
  unsoundCondition,
  unsoundContains,
  untrustedCheckout,
  dangerousTrigger,
  artifactPoisoning,
  cachePoisoning,
  impostorCommit,
  refConfusion,
  versionCommentMismatch,
];
