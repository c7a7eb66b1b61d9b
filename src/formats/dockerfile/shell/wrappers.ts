/**
 * Wrapper commands (`sudo`, `env`, `exec`, `nice`, `timeout`, `gosu`, ...) that run the command
 * after them: stripped to find the real command name, and kept as `wrappers` for rules such as
 * sudo-in-run. `env NAME=value` words become assignments of the wrapped command. Multi-call
 * binaries (`busybox wget`, `toybox sh`) are wrappers of the applet they name; `docker exec
 * [options] CONTAINER` (and podman's) wraps the command it runs in the container.
 */
import type { ShellAssign, ShellWord } from './model.js';
import { baseName } from './interpreters.js';

const WRAPPERS_WITH_ARG: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group']),
  doas: new Set(['-u', '-C']),
  exec: new Set(['-a']),
  nice: new Set(['-n', '--adjustment']),
  env: new Set(['-u', '--unset', '-C', '--chdir']),
  time: new Set(['-f', '-o']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
};
const MULTI_CALL = new Set(['busybox', 'toybox']);
/** `docker exec [options] CONTAINER cmd...` (and podman): the options that take a value. */
const EXEC_WITH_ARG = new Set([
  '-e',
  '--env',
  '--env-file',
  '-u',
  '--user',
  '-w',
  '--workdir',
  '--detach-keys',
]);
const CONTAINER_CLIS = new Set(['docker', 'podman']);

/** Index of the command after `docker exec [options] CONTAINER`, or undefined when none follows. */
function afterContainerExec<W extends { word: ShellWord }>(words: W[], i: number): number | undefined {
  let j = i + 2;
  while (j < words.length) {
    const v = words[j]!.word.value;
    if (v === undefined || !v.startsWith('-') || v === '-') break;
    j += EXEC_WITH_ARG.has(v) ? 2 : 1;
  }
  j++; // the container
  return j < words.length ? j : undefined;
}
const WRAPPERS = new Set([
  ...MULTI_CALL,
  'sudo',
  'doas',
  'exec',
  'nohup',
  'time',
  'nice',
  'env',
  'builtin',
  'command',
  'stdbuf',
  'timeout',
  'gosu',
  'su-exec',
  'chronic',
]);

/** Where the real command name is in a command's words, which words before it are wrappers. */
export function stripWrappers<W extends { word: ShellWord }>(
  words: W[],
): { nameAt: number; wrappers: W[]; envAssigns: ShellAssign[] } {
  let i = 0;
  const wrappers: W[] = [];
  const envAssigns: ShellAssign[] = [];
  while (i < words.length - 1) {
    const base = baseName(words[i]!.word.value ?? '');
    if (CONTAINER_CLIS.has(base) && words[i + 1]!.word.value === 'exec') {
      // `docker exec ctr bash -c '...'` runs the command after the container (in the container).
      const j = afterContainerExec(words, i);
      if (j === undefined) break;
      wrappers.push(words[i]!, words[i + 1]!);
      i = j;
      continue;
    }
    if (!WRAPPERS.has(base)) break;
    if (base === 'command' && /^-[vV]/.test(words[i + 1]!.word.value ?? '')) break;
    if (MULTI_CALL.has(base)) {
      // `busybox --install`, `busybox --list`: the binary itself, not an applet.
      const applet = words[i + 1]!.word.value;
      if (applet === undefined || applet === '' || applet.startsWith('-')) break;
      wrappers.push(words[i]!);
      i++;
      continue;
    }
    const withArg = WRAPPERS_WITH_ARG[base];
    let j = i + 1;
    while (j < words.length) {
      const v = words[j]!.word.value;
      if (v === undefined) break;
      if (v === '--') {
        j++;
        break;
      }
      if (base === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
        const eq = v.indexOf('=');
        const w = words[j]!.word;
        envAssigns.push({
          name: v.slice(0, eq),
          value: { ...w, value: v.slice(eq + 1), partial: w.partial.slice(w.partial.indexOf('=') + 1) },
          span: { ...w },
        });
        j++;
        continue;
      }
      if (!v.startsWith('-') || v === '-') break;
      j += withArg?.has(v) ? 2 : 1;
    }
    if (base === 'gosu' || base === 'su-exec') j++;
    if (base === 'timeout') j++;
    if (j >= words.length) break;
    wrappers.push(words[i]!);
    i = j;
  }
  return { nameAt: i, wrappers, envAssigns };
}
