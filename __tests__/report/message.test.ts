import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mdCode, messageSegments, renderMessage, showBidi } from '../../src/report/escape.js';
import { readInline } from './gfm-lite.js';

const norm = (s: string) => showBidi(s).replace(/\s+/g, ' ').trim();
const noTicks = (s: string) => showBidi(s).replace(/[`\s]/g, '');

/** Characters that mean something to GFM or GitHub, and a few letters to make words of them. */
const SPICY = fc.constantFrom(
  ...'`\\*_[]()<>&;#!@:/.|~-+= \n\tabcwx1é\u202e'.split(''),
  'www.',
  'https://',
  'http://e.x',
  '&amp;',
  '<b>',
  '](',
  ':x:',
  '``',
);
const spicy = fc.array(SPICY, { maxLength: 40 }).map((a) => a.join(''));
const plain = fc.array(fc.constantFrom(...'abc xyz.,()'.split('')), { maxLength: 20 }).map((a) => a.join(''));

describe('renderMessage', () => {
  it.each([
    [
      '`pip install -r requirements.txt` runs without `--require-hashes`.',
      '`pip install -r requirements.txt` runs without `--require-hashes`.',
    ],
    [
      '`pip.conf` points at https://pypi.internal.example.com/simple/ over plain http.',
      '`pip.conf` points at `https://pypi.internal.example.com/simple/` over plain http.',
    ],
    ['Value `a`b` ends early', 'Value `` ab` `` ends early'],
    ['Image `x:${{ a }}`', 'Image `x:${{ a }}`'],
    ['`` `x` `` quoted', '`` `x` `` quoted'],
    [
      'ask @team or see #12, :tada: www.evil.example',
      'ask `@team` or see `#12`, `:tada:` `www.evil.example`',
    ],
    ['a *b* _c_ <b>d</b> [e](f) ~g~ & h', 'a \\*b\\* \\_c\\_ \\<b\\>d\\</b\\> \\[e\\](f) \\~g\\~ \\& h'],
    ['# not a heading', '\\# not a heading'],
    ['1. not a list', '1\\. not a list'],
    ['`a`@b', '`a@b`'],
  ])('%j → %j', (msg, md) => {
    expect(renderMessage(msg)).toBe(md);
  });

  it('makes code spans whose fence outruns the content, padded where CommonMark would eat a tick or a space', () => {
    expect(mdCode('a``b')).toBe('```a``b```');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode(' x ')).toBe('`  x  `');
    expect(mdCode(' ')).toBe('` `');
    for (const s of ['a``b', '`x', ' x ', 'x`', '```', ' `` '])
      expect(readInline(mdCode(s)).code).toEqual([s]);
  });

  it('segments like CommonMark: a run closes only on a run of the same length', () => {
    expect(messageSegments('a ``b`c`` d `e')).toEqual([
      { code: false, text: 'a ' },
      { code: true, text: 'b`c' },
      { code: false, text: ' d `e' },
    ]);
  });

  it('shows any message as its own text: no escape, link, HTML, mention or emphasis survives', () => {
    fc.assert(
      fc.property(spicy, (msg) => {
        const r = readInline(renderMessage(msg));
        expect(r.risks).toEqual([]);
        expect(r.links).toEqual([]);
        expect(r.tags).toEqual([]);
        // Visible: the message less the delimiters of its own code spans.
        const expected = messageSegments(showBidi(msg).replace(/[\r\n]+/g, ' '))
          .map((s) => s.text)
          .join('');
        expect(norm(r.visible)).toBe(norm(expected));
        expect(renderMessage(msg)).not.toContain('\n');
      }),
      { numRuns: 3000 },
    );
  });

  it('shows a value from a file, whatever it holds, as code with nothing lost', () => {
    fc.assert(
      fc.property(plain, spicy, plain, (before, value, after) => {
        const msg = `${before}\`${value}\`${after}`;
        const r = readInline(renderMessage(msg));
        expect(r.risks).toEqual([]);
        expect(r.links).toEqual([]);
        expect(r.tags).toEqual([]);
        expect(noTicks(r.visible)).toBe(noTicks(msg));
        // Without backticks of its own, the value is exactly one code span's text (or inside one).
        const v = showBidi(value).replace(/[\r\n]+/g, ' ');
        if (!value.includes('`') && v.trim() !== '')
          expect(r.code.some((c) => c.includes(v.trim()))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is linear on long values', () => {
    const long = `\`${'`a'.repeat(50_000)}\` ${':a'.repeat(50_000)} ${'x.'.repeat(50_000)}`;
    const t = Date.now();
    renderMessage(long);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
