import type { ShellCommand, ShellWord } from '../../formats/dockerfile/shell/model.js';
import {
  findFlag,
  hasFlag,
  languagePackages,
  type Invocation,
  type PackageArg,
} from '../../refs/package-commands.js';
import { packageLabel, type PackageSpec } from '../../refs/packages.js';
import {
  defineRule,
  hit,
  spanFromTo,
  spanOf,
  type Hit,
  type Related,
  type Severity,
} from '../../core/index.js';
import { groupEvidence, groupPackages, memberLabel, type PackageGroup } from './package-group.js';
import { EnvView, runSteps, stepCommands, truthy } from './package-util.js';

/** Installer bootstrap (`pip install --upgrade pip setuptools wheel`): reported, at low severity. */
const BOOTSTRAP = new Set(['pip', 'setuptools', 'wheel']);

export function managerName(inv: Invocation): string {
  switch (inv.tool) {
    case 'uv':
      return inv.sub === 'tool install' ? 'uv tool install' : 'uv pip install';
    case 'yarn':
      return inv.sub === 'global add' ? 'yarn global add' : 'yarn add';
    case 'composer':
      return `composer ${inv.sub}`;
    default:
      return `${inv.tool} ${inv.sub}`;
  }
}

function pinnedForm(inv: Invocation, spec: PackageSpec): string {
  const n = spec.name ?? spec.raw;
  switch (spec.ecosystem) {
    case 'PyPI':
      return inv.sub === 'tool install' ? `${n}==<version>` : `${n}==<version>`;
    case 'npm':
      return `${n}@<x.y.z>`;
    case 'RubyGems':
      return `gem install ${n} -v <x.y.z>`;
    case 'Go':
      return `${n}@v<x.y.z>`;
    case 'crates.io':
      return `cargo install ${n} --version <x.y.z> --locked`;
    case 'Packagist':
      return `${n}:<x.y.z>`;
    default:
      return `${n}@<version>`;
  }
}

function describe(spec: PackageSpec): string {
  if (spec.kind === 'vcs')
    return spec.version
      ? `git ref '${spec.version}', which can be moved`
      : 'the default branch of a repository';
  switch (spec.grade) {
    case 'unpinned':
      return spec.version
        ? `'${spec.version}', i.e. whatever is newest`
        : 'no version, i.e. whatever is newest';
    default:
      return spec.ecosystem === 'npm' && spec.version && !/[\d*x]/.test(spec.version)
        ? `the tag '${spec.version}', which the publisher can move`
        : `the range '${spec.version}', not one version`;
  }
}

interface Reported {
  spec: PackageSpec;
  severity?: Severity;
  extra?: string;
}

function judge(inv: Invocation, p: PackageArg): Reported | undefined {
  const { spec } = p;
  if (spec.kind === 'vcs') {
    if (spec.grade === 'unpinned') return { spec };
    // A tag or short commit (`exact`) can be re-pointed just like a branch: only a full commit fixes it.
    if (spec.grade === 'floating' || spec.grade === 'exact') return { spec, severity: 'low' };
    return undefined;
  }
  if (spec.kind !== 'registry' || !spec.name) return undefined;
  if (inv.tool === 'cargo' && spec.grade === 'exact' && !hasFlag(inv, '--locked')) {
    return {
      spec,
      severity: 'low',
      extra:
        'without `--locked`, so its dependencies are resolved again at build time instead of from its Cargo.lock',
    };
  }
  if (spec.grade !== 'unpinned' && spec.grade !== 'floating') return undefined;
  if (spec.ecosystem === 'PyPI' && BOOTSTRAP.has(spec.name.toLowerCase())) return { spec, severity: 'low' };
  return { spec };
}

/**
 * `pip install setuptools>=41`: the shell reads `>=41` as a redirection to a file named `=41`, so
 * pip gets a bare name. Returns the redirection text when one starts right after the word.
 */
function redirectAfter(cmd: ShellCommand, w: ShellWord): string | undefined {
  for (const r of cmd.redirects) {
    const t = r.target;
    if (!t || (r.op !== '>' && r.op !== '<') || r.fd !== undefined) continue;
    if (t.line === w.endLine && t.column === w.endColumn + r.op.length && /^[=\d]/.test(t.raw))
      return r.op + t.raw;
  }
  return undefined;
}

