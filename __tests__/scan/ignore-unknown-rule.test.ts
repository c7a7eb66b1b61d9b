// Inline ignores naming an unknown rule id are a finding of their own (issue 11, defect 7).
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function findingsOf(dockerfile: string) {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-unknown-ignore-'));
  dirs.push(root);
  writeFileSync(join(root, 'Dockerfile'), dockerfile);
  const res = await scan({ root, paths: [root], config: defaultConfig() });
  return res.findings.map((f) => [f.ruleId, f.startLine, f.startColumn, f.severity, f.message]);
}

const PINNED = `FROM node:20.11.1@sha256:${'a'.repeat(64)}`;

describe('config/ignore-unknown-rule', () => {
  it.each([
    [
      'a typo, with the id it meant; the finding it meant to hide still shows',
      '# bulkhead-ignore dockerfile/base-image-lates -- dev image\nFROM node\nUSER 1\n',
      [
        [
          'config/ignore-unknown-rule',
          1,
          1,
          'medium',
          "'# bulkhead-ignore dockerfile/base-image-lates' names an unknown rule id 'dockerfile/base-image-lates' (did you mean 'dockerfile/base-image-latest'?), so it hides nothing for it.",
        ],
        [
          'dockerfile/base-image-latest',
          2,
          6,
          'high',
          "Base image 'node' has no tag, so it means :latest, a moving target that can change under every rebuild.",
        ],
      ],
    ],
    [
      'one unknown id beside a known one that applies: only the unknown one is reported',
      '# bulkhead-ignore dockerfile/base-image-latest,dockerfile/nope -- dev image\nFROM node\nUSER 1\n',
      [
        [
          'config/ignore-unknown-rule',
          1,
          1,
          'medium',
          "'# bulkhead-ignore dockerfile/base-image-latest,dockerfile/nope' names an unknown rule id 'dockerfile/nope', so it hides nothing for it.",
        ],
      ],
    ],
    [
      'no id at all',
      `${PINNED}\n# bulkhead-ignore -- nothing\nUSER 1\n`,
      [
        [
          'config/ignore-unknown-rule',
          2,
          1,
          'medium',
          "'# bulkhead-ignore' names no rule id, so it hides nothing.",
        ],
      ],
    ],
    [
      'known ids that match nothing stay config/unused-ignore (info), not this rule',
      `# bulkhead-ignore dockerfile/base-image-latest -- old\n${PINNED}\nUSER 1\n`,
      [
        [
          'config/unused-ignore',
          1,
          1,
          'info',
          "'# bulkhead-ignore dockerfile/base-image-latest' matched no finding; remove it.",
        ],
      ],
    ],
  ])('%s', async (_name, text, expected) => {
    expect(await findingsOf(text)).toEqual(expected);
  });
});
