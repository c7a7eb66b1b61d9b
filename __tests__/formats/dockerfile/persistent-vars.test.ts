import { describe, expect, it } from '@jest/globals';
import { PersistentVars } from '../../../src/formats/dockerfile/persistent-vars.js';
import { ScriptVars } from '../../../src/formats/dockerfile/shell/script-vars.js';

describe('PersistentVars', () => {
  it('agrees with a Map over random sets, and old versions never change', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    let p = PersistentVars.EMPTY;
    const m = new Map<string, string | undefined>();
    const versions: [PersistentVars, Map<string, string | undefined>][] = [];
    for (let i = 0; i < 5000; i++) {
      const k = `k${rnd(700)}`;
      const v = rnd(5) === 0 ? undefined : `v${i}`;
      p = p.set(k, v);
      m.set(k, v);
      if (i % 500 === 0) versions.push([p, new Map(m)]);
    }
    for (const [pv, mv] of [...versions, [p, m] as const]) {
      for (let j = 0; j < 720; j++) {
        const k = `k${j}`;
        expect([pv.has(k), pv.get(k)]).toEqual([mv.has(k), mv.get(k)]);
      }
    }
  });

  it('keeps `undefined` (declared, value unknown) apart from absent', () => {
    const p = PersistentVars.of([['A', undefined]]);
    expect([p.has('A'), p.get('A'), p.has('B')]).toEqual([true, undefined, false]);
    expect(p.set('A', undefined)).toBe(p);
  });

  it('stays balanced: 100,000 names in order', () => {
    let p = PersistentVars.EMPTY;
    for (let i = 0; i < 100_000; i++) p = p.set(`n${String(i).padStart(6, '0')}`, String(i));
    expect(p.get('n099999')).toBe('99999');
    expect(p.get('n000000')).toBe('0');
  });
});

describe('ScriptVars', () => {
  it('reads through to the Dockerfile scope and rolls a nested script back', () => {
    const v = new ScriptVars(PersistentVars.of([['A', '1']]));
    v.set('B', '2');
    const mark = v.mark();
    v.set('A', 'x');
    v.set('B', 'y');
    v.set('C', 'z');
    expect([v.get('A'), v.get('B'), v.get('C')]).toEqual(['x', 'y', 'z']);
    v.rollback(mark);
    expect([v.get('A'), v.get('B'), v.get('C'), v.has('C')]).toEqual(['1', '2', undefined, false]);
  });
});
