/**
 * Reading package-manager and git command lines: which tool runs, which subcommand, which words are
 * flags (and which flags take a value), and which words are package specs. Pure functions over the
 * argument words of one command, each carrying its file position, so a rule can point at the exact
 * word. Works on any shell model whose words have a literal `value` (undefined when a build-time
 * expansion is involved) and a `partial` text that keeps unknown expansions as written.
 */
import type { Span } from '../core/index.js';
import {
  parseApkSpec,
  parseAptSpec,
  parseCargoSpec,
  parseComposerSpec,
  parseGemSpec,
  parseGoSpec,
  parseNpmSpec,
  parsePipSpec,
  parseRpmSpec,
  parseZypperSpec,
  type PackageSpec,
} from './packages.js';
import { hasExpansion } from './grade.js';

/** One argument word (structurally a `ShellWord`). */
export interface ArgWord extends Span {
  value?: string;
  partial: string;
  raw: string;
}

/** The text to reason about: the literal value, or the partial text with `$...` left in place. */
export function textOf(w: ArgWord): string {
  return w.value ?? w.partial;
}

/** A command as the rules see it (structurally a `ShellCommand`). */
export interface CommandLike {
  name: string;
  base: string;
  nameWord: ArgWord;
  args: ArgWord[];
}

export interface ParsedFlag {
  /** As written before any `=`: `--index-url`, `-i`, `-y` (one entry per letter of a cluster). */
  name: string;
  word: ArgWord;
  /** The value text (`--x=v`, `--x v`, `-xv`), when the flag takes one. */
  value?: string;
  /** The word the value came from (the flag word itself for `--x=v`). */
  valueWord?: ArgWord;
}

interface FlagTable {
  /** Long flags (without dashes) that take a value. */
  long: ReadonlySet<string>;
  /** Short flag letters that take a value. */
  short: string;
  /** Single-dash long flags (Go style: `-tags x`). */
  goStyle?: boolean;
}

export type Tool =
  | 'pip'
  | 'uv'
  | 'pipx'
  | 'pipenv'
  | 'poetry'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'bun'
  | 'gem'
  | 'bundle'
  | 'go'
  | 'cargo'
  | 'composer'
  | 'apt'
  | 'apk'
  | 'rpm'
  | 'zypper'
  | 'git';

