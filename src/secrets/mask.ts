/**
 * The one masking policy. A secret is replaced whole: a value of a known provider shape keeps only
 * that provider's public prefix (`ghp_…`, `sk-ant-…`), anything else becomes `***`. A reference that
 * is expanded later (`$TOKEN`, `${NPM_TOKEN}`, `$(cat /run/secrets/t)`, `%TOKEN%`) is not a secret
 * and is never masked.
 */
import { leadingShape } from './shapes.js';

export const MASK = '***';
/** What follows a kept public prefix. */
export const ELLIPSIS = '…';

function isNameChar(c: string | undefined, first: boolean): boolean {
  if (c === undefined) return false;
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || (!first && c >= '0' && c <= '9');
}

/** The end of a variable name starting at `i`, or `i` when there is none. */
function nameEnd(v: string, i: number): number {
  if (!isNameChar(v[i], true)) return i;
  let j = i + 1;
  while (j < v.length && isNameChar(v[j], false)) j++;
  return j;
}

/**
 * Whether a value opens with an expansion (`$TOKEN`, `${T}`, `$(cat …)`, `%T%`, `{{ … }}`): what
 * follows is filled in later, so the text itself holds no secret.
 */
export function startsWithReference(value: string): boolean {
  let v = value.trimStart();
  if (v[0] === '"' || v[0] === "'") v = v.slice(1);
  const c = v[0];
  if (c === '$') return v[1] === '{' || v[1] === '(' || nameEnd(v, 1) > 1;
  if (c === '%') {
    const e = nameEnd(v, 1);
    return e > 1 && v[e] === '%';
  }
  return v.startsWith('{{');
}

/** A secret value as it may be shown: its provider prefix and `…`, or `***`. */
export function maskSecret(value: string): string {
  const shape = leadingShape(value);
  return shape ? `${shape.shown ?? shape.match}${ELLIPSIS}` : MASK;
}
