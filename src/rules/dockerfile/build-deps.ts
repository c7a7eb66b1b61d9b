/**
 * Build dependencies: OS packages a RUN installs and removes again before it ends, so they never
 * reach a layer of the image. Three ways of removing them are recognised, all within the same RUN
 * and after the install:
 *
 * - by name: `apt-get purge/remove X`, `apk del X`, `dnf remove X`, `zypper rm X`;
 * - by apk virtual package: `apk add --virtual .build-deps ...` then `apk del .build-deps`;
 * - the Debian official-image idiom: `savedAptMark="$(apt-mark showmanual)"; apt-get install ...;
 *   apt-mark auto '.*'; apt-mark manual $savedAptMark; [... | xargs -r apt-mark manual;]
 *   apt-get purge -y --auto-remove`. Everything installed between the `showmanual` snapshot and
 *   `apt-mark auto` is marked automatic, and `--auto-remove` purges it unless something kept
 *   depends on it; the packages a later `apt-mark manual` names literally are kept (and reported),
 *   and so are shared-library packages (`libatomic1`) when an `ldd ... | xargs apt-mark manual`
 *   scan (or any `apt-mark manual` of names unknown until build time) may keep them.
 */
import type { ShellCommand, ShellScript } from '../../formats/dockerfile/shell/model.js';
import {
  findFlag,
  hasFlag,
  readInvocation,
  textOf,
  type ArgWord,
  type Invocation,
  type Tool,
} from '../../refs/package-commands.js';
import {
  parseApkSpec,
  parseAptSpec,
  parseRpmSpec,
  parseZypperSpec,
  type PackageSpec,
} from '../../refs/packages.js';

/** Removal subcommands per OS package manager. */
const REMOVE: Partial<Record<Tool, ReadonlySet<string>>> = {
  apt: new Set(['remove', 'purge', 'autoremove', 'autopurge']),
  apk: new Set(['del']),
  rpm: new Set(['remove', 'erase', 'autoremove', 'rm']),
  zypper: new Set(['remove', 'rm']),
};

const PARSE: Partial<Record<Tool, (s: string) => PackageSpec>> = {
  apt: parseAptSpec,
  apk: parseApkSpec,
  rpm: parseRpmSpec,
  zypper: parseZypperSpec,
};

interface Removal {
  /** The last command that removes the name. */
  index: number;
  /** `apt-get purge`, `apk del`: for the explanation. */
  what: string;
  line: number;
}

interface Events {
  /** By `<tool>\0<lower-cased package or apk virtual name>`: the last removal of it. */
  removals: Map<string, Removal>;
  /** Indexes of `apt-mark showmanual` snapshots (those not feeding an `apt-mark auto`). */
  snapshots: number[];
  /** Indexes of `apt-mark auto '.*'` (or `apt-mark showmanual | xargs apt-mark auto`). */
  allAuto: number[];
  /** Names a literal `apt-mark manual <names>` marks, with the indexes of those commands. */
  manual: Map<string, number[]>;
  /** `apt-mark manual` of names only known at build time (`$savedAptMark`, `... | xargs apt-mark manual`). */
  manualUnknown: number[];
  /** `apt-get purge --auto-remove`, `apt-get autoremove`. */
  autoRemove: { index: number; line: number }[];
  /** Per install command index: the idiom that purges it (computed on first use). */
  idioms: Map<number, Idiom | undefined>;
}

/** Value-taking flags of xargs (GNU and busybox), in their short and long forms. */
const XARGS_VALUE = new Set([
  '-I',
  '-i',
  '-n',
  '-P',
  '-L',
  '-l',
  '-d',
  '-s',
  '-E',
  '-e',
  '-a',
  '--delimiter',
]);

