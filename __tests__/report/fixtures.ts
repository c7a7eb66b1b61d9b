import type { Finding } from '../../src/core/index.js';
import { fingerprintOf } from '../../src/scan/fingerprint.js';

export function finding(over: Partial<Finding> & Pick<Finding, 'ruleId' | 'severity' | 'path'>): Finding {
  const f: Finding = {
    message: 'Base image uses :latest.',
    startLine: 1,
    startColumn: 6,
    endLine: 1,
    endColumn: 10,
    fingerprint: '',
    ...over,
  };
  f.fingerprint = over.fingerprint ?? fingerprintOf(f.ruleId, f.path, f.evidence ?? f.message);
  return f;
}

export const SAMPLE: Finding[] = [
  finding({
    ruleId: 'dockerfile/base-image-latest',
    severity: 'high',
    path: 'Dockerfile',
    message: "Base image 'node' has no tag, so it means :latest.",
    evidence: 'node',
    fix: 'Pin a version and its digest: FROM node:<version>@sha256:<digest>',
  }),
  finding({
    ruleId: 'dockerfile/base-image-unpinned',
    severity: 'medium',
    path: 'Dockerfile',
    startLine: 3,
    message: "Base image 'python:3.12' has a tag but no digest.",
  }),
  finding({
    ruleId: 'scan/symlink-skipped',
    severity: 'info',
    path: 'svc/Dockerfile',
    startColumn: 1,
    endColumn: 2,
    message: "Symbolic link 'svc/Dockerfile' was not followed.",
  }),
];