export interface Invocation {
  tool: Tool;
  /** The word that named the tool (`pip3`, `python3` for `python3 -m pip`, `npm`). */
  toolWord: ArgWord;
  /** Subcommand path, lower-case (`install`, `global add`, `pip install`, `tool install`, `source add`). */
  sub: string;
  /** The last subcommand word (`install` in `npm install`), or the tool word when there is none. */
  subWord: ArgWord;
  flags: ParsedFlag[];
  /** Arguments after the subcommand that are not flags or flag values. */
  positionals: ArgWord[];
}

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const TABLES: Record<Tool, FlagTable> = {
  pip: {
    long: set(`requirement constraint editable index-url extra-index-url find-links target prefix root src
      upgrade-strategy platform python-version implementation abi only-binary no-binary progress-bar log log-file
      proxy retries timeout exists-action trusted-host cert client-cert cache-dir global-option install-option
      config-settings report root-user-action python keyring-provider use-feature use-deprecated group
      build-option resume-retries`),
    short: 'rceiftC',
  },
  uv: {
    long: set(`requirement requirements constraint constraints override overrides editable index index-url
      extra-index-url default-index find-links index-strategy python python-platform python-version target prefix
      extra group only-group exclude-newer resolution prerelease keyring-provider link-mode cache-dir config-file
      directory project color allow-insecure-host upgrade-package reinstall-package config-setting torch-backend
      from with with-requirements with-editable package no-binary-package no-build-package build-constraints
      refresh-package fork-strategy`),
    short: 'rceifpPCw',
  },
  pipx: { long: set('python suffix pip-args index-url preinstall global'), short: '' },
  pipenv: { long: set('python pypi-mirror categories extra-pip-args requirements'), short: 'r' },
  poetry: { long: set('priority directory project with without only extras source'), short: 'PE' },
  npm: {
    long: set(`registry prefix loglevel cache userconfig globalconfig tag workspace omit include install-strategy
      before location scope otp proxy https-proxy ca cafile fetch-retries fetch-retry-mintimeout
      fetch-retry-maxtimeout fetch-timeout maxsockets only also script-shell node-options auth-type cpu os libc
      depth save-prefix lockfile-version`),
    short: 'wC',
  },
  yarn: {
    long: set(`cwd modules-folder cache-folder mutex network-timeout registry global-folder prefix link-folder
      https-proxy proxy network-concurrency`),
    short: '',
  },
  pnpm: {
    long: set(`dir filter reporter store-dir virtual-store-dir registry lockfile-dir global-dir network-concurrency
      child-concurrency loglevel`),
    short: 'CF',
  },
  bun: {
    long: set('cwd registry cache-dir backend concurrent-scripts network-concurrency config'),
    short: 'c',
  },
  gem: {
    long: set(`version install-dir bindir source platform trust-policy build-root document http-proxy file
      target-rbconfig without`),
    short: 'vinsPpg',
  },
  bundle: {
    long: set('path jobs retry without with gemfile trust-policy shebang target-rbconfig'),
    short: 'j',
  },
  go: {
    long: set(`tags ldflags gcflags asmflags mod modfile p pkgdir buildmode compiler installsuffix toolexec overlay
      pgo exec C covermode coverpkg o`),
    short: '',
    goStyle: true,
  },
  cargo: {
    long: set(`version vers git branch tag rev path root index registry features jobs target target-dir profile bin
      example config color message-format`),
    short: 'FjZ',
  },
  composer: { long: set('working-dir'), short: 'd' },
  apt: { long: set('option config-file target-release default-release host-architecture'), short: 'octa' },
  apk: {
    long: set('virtual repository repositories-file root arch cache-dir keys-dir cache-max-age timeout'),
    short: 'tXp',
  },
  rpm: {
    long: set(`enablerepo disablerepo repo repoid setopt config installroot releasever exclude forcearch
      repofrompath downloaddir destdir color debuglevel errorlevel rpmverbosity comment advisory bz cve
      sec-severity disableplugin enableplugin`),
    short: 'cxdeR',
  },
  zypper: {
    long: set('root reposd-dir cache-dir raw-cache-dir config type repo from'),
    short: 'RDCctr',
  },
  git: {
    long: set(`git-dir work-tree namespace config-env branch origin config depth reference reference-if-able
      separate-git-dir upload-pack template jobs shallow-since shallow-exclude filter server-option bundle-uri
      revision`),
    short: 'Ccbouj',
  },
};

const MAX_ARGS = 2000;

