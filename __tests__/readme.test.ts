import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALL_RULES } from '../src/rules/index.js';

const readme = readFileSync('README.md', 'utf8');

describe('README stays true', () => {
  it('starts with the two set-up commands', () => {
    const first = readme.indexOf('node dist/cli.js scan examples/insecure-app');
    const second = readme.indexOf('npm ci && npm test');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(readme.indexOf('## GitHub Action'));
  });

  it.each(ALL_RULES.map((r) => [r.id, r.severity] as const))('lists %s with its severity', (id, severity) => {
    expect(readme).toContain(`| [\`${id}\`](docs/rules/${id}.md) | ${severity} |`);
  });

  it('documents every action input and output', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: object; outputs: object };
    for (const name of Object.keys(action.inputs)) expect(readme).toContain(`| \`${name}\` |`);
    for (const name of Object.keys(action.outputs)) expect(readme).toContain(`| \`${name}\` |`);
  });
});
