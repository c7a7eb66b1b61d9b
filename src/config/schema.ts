import { z } from 'zod';
import { SEVERITIES } from '../scan/finding.js';

const severity = z.enum(SEVERITIES);
export const thresholdSchema = z.enum([...SEVERITIES, 'never']);
export const reportSchema = z.enum(['new', 'changed-files', 'all']);

const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real calendar date');

const ruleIdPattern = /^[a-z]+\/[a-z0-9-]+$/;

export const ignoreEntrySchema = z
  .object({
    rule: z.string().regex(ruleIdPattern, "expected a rule id like 'dockerfile/base-image-latest'"),
    path: z.string().min(1).default('**').describe('Glob of repo-relative paths the entry covers.'),
    package: z.string().min(1).optional().describe('Package name, optionally name@version.'),
    image: z.string().min(1).optional().describe('Image reference as written, e.g. node:20.'),
    reason: z.string().trim().min(1, 'every ignore entry needs a reason'),
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
        include: z.array(z.string()).default(['**']),
        exclude: z.array(z.string()).default([]),
      })
      .strict()
      .default({ include: ['**'], exclude: [] }),
    rules: z
      .record(z.string().regex(ruleIdPattern, 'expected a rule id'), z.union([severity, z.literal('off')]))
      .default({}),
    dockerfile: z
      .object({ 'trusted-registries': z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ 'trusted-registries': [] }),
    lockfile: z
      .object({
        'allowed-hosts': z.array(z.string().min(1)).default([]),
        'min-release-age': z
          .string()
          .regex(/^\d+d$/, 'expected a number of days like 7d')
          .default('0d'),
      })
      .strict()
      .default({ 'allowed-hosts': [], 'min-release-age': '0d' }),
    workflow: z
      .object({ 'trusted-actions': z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ 'trusted-actions': [] }),
    online: z.boolean().default(true),
    ignore: z.array(ignoreEntrySchema).default([]),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type IgnoreEntry = z.infer<typeof ignoreEntrySchema>;
export type ReportMode = z.infer<typeof reportSchema>;

export function defaultConfig(): Config {
  return configSchema.parse({});
}
