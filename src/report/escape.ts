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
 * one): they are shown by name instead, as the text report does.
 */
export function showBidi(s: string): string {
  return s.replace(
    /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** Inline markdown: HTML-escaped, markdown punctuation backslash-escaped, newlines flattened. */
export function escapeMarkdown(s: string): string {
  // Markdown punctuation first, HTML after: the other way round, the `#` of `&#39;` would be
  // backslash-escaped and the reader would see the entity instead of the apostrophe.
  return escapeHtml(
    showBidi(s)
      .replace(/[\r\n]+/g, ' ')
      .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`),
  ).replace(/@/g, '@\u200b'); // no accidental @-mentions of users or teams
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
