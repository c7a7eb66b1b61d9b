/**
 * A small linear tokenizer for command text the real shell parser cannot take: POSIX text that
 * mvdan-sh rejects (the fallback), PowerShell and cmd bodies. It splits words on blanks and
 * operators and removes quotes; it knows nothing about nesting, so callers treat its output as a
 * flat list of simple commands.
 */

export type TokenDialect = 'posix' | 'powershell' | 'cmd';

export interface Token {
  /** Text after quote removal. */
  text: string;
  /** Source index of each character of `text` (same length). */
  chars: number[];
  start: number;
  end: number;
  /** Whether any part of the token was quoted. */
  quoted: boolean;
}

export interface TokenCommand {
  words: Token[];
  /** Operator before this command: '|', '&&', '||', ';', '&', '\n', or undefined for the first. */
  sep?: string;
}

/**
 * Words read from one text. A 1 MiB RUN holds at most about 500,000; each costs a few hundred
 * bytes through the analysis. The caller reports a text cut here, never passes it as whole.
 */
export const MAX_TOKENS = 200_000;

export interface Tokenized {
  commands: TokenCommand[];
  /** Index in the text of the first word not read, when the text has more than MAX_TOKENS. */
  cutAt?: number;
}

/**
 * Splits text into simple commands. With `splitIfs` (POSIX text whose IFS is not empty), an
 * unquoted `$IFS` / `${IFS}` separates words as a blank does: `curl${IFS}-fsSL${IFS}URL` is three.
 */
export function tokenizeCommands(text: string, dialect: TokenDialect, splitIfs = false): Tokenized {
  const out: TokenCommand[] = [];
  let cur: TokenCommand = { words: [] };
  let tok: Token | null = null;
  let count = 0;
  let cutAt: number | undefined;
  const escape = dialect === 'posix' ? '\\' : dialect === 'powershell' ? '`' : '^';

  const flushTok = (end: number): void => {
    if (tok) {
      tok.end = end;
      if (count++ < MAX_TOKENS) cur.words.push(tok);
      else cutAt ??= tok.start;
      tok = null;
    }
  };
  const startTok = (i: number): Token => (tok ??= { text: '', chars: [], start: i, end: i, quoted: false });
  const push = (i: number, c: string): void => {
    const t = startTok(i);
    t.text += c;
    t.chars.push(i);
  };
  const endCommand = (i: number, sep: string): void => {
    flushTok(i);
    if (cur.words.length > 0 || cur.sep !== undefined) out.push(cur);
    cur = { words: [], sep };
  };

  let i = 0;
  const n = text.length;
  while (i < n && cutAt === undefined) {
    const c = text[i]!;
    if (c === escape && i + 1 < n) {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (dialect === 'posix' || dialect === 'cmd') {
        push(i + 1, text[i + 1]!);
        i += 2;
        continue;
      }
    }
    if (c === "'" && dialect !== 'cmd') {
      const t = startTok(i);
      t.quoted = true;
      let j = i + 1;
      while (j < n && text[j] !== "'") push(j++, text[j - 1]!);
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const t = startTok(i);
      t.quoted = true;
      let j = i + 1;
      while (j < n && text[j] !== '"') {
        if (text[j] === escape && j + 1 < n && dialect !== 'cmd') {
          push(j + 1, text[j + 1]!);
          j += 2;
          continue;
        }
        push(j, text[j]!);
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '#' && dialect !== 'cmd' && !tok) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flushTok(i);
      i++;
      continue;
    }
    if (c === '\n') {
      endCommand(i, '\n');
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      endCommand(i, two);
      i += 2;
      continue;
    }
    if (c === '|' || c === ';') {
      endCommand(i, c);
      i++;
      continue;
    }
    if (c === '&') {
      if (dialect === 'powershell') {
        // PowerShell's call operator: `& $file args` runs the file.
        flushTok(i);
        push(i, '&');
        flushTok(i + 1);
      } else endCommand(i, '&');
      i++;
      continue;
    }
    if (c === '$' && splitIfs) {
      const len = ifsLength(text, i);
      if (len > 0) {
        flushTok(i);
        i += len;
        continue;
      }
    }
    if (c === '$' && dialect === 'powershell' && text[i + 1] === '{') {
      // ${env:NAME} is one variable, not a script block.
      const close = text.indexOf('}', i + 2);
      const stop = close === -1 || close - i > 200 ? i + 2 : close + 1;
      for (let j = i; j < stop; j++) push(j, text[j]!);
      i = stop;
      continue;
    }
    if (c === '(' || c === ')' || ((c === '{' || c === '}') && dialect === 'powershell')) {
      flushTok(i);
      i++;
      continue;
    }
    push(i, c);
    i++;
  }
  if (cutAt === undefined) endCommand(n, '\n');
  else if (cur.words.length > 0) out.push(cur);
  return { commands: out.filter((cmd) => cmd.words.length > 0), cutAt };
}

/** Length of an unquoted `${IFS}` or `$IFS` (not `$IFSX`) at text[i], 0 when there is none. */
function ifsLength(text: string, i: number): number {
  if (text.startsWith('${IFS}', i)) return 6;
  if (!text.startsWith('$IFS', i)) return 0;
  const next = text[i + 4];
  return next !== undefined && /[A-Za-z0-9_]/.test(next) ? 0 : 4;
}