/** Splits argv into flags (with their values) and positionals, GNU style; `--` ends the flags. */
export function parseFlags(
  words: readonly ArgWord[],
  table: FlagTable,
): { flags: ParsedFlag[]; positionals: ArgWord[] } {
  const flags: ParsedFlag[] = [];
  const positionals: ArgWord[] = [];
  let onlyPositionals = false;
  const n = Math.min(words.length, MAX_ARGS);
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const t = textOf(w);
    if (onlyPositionals || t.length < 2 || t[0] !== '-' || hasExpansion(t.slice(0, 2))) {
      positionals.push(w);
      continue;
    }
    if (t === '--') {
      onlyPositionals = true;
      continue;
    }
    if (t.startsWith('--') || table.goStyle) {
      const body = t.startsWith('--') ? t.slice(2) : t.slice(1);
      const eq = body.indexOf('=');
      const name = eq === -1 ? body : body.slice(0, eq);
      const dashes = t.startsWith('--') ? '--' : '-';
      if (eq !== -1) {
        flags.push({ name: dashes + name, word: w, value: body.slice(eq + 1), valueWord: w });
      } else if (table.long.has(name) && i + 1 < n) {
        const v = words[++i]!;
        flags.push({ name: dashes + name, word: w, value: textOf(v), valueWord: v });
      } else {
        flags.push({ name: dashes + name, word: w });
      }
      continue;
    }
    // Short cluster: `-yq`, `-t.deps`, `-r req.txt`, `-rreq.txt`.
    for (let k = 1; k < t.length; k++) {
      const c = t[k]!;
      if (table.short.includes(c)) {
        if (k + 1 < t.length) {
          const rest = t.slice(k + 1);
          flags.push({
            name: '-' + c,
            word: w,
            value: rest.startsWith('=') ? rest.slice(1) : rest,
            valueWord: w,
          });
        } else if (i + 1 < n) {
          const v = words[++i]!;
          flags.push({ name: '-' + c, word: w, value: textOf(v), valueWord: v });
        } else {
          flags.push({ name: '-' + c, word: w });
        }
        break;
      }
      flags.push({ name: '-' + c, word: w });
    }
  }
  return { flags, positionals };
}

export function hasFlag(inv: { flags: readonly ParsedFlag[] }, ...names: string[]): boolean {
  return inv.flags.some((f) => names.includes(f.name));
}

export function findFlag(inv: { flags: readonly ParsedFlag[] }, ...names: string[]): ParsedFlag | undefined {
  return inv.flags.find((f) => names.includes(f.name));
}

// ---------------------------------------------------------------------------------------------
// Which tool is this command?

const PYTHON_RE = /^(python|python[23](\.\d{1,2})?|pypy3?|py)$/;
const PIP_RE = /^pip(3(\.\d{1,2})?)?$/;
/** Commands that run their arguments as another command (`conda run -n env pip ...`). */
const RUNNERS: Record<string, { sub?: string; valueFlags: string }> = {
  conda: { sub: 'run', valueFlags: 'n p name prefix cwd' },
  mamba: { sub: 'run', valueFlags: 'n p name prefix cwd' },
  micromamba: { sub: 'run', valueFlags: 'n p name prefix cwd' },
  poetry: { sub: 'run', valueFlags: 'directory project P C' },
  pipenv: { sub: 'run', valueFlags: 'python' },
  uv: { sub: 'run', valueFlags: 'with python p directory project package from extra group' },
  pdm: { sub: 'run', valueFlags: 'p project' },
  hatch: { sub: 'run', valueFlags: 'e env' },
};

function toolOfName(base: string): Tool | undefined {
  const b = base.toLowerCase().replace(/\.exe$/, '');
  if (PIP_RE.test(b)) return 'pip';
  // tonistiigi/xx cross-compilation wrappers behave like the tool they wrap.
  const x = b.startsWith('xx-') ? b.slice(3) : b;
  switch (x) {
    case 'uv':
      return 'uv';
    case 'pipx':
      return 'pipx';
    case 'pipenv':
      return 'pipenv';
    case 'poetry':
      return 'poetry';
    case 'npm':
      return 'npm';
    case 'yarn':
    case 'yarnpkg':
      return 'yarn';
    case 'pnpm':
      return 'pnpm';
    case 'bun':
      return 'bun';
    case 'gem':
      return 'gem';
    case 'bundle':
    case 'bundler':
      return 'bundle';
    case 'go':
      return 'go';
    case 'cargo':
      return 'cargo';
    case 'composer':
    case 'composer.phar':
      return 'composer';
    case 'apt-get':
    case 'apt':
    case 'aptitude':
    case 'install_packages':
      return 'apt';
    case 'apk':
      return 'apk';
    case 'yum':
    case 'dnf':
    case 'dnf5':
    case 'microdnf':
    case 'tdnf':
      return 'rpm';
    case 'zypper':
      return 'zypper';
    case 'git':
      return 'git';
    default:
      return undefined;
  }
}

