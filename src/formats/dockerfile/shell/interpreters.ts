/**
 * Which programs run code, and where their code is: POSIX shells and the interpreters that take a
 * code string (`python -c`), read a script from standard input (`bash <<EOF`, `curl | sh`) or run
 * a script file (`sh install.sh`), plus the shell option words that switch on pipefail.
 */
import type { ShellCommand, ShellWord } from './model.js';

/** Last path segment of a command name, without `.exe`: `/usr/bin/curl` -> `curl`. */
export function baseName(name: string): string {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const b = slash >= 0 ? name.slice(slash + 1) : name;
  return b.toLowerCase().endsWith('.exe') ? b.slice(0, -4) : b;
}

// `busybox sh` / `toybox sh` reach here as `sh`: wrappers.ts strips the multi-call binary.
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh', 'rbash']);
/** Files that are the process's standard input: `sh /dev/stdin`, `. /dev/stdin` read the pipe or heredoc. */
const STDIN_FILES = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);
const CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  php: ['-r'],
  deno: ['eval'],
};

/** 'sh' for POSIX shells, 'python', 'perl', 'ruby', 'node', 'php', 'deno', 'powershell', or undefined. */
export function interpreterFamily(base: string): string | undefined {
  const b = base.toLowerCase();
  if (SHELLS.has(b)) return 'sh';
  if (b.startsWith('python')) return /^python[0-9.]*$/.test(b) ? 'python' : undefined;
  if (b === 'perl' || b === 'ruby' || b === 'node' || b === 'nodejs' || b === 'php' || b === 'deno') return b;
  if (b === 'pwsh' || b === 'powershell') return 'powershell';
  return undefined;
}

/** Whether a command executes its standard input as a program ('shell' / 'interpreter'). */
export function stdinRole(cmd: ShellCommand): 'shell' | 'interpreter' | undefined {
  const args = cmd.args;
  if (cmd.base === '.' || cmd.base === 'source')
    return STDIN_FILES.has(args[0]?.value ?? '') ? 'shell' : undefined;
  const family = interpreterFamily(cmd.base);
  if (!family) return undefined;
  if (family === 'sh') {
    const rest = args;
    for (let i = 0; i < rest.length; i++) {
      const v = rest[i]!.value;
      if (v === undefined) return undefined;
      if (v === '-' || v === '-s' || v === '--') return 'shell';
      if (v === '-o' || v === '+o') {
        i++;
        continue;
      }
      if (v.startsWith('-') || v.startsWith('+')) {
        if (!v.startsWith('--') && v.includes('c')) return undefined;
        if (/^-[a-zA-Z]*$/.test(v) && v.includes('s')) return 'shell';
        if (/^-[a-zA-Z]*o$/.test(v)) i++;
        continue;
      }
      return STDIN_FILES.has(v) ? 'shell' : undefined; // a script file
    }
    return 'shell';
  }
  if (family === 'powershell') {
    const hasCode = args.some((a) => /^-(c|command|f|file|encodedcommand|e|ec)$/i.test(a.value ?? ''));
    return hasCode && !args.some((a) => a.value === '-') ? undefined : 'interpreter';
  }
  const flags = CODE_FLAGS[family] ?? [];
  for (const a of args) {
    const v = a.value;
    if (v === undefined) return undefined;
    if (v === '-') return 'interpreter';
    if (flags.includes(v) || v === '-m' || v === '-n' || v === '-p') return undefined;
    if (family === 'perl' && /^-[a-zA-Z]*[enpE]$/.test(v)) return undefined;
    if (v.startsWith('-')) continue;
    return STDIN_FILES.has(v) ? 'interpreter' : undefined; // a script file or module
  }
  return 'interpreter';
}

/**
 * For `sh`/`bash`/`su` argument values: the index of the `-c` code string (after option words,
 * `-o name`, and for su the user name), or undefined when there is no -c or it is not known.
 */
function shCodeArgIndex(values: readonly (string | undefined)[], isSu: boolean): number | undefined {
  let c = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) return c ? i : undefined;
    if (v === '-o' || v === '+o') {
      i++;
      continue;
    }
    if (v === '--command') {
      c = true;
      continue;
    }
    if (v.startsWith('-') && v.length > 1 && !v.startsWith('--')) {
      if (v.includes('c')) c = true;
      if (/^-[a-zA-Z]*o$/.test(v)) i++;
      continue;
    }
    if (v.startsWith('--')) continue;
    if (isSu && !c) continue; // the user name
    return c ? i : undefined;
  }
  return undefined;
}

/** Index in cmd.args of the code string of `sh -c CODE` / `python -c CODE` / `pwsh -Command CODE`. */
export function codeArgIndex(cmd: ShellCommand): number | undefined {
  const family = interpreterFamily(cmd.base);
  const args = cmd.args;
  if (family === 'sh' || cmd.base === 'su') {
    return shCodeArgIndex(
      args.map((a) => a.value),
      cmd.base === 'su',
    );
  }
  if (family === 'powershell') {
    const i = args.findIndex((a) => /^[-/](c|command)$/i.test(a.value ?? ''));
    return i === -1 || i + 1 >= args.length ? undefined : i + 1;
  }
  if (family) {
    const flags = CODE_FLAGS[family] ?? [];
    const i = args.findIndex((a) => flags.includes(a.value ?? ''));
    return i === -1 || i + 1 >= args.length ? undefined : i + 1;
  }
  return undefined;
}

/** The script file an interpreter runs (`sh install.sh`, `python3 get-pip.py`), if any. */
export function scriptFileArg(cmd: ShellCommand): ShellWord | undefined {
  const family = interpreterFamily(cmd.base);
  if (!family || codeArgIndex(cmd) !== undefined) return undefined;
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value ?? args[i]!.partial;
    if (family === 'powershell' && /^-(f|file)$/i.test(v)) return args[i + 1];
    if (v === '-o' || v === '+o' || (family === 'python' && (v === '-W' || v === '-X'))) {
      i++;
      continue;
    }
    if (v === '-m' && family === 'python') return undefined;
    if (v.startsWith('-') || v.startsWith('+')) continue;
    return args[i];
  }
  return undefined;
}

/**
 * The downloaded-file candidate a command executes: `./x`, `/tmp/x`, `sh x`, `. x`, `& x`.
 * (Installers started with Start-Process/msiexec count as installs: download-unverified.)
 */
export function executedFile(cmd: ShellCommand): ShellWord | undefined {
  const b = cmd.base.toLowerCase();
  if (b === 'source' || b === '.') return cmd.args[0];
  if (cmd.name === '&') return cmd.args[0];
  const f = scriptFileArg(cmd);
  if (f) return f;
  if (cmd.name.includes('/') || cmd.name.includes('\\')) return cmd.nameWord;
  return undefined;
}

/** Whether option words (`-o pipefail`, `-euxo pipefail`) switch on pipefail. */
export function setsPipefail(args: readonly (string | undefined)[]): boolean {
  for (let i = 0; i + 1 < args.length; i++) {
    const a = args[i];
    if (a && a[0] === '-' && /^-[a-zA-Z]*o$/.test(a) && args[i + 1] === 'pipefail') return true;
  }
  return false;
}

/** The option words given to a shell command before its script (for `bash -o pipefail -c`). */
export function shellOptionValues(cmd: ShellCommand): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const a of cmd.args) {
    const v = a.value;
    if (v === undefined || !(v.startsWith('-') || v.startsWith('+') || v === 'pipefail')) break;
    out.push(v);
  }
  return out;
}
