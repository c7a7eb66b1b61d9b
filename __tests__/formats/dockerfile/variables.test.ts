import { describe, expect, it } from '@jest/globals';
import {
  expandWord,
  substitute,
  type VarLookup,
  type WordPart,
} from '../../../src/formats/dockerfile/variables.js';

/** `set` values as strings or parts; names listed in `unknown` are declared without a known value. */
function lookup(set: Record<string, string | WordPart[]>, unknown: string[] = []): VarLookup {
  return (name) => {
    if (unknown.includes(name)) return { kind: 'unknown' };
    const v = set[name];
    if (v === undefined) return { kind: 'unset' };
    return { kind: 'set', parts: typeof v === 'string' ? [v] : v };
  };
}

const U = (...names: string[]): WordPart => ({ unknown: true, names });

describe('expandWord: BuildKit word lexing for image words', () => {
  const cases: [string, string, VarLookup, WordPart[] | undefined][] = [
    ['plain text', 'ubuntu:noble', lookup({}), ['ubuntu:noble']],
    ['double quotes removed', '"ubuntu:noble"', lookup({}), ['ubuntu:noble']],
    ['quotes around a variable', 'image:"${TAG}"', lookup({ TAG: '3.12' }), ['image:3.12']],
    ['single quotes keep $ literally', "a:'$T'", lookup({ T: 'x' }), ['a:$T']],
    ['escape takes the next character', 'a\\$T', lookup({ T: 'x' }), ['a$T']],
    ['escaped quote inside double quotes', '"a\\"b"', lookup({}), ['a"b']],
    ['other escapes inside double quotes stay', '"a\\b"', lookup({}), ['a\\b']],
    ['$ before a non-name is literal', 'a$/b', lookup({}), ['a$/b']],
    ['$- is a special parameter (unset)', 'a$-b', lookup({}), ['a', U('-'), 'b']],
    ['unknown prefix', '${PREFIX}ubuntu:noble', lookup({}), [U('PREFIX'), 'ubuntu:noble']],
    ['declared unknown', '$REG/app', lookup({}, ['REG']), [U('REG'), '/app']],
    [':- takes the default when unset', '${BASE:-debian:12}', lookup({}), ['debian:12']],
    [':- takes the default when empty', '${BASE:-debian:12}', lookup({ BASE: '' }), ['debian:12']],
    ['- keeps an empty value', 'x${BASE-debian}', lookup({ BASE: '' }), ['x']],
    [':- of an unknown value is unknown', '${BASE:-debian}', lookup({}, ['BASE']), [U('BASE')]],
    [':- keeps a partly-known value', '${B:-d}', lookup({ B: [U('R'), '/x'] }), [U('R'), '/x']],
    [':- of a value that may be empty', '${B:-d}', lookup({ B: [U('R')] }), [U('B')]],
    [':+ gives the alternative when set', 'a${V:+-slim}', lookup({ V: '1' }), ['a-slim']],
    [':+ gives nothing when unset', 'a${V:+-slim}', lookup({}), ['a']],
    [':+ of an unknown value', 'a${V:+-slim}', lookup({}, ['V']), ['a', U('V')]],
    ['nested default', '${A:-${B:-x}}y', lookup({}), ['xy']],
    ['nested default with a quoted brace', '${A:-"}"}', lookup({}), ['}']],
    [':? gives the value when set', '${A:?need A}', lookup({ A: 'v' }), ['v']],
    [':? of an unset value is unknown', 'i:${A:?need A}', lookup({}), ['i:', U('A')]],
    ['# pattern of a set value is unknown', '${A#v}', lookup({ A: 'v1' }), [U('A')]],
    ['% pattern of an unset value is empty', 'x${A%v}', lookup({}), ['x']],
    ['/ replacement of a set value is unknown', '${A/a/b}', lookup({ A: 'a' }), [U('A')]],
    ['adjacent unknown parts merge', '${A}${B}-x', lookup({}), [U('A', 'B'), '-x']],
    ['unclosed double quote', '"abc', lookup({}), undefined],
    ['unclosed single quote', "'abc", lookup({}), undefined],
    ['unclosed brace', '${A', lookup({}), undefined],
    ['empty braces', '${}', lookup({}), undefined],
    ['bad modifier', '${A:x}', lookup({ A: 'v' }), undefined],
    ['special parameter', 'a$1', lookup({}), ['a', U('1')]],
  ];
  it.each(cases)('%s', (_name, text, scope, expected) => {
    expect(expandWord(text, scope)).toEqual(expected);
  });

  it('honours a backtick escape character', () => {
    expect(expandWord('a`$T', lookup({ T: 'x' }), '`')).toEqual(['a$T']);
    expect(expandWord('a\\b', lookup({}), '`')).toEqual(['a\\b']);
  });

  it('without quotes (values a parser already unquoted) keeps quotes and other escapes', () => {
    expect(expandWord('"${A}"\\x\\$A', lookup({ A: 'v' }), '\\', { quotes: false })).toEqual(['"v"\\x$A']);
    // `$1` is not a variable there (shell words keep their positional parameters).
    expect(expandWord('a$1', lookup({}), '\\', { quotes: false })).toEqual(['a$1']);
    // Patterns of an unset name stay unknown there (a shell may have set it).
    expect(expandWord('x${A%v}', lookup({}), '\\', { quotes: false })).toEqual(['x', U('A')]);
  });

  it('keeps many unknown parts small (collapses them into one)', () => {
    const text = Array.from({ length: 200 }, (_, i) => `x\${V${i}}`).join('') + '-tail';
    const parts = expandWord(text, lookup({}))!;
    expect(parts.length).toBeLessThanOrEqual(66);
    expect(parts[parts.length - 1]).toBe('-tail');
    expect(typeof parts[0]).not.toBe('string');
  });

  it('stops deep nesting instead of overflowing the stack', () => {
    const text = '${A:-'.repeat(5000) + 'x' + '}'.repeat(5000);
    expect(expandWord(text, lookup({}))).toBeUndefined();
  });
});

describe('substitute keeps its string contract', () => {
  const scope = new Map<string, string | undefined>([
    ['A', 'a'],
    ['E', ''],
    ['U', undefined],
  ]);
  const cases: [string, string | undefined][] = [
    ['$A-${A}', 'a-a'],
    ['${E:-d}', 'd'],
    ['${E-d}', ''],
    ['${N:-d}', 'd'],
    ['${U:-d}', undefined],
    ['${A:+x}', 'x'],
    ['${N:+x}', ''],
    ['${A:-${N:-z}}', 'a'],
    ['${N:-${M:-z}}', 'z'],
    ['$N', undefined],
    ['a$', 'a$'],
    ['\\$A', '$A'],
    ['${A', undefined],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(substitute(text, scope)).toBe(expected);
  });
});