/** How many leading words of `args` are subcommand words for this tool. */
function subcommandDepth(tool: Tool, first: string, second: string | undefined): number {
  if (tool === 'uv' && (first === 'pip' || first === 'tool')) return 2;
  if (tool === 'yarn' && first === 'global') return 2;
  if (tool === 'composer' && first === 'global') return 2;
  if (tool === 'poetry' && (first === 'source' || first === 'self')) return 2;
  if ((tool === 'pip' || tool === 'pipx') && first === 'config') return 2;
  if (tool === 'bundle' && first === 'config' && (second === 'set' || second === 'unset')) return 2;
  return 1;
}

/**
 * Identifies a package-manager or git command and splits its arguments. Handles `python -m pip`,
 * `uv pip`, `conda run ... pip`, `xx-go`, flags before the subcommand (`apt-get -y install`,
 * `npm --prefix x install`), and bitnami's `install_packages` (an apt install).
 */
export function readInvocation(cmd: CommandLike, depth = 0): Invocation | undefined {
  if (depth > 3) return undefined;
  const base = cmd.base.toLowerCase();
  let args = cmd.args.slice(0, MAX_ARGS);
  let toolWord = cmd.nameWord;
  let tool: Tool | undefined;

  if (PYTHON_RE.test(base.replace(/\.exe$/, ''))) {
    // python [-I -u ...] -m pip ...
    let i = 0;
    while (i < args.length && textOf(args[i]!).startsWith('-') && textOf(args[i]!) !== '-m') i++;
    if (i + 1 >= args.length || textOf(args[i]!) !== '-m') return undefined;
    const mod = textOf(args[i + 1]!);
    if (mod !== 'pip' && mod !== 'pipx' && mod !== 'poetry' && mod !== 'pipenv' && mod !== 'uv')
      return undefined;
    tool = toolOfName(mod);
    toolWord = args[i + 1]!;
    args = args.slice(i + 2);
  } else {
    const runner = RUNNERS[base];
    if (runner && args.length > 0 && textOf(args[0]!) === runner.sub) {
      const valueFlags = set(runner.valueFlags);
      let i = 1;
      while (i < args.length) {
        const t = textOf(args[i]!);
        if (!t.startsWith('-')) break;
        const name = t.replace(/^-+/, '').split('=')[0]!;
        i += valueFlags.has(name) && !t.includes('=') ? 2 : 1;
      }
      if (i < args.length) {
        const inner = args[i]!;
        const innerText = textOf(inner);
        const innerBase = innerText.slice(innerText.lastIndexOf('/') + 1);
        const r = readInvocation(
          { name: innerText, base: innerBase, nameWord: inner, args: args.slice(i + 1) },
          depth + 1,
        );
        if (r) return r;
      }
      if (base !== 'uv' && base !== 'poetry' && base !== 'pipenv') return undefined;
    }
    tool = toolOfName(base);
  }
  if (!tool) return undefined;
  const table = TABLES[tool];
  if (base === 'install_packages') {
    const parsed = parseFlags(args, table);
    return { tool, toolWord, sub: 'install', subWord: toolWord, ...parsed };
  }
  const parsed = parseFlags(args, table);
  const pos = parsed.positionals;
  if (pos.length === 0) return { tool, toolWord, sub: '', subWord: toolWord, ...parsed };
  const first = textOf(pos[0]!).toLowerCase();
  const second = pos[1] ? textOf(pos[1]).toLowerCase() : undefined;
  const n = Math.min(subcommandDepth(tool, first, second), pos.length);
  const sub = pos
    .slice(0, n)
    .map((w) => textOf(w).toLowerCase())
    .join(' ');
  return { tool, toolWord, sub, subWord: pos[n - 1]!, flags: parsed.flags, positionals: pos.slice(n) };
}

// ---------------------------------------------------------------------------------------------
// Package arguments of install commands

