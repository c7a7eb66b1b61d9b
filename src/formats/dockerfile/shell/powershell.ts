/**
 * PowerShell downloads and evals: `Invoke-WebRequest url -OutFile f`,
 * `(New-Object Net.WebClient).DownloadFile(url, f)`, `iex (iwr url)`.
 */
import type { Download } from './downloads.js';
import type { ShellCommand } from './model.js';

const PS_DOWNLOADERS = new Set([
  'invoke-webrequest',
  'iwr',
  'invoke-restmethod',
  'irm',
  'start-bitstransfer',
]);
const PS_DOWNLOAD_TOKENS = ['.downloadstring', '.downloadfile', '.downloaddata', '.openread'];

/** A PowerShell download: `iwr url -OutFile f`, `(New-Object Net.WebClient).DownloadFile(url, f)`. */
export function psDownloadOf(cmd: ShellCommand): Download | undefined {
  const b = cmd.base.toLowerCase();
  const vals = cmd.args.map((a) => (a.value ?? a.partial).toLowerCase());
  const web = PS_DOWNLOADERS.has(b);
  const client = !web && vals.some((v) => PS_DOWNLOAD_TOKENS.some((t) => v.startsWith(t)));
  if (!web && !client) return undefined;
  if (b === 'iex' || b === 'invoke-expression') return undefined;
  let urls = cmd.args.filter((a) => a.partial.includes('://'));
  if (urls.length === 0 && web) {
    const i = vals.findIndex((v) => v === '-uri' || v === '-source');
    const u = i !== -1 ? cmd.args[i + 1] : cmd.args.find((a) => !a.partial.startsWith('-'));
    if (u) urls = [u];
  }
  const files: string[] = [];
  let stdout = true;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i]!;
    if ((v === '-outfile' || v === '-destination' || v === '-o') && cmd.args[i + 1]) {
      files.push(cmd.args[i + 1]!.partial);
      stdout = false;
    }
    if (v.startsWith('.downloadfile')) {
      const after = cmd.args.slice(i + 1).filter((a) => !a.partial.startsWith('-'));
      const f = after.find((a) => !a.partial.includes('://'));
      if (f) files.push(f.partial);
      stdout = false;
    }
  }
  return { cmd, tool: b === 'new-object' ? 'WebClient' : cmd.base, urls, files, stdout, flags: [] };
}

/** `iex` / `Invoke-Expression` (PowerShell's eval). */
export function isPsEval(cmd: ShellCommand): boolean {
  const b = cmd.base.toLowerCase();
  return b === 'iex' || b === 'invoke-expression';
}

/** Whether a PowerShell eval's own arguments download the code it runs. */
export function psEvalDownloads(cmd: ShellCommand): boolean {
  if (!isPsEval(cmd)) return false;
  return cmd.args.some((a) => {
    const v = (a.value ?? a.partial).toLowerCase();
    return (
      PS_DOWNLOADERS.has(v) || PS_DOWNLOAD_TOKENS.some((t) => v.startsWith(t)) || v === 'curl' || v === 'wget'
    );
  });
}
