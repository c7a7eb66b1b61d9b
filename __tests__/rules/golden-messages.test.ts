/**
 * The message text of every rule, pinned: each rule's bad example is run and its hits (span,
 * severity when the hit sets one, message, fix) are compared with __tests__/golden/messages.txt.
 * A wording change shows up as a diff of that file in review. After an intended change, rewrite it
 * with `UPDATE_GOLDEN=1 npx jest __tests__/rules/golden-messages.test.ts` and commit the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { fileRules, runExample } from '../helpers/examples.js';

const GOLDEN = fileURLToPath(new URL('../golden/messages.txt', import.meta.url));

async function render(): Promise<string> {
  const out: string[] = [
    '# The hits of every rule on its docs bad example. Generated: UPDATE_GOLDEN=1 npx jest __tests__/rules/golden-messages.test.ts',
  ];
  for (const rule of fileRules) {
    out.push('', `## ${rule.id}`);
    const hits = (await runExample(rule, rule.examples.bad)).sort(
      (a, b) => a.span.line - b.span.line || a.span.column - b.span.column,
    );
    for (const h of hits) {
      const s = h.span;
      const sev = h.severity ? ` [${h.severity}]` : '';
      out.push(`${s.line}:${s.column}-${s.endLine}:${s.endColumn}${sev} ${h.message}`);
      if (h.fix !== undefined) out.push(`  fix: ${h.fix}`);
    }
  }
  return out.join('\n') + '\n';
}

describe('golden rule messages', () => {
  it('match __tests__/golden/messages.txt', async () => {
    const actual = await render();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