/** The command `xargs [flags] cmd args...` runs, as a command of its own. */
function xargsTarget(cmd: ShellCommand): ShellCommand | undefined {
  if (cmd.base !== 'xargs') return undefined;
  let i = 0;
  while (i < cmd.args.length) {
    const t = textOf(cmd.args[i]!);
    if (!t.startsWith('-')) break;
    i += XARGS_VALUE.has(t) ? 2 : 1;
  }
  const word = cmd.args[i];
  if (!word || word.value === undefined) return undefined;
  const name = word.value;
  return {
    ...cmd,
    name,
    base: name.slice(name.lastIndexOf('/') + 1),
    nameWord: word,
    args: cmd.args.slice(i + 1),
  };
}

/** `apt-mark <sub> args...`: the subcommand and its non-flag arguments. */
function aptMark(cmd: ShellCommand): { sub: string; args: ArgWord[] } | undefined {
  if (cmd.base !== 'apt-mark') return undefined;
  const pos = cmd.args.filter((a) => !textOf(a).startsWith('-'));
  if (pos.length === 0) return undefined;
  return { sub: textOf(pos[0]!).toLowerCase(), args: pos.slice(1) };
}

function namesOf(tool: Tool, words: readonly ArgWord[]): Set<string> {
  const parse = PARSE[tool]!;
  const out = new Set<string>();
  for (const w of words) {
    if (w.value === undefined) continue;
    for (const f of w.value.split(/\s+/)) {
      if (!f) continue;
      const spec = parse(f);
      out.add((spec.name ?? f).toLowerCase());
    }
  }
  return out;
}

function eventsOf(script: ShellScript): Events {
  const ev: Events = {
    removals: new Map(),
    snapshots: [],
    allAuto: [],
    manual: new Map(),
    manualUnknown: [],
    autoRemove: [],
    idioms: new Map(),
  };
  const autoPipelines = new Set<number>();
  const cmds = script.commands;
  for (const cmd of cmds) {
    const target = xargsTarget(cmd) ?? cmd;
    const mark = aptMark(target);
    if (mark) {
      if (mark.sub === 'auto') {
        const all =
          mark.args.some((a) => a.value === '.*' || a.value === '^.*' || a.value === '^.*$') ||
          // `apt-mark showmanual | xargs apt-mark auto`, `apt-mark auto $(apt-mark showmanual)`
          (target !== cmd && cmd.pipeIndex > 0 && pipelineHasShowmanual(cmds, cmd)) ||
          mark.args.some((a) => a.value === undefined && a.partial.includes('showmanual'));
        if (all) {
          ev.allAuto.push(cmd.index);
          autoPipelines.add(cmd.pipeline);
        }
      } else if (mark.sub === 'manual') {
        for (const a of mark.args) {
          if (a.value === undefined) continue;
          const name = a.value.toLowerCase();
          const list = ev.manual.get(name) ?? [];
          list.push(cmd.index);
          ev.manual.set(name, list);
        }
        if (target !== cmd || mark.args.some((a) => a.value === undefined)) ev.manualUnknown.push(cmd.index);
      }
      continue;
    }
    const inv = readInvocation(target);
    if (!inv) continue;
    const subs = REMOVE[inv.tool];
    if (!subs || !subs.has(inv.sub)) continue;
    const what = `${inv.toolWord.value ?? inv.tool} ${inv.sub}`;
    if (inv.tool === 'apt' && (inv.sub === 'autoremove' || hasFlag(inv, '--auto-remove', '--autoremove')))
      ev.autoRemove.push({ index: cmd.index, line: inv.toolWord.line });
    for (const name of namesOf(inv.tool, inv.positionals))
      ev.removals.set(`${inv.tool}\0${name}`, { index: cmd.index, what, line: inv.toolWord.line });
  }
  for (const cmd of cmds) {
    const mark = aptMark(cmd);
    if (mark?.sub === 'showmanual' && !autoPipelines.has(cmd.pipeline) && !feedsAuto(cmds, cmd))
      ev.snapshots.push(cmd.index);
  }
  return ev;
}