/**
 * The packages an install command leaves floating, judged as this rule judges them: nothing for
 * pip in hash-checking mode, registry packages skipped under a constraints file. `env` reads a
 * variable of the command's environment (ENV/ARG in a Dockerfile, `env:` in a workflow). Shared
 * with workflow/unpinned-package-install, so an install means the same thing in both places.
 */
export function floatingPackages(
  inv: Invocation,
  cmd: ShellCommand,
  env: (name: string) => string | undefined,
): Member[] {
  const req = languagePackages(inv);
  if (!req) return [];
  const python = inv.tool === 'pip' || inv.tool === 'uv';
  // Hash-checking mode refuses anything not pinned and hashed: nothing floats.
  if (python && (hasFlag(inv, '--require-hashes') || truthy(env('PIP_REQUIRE_HASHES')))) return [];
  // A constraints file may pin the named packages; Bulkhead cannot see it from here.
  const constrained =
    python &&
    (findFlag(inv, '-c', '--constraint', '--constraints', '--overrides') !== undefined ||
      (env('PIP_CONSTRAINT') ?? '') !== '' ||
      (inv.tool === 'uv' && (env('UV_CONSTRAINT') ?? '') !== ''));
  const reported: Member[] = [];
  for (const p of req.packages) {
    const r = judge(inv, p);
    if (!r) continue;
    if (constrained && r.spec.kind === 'registry') continue;
    const redirect = r.spec.grade === 'unpinned' ? redirectAfter(cmd, p.word) : undefined;
    reported.push({ ...p, r, ...(redirect ? { redirect } : {}) });
  }
  return reported;
}

export const rule = defineRule({
  id: 'dockerfile/language-package-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Language package installed without an exact version',
  description:
    '`pip install requests`, `npm install -g typescript`, `gem install rails` or `go install x@latest` install whatever the registry calls newest at build time: a hijacked maintainer account or a typo-squatted release ships into the image without any change to review. Ranges (`>=2`, `^1.2`, `~> 7.0`) and tags (`@latest`, `@next`) float the same way.\n\n' +
    '**Grouping.** One finding per install command (pip, uv, pipx, npm, yarn, pnpm, bun, gem, go, cargo, composer), at the command words (`pip install`), naming every package it installs without an exact version, each package word a related span: one edit of the command fixes them all. Packages that come from a variable (`pip install $PKGS`) are one finding at the expansion, with the ENV/ARG line (or shell assignment) that defines the variable as a related span, because that is where they are pinned. The evidence (and so the fingerprint) lists every package of the group, so with `report: new` a change that adds one more package to a command is reported as new.\n\n' +
    '**Severity.** Medium; a group whose packages are all installer bootstrap (`pip install -U pip setuptools wheel`), git sources at a tag or branch, or `cargo install --version` without `--locked` is low. Not reported: pinned versions, requirement and lock files (the lockfile rules read those), pip in hash-checking mode, and registry packages of a pip/uv install that has a constraints file (`-c`, `PIP_CONSTRAINT`), which may pin them.',
  fix: 'Install an exact version (`requests==2.32.3`, `typescript@5.6.3`, `gem install rails -v 7.2.1`, `go install golang.org/x/tools/gopls@v0.16.2`, `cargo install ripgrep --version 14.1.1 --locked`), or better a lockfile with hashes (`pip install --require-hashes -r requirements.txt`, `npm ci`).',
  examples: {
    bad: 'RUN pip install flask gunicorn>=22\nRUN npm install -g typescript@latest\nRUN go install golang.org/x/tools/gopls@latest',
    good: 'RUN pip install flask==3.0.3 gunicorn==22.0.0\nRUN npm install -g typescript@5.6.3\nRUN go install golang.org/x/tools/gopls@v0.16.2',
    language: 'dockerfile',
  },
  references: [
    'https://pip.pypa.io/en/stable/topics/secure-installs/',
    'https://docs.npmjs.com/cli/commands/npm-ci',
    'https://go.dev/ref/mod#go-install',
    'https://github.com/hadolint/hadolint/wiki/DL3013',
  ],
  check(model) {
    const hits: Hit[] = [];
    const env = new EnvView(model);
    for (const { step, cmd, inv } of stepCommands(runSteps(model))) {
      const reported = floatingPackages(inv, cmd, (name) => env.get(name, step, cmd));
      if (reported.length === 0) continue;
      // One finding per install command (what one edit fixes), at the command, each package word a
      // related span; packages from a variable are one finding at the expansion, with the
      // variable's definition, where they are fixed.
      const manager = managerName(inv);
      for (const group of groupPackages(model, step, cmd, spanFromTo(inv.toolWord, inv.subWord), reported)) {
        hits.push(groupHit(manager, inv, group, step.scopeLine));
      }
    }
    return hits;
  },
});

