/**
 * Validates request bodies against GitHub's REST OpenAPI description (@octokit/openapi), so the
 * end-to-end tests prove the action sends what GitHub accepts, not just what the fake server takes.
 * A small validator for the OpenAPI 3.0 schema subset the request bodies use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Schema = Record<string, unknown>;
interface Doc {
  paths: Record<
    string,
    Record<string, { operationId?: string; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components?: unknown;
}

let doc: Doc | undefined;
function spec(): Doc {
  if (!doc) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@octokit/openapi/package.json'));
    doc = JSON.parse(readFileSync(join(dir, 'generated', 'api.github.com.json'), 'utf8')) as Doc;
  }
  return doc;
}

function templateMatches(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return false;
  return t.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? p[i]!.length > 0 : seg === p[i]));
}

/** The operation for a method and concrete path (`/repos/o/r/check-runs/1`). */
export function findOperation(
  method: string,
  path: string,
): { operationId: string; schema?: Schema } | undefined {
  const m = method.toLowerCase();
  // Literal segments beat parameters: `/issues/comments/{id}` over `/issues/{number}/comments`.
  const candidates = Object.keys(spec().paths)
    .filter((t) => spec().paths[t]![m] && templateMatches(t, path))
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  const t = candidates[0];
  if (!t) return undefined;
  const op = spec().paths[t]![m]!;
  const schema = op.requestBody?.content?.['application/json']?.schema;
  return { operationId: op.operationId ?? `${m} ${t}`, ...(schema ? { schema } : {}) };
}

function resolveRef(ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  let cur: unknown = spec();
  for (const part of ref.slice(2).split('/'))
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Every violation, as `path: problem`; empty when the value conforms. */
export function validate(value: unknown, schema: Schema, at = '$', depth = 0): string[] {
  if (depth > 50) return [`${at}: schema too deep`];
  if (typeof schema.$ref === 'string') return validate(value, resolveRef(schema.$ref), at, depth + 1);
  const errors: string[] = [];
  const t = typeOf(value);
  if (value === null && schema.nullable === true) return [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'));
    if (!ok) return [`${at}: expected ${types.join('|')}, got ${t}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  }
  if (t === 'string') {
    const s = value as string;
    const len = [...s].length;
    if (typeof schema.maxLength === 'number' && len > schema.maxLength)
      errors.push(`${at}: length ${len} > ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && len < schema.minLength)
      errors.push(`${at}: length ${len} < ${schema.minLength}`);
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(s))) errors.push(`${at}: not a date-time`);
  }
  if (t === 'integer' || t === 'number') {
    const n = value as number;
    if (typeof schema.minimum === 'number' && n < schema.minimum)
      errors.push(`${at}: ${n} < ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && n > schema.maximum)
      errors.push(`${at}: ${n} > ${schema.maximum}`);
  }
  if (t === 'array') {
    const a = value as unknown[];
    if (typeof schema.maxItems === 'number' && a.length > schema.maxItems)
      errors.push(`${at}: ${a.length} items > ${schema.maxItems}`);
    if (typeof schema.minItems === 'number' && a.length < schema.minItems)
      errors.push(`${at}: ${a.length} items < ${schema.minItems}`);
    if (schema.items)
      a.forEach((item, i) =>
        errors.push(...validate(item, schema.items as Schema, `${at}[${i}]`, depth + 1)),
      );
  }
  if (t === 'object') {
    const o = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[])
      if (!(r in o)) errors.push(`${at}: missing required '${r}'`);
    for (const [k, v] of Object.entries(o)) {
      if (props[k]) errors.push(...validate(v, props[k]!, `${at}.${k}`, depth + 1));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property '${k}'`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        errors.push(...validate(v, schema.additionalProperties as Schema, `${at}.${k}`, depth + 1));
      }
    }
  }
  if (Array.isArray(schema.allOf))
    for (const s of schema.allOf as Schema[]) errors.push(...validate(value, s, at, depth + 1));
  if (Array.isArray(schema.anyOf)) {
    const results = (schema.anyOf as Schema[]).map((s) => validate(value, s, at, depth + 1));
    if (!results.some((r) => r.length === 0))
      errors.push(`${at}: matches none of anyOf (${results.map((r) => r[0]).join(' / ')})`);
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as Schema[]).filter(
      (s) => validate(value, s, at, depth + 1).length === 0,
    ).length;
    if (passing !== 1) errors.push(`${at}: matches ${passing} of oneOf, expected exactly 1`);
  }
  return errors;
}

/** Validates one recorded request body against its operation; unknown operations are errors too. */
export function validateRequest(method: string, path: string, body: unknown): string[] {
  const op = findOperation(method, path);
  if (!op) return [`${method} ${path}: no such operation in the GitHub REST description`];
  if (!op.schema) return body === undefined ? [] : [];
  if (body === undefined) return [`${op.operationId}: request body missing`];
  return validate(body, op.schema).map((e) => `${op.operationId}: ${e}`);
}
