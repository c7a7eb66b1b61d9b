import { z } from 'zod';
import { INFORMATION_URI } from '../version.js';
import { configSchema } from './schema.js';

export const SCHEMA_ID = `${INFORMATION_URI}/raw/main/schema/bulkhead.schema.json`;

/**
 * The JSON Schema for `.bulkhead.yml`, generated from the same zod schema the loader validates with,
 * so editors and Bulkhead cannot disagree. Input mode: keys with defaults are optional.
 */
export function buildJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCHEMA_ID,
    title: 'Bulkhead configuration (.bulkhead.yml)',
    description: 'Configuration for Bulkhead, the supply-chain checker for container builds.',
    ...rest,
  };
}