export interface Member extends PackageArg {
  r: Reported;
  redirect?: string;
}

/** Package names quoted in a message, and related spans kept, at most. */
const MAX_NAMED = 8;
const MAX_RELATED = 50;

function why(m: Member): string {
  return (
    m.r.extra ??
    (m.redirect
      ? `with no version: the unquoted \`${m.redirect}\` after it is a shell redirection (it creates a file), not a version constraint`
      : `with ${describe(m.r.spec)}`)
  );
}

/** A short note on why one member of a group floats, for the list in the message and its label. */
function note(m: Member): string {
  const { spec } = m.r;
  if (m.r.extra) return 'without --locked';
  if (m.redirect) return `'${m.redirect}' is a shell redirection`;
  if (spec.kind === 'vcs') return spec.version ? `git ref '${spec.version}'` : 'default branch';
  if (spec.grade === 'unpinned') return spec.version ? `'${spec.version}'` : 'no version';
  return spec.ecosystem === 'npm' && spec.version && !/[\d*x]/.test(spec.version)
    ? `tag '${spec.version}'`
    : `range '${spec.version}'`;
}

/**
 * The finding for one group. `gets` ends the message's "the version that ..." (`gets built` in an
 * image, `the job runs` in a workflow).
 */
export function groupHit(
  manager: string,
  inv: Invocation,
  group: PackageGroup<Member>,
  scopeLine: number,
  gets: { one: string; many: string } = { one: 'gets built', many: 'get built' },
): Hit {
  const members = group.members;
  const first = members[0]!;
  const from = group.variable ? ` from \`${group.variable.raw}\`` : '';
  // The group is as severe as its most severe member: bootstrap-only or git-tag-only groups are low.
  const severity: Severity | undefined = members.every((m) => m.r.severity === 'low') ? 'low' : undefined;
  const names = members.map((m) => m.r.spec.raw);
  let message: string;
  if (members.length === 1) {
    message = `\`${manager}\` installs '${first.r.spec.name ?? first.r.spec.raw}'${from} ${why(first)}; the version that ${gets.one} can change without any change here.`;
  } else {
    const listed = members.slice(0, MAX_NAMED).map((m) => {
      const n = note(m);
      return n === 'no version' ? `'${m.r.spec.raw}'` : `'${m.r.spec.raw}' (${n})`;
    });
    const more = members.length > MAX_NAMED ? ` and ${members.length - MAX_NAMED} more` : '';
    message = `\`${manager}\` installs ${members.length} packages${from} without an exact version: ${listed.join(', ')}${more}; the versions that ${gets.many} can change without any change here.`;
  }
  const registry = members.find((m) => m.r.spec.kind !== 'vcs');
  const where = group.variable ? ` where ${group.variable.name} is defined` : '';
  const fix = registry
    ? `Pin an exact version${members.length > 1 ? ' for each' : ''}${where}: ${pinnedForm(inv, registry.r.spec)}${members.some((m) => m.r.spec.kind === 'vcs') ? '; a git source at its full 40-character commit' : ''}.`
    : `Pin the full 40-character commit${where}: \`...@<commit>\` (npm: \`#<commit>\`).`;
  const related: Related[] = [];
  if (group.variable) {
    if (group.variable.definition) related.push(group.variable.definition);
  } else {
    for (const m of members)
      related.push({
        span: spanOf(m.word),
        label: memberLabel(m.word, m.r.spec.raw),
      });
  }
  return hit(group.span, message, {
    scopeLine,
    fix,
    ...(members.length === 1 ? { package: packageLabel(first.r.spec) } : {}),
    // What the group covers: one more package in the command is a new finding under `report: new`.
    evidence: groupEvidence(manager, names, group.variable),
    ...(severity ? { severity } : {}),
    related: related.slice(0, MAX_RELATED),
  });
}