export interface PackageArg {
  word: ArgWord;
  spec: PackageSpec;
  /** True when the spec is one field of a variable's value (`$PKGS`), not the word's own text. */
  fromVariable?: boolean;
}

/**
 * The words of an unquoted `$VAR` whose value is known split like the shell would split them
 * (`ENV PKGS="curl git"` then `apt-get install $PKGS`); every piece keeps the word's position.
 */
export function fieldsOf(w: ArgWord): string[] {
  const t = textOf(w);
  if (w.value !== undefined && w.raw.includes('$') && !/^["']/.test(w.raw) && /\s/.test(t))
    return t.split(/\s+/).filter(Boolean);
  return [t];
}

function specsOf(words: readonly ArgWord[], parse: (s: string) => PackageSpec): PackageArg[] {
  const out: PackageArg[] = [];
  for (const w of words) {
    const fields = fieldsOf(w);
    for (const f of fields)
      out.push(
        fields.length > 1 ? { word: w, spec: parse(f), fromVariable: true } : { word: w, spec: parse(f) },
      );
  }
  return out;
}

/** What an install-like invocation asks for. */
export interface InstallRequest {
  /** Named packages (registry, VCS, URL, local). */
  packages: PackageArg[];
  /** Installs a tool for the whole system (`npm -g`, `yarn global add`, `gem`, `go install`, `cargo install`, `pipx`). */
  global: boolean;
}

const OS_INSTALL: Partial<Record<Tool, ReadonlySet<string>>> = {
  apt: set('install'),
  apk: set('add'),
  rpm: set('install in localinstall'),
  zypper: set('install in'),
};

/** OS package installs (apt-get/apt/aptitude install, apk add, yum/dnf/microdnf/tdnf install, zypper in). */
export function osPackages(inv: Invocation): PackageArg[] | undefined {
  const subs = OS_INSTALL[inv.tool];
  if (!subs || !subs.has(inv.sub)) return undefined;
  switch (inv.tool) {
    case 'apt':
      return specsOf(inv.positionals, parseAptSpec);
    case 'apk':
      return specsOf(inv.positionals, parseApkSpec);
    case 'rpm':
      return specsOf(inv.positionals, parseRpmSpec);
    case 'zypper': {
      const type = findFlag(inv, '-t', '--type')?.value;
      if (type !== undefined && type !== 'package') return [];
      return specsOf(inv.positionals, parseZypperSpec);
    }
    default:
      return undefined;
  }
}

function uvToolSpec(s: string): PackageSpec {
  // `uv tool install ruff@0.5.0` / `ruff@latest`, besides PEP 508 forms.
  const at = s.indexOf('@');
  if (at > 0 && !s.includes('://') && !/\s@/.test(s)) {
    const name = s.slice(0, at);
    const version = s.slice(at + 1);
    const inner = parsePipSpec(name);
    if (inner.kind !== 'registry') return inner;
    if (version === 'latest' || version === '') return { ...inner, raw: s, version, grade: 'unpinned' };
    const graded = parsePipSpec(`${name}==${version}`);
    return { ...graded, raw: s };
  }
  return parsePipSpec(s);
}

/** Language package installs: pip/uv/pipx/npm/yarn/pnpm/bun/gem/go/cargo/composer. */
export function languagePackages(inv: Invocation): InstallRequest | undefined {
  switch (inv.tool) {
    case 'pip':
      if (inv.sub !== 'install') return undefined;
      return { packages: pipTargets(inv), global: false };
    case 'uv':
      if (inv.sub === 'pip install') return { packages: pipTargets(inv), global: false };
      if (inv.sub === 'tool install') return { packages: specsOf(inv.positionals, uvToolSpec), global: true };
      return undefined;
    case 'pipx':
      if (inv.sub !== 'install') return undefined;
      return { packages: specsOf(inv.positionals, parsePipSpec), global: true };
    case 'npm': {
      if (!['install', 'i', 'add', 'in', 'isntall', 'install-clean', 'ic'].includes(inv.sub))
        return undefined;
      if (inv.sub === 'install-clean' || inv.sub === 'ic') return undefined; // = npm ci
      const global = hasFlag(inv, '-g', '--global') || findFlag(inv, '--location')?.value === 'global';
      return { packages: specsOf(inv.positionals, parseNpmSpec), global };
    }
    case 'yarn':
      if (inv.sub === 'global add') return { packages: specsOf(inv.positionals, parseNpmSpec), global: true };
      if (inv.sub === 'add') return { packages: specsOf(inv.positionals, parseNpmSpec), global: false };
      return undefined;
    case 'pnpm':
    case 'bun': {
      if (!['add', 'install', 'i'].includes(inv.sub)) return undefined;
      const global = hasFlag(inv, '-g', '--global');
      // `pnpm install` / `bun install` without names is a lockfile install.
      if (inv.sub !== 'add' && inv.positionals.length === 0) return undefined;
      return { packages: specsOf(inv.positionals, parseNpmSpec), global };
    }
    case 'gem': {
      if (inv.sub !== 'install' && inv.sub !== 'i') return undefined;
      const version = findFlag(inv, '-v', '--version')?.value;
      if (hasFlag(inv, '-g', '--file')) return undefined; // installs from a Gemfile
      return { packages: specsOf(inv.positionals, (s) => parseGemSpec(s, version)), global: true };
    }
    case 'go': {
      if (inv.sub !== 'install' && inv.sub !== 'get' && inv.sub !== 'run') return undefined;
      // `go run pkg args...`: only the first positional is a package.
      const words = inv.sub === 'run' ? inv.positionals.slice(0, 1) : inv.positionals;
      const packages = specsOf(words, parseGoSpec).map((p) =>
        // `go get example.com/mod` (no `@`) asks for the newest version; `go install`/`go run`
        // without `@` build what the main module's go.mod and go.sum already fix.
        inv.sub === 'get' &&
        p.spec.kind === 'local' &&
        p.spec.name?.includes('.') &&
        !p.spec.name.startsWith('.')
          ? { ...p, spec: { ...p.spec, kind: 'registry' as const, grade: 'unpinned' as const } }
          : p,
      );
      return { packages, global: inv.sub === 'install' };
    }
    case 'cargo': {
      if (inv.sub !== 'install') return undefined;
      if (hasFlag(inv, '--git', '--path')) return { packages: [], global: true };
      const version = findFlag(inv, '--version', '--vers')?.value;
      return { packages: specsOf(inv.positionals, (s) => parseCargoSpec(s, version)), global: true };
    }
    case 'composer': {
      if (inv.sub !== 'require' && inv.sub !== 'global require') return undefined;
      const out: PackageArg[] = [];
      const pos = inv.positionals;
      for (let i = 0; i < pos.length; i++) {
        const t = textOf(pos[i]!);
        const next = pos[i + 1] ? textOf(pos[i + 1]!) : undefined;
        // Composer pairs `vendor/pkg 1.2.3` given as two arguments.
        if (!/[:= ]/.test(t) && next !== undefined && !next.includes('/')) {
          out.push({ word: pos[i]!, spec: parseComposerSpec(t, next) });
          i++;
        } else out.push({ word: pos[i]!, spec: parseComposerSpec(t) });
      }
      return { packages: out, global: inv.sub === 'global require' };
    }
    default:
      return undefined;
  }
}

/** pip install targets: positionals and `-e` values (requirement and constraint files excluded). */
function pipTargets(inv: Invocation): PackageArg[] {
  const out = specsOf(inv.positionals, parsePipSpec);
  for (const f of inv.flags) {
    if ((f.name === '-e' || f.name === '--editable') && f.valueWord && f.value !== undefined)
      out.push({ word: f.valueWord, spec: parsePipSpec(f.value) });
  }
  return out.sort((a, b) => a.word.line - b.word.line || a.word.column - b.word.column);
}
