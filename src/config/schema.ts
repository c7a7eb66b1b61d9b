import { z } from 'zod';
import { SEVERITIES, type Config, type IgnoreEntry, type ReportMode } from '../core/index.js';

export const thresholdSchema = z.enum([...SEVERITIES, 'never']);
export const reportSchema = z.enum(['new', 'changed-files', 'all']);

const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD', abort: true })
  .refine((s) => {
    // Date.parse accepts 2025-02-30 (rolling it over to March); a real day round-trips unchanged.
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

const ruleIdPattern = /^[a-z]+\/[a-z0-9-]+$/;

export const ignoreEntrySchema = z
  .object({
    rule: z
      .string()
      .regex(ruleIdPattern, "expected a rule id like 'dockerfile/base-image-latest'")
      .describe('Rule id the entry suppresses.'),
    path: z.string().min(1).default('**').describe('Glob of repo-relative paths the entry covers.'),
    package: z.string().min(1).optional().describe('Package name, optionally name@version.'),
    image: z.string().min(1).optional().describe('Image reference as written, e.g. node:20.'),
    reason: z
      .string()
      .trim()
      .min(1, 'every ignore entry needs a reason')
      .describe('Why the finding is acceptable; required.'),
    until: dateString.optional().describe('The entry stops applying after this day (UTC).'),
  })
  .strict();

export const configSchema = z
  .object({
    'fail-on': thresholdSchema.default('high').describe('Lowest severity that fails the run.'),
    report: reportSchema
      .optional()
      .describe('new | changed-files | all (the action picks by event if unset).'),
    paths: z
      .object({
        include: z
          .array(z.string())
          .default(['**'])
          .describe('Globs of repo-relative paths to scan (minimatch, dotfiles included).'),
        exclude: z
          .array(z.string())
          .default([])
          .describe('Globs to skip; .git, node_modules and vendor folders are always skipped.'),
      })
      .strict()
      .default({ include: ['**'], exclude: [] })
      .describe('Which files a folder scan reads. Files named on the command line are always read.'),
    rules: z
      .record(
        z.string().regex(ruleIdPattern, "expected a rule id like 'dockerfile/base-image-latest'"),
        z.enum([...SEVERITIES, 'off']),
      )
      .default({})
      .describe('Rule id -> off or a severity (critical|high|medium|low|info).'),
    dockerfile: z
      .object({
        'trusted-registries': z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Registries base images may come from, e.g. docker.io, ghcr.io, gcr.io, *.gcr.io (a *. wildcard matches subdomains only, not the domain itself); empty = any.',
          ),
      })
      .strict()
      .default({ 'trusted-registries': [] }),
    lockfile: z
      .object({
        'allowed-hosts': z
          .array(z.string().min(1))
          .default([])
          .describe("Hosts lockfile entries may resolve from; empty = each ecosystem's public registry."),
        'min-release-age': z
          .string()
          .regex(/^\d+d$/, 'expected a number of days like 7d')
          .default('0d')
          .describe(
            'Cooldown for newly published versions, in days: lockfile/release-too-new reports npm versions published more recently (online checks; 0d = off).',
          ),
      })
      .strict()
      .default({ 'allowed-hosts': [], 'min-release-age': '0d' }),
    workflow: z
      .object({
        'trusted-actions': z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Globs of owner/repo (or owner/repo/path) that may be used by tag, e.g. actions/*; workflow/unpinned-action reports them at low severity.',
          ),
      })
      .strict()
      .default({ 'trusted-actions': [] }),
    online: z
      .union([z.boolean(), z.literal('required')], { error: 'expected true, false or required' })
      .default(true)
      .describe(
        'OSV look-ups for every locked package, npm registry look-ups for every npm package name and GitHub API look-ups for every action ref (docs/online.md); false = offline checks only; required = also block when a look-up fails.',
      ),
    intel: z
      .object({
        'osv-url': z
          .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
          .default('https://api.osv.dev')
          .describe('Base URL of the OSV API (a mirror may serve the same /v1 paths).'),
        'npm-registry-url': z
          .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
          .optional()
          .describe(
            'Base URL of the npm registry asked for packuments, e.g. https://registry.npmjs.org or a mirror serving the same paths; only entries resolved from it are checked. Unset (the default): no registry look-ups (one full packument per package name is a large download).',
          ),
        'registry-urls': z
          .record(
            z.string().regex(/^[a-z0-9.-]+(?::\d{1,5})?$/i, {
              error: 'expected a registry host such as docker.io or ghcr.io',
            }),
            z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
          )
          .optional()
          .describe(
            'Image digests for fixes (`bulkhead fix`, docs/fixes.md): a map from a registry host (`docker.io`, `ghcr.io`, `registry.example:5000`) to the base URL asked instead, for a mirror serving the same /v2 paths. Unlisted hosts are asked over https at their own name (Docker Hub at registry-1.docker.io).',
          ),
        'github-api-url': z
          .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
          .optional()
          .describe(
            "Base URL of the GitHub REST API asked about action refs (impostor commits, ref confusion, version comments, pinning fixes). Unset (the default): GITHUB_API_URL from the environment, else https://api.github.com. The token (the action's, or GITHUB_TOKEN for the CLI) is sent only when this is the environment's own API.",
          ),
        'pypi-url': z
          .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
          .optional()
          .describe(
            'Base URL of PyPI asked for project JSON (GET {url}/pypi/{name}/json), e.g. https://pypi.org or a mirror serving the same paths; only entries from the public index or from under this URL are checked. Unset (the default): no PyPI look-ups (one document per project name, every release listed).',
          ),
        'timeout-ms': z
          .number()
          .int()
          .min(100)
          .max(120_000)
          .default(15_000)
          .describe('Deadline of one request, body included, in milliseconds.'),
        concurrency: z.number().int().min(1).max(64).default(8).describe('Requests in flight at once.'),
        'registry-concurrency': z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(8)
          .describe(
            'Requests in flight at once to the package registries (npm, PyPI): a pool apart from OSV, so per-name downloads do not hold up advisory look-ups.',
          ),
      })
      .strict()
      .default({
        'osv-url': 'https://api.osv.dev',
        'timeout-ms': 15_000,
        concurrency: 8,
        'registry-concurrency': 8,
      })
      .describe('The online services and how they are asked (docs/online.md).'),
    ignore: z
      .array(ignoreEntrySchema)
      .default([])
      .describe(
        'Suppressions: each entry names a rule, optionally a path glob, package or image, and a reason.',
      ),
  })
  .strict();

export type { Config, IgnoreEntry, ReportMode };

// The schema must produce exactly the Config shape that core/ declares for every layer.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesCore: [
  Same<z.infer<typeof configSchema>, Config>,
  Same<z.infer<typeof ignoreEntrySchema>, IgnoreEntry>,
  Same<z.infer<typeof reportSchema>, ReportMode>,
] = [true, true, true];
void schemaMatchesCore;

export function defaultConfig(): Config {
  return configSchema.parse({});
}
