/**
 * Escaping for text from scanned files on its way into markdown, HTML or a table cell. Every value
 * that came from a repository goes through one of these; nothing else is trusted.
 */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Bidirectional overrides and isolates reorder what the reader sees (a path that reads as another
 * one): they are shown by name instead, as the text report does. So are control characters other
 * than tab and line breaks (ESC, NUL, C1): markdown printed to a terminal (`--format markdown`)
 * must not carry an escape sequence from a scanned file.
 */
export function showBidi(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** Inline code span that cannot be broken out of: HTML <code> with escaped content. */
export function codeSpan(s: string): string {
  // Markdown still runs inside inline HTML: `|` would split a table cell and `*`/`_` emphasise, so
  // those become character references, which <code> shows as the characters themselves.
  return `<code>${escapeHtml(showBidi(s).replace(/[\r\n]+/g, ' ')).replace(
    /[\\`*_[\]|~@]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  )}</code>`;
}

/** A path in a URL: each segment percent-encoded. */
export function encodePath(p: string): string {
  // encodeURIComponent keeps ( ) ' * !, and a `)` would end a markdown link early.
  return p
    .split('/')
    .map((seg) =>
      encodeURIComponent(seg).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** The longest run of backticks in `s`. */
function longestBacktickRun(s: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === '`' ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * A markdown code span (for markdown context, not inside HTML): the fence is longer than any run
 * of backticks inside, and the content is padded with a space on each side when CommonMark would
 * otherwise merge a backtick into the fence or strip a space from it. Nothing inside is
 * interpreted: no link, no HTML, no entity, no escape. Line breaks become spaces; bidi controls are
 * shown by name. Not for GFM table cells (a `|` would still split the cell).
 */
export function mdCode(raw: string): string {
  const s = showBidi(raw).replace(/[\r\n]+/g, ' ');
  if (s === '') return '';
  const fence = '`'.repeat(longestBacktickRun(s) + 1);
  const pad =
    s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '')
      ? ' '
      : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A piece of a message: prose, or the content of one of its own code spans. */
export interface MessageSegment {
  code: boolean;
  text: string;
}

/**
 * A rule's message split as CommonMark splits code spans: a run of n backticks opens one, and the
 * next run of exactly n backticks closes it; a run with no partner is plain text. A value with
 * backticks of its own may move where spans end, but every character stays in some segment, and
 * prose that holds a backtick is shown as code anyway (see {@link renderMessage}). Linear time.
 */
export function messageSegments(message: string): MessageSegment[] {
  const out: MessageSegment[] = [];
  // Where each run of each length starts, in order: one pass, so finding a closer is O(1) amortized.
  const runs: { at: number; len: number }[] = [];
  for (let i = 0; i < message.length;) {
    if (message[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    while (j < message.length && message[j] === '`') j++;
    runs.push({ at: i, len: j - i });
    i = j;
  }
  const byLen = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const l = byLen.get(r.len);
    if (l) l.push(k);
    else byLen.set(r.len, [k]);
  });
  const cursor = new Map<number, number>();
  let prose = '';
  let pos = 0;
  let k = 0;
  while (k < runs.length) {
    const r = runs[k]!;
    if (r.at < pos) {
      k++;
      continue;
    }
    const list = byLen.get(r.len)!;
    let c = cursor.get(r.len) ?? 0;
    while (c < list.length && list[c]! <= k) c++;
    cursor.set(r.len, c);
    if (c < list.length) {
      const closer = runs[list[c]!]!;
      prose += message.slice(pos, r.at);
      if (prose !== '') out.push({ code: false, text: prose });
      prose = '';
      // CommonMark strips one space each side when both are there and it is not all spaces.
      let body = message.slice(r.at + r.len, closer.at);
      if (body.length > 1 && body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '')
        body = body.slice(1, -1);
      out.push({ code: true, text: body });
      pos = closer.at + closer.len;
      k = list[c]! + 1;
    } else {
      k++;
    }
  }
  prose += message.slice(pos);
  if (prose !== '') out.push({ code: false, text: prose });
  return out.filter((s) => s.text !== '' || !s.code);
}

/**
 * A word of prose that GitHub would turn into something else: a link (URL, `www.`, e-mail,
 * `mailto:`), a mention, an issue reference, an emoji, or that holds a backtick.
 */
function isHot(word: string): boolean {
  return (
    word.includes('`') ||
    word.includes('@') ||
    word.includes('://') ||
    /www\./i.test(word) ||
    /(?:^|[^a-z])(?:mailto|xmpp):/i.test(word) ||
    /#[0-9]/.test(word) ||
    /:[a-z0-9_+-]+:/i.test(word)
  );
}

/** Prose with only what GFM would interpret backslash-escaped. */
function escapeProse(s: string): string {
  return s.replace(/[\\*_[\]<>&~|`]/g, (c) => `\\${c}`);
}

/**
 * A rule's message (or fix) for a markdown channel: prose stays prose, escaped only where GFM
 * would interpret it; its code spans, holding values taken from scanned files, become code spans
 * that nothing inside can break out of; a prose word that GitHub would link, mention or reference
 * (a URL, `www.`, an e-mail, `@x`, `#1`, `:x:`) or that holds a backtick is shown as code too. The
 * result is one line, for markdown context (a list item, a paragraph), never inside HTML or a table.
 */
export function renderMessage(message: string): string {
  const flat = showBidi(message).replace(/[\r\n]+/g, ' ');
  let out = '';
  // Code written back to back is one span: two fences side by side would read as one longer run.
  let code = '';
  const prose = (s: string) => {
    if (s === '') return;
    out += mdCode(code) + s;
    code = '';
  };
  for (const seg of messageSegments(flat)) {
    if (seg.code) {
      code += seg.text;
      continue;
    }
    for (const part of seg.text.split(/(\s+)/)) {
      if (part === '') continue;
      if (/^\s+$/.test(part) || !isHot(part)) {
        prose(/^\s+$/.test(part) ? part : escapeProse(part));
        continue;
      }
      // Trailing sentence punctuation stays prose when the word is still hot without it.
      let end = part.length;
      while (end > 0 && '.,;:!?)'.includes(part[end - 1]!)) end--;
      const [core, tail] =
        end > 0 && isHot(part.slice(0, end)) ? [part.slice(0, end), part.slice(end)] : [part, ''];
      code += core;
      prose(escapeProse(tail));
    }
  }
  out += mdCode(code);
  // What would start a block if this were the start of a line.
  return out.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}
