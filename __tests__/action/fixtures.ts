import { type Finding, type Severity } from '../../src/core/index.js';
import { fingerprintOf } from '../../src/scan/fingerprint.js';

/** A finding with sensible defaults; tests override what they are about. */
export function finding(over: Partial<Finding> = {}): Finding {
  const f: Finding = {
    ruleId: 'dockerfile/base-image-latest',
    severity: 'high' as Severity,
    message: "Base image 'node' has no tag.",
    path: 'Dockerfile',
    startLine: 1,
    startColumn: 6,
    endLine: 1,
    endColumn: 10,
    evidence: 'node',
    fingerprint: '',
    ...over,
  };
  if (!over.fingerprint)
    f.fingerprint = fingerprintOf(f.ruleId, f.path, f.evidence ?? f.message, f.startLine);
  return f;
}

/** Names that try to break out of workflow commands, markdown tables and HTML. */
export const HOSTILE = [
  '100%25 done%',
  'carriage\rreturn',
  'new\nline::error::pwned',
  'colon:comma,',
  '::set-output name=x::y',
  'pipe|in|name',
  '<script>alert(1)</script>',
  '[link](javascript:alert(1))',
  '@everyone **bold** `tick`',
];
