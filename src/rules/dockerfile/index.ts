import type { Rule } from '../../core/index.js';
import { rule as baseImageLatest } from './base-image-latest.js';
import { rule as baseImageUnpinned } from './base-image-unpinned.js';
import { rule as syntaxDirectiveUnpinned } from './syntax-directive-unpinned.js';
import { rule as untrustedRegistry } from './untrusted-registry.js';
import { rule as remoteAddNoChecksum } from './remote-add-no-checksum.js';
import { rule as secretInImage } from './secret-in-image.js';
import { rule as runsAsRoot } from './runs-as-root.js';
import { rule as insecureBuildFlags } from './insecure-build-flags.js';
import { rule as remoteScriptExec } from './remote-script-exec.js';
import { rule as downloadUnverified } from './download-unverified.js';
import { rule as tlsVerificationDisabled } from './tls-verification-disabled.js';
import { rule as packageSignatureBypass } from './package-signature-bypass.js';
import { rule as pipeWithoutPipefail } from './pipe-without-pipefail.js';
import { rule as sudoInRun } from './sudo-in-run.js';
import { rule as dependencyConfusion } from './dependency-confusion.js';
import { rule as languagePackageUnpinned } from './language-package-unpinned.js';
import { rule as lockfileNotEnforced } from './lockfile-not-enforced.js';
import { rule as osPackageUnpinned } from './os-package-unpinned.js';
import { rule as gitCloneUnpinned } from './git-clone-unpinned.js';
import { rule as parseError } from './parse-error.js';
import { rule as expansionTooLarge } from './expansion-too-large.js';
import { rule as shellAnalysisIncomplete } from './shell-analysis-incomplete.js';
import { rule as secretInContext } from './secret-in-context.js';
import { rule as gitHistoryInImage } from './git-history-in-image.js';

export const dockerfileRules: Rule[] = [
  baseImageLatest,
  baseImageUnpinned,
  syntaxDirectiveUnpinned,
  untrustedRegistry,
  remoteAddNoChecksum,
  secretInImage,
  runsAsRoot,
  insecureBuildFlags,
  remoteScriptExec,
  downloadUnverified,
  tlsVerificationDisabled,
  packageSignatureBypass,
  pipeWithoutPipefail,
  sudoInRun,
  dependencyConfusion,
  languagePackageUnpinned,
  lockfileNotEnforced,
  osPackageUnpinned,
  gitCloneUnpinned,
  parseError,
  expansionTooLarge,
  shellAnalysisIncomplete,
  secretInContext,
  gitHistoryInImage,
];
