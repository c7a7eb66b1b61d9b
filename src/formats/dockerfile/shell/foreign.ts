/**
 * Code fed to other interpreters (`python3 <<EOF`, `node -e '...'`, a heredoc with a python
 * shebang): whether it downloads something, runs it, or checks it.
 */
import { isCommitPinnedUrl, isLoopbackUrl } from './downloads.js';
import type { ShellForeignText } from './model.js';
import { bodyPositions, modelLines } from './positions.js';

/** Calls that fetch a URL in Python, Node.js, Ruby and Perl code. */
const CODE_DOWNLOAD_CALLS = [
  'urlopen(',
  'urlretrieve(',
  'requests.get(',
  'httpx.get(',
  'wget.download(',
  'fetch(',
  'https.get(',
  'http.get(',
  'URI.open(',
  'open-uri',
  'Net::HTTP',
  'getstore(',
  'LWP::',
  'HTTP::Tiny',
];
/** Calls that run fetched text as code. */
const CODE_EVAL_CALLS = ['exec(', 'eval(', 'eval)', 'Function('];
/** Checksum or signature checks in code. */
const CODE_VERIFY = ['hashlib', 'sha256', 'sha384', 'sha512', 'createhash', 'digest::', 'gpg', 'cosign'];

export interface CodeDownload {
  url: string;
  /** File position of the URL (exact when the code is verbatim from the file, else the code's start). */
  line: number;
  column: number;
  /** The code also runs something with exec()/eval(). */
  evaluates: boolean;
  /** The code checks a checksum or signature. */
  verified: boolean;
}

/**
 * Downloads in code fed to an interpreter (`python3 <<EOF`, `node -e '...'`, a heredoc with a
 * `#!/usr/bin/env python` shebang): a download call and an http(s) URL literal in the same code.
 * Loopback and commit-pinned URLs do not count. Linear scans with indexOf; bounded input.
 */
export function codeDownloads(f: ShellForeignText, model?: { text: string }): CodeDownload | undefined {
  const text = f.text.length > 50_000 ? f.text.slice(0, 50_000) : f.text;
  if (!CODE_DOWNLOAD_CALLS.some((c) => text.includes(c))) return undefined;
  let from = 0;
  for (let n = 0; n < 64; n++) {
    const a = text.indexOf('http://', from);
    const b = text.indexOf('https://', from);
    const i = a === -1 ? b : b === -1 ? a : Math.min(a, b);
    if (i === -1) return undefined;
    let end = i;
    while (end < text.length && end - i < 400 && !' \t\n\'"`)<>,;'.includes(text[end]!)) end++;
    const url = text.slice(i, end);
    from = end;
    if (isLoopbackUrl(url) || isCommitPinnedUrl(url) || url.includes('{') || url.includes('$')) continue;
    let line = f.span.line;
    let column = f.span.column;
    if (f.verbatim) {
      ({ line, column } = bodyPositions(text, f.span)(i));
    } else if (model && f.span.line === f.span.endLine) {
      // `python -c '...'` on one line: find the URL in the file text of the code word.
      const lineText = modelLines(model).line(f.span.line);
      const at = lineText.slice(f.span.column - 1, f.span.endColumn - 1).indexOf(url);
      if (at !== -1) column = f.span.column + at;
    }
    const lower = text.toLowerCase();
    return {
      url,
      line,
      column,
      evaluates: CODE_EVAL_CALLS.some((c) => text.includes(c)),
      verified: CODE_VERIFY.some((c) => lower.includes(c)),
    };
  }
  return undefined;
}
