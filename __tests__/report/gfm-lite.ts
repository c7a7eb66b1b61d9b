/**
 * A strict reader of the markdown Bulkhead writes, after CommonMark/GFM's inline rules: backslash
 * escapes, code spans (fences matched by length, one space stripped each side), links, raw HTML,
 * entities, `**strong**`, GFM's extended autolinks and GitHub's mentions, issue references and
 * emoji. It does not render everything GFM can: whatever it cannot read for sure (a lone `*`, `_`,
 * `~` or `[`) is reported as a risk, so a test built on it fails rather than passes by mistake.
 * No markdown library is a dependency; this is the hand check the render tests use.
 */
export interface Inline {
  /** What a reader sees, whitespace collapsed. */
  visible: string;
  /** Text of each code span. */
  code: string[];
  /** Link targets, whatever made them (inline link, autolink, extended autolink). */
  links: string[];
  /** Raw HTML tag names. */
  tags: string[];
  /** Anything that GFM or GitHub could interpret differently than shown here. */
  risks: string[];
}

const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0' };

function decodeEntity(e: string): string | undefined {
  const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/.exec(e);
  if (!m) return undefined;
  if (m[1]) return String.fromCodePoint(Number(m[1]) || 0xfffd);
  if (m[2]) return String.fromCodePoint(parseInt(m[2], 16) || 0xfffd);
  return ENTITIES[m[3]!];
}

/** Extended autolinks, mentions, references and emoji that GitHub finds in text. */
function textRisks(t: string, risks: string[], links: string[]): void {
  const url = /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<]*/i.exec(t);
  if (url) links.push(url[0]);
  const mail = /[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/.exec(t);
  if (mail) links.push(`mailto:${mail[0]}`);
  if (/(?:mailto|xmpp):/i.test(t)) links.push(t);
  if (/(?:^|[^A-Za-z0-9`])@[A-Za-z0-9]/.test(t)) risks.push(`mention in ${JSON.stringify(t)}`);
  if (/#[0-9]/.test(t)) risks.push(`reference in ${JSON.stringify(t)}`);
  if (/:[a-z0-9_+-]+:/.test(t)) risks.push(`emoji in ${JSON.stringify(t)}`);
}

/** Reads one paragraph's inline markdown. */
export function readInline(src: string): Inline {
  const r: Inline = { visible: '', code: [], links: [], tags: [], risks: [] };
  let text = '';
  const flushText = () => {
    textRisks(text, r.risks, r.links);
    r.visible += text;
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n !== undefined && PUNCT.test(n)) {
        text += n;
        i += 2;
      } else {
        text += c;
        i++;
      }
      continue;
    }
    if (c === '`') {
      let j = i;
      while (src[j] === '`') j++;
      const len = j - i;
      let k = j;
      let close = -1;
      while (k < src.length) {
        if (src[k] !== '`') {
          k++;
          continue;
        }
        let e = k;
        while (src[e] === '`') e++;
        if (e - k === len) {
          close = k;
          break;
        }
        k = e;
      }
      if (close < 0) {
        text += src.slice(i, j);
        r.risks.push('literal backtick');
        i = j;
        continue;
      }
      let body = src.slice(j, close).replace(/\n/g, ' ');
      if (body.length > 1 && body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '')
        body = body.slice(1, -1);
      flushText();
      r.code.push(body);
      r.visible += body;
      i = close + len;
      continue;
    }
    if (c === '<' && src.startsWith('<!--', i) && src.includes('-->', i + 4)) {
      r.tags.push('!--');
      i = src.indexOf('-->', i + 4) + 3;
      continue;
    }
    if (c === '<') {
      const tag = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?\/?>/.exec(src.slice(i));
      if (tag) {
        r.tags.push(tag[1]!.toLowerCase());
        const href = /href="([^"]*)"/.exec(tag[0]);
        if (href) r.links.push(href[1]!);
        if (tag[1]!.toLowerCase() === 'br') text += ' ';
        i += tag[0].length;
        continue;
      }
      const auto = /^<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>/.exec(src.slice(i));
      if (auto) {
        r.links.push(auto[0].slice(1, -1));
        text += auto[0].slice(1, -1);
        i += auto[0].length;
        continue;
      }
      r.risks.push('bare <');
      text += c;
      i++;
      continue;
    }
    if (c === '&') {
      const m = /^&[#a-zA-Z0-9]{1,32};/.exec(src.slice(i));
      const d = m ? decodeEntity(m[0]) : undefined;
      if (m && d !== undefined) {
        text += d;
        i += m[0].length;
        continue;
      }
      text += c;
      i++;
      continue;
    }
    if (c === '[') {
      // [text](target): the text read as inline, the target up to the matching `)`.
      let depth = 0;
      let k = i;
      for (; k < src.length; k++) {
        if (src[k] === '\\') {
          k++;
          continue;
        }
        if (src[k] === '`') {
          let e = k;
          while (src[e] === '`') e++;
          const fence = src.slice(k, e);
          const end = src.indexOf(fence, e);
          if (end > 0) k = end + fence.length - 1;
          continue;
        }
        if (src[k] === '[') depth++;
        if (src[k] === ']' && --depth === 0) break;
      }
      const m = src[k + 1] === '(' ? /^\(([^\s()]*)\)/.exec(src.slice(k + 1)) : null;
      if (k < src.length && m) {
        const inner = readInline(src.slice(i + 1, k));
        flushText();
        r.visible += inner.visible;
        r.code.push(...inner.code);
        r.tags.push(...inner.tags);
        r.risks.push(...inner.risks);
        r.links.push(...inner.links, m[1]!);
        i = k + 1 + m[0].length;
        continue;
      }
      r.risks.push('bare [');
      text += c;
      i++;
      continue;
    }
    if (c === '*' && src[i + 1] === '*') {
      const end = src.indexOf('**', i + 2);
      if (end > i + 2) {
        const inner = readInline(src.slice(i + 2, end));
        flushText();
        r.visible += inner.visible;
        r.code.push(...inner.code);
        r.tags.push(...inner.tags);
        r.risks.push(...inner.risks);
        r.links.push(...inner.links);
        i = end + 2;
        continue;
      }
    }
    if (c === '*' || c === '_' || c === '~') r.risks.push(`bare ${c}`);
    text += c;
    i++;
  }
  flushText();
  r.visible = r.visible.replace(/\s+/g, ' ').trim();
  return r;
}

/**
 * Reads a document line by line: headings, list items, quotes and table rows lose their markers,
 * blank lines and table rules are skipped, the rest is read as inline (HTML lines too: the tags
 * are recorded, their text and entities decoded, which is what GitHub shows of an HTML block).
 */
export function readDocument(md: string): Inline & { lines: string[] } {
  const all: Inline & { lines: string[] } = {
    visible: '',
    code: [],
    links: [],
    tags: [],
    risks: [],
    lines: [],
  };
  for (const line of md.split('\n')) {
    if (line.trim() === '' || /^\|(?:\s*:?-+:?\s*\|)+$/.test(line)) continue;
    let body = line
      .replace(/^#{1,6} /, '')
      .replace(/^> ?/, '')
      .replace(/^\s*(?:[-*]|\d+\.) /, '');
    if (body.startsWith('|') && body.endsWith('|')) body = body.slice(1, -1).split(' | ').join(' ');
    const r = readInline(body);
    all.lines.push(r.visible);
    all.visible += `${r.visible}\n`;
    all.code.push(...r.code);
    all.links.push(...r.links);
    all.tags.push(...r.tags);
    all.risks.push(...r.risks);
  }
  return all;
}
