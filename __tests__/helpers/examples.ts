/**
 * Rule examples as files: the docs examples of a rule are fragments (a Dockerfile without FROM,
 * one package-lock.json entry, a package.json and a lockfile in one block); these helpers turn
 * each into whole files of the name the rule declares and run the rule on them.
 */
import type { Config } from '../../src/config/schema.js';
import type { AnyFileRule, Hit } from '../../src/core/index.js';
import { parseDockerfile } from '../../src/formats/dockerfile/parse.js';
import { parseLockfile } from '../../src/formats/lockfile/parse.js';
import { parsePmConfig } from '../../src/formats/pm-config/parse.js';
import { parseWorkflow } from '../../src/formats/workflow/parse.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { runRule } from './rules.js';

/** Every rule with a `check` (the engine's own rules are exempt: they have no examples to run). */
export const fileRules = ALL_RULES.filter((r): r is AnyFileRule => r.check !== undefined);

/** The file an example is checked as: the rule's own, or the one file name its kind has. */
export function examplePath(rule: AnyFileRule): string | undefined {
  if (rule.examples.path !== undefined) return rule.examples.path;
  if (rule.appliesTo === 'dockerfile') return 'Dockerfile';
  if (rule.appliesTo === 'pm-config') return '.npmrc';
  return undefined;
}

/** Dockerfile fragments without a FROM get a pinned base so they parse as a Dockerfile. */
function asDockerfile(example: string): string {
  const hasFrom = example.split('\n').some((l) => /^\s*from\s/i.test(l));
  const base = 'FROM alpine:3.20@sha256:' + 'b'.repeat(64) + '\n';
  return (hasFrom ? example : base + example) + '\n';
}

/**
 * One or more `"node_modules/x": {...}` entries become the `packages` of a v3 package-lock.json
 * whose root depends on each of them (the docs show direct dependencies).
 */
function asPackageLock(example: string): string {
  if (example.trimStart().startsWith('{')) return example + '\n';
  const names = new Set([...example.matchAll(/"node_modules\/([^"]+)"/g)].map((m) => m[1]!));
  const deps = [...names].map((n) => `"${n}": "*"`).join(', ');
  const root = `"": { "name": "app", "version": "1.0.0", "dependencies": { ${deps} } }`;
  return `{\n"name": "app",\n"version": "1.0.0",\n"lockfileVersion": 3,\n"requires": true,\n"packages": {\n${root},\n${example}\n}\n}\n`;
}

/** `"dependencies": {...}` becomes a package.json. */
function asPackageJson(example: string): string {
  return example.trimStart().startsWith('{')
    ? example + '\n'
    : `{\n"name": "app",\n"version": "1.0.0",\n${example}\n}\n`;
}

/**
 * The files of an example: `// <file>` lines split it into several (a manifest and its lockfile);
 * a lockfile whose manifest is not shown gets the package.json its root entry describes.
 */
export function exampleFiles(example: string, path: string): Record<string, string> {
  const parts: Record<string, string> = {};
  let current = path;
  let lines: string[] = [];
  const flush = () => {
    if (lines.length > 0) parts[current] = lines.join('\n');
    lines = [];
  };
  for (const line of example.split('\n')) {
    const m = /^\/\/ ([\w.-]+(?:\/[\w.-]+)*)$/.exec(line);
    if (m) {
      flush();
      current = m[1]!;
    } else lines.push(line);
  }
  flush();
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(parts)) {
    files[name] =
      name === 'Dockerfile'
        ? asDockerfile(text)
        : name === 'package-lock.json'
          ? asPackageLock(text)
          : name === 'package.json'
            ? asPackageJson(text)
            : name === 'yarn.lock' && !text.startsWith('#')
              ? `# yarn lockfile v1\n\n\n${text}\n`
              : text + '\n';
  }
  if (path === 'package-lock.json' && files['package.json'] === undefined) {
    let root: object = {};
    try {
      root = (JSON.parse(files[path]!) as { packages?: Record<string, object> }).packages?.[''] ?? {};
    } catch {
      // A conflicted lockfile: its manifest is beside the point.
    }
    files['package.json'] = JSON.stringify({ name: 'app', version: '1.0.0', ...root }, null, 2) + '\n';
  }
  return files;
}

/**
 * The config an example states in its first line (`# .bulkhead.yml: dockerfile: { trusted-registries:
 * [a, "b"] }`, `lockfile: { allowed-hosts: [...] }`), so the example is checked under the settings
 * its docs page shows.
 */
function configOf(example: string): Partial<Config> | undefined {
  const first = example.split('\n')[0] ?? '';
  const m = /(trusted-registries|allowed-hosts): \[([^\]]*)\]/.exec(first);
  if (!first.startsWith('# .bulkhead.yml:') || !m) return undefined;
  const list = m[2]!.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  return m[1] === 'allowed-hosts'
    ? { lockfile: { 'allowed-hosts': list, 'min-release-age': '0d' } }
    : { dockerfile: { 'trusted-registries': list } };
}

/** Runs a rule on one of its examples, parsed as the file its kind reads. */
export async function runExample(rule: AnyFileRule, example: string, text?: string): Promise<Hit[]> {
  const path = examplePath(rule)!;
  const files = exampleFiles(example, path);
  const code = text ?? files[path]!;
  const opts = { config: configOf(example), files };
  switch (rule.appliesTo) {
    case 'dockerfile':
      return runRule(rule, parseDockerfile, code, path, opts);
    case 'lockfile':
      return runRule(rule, parseLockfile, code, path, opts);
    case 'pm-config':
      return runRule(rule, parsePmConfig, code, path, opts);
    case 'workflow':
      return runRule(rule, parseWorkflow, code, path, opts);
    default:
      throw new Error(`${rule.id}: no example runner for ${rule.appliesTo} rules yet`);
  }
}
