import type { Rule } from '../../core/index.js';
import { rule as untrustedHost } from './untrusted-host.js';
import { rule as insecureTransport } from './insecure-transport.js';
import { rule as missingIntegrity } from './missing-integrity.js';
import { rule as weakIntegrity } from './weak-integrity.js';
import { rule as packageNameMismatch } from './package-name-mismatch.js';
import { rule as gitDependency } from './git-dependency.js';
import { rule as tarballDependency } from './tarball-dependency.js';
import { rule as installScript } from './install-script.js';
import { rule as knownMalicious } from './known-malicious.js';
import { rule as manifestDrift } from './manifest-drift.js';
import { rule as mergeConflict } from './merge-conflict.js';
import { rule as parseError } from './parse-error.js';
import { rule as empty } from './empty.js';
import { rule as integrityChanged } from './integrity-changed.js';
import { rule as unrecognizedEntry } from './unrecognized-entry.js';
import { rule as vulnerableDependency } from './vulnerable-dependency.js';
import { rule as integrityMismatch } from './integrity-mismatch.js';
import { rule as unknownVersion } from './unknown-version.js';
import { rule as releaseTooNew } from './release-too-new.js';
import { rule as installScriptAdded } from './install-script-added.js';
import { rule as provenanceDowngrade } from './provenance-downgrade.js';
import { rule as deprecated } from './deprecated.js';

export const lockfileRules: Rule[] = [
  untrustedHost,
  insecureTransport,
  missingIntegrity,
  weakIntegrity,
  packageNameMismatch,
  gitDependency,
  tarballDependency,
  installScript,
  knownMalicious,
  manifestDrift,
  mergeConflict,
  parseError,
  empty,
  integrityChanged,
  unrecognizedEntry,
  vulnerableDependency,
  integrityMismatch,
  unknownVersion,
  releaseTooNew,
  installScriptAdded,
  provenanceDowngrade,
  deprecated,
];
