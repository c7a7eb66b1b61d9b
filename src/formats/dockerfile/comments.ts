/**
 * Comments in a Dockerfile, for inline ignores, found the way BuildKit's parser reads the file in
 * one linear pass (dockerfile-ast is quadratic on a long line of `#`, so it is not used here).
 *
 * Docker's comments are lines whose first non-blank character is `#`, also between the lines of
 * an escape-continued instruction, but never inside a heredoc body (file content or a script that
 * Docker passes on as data). Docker has no end-of-line comments: `FROM node # x` passes `#` and
 * `x` on as arguments. The shell does: in a shell-form RUN, CMD or ENTRYPOINT, a `#` that starts a
 * shell word outside quotes and `${...}` on the instruction's logical line is a comment too.
 */
import type { CommentToken } from '../comments.js';

const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
/** BuildKit reads heredocs only for these (`allowHeredoc`, also under ONBUILD). */
const HEREDOC_FORM = new Set(['RUN', 'COPY', 'ADD']);
/** A heredoc word to BuildKit's lexer: optional fd digits, `<<`, optional `-`, a name. */
const HEREDOC_WORD = /^\d*<<(-?)([^<]*)$/;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** End of the line holding `from`, before any carriage return. */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  const end = nl === -1 ? text.length : nl;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

/** Start of the line after the one holding `from` (text.length at the end). */
function nextLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl + 1;
}

/** The `# escape=` parser directive among the directive lines at the top; `\` by default. */
function escapeDirective(text: string): string {
  let escape = '\\';
  for (let pos = 0; pos < text.length; pos = nextLine(text, pos)) {
    const line = text.slice(pos, lineEnd(text, pos));
    const m = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(\S*)[ \t]*$/.exec(line.slice(0, 200));
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  return escape;
}

interface Heredoc {
  name: string;
  chomp: boolean;
}

/** A heredoc named by one word of the logical line (quotes kept, as BuildKit's lexer keeps them). */
function heredocOf(word: string): Heredoc | undefined {
  const m = HEREDOC_WORD.exec(word);
  if (!m || m[2] === '') return undefined;
  let name = '';
  const rest = m[2]!;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\' && i + 1 < rest.length) name += rest[++i];
    else if (c !== '"' && c !== "'") name += c;
  }
  return name === '' ? undefined : { name, chomp: m[1] === '-' };
}

export function dockerfileComments(text: string): CommentToken[] {
  const escape = escapeDirective(text);
  const out: CommentToken[] = [];
  let pos = 0;
  while (pos < text.length) {
    let k = pos;
    while (isBlank(text[k])) k++;
    const end = lineEnd(text, k);
    if (k >= end) {
      pos = nextLine(text, pos);
      continue;
    }
    if (text[k] === '#') {
      out.push({ at: k, body: k + 1, end });
      pos = nextLine(text, pos);
      continue;
    }
    const line = instruction(text, k, escape, out);
    pos = line.next;
    for (const doc of line.heredocs) {
      // The body runs to a line equal to the name (leading tabs removed for `<<-`); no comments in it.
      for (;;) {
        if (pos >= text.length) return out;
        let s = pos;
        const e = lineEnd(text, pos);
        if (doc.chomp) while (text[s] === '\t') s++;
        const terminator = e - s === doc.name.length && text.startsWith(doc.name, s);
        pos = nextLine(text, pos);
        if (terminator) break;
      }
    }
  }
  return out;
}

/**
 * Reads one instruction's logical line from its keyword at `k`: Docker's escape-continued lines,
 * with the comment lines inside it pushed to `out`, the shell comment of a shell-form command, and
 * the heredocs it opens. Two readers step through the same characters: BuildKit's word splitter
 * (blanks outside quotes end a word; heredocs are words) and the shell's quoting.
 */
function instruction(
  text: string,
  k: number,
  escape: string,
  out: CommentToken[],
): { next: number; heredocs: Heredoc[] } {
  let i = k;
  while (i < text.length && !isBlank(text[i]) && text[i] !== '\n' && text[i] !== '\r') i++;
  let keyword = text.slice(k, i).toUpperCase();
  const onbuild = keyword === 'ONBUILD';
  const heredocs: Heredoc[] = [];
  let word = '';
  let words = 0; // words ended so far after the keyword
  let wordQuote = '';
  let wordEscaped = false;
  const endWord = (): void => {
    if (word === '') return;
    words++;
    if (onbuild && words === 1) keyword = word.toUpperCase();
    else if (HEREDOC_FORM.has(keyword)) {
      const doc = heredocOf(word);
      if (doc) heredocs.push(doc);
    }
    word = '';
  };
  let argsSeen = false;
  let execForm = false;
  let commented = false;
  let quote = '';
  let escaped = false;
  let braces = 0;
  let prev = ' ';
  while (i < text.length) {
    const c = text[i]!;
    if (c === escape && continuesLine(text, i + 1)) {
      // Docker joins continuation lines before any quoting; comment and empty lines inside are dropped.
      i = nextLine(text, i);
      while (i < text.length) {
        let j = i;
        while (isBlank(text[j])) j++;
        const e = lineEnd(text, j);
        if (text[j] === '#') out.push({ at: j, body: j + 1, end: e });
        else if (j < e) break;
        i = nextLine(text, j);
      }
      continue;
    }
    if (c === '\n' || c === '\r') break;

    const inArgs = !onbuild || words >= 1;
    if (!argsSeen && inArgs && !isBlank(c) && word === '') {
      argsSeen = true;
      execForm = c === '['; // a JSON array: no shell, no shell comments
    }

    if (wordEscaped) {
      wordEscaped = false;
      word += c;
    } else if (wordQuote === "'") {
      word += c;
      if (c === "'") wordQuote = '';
    } else if (c === '\\') {
      word += c;
      wordEscaped = true;
    } else if (wordQuote === '"') {
      word += c;
      if (c === '"') wordQuote = '';
    } else if (isBlank(c)) {
      endWord();
    } else {
      word += c;
      if (c === '"' || c === "'") wordQuote = c;
    }

    if (!commented && !execForm && argsSeen && SHELL_FORM.has(keyword)) {
      const p = prev;
      prev = c;
      if (escaped) {
        escaped = false;
        prev = 'x'; // an escaped blank still belongs to the word
      } else if (quote === "'") {
        if (c === "'") quote = '';
      } else if (c === '\\') {
        escaped = true;
      } else if (quote === '"') {
        if (c === '"') quote = '';
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === '{' && p === '$') {
        braces++;
      } else if (c === '}' && braces > 0) {
        braces--;
      } else if (c === '#' && braces === 0 && (isBlank(p) || ';&|()<>'.includes(p))) {
        out.push({ at: i, body: i + 1, end: lineEnd(text, i) });
        commented = true;
      }
    }
    i++;
  }
  endWord();
  return { next: nextLine(text, i), heredocs };
}

/** Whether only blanks (and a carriage return) stand between `i` and the end of its line. */
function continuesLine(text: string, i: number): boolean {
  while (isBlank(text[i])) i++;
  if (text[i] === '\r') i++;
  return text[i] === '\n';
}
