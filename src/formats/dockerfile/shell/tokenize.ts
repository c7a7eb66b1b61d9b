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

const MAX_TOKENS = 50_000;

export function tokenizeCommands(text: string, dialect: TokenDialect): TokenCommand[] {
  const out: TokenCommand[] = [];
  let cur: TokenCommand = { words: [] };
  let tok: Token | null = null;
  let count = 0;
  const escape = dialect === 'posix' ? '\\' : dialect === 'powershell' ? '`' : '^';

  const flushTok = (end: number): void => {
    if (tok) {
      tok.end = end;
      if (count++ < MAX_TOKENS) cur.words.push(tok);
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
  while (i < n) {
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
  endCommand(n, '\n');
  return out.filter((cmd) => cmd.words.length > 0);
}
