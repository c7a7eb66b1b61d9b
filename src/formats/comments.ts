/**
 * Where a file's real comments are. An inline `bulkhead-ignore` is honoured only inside a comment
 * token of the file's own format, so text that merely contains the marker (a JSON string in a
 * lockfile, a YAML block scalar, a heredoc body) hides nothing. Each format declares its syntax
 * once in its descriptor (`comments` in `format.ts`); Dockerfiles and workflows, which are not
 * registry formats, are named in `commentSyntaxOf`.
 *
 * Every scanner is one linear pass that follows the reader the package manager uses, and reports
 * comments in text order.
 */
import { Lexer } from 'yaml';
import type { FileKind } from '../core/index.js';
import { formatOfFile } from './lookup.js';

/**
 * - `none`: the format has no comments (JSON, go.sum, Gemfile.lock).
 * - `ini`: `#` or `;` as the first non-blank character of a line (npm's ini, Python configparser).
 * - `requirements`: pip's `(^|\s+)#` on the logical line (`\` continuations joined).
 * - `yaml`: comment tokens of the `yaml` lexer (never inside a quoted or block scalar).
 * - `toml`: `#` outside every kind of string.
 * - `jsonc`: `//` and `/* *\/` outside strings (bun.lock).
 * - `yarn-lockfile`: `#` tokens of Yarn classic's lockfile tokenizer (yarn.lock v1, `.yarnrc`).
 * - `dockerfile`: Docker's comment lines (not heredoc bodies), and a shell comment at the end of a
 *   shell-form RUN, CMD or ENTRYPOINT line.
 */
export type CommentSyntax =
  'none' | 'ini' | 'requirements' | 'yaml' | 'toml' | 'jsonc' | 'yarn-lockfile' | 'dockerfile';

/**
 * One comment, as offsets into the text: `at` is its opener (`#`, `;`, `//`), `body` the first
 * character after the opener, `end` the end of the comment or of its line, whichever is first
 * (a carriage return before the newline excluded).
 */
export interface CommentToken {
  at: number;
  body: number;
  end: number;
}

/** The comment syntax of a classified file; `none` when its format has no comments. */
export function commentSyntaxOf(kind: FileKind, path: string, text: string): CommentSyntax {
  if (kind === 'dockerfile') return 'dockerfile';
  if (kind === 'workflow') return 'yaml';
  if (kind === 'lockfile' || kind === 'pm-config') return formatOfFile(kind, path, text)?.comments ?? 'none';
  return 'none';
}

/** Every comment token of the text in the given syntax, in text order. */
export async function findComments(text: string, syntax: CommentSyntax): Promise<CommentToken[]> {
  switch (syntax) {
    case 'none':
      return [];
    case 'ini':
      return lineComments(text, ['#', ';']);
    case 'requirements':
      return requirementsComments(text);
    case 'yaml':
      return yamlComments(text);
    case 'toml':
      return tomlComments(text);
    case 'jsonc':
      return jsoncComments(text);
    case 'yarn-lockfile':
      return yarnLockfileComments(text);
    case 'dockerfile':
      return (await import('./dockerfile/comments.js')).dockerfileComments(text);
  }
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  const end = nl === -1 ? text.length : nl;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Lines whose first non-blank character is one of `openers`. */
function lineComments(text: string, openers: readonly string[]): CommentToken[] {
  const out: CommentToken[] = [];
  for (let start = 0; start <= text.length;) {
    let i = start;
    while (isBlank(text[i])) i++;
    const end = lineEnd(text, i);
    if (i < text.length && openers.includes(text[i]!)) out.push({ at: i, body: i + 1, end });
    const nl = text.indexOf('\n', i);
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

/**
 * pip removes `(^|\s+)#.*` from each logical line, and a physical line that starts with a
 * comment never continues one (pip prefixes it with a blank so it always matches): a `#` is a
 * comment when only blanks precede it on its physical line or a blank comes right before it.
 */
function requirementsComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  for (let start = 0; start <= text.length;) {
    const end = lineEnd(text, start);
    for (let i = start; i < end; i++) {
      if (text[i] === '#' && (i === start || isBlank(text[i - 1]))) {
        out.push({ at: i, body: i + 1, end });
        break;
      }
    }
    const nl = text.indexOf('\n', end);
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

/** The `yaml` lexer's comment tokens: the same reader that parses workflows and Yarn's config. */
function yamlComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    // Control tokens (document start, flow end, scalar marker) are not in the source.
    if (tok.length === 1 && (tok === '\x02' || tok === '\x18' || tok === '\x1f')) continue;
    if (tok[0] === '#') out.push({ at: offset, body: offset + 1, end: offset + tok.length });
    offset += tok.length;
  }
  return out;
}

/** `#` outside TOML's four kinds of string. */
function tomlComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      const end = lineEnd(text, i);
      out.push({ at: i, body: i + 1, end });
      i = end;
    } else if (c === '"' || c === "'") {
      const triple = text[i + 1] === c && text[i + 2] === c;
      i = triple ? skipMultiline(text, i + 3, c) : skipLine(text, i + 1, c);
    } else {
      i++;
    }
  }
  return out;
}

/** After a one-line string opened by `q`: past its closing quote, or at the newline (invalid). */
function skipLine(text: string, i: number, q: string): number {
  while (i < text.length && text[i] !== '\n') {
    const c = text[i]!;
    if (c === '\\' && q === '"') i += 2;
    else if (c === q) return i + 1;
    else i++;
  }
  return i;
}

/** After a `"""`/`'''` string: past the closing triple and up to two quotes TOML lets follow it. */
function skipMultiline(text: string, i: number, q: string): number {
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && q === '"') {
      i += 2;
    } else if (c === q && text[i + 1] === q && text[i + 2] === q) {
      i += 3;
      for (let extra = 0; extra < 2 && text[i] === q; extra++) i++;
      return i;
    } else {
      i++;
    }
  }
  return i;
}

/** `//` and `/* *\/` outside JSON strings; a block comment's directive ends at its line's end. */
function jsoncComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      i = skipLine(text, i + 1, '"');
    } else if (c === '/' && text[i + 1] === '/') {
      const end = lineEnd(text, i);
      out.push({ at: i, body: i + 2, end });
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const stop = close === -1 ? n : close;
      out.push({ at: i, body: i + 2, end: Math.min(lineEnd(text, i), stop) });
      i = close === -1 ? n : close + 2;
    } else {
      i++;
    }
  }
  return out;
}

/**
 * Yarn classic's lockfile tokenizer (also its `.yarnrc` reader): a token starting with `#` is a
 * comment to the end of the line; strings run to the next `"` not escaped by a single `\` (across
 * newlines); bare words start with a letter, `/`, `.` or `-` and end at `:`, blank, `,` or a
 * newline; numbers are digit runs. Anything else makes Yarn reject the file, so the scan stops.
 */
function yarnLockfileComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n' || c === '\r' || c === ' ' || c === ':' || c === ',') {
      i++;
    } else if (c === '#') {
      const end = lineEnd(text, i);
      out.push({ at: i, body: i + 1, end });
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < n; j++) {
        if (text[j] === '"' && !(text[j - 1] === '\\' && text[j - 2] !== '\\')) break;
      }
      i = j + 1;
    } else if (c >= '0' && c <= '9') {
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    } else if (text.startsWith('true', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else if (/[a-zA-Z/.-]/.test(c)) {
      while (i < n && !':, \n\r'.includes(text[i]!)) i++;
    } else {
      break;
    }
  }
  return out;
}
