/**
 * `JSON.stringify(value, null, 2)`, a piece at a time. A report of 260,000 findings is hundreds of
 * megabytes of JSON: built as one object and stringified, it exists three times over (the objects,
 * the string, the bytes written). Here the long arrays are `Streamed`: each element is made and
 * stringified only when its turn comes, so what is held at once is one element, not the report.
 * The output is byte-for-byte what `JSON.stringify(value, null, 2)` gives for the same value with
 * each `Streamed` replaced by an array of its elements.
 */

/** An array whose elements are produced on demand, in order (e.g. a mapped generator). */
export class Streamed<T = unknown> {
  constructor(readonly items: Iterable<T>) {}
}

const INDENT = '  ';

/** `JSON.stringify(v, null, 2)` as if `v` sat at `indent` (JSON strings hold no raw newline). */
function stringifyAt(v: unknown, indent: string): string | undefined {
  const s = JSON.stringify(v, null, 2) as string | undefined;
  return s === undefined || indent === '' ? s : s.replace(/\n/g, `\n${indent}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether a value holds a `Streamed` anywhere below (then it is written piece by piece). */
function holdsStreamed(v: unknown): boolean {
  if (v instanceof Streamed) return true;
  if (Array.isArray(v)) return v.some(holdsStreamed);
  if (isPlainObject(v)) return Object.values(v).some(holdsStreamed);
  return false;
}

/**
 * Yields the JSON text of `value` (without a final newline) in pieces; a `Streamed` element is
 * stringified alone, so the caller can write it and let it go before the next is made.
 */
export function* jsonChunks(value: unknown, indent = ''): Generator<string, void, undefined> {
  if (!holdsStreamed(value)) {
    const s = stringifyAt(value, indent);
    if (s !== undefined) yield s;
    return;
  }
  const inner = indent + INDENT;
  if (value instanceof Streamed || Array.isArray(value)) {
    const items: Iterable<unknown> = value instanceof Streamed ? value.items : value;
    let first = true;
    for (const item of items) {
      yield first ? `[\n${inner}` : `,\n${inner}`;
      first = false;
      // As JSON.stringify: an element with no JSON form (undefined, a function) is null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, inner);
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  const obj = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    // As JSON.stringify: a property with no JSON form is left out.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(v, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}
