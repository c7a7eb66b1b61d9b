import { describe, expect, it } from '@jest/globals';
import { analyzeImageParts, partialLockedForm, type ImageRefPart } from '../../src/refs/image.js';

const U = (name: string): ImageRefPart => ({ unknown: true, names: [name] });
const HEX = 'd'.repeat(64);

describe('analyzeImageParts: what the known text decides', () => {
  const rows: [string, ImageRefPart[], string, unknown][] = [
    ['prefix, tag', [U('P'), 'ubuntu:noble'], 'none', { known: true, value: 'noble' }],
    ['registry, no tag', [U('R'), '/ubuntu'], 'none', { known: true }],
    ['registry with port, no tag', [U('H'), ':5000/app'], 'none', { known: true }],
    ['prefix, no slash', [U('P'), 'ubuntu'], 'none', { known: false }],
    ['unknown tag', ['ubuntu:', U('T')], 'possible', { known: false }],
    ['unknown inside the tag', ['python:', U('V'), '-slim'], 'none', { known: false }],
    ['hex tail', ['ubuntu', U('X'), 'cafe'], 'possible', { known: false }],
    ['algorithm and full hex', ['u', U('X'), `256:${HEX}`], 'possible', { known: false }],
    ['algorithm and short hex', ['u', U('X'), 'ubuntu:beef'], 'none', { known: true, value: 'beef' }],
    ['known digest, unknown name', [U('R'), `/app@sha256:${HEX}`], 'valid', { known: true }],
    ['malformed digest', [U('R'), '/app:1@sha256:xyz'], 'malformed', { known: true, value: '1' }],
    ['digest completed', ['img@sha256:', U('D')], 'possible', { known: true }],
    ['known name, digest unknown', ['img:2@', U('D')], 'possible', { known: true, value: '2' }],
  ];
  it.each(rows)('%s', (_name, parts, digest, tag) => {
    const p = analyzeImageParts(parts)!;
    expect(p.digest).toBe(digest);
    expect(p.tag).toEqual(tag);
  });

  it('knows the registry only when the text before the first / is known', () => {
    expect(analyzeImageParts(['ghcr.io/', U('O'), '/x:1'])!.registry).toEqual({
      host: 'ghcr.io',
      repository: '',
      complete: false,
    });
    expect(analyzeImageParts(['someone/ap', U('N')])!.registry).toEqual({
      host: undefined,
      repository: 'someone/ap',
      complete: false,
    });
    expect(analyzeImageParts(['reg:5000/team/app:', U('T')])!.registry).toEqual({
      host: 'reg:5000',
      repository: 'team/app',
      complete: true,
    });
    expect(analyzeImageParts(['ubuntu', U('S')])!.registry).toBeUndefined();
    expect(analyzeImageParts([U('R'), '/x'])!.registry).toBeUndefined();
  });

  it('refuses text that is no image reference', () => {
    expect(analyzeImageParts([U('X'), '%%IMAGE%%'])).toBeUndefined();
    expect(analyzeImageParts(['-x', U('X')])).toBeUndefined();
    expect(analyzeImageParts([U('X'), ':'])).toBeUndefined();
    expect(analyzeImageParts([U('X'), 'a'.repeat(513)])).toBeUndefined();
  });

  it('writes the locked form for a fix', () => {
    expect(partialLockedForm(analyzeImageParts([U('R'), '/ubuntu:latest'])!)).toBe(
      '${R}/ubuntu:<version>@sha256:<digest>',
    );
    expect(partialLockedForm(analyzeImageParts(['python:', U('V'), '-slim'])!)).toBe(
      'python:${V}-slim@sha256:<digest>',
    );
  });
});
