import { beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { marked } from 'marked';
import type { Finding } from '../../src/core/index.js';
import { renderMessage } from '../../src/report/escape.js';
import {
  CHECK_URL,
  LINK_BASE,
  renderChannels,
  scanTree,
  SUMMARY_URL,
  type Channels,
} from '../../scripts/preview-channels.js';
import { readDocument, readInline } from './gfm-lite.js';
import { finding } from './fixtures.js';

const APP = resolve(import.meta.dirname, '../../examples/insecure-app');
const RULE_PAGES = 'https://github.com/bulkhead-dev/bulkhead/blob/main/docs/rules/';
/** Where a link may point: the rule pages, the head commit, the check run and the workflow run. */
const TRUSTED = [RULE_PAGES, `${LINK_BASE}/`, CHECK_URL, SUMMARY_URL];
/** Tags the layout writes itself. */
const TAGS = new Set(['details', 'summary', 'code', 'br', '!--']);

/** A finding whose values would be links, HTML, mentions and broken fences if read as markdown. */
const HOSTILE: Finding = finding({
  ruleId: 'dockerfile/remote-add-no-checksum',
  severity: 'critical',
  path: 'a`b/<i>x</i>/Dockerfile',
  startLine: 4,
  message:
    'ADD fetches `https://evil.example/x?a=`1`&b` from www.evil.example as @team #12 <img src=x> *now* [y](http://z)',
  fix: 'Pin `sha256:<hex>` from https://evil.example/sum.',
});

let app: { findings: Finding[]; suppressed: Finding[]; files: number };
let ch: Channels;
beforeAll(async () => {
  app = await scanTree(APP);
  ch = renderChannels([...app.findings, HOSTILE], { suppressed: app.suppressed, files: app.files });
});

function check(md: string, name: string) {
  const doc = readDocument(md);
  // Nothing GFM or GitHub would read differently than shown; no link to a place a file chose.
  expect({ name, risks: doc.risks }).toEqual({ name, risks: [] });
  for (const href of doc.links)
    expect({ name, href, trusted: TRUSTED.some((t) => href.startsWith(t)) }).toMatchObject({ trusted: true });
  for (const t of doc.tags) expect({ name, tag: t, known: TAGS.has(t) }).toMatchObject({ known: true });
  // No backslash escape left in what is seen outside code.
  const outsideCode = doc.lines.join('\n');
  const visibleMessages = [...app.findings, HOSTILE].map((f) => readInline(renderMessage(f.message)).visible);
  expect(outsideCode).not.toMatch(/\\[\\*_[\]<>&~|`]/);
  return { doc, visibleMessages };
}

describe('every channel, read as GitHub reads it', () => {
  it.each(['jobSummary', 'checkText', 'cli'] as const)('%s: every finding once, its message as text', (k) => {
    const { doc, visibleMessages } = check(ch[k], k);
    for (const [i, f] of [...app.findings, HOSTILE].entries()) {
      const lines = doc.lines.filter((l) => l.includes(` line ${f.startLine} — ${visibleMessages[i]!}`));
      expect({ k, f: `${f.path}:${f.startLine} ${f.ruleId}`, n: lines.length }).toMatchObject({ n: 1 });
    }
    // The hostile message: its backticks pair as CommonMark pairs them; URL, host, mention and
    // reference are code; the tag and the link are text.
    expect(doc.code).toEqual(
      expect.arrayContaining(['https://evil.example/x?a=', '&b', 'www.evil.example', '@team', '#12']),
    );
    expect(doc.visible).toContain('<img src=x> *now* [y](');
  });

  it.each(['comment', 'checkSummary'] as const)('%s: the verdict and each blocking finding once', (k) => {
    const { doc, visibleMessages } = check(ch[k], k);
    expect(doc.lines.some((l) => l.startsWith('❌ Blocking:'))).toBe(true);
    for (const [i, f] of [...app.findings, HOSTILE].entries()) {
      const n = doc.lines.filter((l) => l.includes(` line ${f.startLine} — ${visibleMessages[i]!}`)).length;
      const blocking = f.severity === 'critical' || f.severity === 'high';
      expect({ k, f: `${f.path}:${f.startLine} ${f.ruleId}`, n }).toMatchObject({ n: blocking ? 1 : 0 });
    }
  });

  it('the check run: a verdict title, short summary, full text, each within the API limits', () => {
    expect(ch.checkTitle).toMatch(/^Blocking: \d+ findings at or above high, \d+ below/);
    expect(ch.checkSummary.length).toBeLessThan(ch.checkText.length);
    expect(ch.checkText.length).toBeLessThanOrEqual(65_535);
    expect(ch.comment).toContain(`[check run](${CHECK_URL})`);
  });

  it('annotations: title "rule (severity)", the message alone, the fix in raw_details', () => {
    const a = ch.annotations.find((x) => x.path === HOSTILE.path)!;
    expect(a.title).toBe('dockerfile/remote-add-no-checksum (critical)');
    expect(a.message).toBe(HOSTILE.message);
    expect(a.raw_details).toContain(`Fix: ${HOSTILE.fix!}`);
  });

  it('the check reader itself catches what it must', () => {
    expect(readInline('see https://a\\.b').links).toHaveLength(1);
    expect(readInline('\\`x`').risks).toContain('literal backtick');
    expect(readInline('<img src=x>').tags).toEqual(['img']);
    expect(readInline('[a](http://z)').links).toEqual(['http://z']);
    expect(readInline('hi @team').risks).toHaveLength(1);
    expect(readInline('a *b*').risks).toHaveLength(2);
  });
});

describe('every channel through a real GFM renderer (marked)', () => {
  /** Elements the layout makes; anything else in the HTML came from a scanned file. */
  const ELEMENTS = new Set([
    'h2',
    'h3',
    'h4',
    'p',
    'ul',
    'li',
    'strong',
    'em',
    'code',
    'a',
    'details',
    'summary',
    'br',
    'blockquote',
    'hr',
  ]);
  const html = (md: string) => marked.parse(md, { gfm: true, async: false }) as string;

  it.each(['jobSummary', 'checkText', 'cli', 'comment', 'checkSummary'] as const)('%s', (k) => {
    const out = html(ch[k]);
    const tags = [...out.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b/g)].map((m) => m[1]!.toLowerCase());
    expect({ k, unknown: [...new Set(tags.filter((t) => !ELEMENTS.has(t)))] }).toEqual({ k, unknown: [] });
    // Every link goes to a rule page, the head commit, the check run or the workflow run.
    for (const m of out.matchAll(/<a [^>]*href="([^"]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      expect({ k, href, trusted: TRUSTED.some((t) => href.startsWith(t)) }).toMatchObject({ trusted: true });
    }
    // The hostile values are shown, as code, never as markup or mentions.
    {
      expect(out).toContain('<code>https://evil.example/x?a=</code>');
      expect(out).toContain('<code>@team</code>');
      expect(out).toContain('&lt;img src=x&gt;');
    }
    // No escape backslash survives outside code in what is shown.
    const text = out.replace(/<code>[\s\S]*?<\/code>/g, '').replace(/<[^>]+>/g, '');
    expect(text).not.toMatch(/\\[\\*_[\]<>&~|`.\-!#()+]/);
  });
});
