import { createHash } from 'node:crypto';
import { normalizeEvidence } from '../core/index.js';

/** Hash of rule id + path + normalized evidence (+ occurrence): stable when unrelated lines move. */
export function fingerprintOf(
  ruleId: string,
  path: string,
  evidenceOrMessage: string,
  occurrence = 0,
): string {
  const h = createHash('sha256');
  h.update(`${ruleId}\0${path}\0${normalizeEvidence(evidenceOrMessage)}\0${occurrence}`);
  return h.digest('hex').slice(0, 32);
}
