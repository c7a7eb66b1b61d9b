import type { DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import { buildScope, type DockerScope } from '../../formats/dockerfile/scope.js';
import type { ShellAssign, ShellCommand } from '../../formats/dockerfile/shell/model.js';
import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { fileHeredocTexts, scriptTexts, WRITERS } from '../../formats/dockerfile/shell/written.js';
import { runScripts, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import type { VarScope } from '../../formats/dockerfile/variables.js';
import { findFlag, readInvocation, textOf, type ParsedFlag } from '../../refs/package-commands.js';
import { defineRule, hit, spanAt, spanOf, type Hit, type Pos, type Span } from '../../core/index.js';
import { EnvView, runSteps, stepCommands } from './package-util.js';
import { trimTrailing } from '../../core/trim.js';

// ---------------------------------------------------------------------------------------------
// Which indexes accept uploads from anyone

/**
 * What an index is, for confusion: `public` accepts uploads from anyone (PyPI, a mirror of it, or
 * an index whose name says it proxies it); `private` does not (a vendor's or a company's own index,
 * a directory on the build machine); `unknown` is only known at build time.
 */
type IndexKind = 'public' | 'private' | 'unknown';

interface Index {
  /** Normalized URL (no credentials, lower-case host, no trailing slash) to tell indexes apart. */
  key: string;
  kind: IndexKind;
  /** How a message names it. */
  label: string;
}

const PYPI_HOSTS = new Set([
  'pypi.org',
  'www.pypi.org',
  'pypi.python.org',
  'test.pypi.org',
  'files.pythonhosted.org',
]);

/** Public mirror sites that serve a copy of PyPI (under a `pypi` host or path). */
const MIRROR_HOSTS = new Set([
  'pypi.tuna.tsinghua.edu.cn',
  'mirrors.tuna.tsinghua.edu.cn',
  'mirrors.aliyun.com',
  'mirrors.cloud.aliyuncs.com',
  'pypi.douban.com',
  'pypi.doubanio.com',
  'mirrors.cloud.tencent.com',
  'mirrors.tencentyun.com',
  'repo.huaweicloud.com',
  'mirrors.huaweicloud.com',
  'pypi.mirrors.ustc.edu.cn',
  'mirrors.ustc.edu.cn',
  'mirror.baidu.com',
  'mirrors.bfsu.edu.cn',
  'mirror.sjtu.edu.cn',
  'mirrors.sustech.edu.cn',
  'mirrors.163.com',
  'mirrors.zju.edu.cn',
  'mirror.nju.edu.cn',
  'mirrors.nju.edu.cn',
]);

/**
 * Words of a repository name that say it serves the public index's packages: Artifactory
 * `pypi-remote`/`pypi-virtual`, Nexus `pypi-proxy`/`pypi-group`, `pypi-all`, `pypi-public`, a mirror.
 */
const PROXY_WORDS = new Set(['remote', 'proxy', 'virtual', 'group', 'mirror', 'public', 'all']);

export const PYPI_DEFAULT: Index = {
  key: 'https://pypi.org/simple',
  kind: 'public',
  label: 'PyPI (the default index)',
};

function unknownIndex(text: string): Index {
  if (text === '') return { key: 'unknown:', kind: 'unknown', label: 'an index with no value given' };
  const bare = text.replace(/\/\/[^/@\s]*@/, '//');
  const t = bare.length > 80 ? bare.slice(0, 80) + '…' : bare;
  return { key: `unknown:${text}`, kind: 'unknown', label: `\`${t}\` (only known at build time)` };
}

/** Classifies an index URL as pip/uv would be given it (`--index-url`, `--extra-index-url`, env). */
export function classifyIndex(raw: string): Index {
  const t = raw.trim().replace(/^["']|["']$/g, '');
  const m = /^([a-z][a-z0-9+.-]{0,20}):\/\/([^/?#]*)([^?#]*)/i.exec(t);
  if (!m) {
    // No scheme: pip reads it as a local path (a directory of wheels), unless it is an expansion.
    if (t.includes('$') || t === '') return unknownIndex(t);
    return { key: `path:${t}`, kind: 'private', label: `\`${t.slice(0, 80)}\` (a local directory)` };
  }
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  const path = trimTrailing(m[3]!.toLowerCase(), '/');
  const shown = `${scheme}://${hostPort}${path}`;
  const label = `\`${shown.length > 100 ? shown.slice(0, 100) + '…' : shown}\``;
  if (scheme === 'file') return { key: shown, kind: 'private', label: `${label} (a local directory)` };
  if (hostPort.includes('$')) return unknownIndex(t);
  const host = hostPort.replace(/:\d{1,5}$/, '');
  const key = `${scheme}://${hostPort}${path}`;
  if (PYPI_HOSTS.has(host)) return { key, kind: 'public', label: `${label} (the public index)` };
  if (MIRROR_HOSTS.has(host) && (host.includes('pypi') || path.includes('pypi')))
    return { key, kind: 'public', label: `${label} (a mirror of the public index)` };
  if (path.includes('$')) return unknownIndex(t);
  const words = [...host.split(/[.-]/), ...path.split(/[/_.-]/)];
  if (words.some((w) => PROXY_WORDS.has(w)) || /\/root\/pypi(\/|$)/.test(path))
    return { key, kind: 'public', label: `${label} (named like a proxy of the public index)` };
  return { key, kind: 'private', label };
}

/**
 * The indexes pip would search, when they open it to dependency confusion: at least two different
 * indexes, not all public (copies of one another) and not all private (nobody else can upload).
 * An index only known at build time could be either, so it counts as both.
 */
export function confusable(indexes: readonly Index[]): Index[] | undefined {
  const seen = new Map<string, Index>();
  for (const i of indexes) if (!seen.has(i.key)) seen.set(i.key, i);
  const all = [...seen.values()];
  if (all.length < 2) return undefined;
  if (all.every((i) => i.kind === 'public') || all.every((i) => i.kind === 'private')) return undefined;
  return all;
}

/**
 * A whitespace-separated list of index URLs (`PIP_EXTRA_INDEX_URL="a b"`); `undefined` = only known
 * at build time, shown as `raw` (the text as written, or `$NAME`).
 */
function indexList(value: string | undefined, raw: string, named = false): Index[] {
  if (value === undefined) return [unknownIndex(raw)];
  return value
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 50)
    .map((v) => classifyIndex(named ? stripIndexName(v) : v));
}

/** uv's `--index name=URL` / `UV_INDEX="name=URL"`: the URL. */
function stripIndexName(v: string): string {
  return v.replace(/^[A-Za-z0-9_.-]{1,64}=(?=[a-z][a-z0-9+.-]{0,20}:\/\/|\/|\$)/i, '');
}

/** A URL for a message, without credentials. */
function shownUrl(v: string): string {
  const t = v.replace(/\/\/[^/@\s]*@/, '//');
  return t.length > 100 ? t.slice(0, 100) + '…' : t;
}

function describe(indexes: readonly Index[]): string {
  const labels = indexes.slice(0, 4).map((i) => i.label);
  if (indexes.length > 4) labels.push(`${indexes.length - 4} more`);
  return labels.length <= 2
    ? labels.join(' and ')
    : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}`;
}

/** A variable as a command in `step` sees it: set (value `undefined` = unknown) or not set. */
interface EnvValue {
  set: boolean;
  value?: string;
}

/** Where a script assigns each variable, in source order (built once per script). */
const assignIndex = new WeakMap<object, Map<string, ShellAssign[]>>();

function assignmentsOf(step: RunScript, name: string): readonly ShellAssign[] {
  let byName = assignIndex.get(step.script);
  if (!byName) {
    byName = new Map();
    for (const a of step.script.assignments) {
      if (!a.value) continue;
      const list = byName.get(a.name) ?? [];
      list.push(a);
      byName.set(a.name, list);
    }
    assignIndex.set(step.script, byName);
  }
  return byName.get(name) ?? [];
}

const before = (a: Span, b: Span): boolean => a.line < b.line || (a.line === b.line && a.column < b.column);

function envAt(scope: DockerScope, name: string, step: RunScript, cmd?: ShellCommand, at?: Span): EnvValue {
  if (cmd)
    for (const a of cmd.assigns) if (a.name === name && a.value) return { set: true, value: a.value.value };
  const limit = cmd?.span ?? at;
  const list = assignmentsOf(step, name);
  // The last assignment before `limit` (binary search: assignments are in source order).
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (!limit || before(list[mid]!.span, limit)) lo = mid + 1;
    else hi = mid;
  }
  const last = list[lo - 1];
  if (last) return { set: true, value: last.value?.value };
  const vars = scope.varsAt(step.owner);
  return vars.has(name) ? { set: true, value: vars.get(name) } : { set: false };
}

/** The index that replaces PyPI: a flag value, else the environment, else PyPI. */
function primaryOf(flagValue: string | undefined, env: EnvValue, name: string): Index {
  if (flagValue !== undefined) return classifyIndex(flagValue);
  if (!env.set || env.value?.trim() === '') return PYPI_DEFAULT;
  return env.value === undefined ? unknownIndex('$' + name) : classifyIndex(env.value);
}

function extrasOf(env: EnvValue, name: string, named = false): Index[] {
  if (!env.set || env.value?.trim() === '') return [];
  return indexList(env.value, '$' + name, named);
}

/** Per stage: PIP_INDEX_URL as each RUN sees it (consecutive repeats merged), built once per model. */
const stageRuns = new WeakMap<DockerfileModel, Map<number, { at: number; index: Index }[]>>();

/**
 * PIP_INDEX_URL as every later RUN of the stage sees it, and as the stage leaves it (for the stages
 * and images built on it): an `ENV PIP_EXTRA_INDEX_URL` is searched together with each of them.
 */
function stagePrimaries(model: DockerfileModel, scope: DockerScope, inst: DockerInstruction): Index[] {
  const name = 'PIP_INDEX_URL';
  const ev = (vars: VarScope): EnvValue =>
    vars.has(name) ? { set: true, value: vars.get(name) } : { set: false };
  let byStage = stageRuns.get(model);
  if (!byStage) stageRuns.set(model, (byStage = new Map()));
  const insts = model.stages[inst.stage]?.instructions ?? [];
  let runs = byStage.get(inst.stage);
  if (!runs) {
    runs = [];
    insts.forEach((i, at) => {
      if (i.keyword !== 'RUN') return;
      const index = primaryOf(undefined, ev(scope.varsAt(i)), name);
      if (runs!.at(-1)?.index.key !== index.key) runs!.push({ at, index });
      else runs!.at(-1)!.at = at;
    });
    byStage.set(inst.stage, runs);
  }
  const from = inst.span.line;
  // The RUNs after `inst` (binary search), at most 100 different settings of the variable.
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((insts[runs[mid]!.at]?.span.line ?? 0) > from) hi = mid;
    else lo = mid + 1;
  }
  const seen = new Map<string, Index>();
  for (const r of runs.slice(lo, lo + 100)) seen.set(r.index.key, r.index);
  const out = [...seen.values()];
  const last = insts.at(-1) ?? inst;
  const own =
    last.keyword === 'ENV' || last.keyword === 'ARG'
      ? last.properties.find((p) => p.name === name && p.value !== null)
      : undefined;
  out.push(
    own
      ? primaryOf(scope.resolve(own.value ?? '', last) ?? undefined, { set: true }, name)
      : primaryOf(undefined, ev(scope.varsAt(last)), name),
  );
  return out;
}

/** `--index-url`/`-i` and `--extra-index-url` inside pipx's `--pip-args` string. */
function pipArgIndexes(args: string): { index?: string; extras: Index[] } {
  const words = args.trim().split(/\s+/).slice(0, 200);
  let index: string | undefined;
  const extras: Index[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const m = /^(--index-url|-i|--extra-index-url)(?:=(.*))?$/.exec(w);
    if (!m) continue;
    const v = m[2] ?? words[++k];
    if (m[1] === '--extra-index-url') extras.push(classifyIndex(v ?? ''));
    else index = v;
  }
  return { index, extras };
}

/** The value of the last `pip config set <scope>.index-url URL` in the stage's RUNs. */
function configIndexUrl(
  steps: readonly RunScript[],
  stage: number,
  cache: Map<number, string | undefined>,
): string | undefined {
  if (cache.has(stage)) return cache.get(stage);
  let out: string | undefined;
  for (const step of steps) {
    if (step.stage !== stage) continue;
    for (const cmd of step.script.commands) {
      if (!cmd.base) continue;
      const inv = readInvocation(cmd);
      const key = inv?.positionals[0];
      if (inv?.tool !== 'pip' || inv.sub !== 'config set' || !key) continue;
      if (/(^|\.)index-url$/.test(textOf(key)) && !/extra-index-url$/.test(textOf(key)) && inv.positionals[1])
        out = textOf(inv.positionals[1]);
    }
  }
  cache.set(stage, out);
  return out;
}

const PIP_ENV = 'PIP_EXTRA_INDEX_URL';
const UV_EXTRA_ENV = ['UV_EXTRA_INDEX_URL', 'UV_INDEX'];
const UV_DEFAULT_ENV = ['UV_DEFAULT_INDEX', 'UV_INDEX_URL'];
const UNSAFE_STRATEGIES = new Set(['unsafe-best-match', 'unsafe-first-match', 'unsafe-any-match']);
/** Poetry priorities that let the public index win for a name a private source also serves. */
const UNSAFE_PRIORITIES = new Set(['supplemental', 'secondary']);

/** Why the indexes found are a risk, for every pip message. */
function searches(found: readonly Index[]): string {
  const publicOne = found.some((i) => i.kind === 'public');
  return `pip searches ${describe(found)} together and takes the highest version it finds: ${
    publicOne ? '' : 'if the index only known at build time is (or proxies) the public index, '
  }anyone can publish a higher-versioned package with your private name on the public index, and pip will install it.`;
}
const PIP_FIX =
  'Serve everything from one index that proxies the public one (`--index-url`), or pin the private packages by hash (`--require-hashes`) so a look-alike cannot be substituted.';

export const rule = defineRule({
  id: 'dockerfile/dependency-confusion',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Extra package index open to dependency confusion',
  description:
    "With `pip install --extra-index-url` (or `PIP_EXTRA_INDEX_URL`), pip looks a name up on every index and installs the highest version wherever it is: an attacker who registers your private package's name on the public index with a higher version gets their code built into the image (the December 2022 `torchtriton` compromise of PyTorch nightly installs worked exactly this way). uv is safe by default (it stops at the first index that has the name) unless an `unsafe-*` index strategy is chosen, and Poetry sources are safe unless given `supplemental`/`secondary` priority. The rule weighs every index pip (or uv) would search: the `--index-url`/`-i` (or `PIP_INDEX_URL`, a `pip config set …index-url`, an `index-url` line in the same pip.conf or requirements text; PyPI when none is given) together with every extra index (`--extra-index-url`, `PIP_EXTRA_INDEX_URL`, `extra-index-url` lines). It reports only when the public index sits beside a private one: an index is public when it is PyPI, a known public mirror of it, or named like a proxy of it (`pypi-remote`, `pypi-proxy`, `pypi-virtual`, `pypi-group`, `pypi-all`, devpi `root/pypi`), private otherwise (a vendor's or a company's own index, a local directory). Not reported, because nobody outside can upload to any of them: `--index-url` replacing PyPI with only private indexes beside it (`--index-url https://download.pytorch.org/whl/cu128 --extra-index-url https://pypi.nvidia.com`); nor an extra index that is itself PyPI or a mirror of it when nothing private is searched. A URL only known at build time (`$EXTRA_INDEX_URL`) could be either, so it is reported whenever another index is searched with it. A private index that proxies PyPI under a name the rule cannot recognise is taken as private. One finding per place that adds the extra indexes (a command, an ENV, a written config), at its first extra index, the others as related spans.",
  fix: 'Use a single `--index-url` that proxies the public index (Artifactory, Nexus, devpi, CodeArtifact), install private packages with `--require-hashes`, keep uv on its default `first-index` strategy, and give Poetry sources `primary` or `explicit` priority.',
  examples: {
    bad: 'RUN pip install --extra-index-url https://pypi.internal.example.com/simple acme-utils==1.4.0',
    good: 'RUN pip install --index-url https://pypi.internal.example.com/simple acme-utils==1.4.0\n# Only vendor indexes, nobody else can upload to either:\nRUN pip install --index-url https://download.pytorch.org/whl/cu128 --extra-index-url https://pypi.nvidia.com torch',
    language: 'dockerfile',
  },
  references: [
    'https://pip.pypa.io/en/stable/cli/pip_install/#examples',
    'https://pytorch.org/blog/compromised-nightly-dependency/',
    'https://docs.astral.sh/uv/configuration/indexes/#searching-across-multiple-indexes',
    'https://python-poetry.org/docs/repositories/#package-sources',
  ],
  check(model) {
    const hits: Hit[] = [];
    const scope = buildScope(model);
    const envView = new EnvView(model);
    // ENV / ARG with a value: every later pip in the stage (and its children) sees it.
    for (const inst of model.instructions) {
      // A global ARG (before the first FROM) is not visible to RUN unless a stage redeclares it.
      if ((inst.keyword !== 'ENV' && inst.keyword !== 'ARG') || inst.stage < 0) continue;
      for (const p of inst.properties) {
        if (p.name !== PIP_ENV || p.value === null || p.value.trim() === '') continue;
        const extras = indexList(scope.resolve(p.value, inst), p.value);
        let found: Index[] | undefined;
        for (const primary of stagePrimaries(model, scope, inst)) {
          found = confusable([primary, ...extras]);
          if (found) break;
        }
        if (!found) continue;
        hits.push(
          hit(
            p.nameSpan,
            `\`${inst.keyword} ${PIP_ENV}\` adds an extra index to every pip install: ${searches(found)}`,
            { evidence: `${p.name}=${p.value}`, fix: PIP_FIX, scopeLine: inst.span.line },
          ),
        );
      }
    }

    const steps = runSteps(model);
    // `export PIP_EXTRA_INDEX_URL=...` / `PIP_EXTRA_INDEX_URL=... pip install` inside RUN.
    const seen = new Set<string>();
    for (const step of steps) {
      const owners = new Map<ShellAssign, ShellCommand>();
      for (const c of step.script.commands) for (const a of c.assigns) owners.set(a, c);
      const assigns = [...step.script.assignments, ...step.script.commands.flatMap((c) => c.assigns)];
      for (const a of assigns) {
        if (a.name !== PIP_ENV || !a.value || textOf(a.value).trim() === '') continue;
        const key = `${a.span.line}:${a.span.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const cmd = owners.get(a);
        const inv = cmd ? readInvocation(cmd) : undefined;
        const flag = inv?.tool === 'pip' ? findFlag(inv, '--index-url', '-i') : undefined;
        const primary = primaryOf(
          flag?.value,
          envAt(scope, 'PIP_INDEX_URL', step, cmd, a.span),
          'PIP_INDEX_URL',
        );
        const found = confusable([primary, ...indexList(a.value.value, a.value.partial)]);
        if (!found) continue;
        hits.push(
          hit(a.span, `\`${PIP_ENV}\` adds an extra index to pip: ${searches(found)}`, {
            evidence: `${a.name}=${a.value.raw}`,
            fix: PIP_FIX,
            scopeLine: step.scopeLine,
          }),
        );
      }
    }

    // Flags the command analysis judged (reported or not): not judged again as written text.
    const considered = new Set<string>();
    const configCache = new Map<number, string | undefined>();
    for (const { step, cmd, inv } of stepCommands(steps)) {
      for (const f of inv.flags) considered.add(`${f.word.line}:${f.word.column}`);
      if (inv.tool === 'pip' || inv.tool === 'pipx') {
        const envPrimary = envAt(scope, 'PIP_INDEX_URL', step, cmd);
        const envExtras = extrasOf(envAt(scope, PIP_ENV, step, cmd), PIP_ENV);
        const extraFlags = inv.flags.filter((f) => f.name === '--extra-index-url');
        if (extraFlags.length > 0 && !findFlag(inv, '--no-index')) {
          const idx = inv.flags.filter((f) => f.name === '--index-url' || f.name === '-i').at(-1);
          const found = confusable([
            primaryOf(idx?.value, envPrimary, 'PIP_INDEX_URL'),
            ...extraFlags.map((f) => classifyIndex(f.value ?? '')),
            ...envExtras,
          ]);
          const first = extraFlags[0]!;
          if (found)
            hits.push(
              hit(
                first.word,
                `\`--extra-index-url${first.value ? ' ' + shownUrl(first.value) : ''}\`: ${searches(found)}`,
                {
                  evidence: first.word.raw,
                  fix: PIP_FIX,
                  scopeLine: step.scopeLine,
                  ...(extraFlags.length > 1
                    ? {
                        related: extraFlags
                          .slice(1, 20)
                          .map((f) => ({ span: spanOf(f.word), label: 'another extra index' })),
                      }
                    : {}),
                },
              ),
            );
        }
        const pipArgs = inv.tool === 'pipx' ? findFlag(inv, '--pip-args') : undefined;
        if (pipArgs?.value?.includes('--extra-index-url') && pipArgs.valueWord) {
          const inner = pipArgIndexes(pipArgs.value);
          const pipxIndex = findFlag(inv, '--index-url')?.value;
          const found = confusable([
            primaryOf(inner.index ?? pipxIndex, envPrimary, 'PIP_INDEX_URL'),
            ...inner.extras,
            ...envExtras,
          ]);
          if (found)
            hits.push(
              hit(pipArgs.valueWord, `pipx passes \`--extra-index-url\` to pip: ${searches(found)}`, {
                evidence: pipArgs.valueWord.raw,
                fix: PIP_FIX,
                scopeLine: step.scopeLine,
              }),
            );
        }
        // `pip config set global.extra-index-url URL`
        if (
          inv.sub === 'config set' &&
          inv.positionals[0] &&
          /(^|\.)extra-index-url$/.test(textOf(inv.positionals[0]))
        ) {
          const value = inv.positionals[1];
          const configured = configIndexUrl(steps, step.stage, configCache);
          const found = confusable([
            primaryOf(configured, envPrimary, 'PIP_INDEX_URL'),
            ...(value ? indexList(value.value, value.partial) : [unknownIndex('')]),
          ]);
          if (found)
            hits.push(
              hit(
                inv.positionals[0],
                `\`pip config set ${textOf(inv.positionals[0])}\` adds an extra index to every later pip install: ${searches(found)}`,
                { evidence: inv.positionals[0].raw, fix: PIP_FIX, scopeLine: step.scopeLine },
              ),
            );
        }
      } else if (inv.tool === 'uv') {
        const strategyFlag = findFlag(inv, '--index-strategy');
        const strategy = strategyFlag?.value ?? envView.get('UV_INDEX_STRATEGY', step, cmd);
        if (strategy === undefined || !UNSAFE_STRATEGIES.has(strategy.trim().toLowerCase())) continue;
        const extra: ParsedFlag[] = inv.flags.filter(
          (f) => f.name === '--extra-index-url' || f.name === '--index',
        );
        const envExtra = UV_EXTRA_ENV.flatMap((n) => extrasOf(envAt(scope, n, step, cmd), n, true));
        const at = extra[0]?.word ?? (envExtra.length > 0 ? (strategyFlag?.word ?? inv.subWord) : undefined);
        if (!at) continue;
        const defaultFlag = inv.flags
          .filter((f) => f.name === '--index-url' || f.name === '-i' || f.name === '--default-index')
          .at(-1);
        const defaultEnv = UV_DEFAULT_ENV.map((n) => envAt(scope, n, step, cmd)).find((e) => e.set) ?? {
          set: false,
        };
        const found = confusable([
          primaryOf(defaultFlag?.value, defaultEnv, UV_DEFAULT_ENV[0]!),
          ...extra.map((f) => classifyIndex(stripIndexName(f.value ?? ''))),
          ...envExtra,
        ]);
        if (!found) continue;
        hits.push(
          hit(
            at,
            `uv with \`--index-strategy ${strategy}\` compares versions across ${describe(found)} like pip does, so a public package with a private name and a higher version wins.`,
            {
              evidence: at.raw,
              fix: "Keep uv's default `first-index` strategy (drop `--index-strategy`/`UV_INDEX_STRATEGY`) and pin private packages to their index with `[tool.uv.sources]`.",
              scopeLine: step.scopeLine,
            },
          ),
        );
      } else if (inv.tool === 'poetry' && inv.sub === 'source add') {
        const pri = findFlag(inv, '--priority');
        const legacy = findFlag(inv, '--secondary');
        const flag = pri && UNSAFE_PRIORITIES.has((pri.value ?? '').toLowerCase()) ? pri : legacy;
        if (!flag) continue;
        const level = flag === legacy ? 'secondary' : (pri?.value ?? '').toLowerCase();
        hits.push(
          hit(
            flag.word,
            `\`poetry source add\` with priority \`${level}\`: Poetry searches the public index before this source, so a public package that takes a private package's name wins.`,
            {
              evidence: flag.word.raw,
              fix: 'Add private sources with `--priority=explicit` and bind each private package to it (`poetry add --source <name> <pkg>`), or `--priority=primary` to stop using the public index.',
              scopeLine: step.scopeLine,
            },
          ),
        );
      }
    }
    // pip.conf / requirements text written into the image: `printf '[global]\nextra-index-url = ...'`,
    // `COPY <<EOF /etc/pip.conf`.
    const texts: {
      text: string;
      pos: (i: number) => Pos;
      writer: string;
      scopeLine: number;
    }[] = [];
    for (const run of runScripts(model))
      for (const t of scriptTexts(run.script))
        if (WRITERS.has(t.cmd.base))
          texts.push({ text: t.text, pos: t.pos, writer: t.cmd.base, scopeLine: run.scopeLine });
    for (const t of fileHeredocTexts(model)) texts.push(t);
    for (const t of texts) {
      const lower = (t.text.length > 20_000 ? t.text.slice(0, 20_000) : t.text).toLowerCase();
      const cfg = configIndexes(lower);
      const first = cfg.extras[0];
      if (!first) continue;
      const at = spanAt(t.pos(first.at), first.length);
      // A heredoc that is really a script (`cat <<EOF | sh`) was analysed as commands above.
      if (considered.has(`${at.line}:${at.column}`)) continue;
      const found = confusable([
        cfg.index !== undefined ? classifyIndex(cfg.index) : PYPI_DEFAULT,
        ...cfg.extras.flatMap((e) =>
          e.values.length > 0 ? e.values.map(classifyIndex) : [unknownIndex('')],
        ),
      ]);
      if (!found) continue;
      hits.push(
        hit(
          at,
          `An \`extra-index-url\` is written into a pip config or requirements file (by ${t.writer}): ${searches(found)}`,
          { evidence: evidenceText(model, at), fix: PIP_FIX, scopeLine: t.scopeLine },
        ),
      );
    }
    return hits.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  },
});

/** `extra-index-url = URL` (pip.conf) or `--extra-index-url URL` (requirements) at a line start. */
const CONFIG_EXTRA_INDEX = /(^|\n|\\[nt])[ \t]*((?:--)?extra-index-url)([ \t]*[=:][ \t]*|[ \t]+(?=\S))/g;
/** `index-url = URL` (pip.conf), `--index-url URL` or `-i URL` (requirements) at a line start. */
const CONFIG_INDEX = /(^|\n|\\[nt])[ \t]*(?:--index-url|index-url|-i)(?:[ \t]*[=:][ \t]*|[ \t]+)([^\s\\]+)/g;

interface ConfigExtra {
  /** Offset and length of the `extra-index-url` word. */
  at: number;
  length: number;
  values: string[];
}

/**
 * The indexes a pip.conf or requirements text names: its last `index-url`, and each
 * `extra-index-url` with its URLs (on the line, and on the indented continuation lines pip.conf allows).
 */
function configIndexes(lower: string): { index?: string; extras: ConfigExtra[] } {
  const extras: ConfigExtra[] = [];
  CONFIG_EXTRA_INDEX.lastIndex = 0;
  for (let n = 0; n < 50; n++) {
    const m = CONFIG_EXTRA_INDEX.exec(lower);
    if (!m) break;
    const at = m.index + m[1]!.length + m[0].slice(m[1]!.length).indexOf(m[2]!);
    const start = m.index + m[0].length;
    const lines = lower.slice(start, start + 4000).split(/\n|\\n/);
    const values = lines[0]!.split(/[\s\\]+/).filter(Boolean);
    for (const line of lines.slice(1, 20)) {
      if (!/^[ \t]+\S/.test(line) || line.includes('=')) break;
      values.push(...line.split(/[\s\\]+/).filter(Boolean));
    }
    extras.push({ at, length: m[2]!.length, values: values.slice(0, 50) });
  }
  let index: string | undefined;
  CONFIG_INDEX.lastIndex = 0;
  for (let n = 0; n < 50; n++) {
    const m = CONFIG_INDEX.exec(lower);
    if (!m) break;
    index = m[2];
  }
  return { index, extras };
}