function pipelineHasShowmanual(cmds: readonly ShellCommand[], cmd: ShellCommand): boolean {
  for (let i = cmd.index - 1; i >= 0 && i >= cmd.index - cmd.pipeIndex - 8; i--) {
    const c = cmds[i]!;
    if (c.pipeline === cmd.pipeline && aptMark(c)?.sub === 'showmanual') return true;
  }
  return false;
}

/** A `showmanual` nested in the arguments of an `apt-mark auto` (`apt-mark auto $(apt-mark showmanual)`). */
function feedsAuto(cmds: readonly ShellCommand[], cmd: ShellCommand): boolean {
  if (cmd.parent === undefined || cmd.nesting !== 'command-substitution') return false;
  return aptMark(cmds[cmd.parent]!)?.sub === 'auto';
}

/** Debian shared-library package names (`libatomic1`, `libssl3t64`, `libsqlite3-0`, `zlib1g`), not `-dev`. */
const SHARED_LIBRARY = /^(lib[a-z0-9+.-]*[0-9][a-z0-9+.]*|zlib1g)$/;

const eventsByScript = new WeakMap<ShellScript, Events>();

/**
 * Why a package that `inv` (command `cmd` of `script`) installs does not reach the image, or
 * undefined when it does.
 */
export function removedInSameRun(
  script: ShellScript,
  cmd: ShellCommand,
  inv: Invocation,
  spec: PackageSpec,
): string | undefined {
  let ev = eventsByScript.get(script);
  if (!ev) {
    ev = eventsOf(script);
    eventsByScript.set(script, ev);
  }
  const name = (spec.name ?? spec.raw).toLowerCase();
  const virtual = inv.tool === 'apk' ? findFlag(inv, '--virtual', '-t')?.value?.toLowerCase() : undefined;
  const byVirtual = virtual !== undefined ? ev.removals.get(`apk\0${virtual}`) : undefined;
  if (byVirtual && byVirtual.index > cmd.index)
    return `\`${byVirtual.what} ${virtual}\` on line ${byVirtual.line}`;
  const byName = ev.removals.get(`${inv.tool}\0${name}`);
  if (byName && byName.index > cmd.index) return `\`${byName.what}\` on line ${byName.line}`;
  if (inv.tool !== 'apt') return undefined;
  const idiom = idiomAfter(ev, cmd.index);
  if (!idiom) return undefined;
  const { m, purge } = idiom;
  if ((ev.manual.get(name) ?? []).some((k) => k > m && k < purge.index)) return undefined;
  // The `ldd ... | xargs apt-mark manual` scan keeps the shared libraries the build links to: a
  // library package named in the install (`libatomic1`) may stay in the image.
  if (idiom.scan && name.length <= 128 && SHARED_LIBRARY.test(name)) return undefined;
  return `\`apt-mark auto\` then \`--auto-remove\` on line ${purge.line}`;
}

interface Idiom {
  /** The `apt-mark auto` that marks the install automatic. */
  m: number;
  /** The purge that removes it. */
  purge: { index: number; line: number };
  /** Whether an `apt-mark manual` of names unknown until build time runs between the two. */
  scan: boolean;
}

/**
 * The `apt-mark auto` ... `--auto-remove` pair that purges what command `index` installs, if any.
 * Only the first `apt-mark auto` after the install matters: a snapshot between the two keeps the
 * package for every later one too, and a purge after a later one also follows the first.
 */
function idiomAfter(ev: Events, index: number): Idiom | undefined {
  if (ev.idioms.has(index)) return ev.idioms.get(index);
  let out: Idiom | undefined;
  const m = ev.allAuto.find((a) => a > index);
  // A snapshot taken after the install lists the package as manual, and restoring it keeps it.
  if (m !== undefined && !ev.snapshots.some((s) => s > index && s < m)) {
    const purge = ev.autoRemove.find((r) => r.index > m);
    if (purge) out = { m, purge, scan: ev.manualUnknown.some((k) => k > m && k < purge.index) };
  }
  ev.idioms.set(index, out);
  return out;
}
