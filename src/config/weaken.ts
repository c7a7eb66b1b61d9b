import {
  severityRank,
  type Config,
  type IgnoreEntry,
  type ReportMode,
  type Severity,
  type Threshold,
} from '../core/index.js';
import type { ConfigSource } from './load.js';

/** One way a changed config lets more through than the config it replaces. */
export interface Weakening {
  /** The dotted key it is about: `fail-on`, `rules.<id>`, `paths.exclude`, `ignore`. */
  key: string;
  /** What changed, in words, quoting the values (untrusted text: callers escape and mask). */
  what: string;
  /** 1-based line in the changed config file (1 when the key is gone from it). */
  line: number;
}

/** Settings the action's inputs decide: a config change to them changes nothing. */
export interface InputOverrides {
  failOn?: Threshold;
  report?: ReportMode;
  online?: boolean | 'required';
}

/** How much a threshold lets pass: `info` the least, `never` everything. */
const LENIENCE = (t: Threshold): number => (t === 'never' ? 5 : severityRank(t));
/** How much each report mode shows: `all` everything, `new` the least. */
const REPORT_RANK: Record<ReportMode, number> = { all: 2, 'changed-files': 1, new: 0 };
/** How much the online setting checks: off, look-ups, look-ups that must answer. */
const ONLINE_RANK = (o: boolean | 'required'): number => (o === 'required' ? 2 : o ? 1 : 0);
const ruleRank = (s: Severity | 'off'): number => (s === 'off' ? -1 : severityRank(s));

function lineOf(source: ConfigSource | undefined, ...keys: string[]): number {
  for (const k of keys) {
    const l = source?.keyLines?.[k];
    if (l !== undefined) return l;
  }
  return 1;
}

function ignoreKey(e: IgnoreEntry): string {
  return JSON.stringify([e.rule, e.path, e.package ?? null, e.image ?? null, e.until ?? null]);
}

/** Entries of `head` not in `base`, with their index in `head`. */
function added(base: readonly string[], head: readonly string[]): { value: string; index: number }[] {
  const have = new Set(base);
  return head.flatMap((value, index) => (have.has(value) ? [] : [{ value, index }]));
}

/**
 * Every way `head` (the pull request's config) weakens `base` (the config the gate trusts): a
 * higher threshold, a rule turned down or off, a narrower include or wider exclude, more trusted
 * registries, hosts or actions, a shorter release cooldown, fewer checks online or another advisory service, a smaller report
 * mode, and every ignore entry the base does not have. Settings an input overrides are skipped.
 * `defaultSeverity` gives a rule's own severity (config/ does not import the rules).
 */
export function configWeakenings(
  base: Config,
  head: Config,
  opts: {
    defaultSeverity: (ruleId: string) => Severity | undefined;
    inputs?: InputOverrides;
    headSource?: ConfigSource;
  },
): Weakening[] {
  const src = opts.headSource;
  const inputs = opts.inputs ?? {};
  const out: Weakening[] = [];

  if (inputs.failOn === undefined && LENIENCE(head['fail-on']) > LENIENCE(base['fail-on'])) {
    out.push({
      key: 'fail-on',
      what: `fail-on ${base['fail-on']} -> ${head['fail-on']}`,
      line: lineOf(src, 'fail-on'),
    });
  }
  if (inputs.report === undefined) {
    // Unset is `auto`: `new` on the pull-request events this comparison runs for.
    const b = base.report ?? 'new';
    const h = head.report ?? 'new';
    if (REPORT_RANK[h] < REPORT_RANK[b]) {
      out.push({ key: 'report', what: `report ${b} -> ${h}`, line: lineOf(src, 'report') });
    }
  }
  const ruleIds = new Set([...Object.keys(base.rules), ...Object.keys(head.rules)]);
  for (const id of [...ruleIds].sort()) {
    const own = opts.defaultSeverity(id);
    if (own === undefined) continue;
    const b = base.rules[id] ?? own;
    const h = head.rules[id] ?? own;
    if (ruleRank(h) < ruleRank(b)) {
      out.push({
        key: `rules.${id}`,
        what: `rules.${id} ${b} -> ${h}`,
        line: lineOf(src, `rules.${id}`, 'rules'),
      });
    }
  }
  for (const { value } of added(head.paths.include, base.paths.include)) {
    out.push({
      key: 'paths.include',
      what: `paths.include no longer has '${value}'`,
      line: lineOf(src, 'paths.include', 'paths'),
    });
  }
  for (const { value, index } of added(base.paths.exclude, head.paths.exclude)) {
    out.push({
      key: 'paths.exclude',
      what: `paths.exclude adds '${value}'`,
      line: lineOf(src, `paths.exclude.${index}`, 'paths.exclude', 'paths'),
    });
  }
  const lists = [
    ['dockerfile', 'trusted-registries'],
    ['lockfile', 'allowed-hosts'],
    ['workflow', 'trusted-actions'],
  ] as const;
  for (const [section, key] of lists) {
    const b = (base[section] as Record<string, string[]>)[key]!;
    const h = (head[section] as Record<string, string[]>)[key]!;
    for (const { value, index } of added(b, h)) {
      out.push({
        key: `${section}.${key}`,
        what: `${section}.${key} adds '${value}'`,
        line: lineOf(src, `${section}.${key}.${index}`, `${section}.${key}`, section),
      });
    }
  }
  const days = (s: string) => Number.parseInt(s, 10);
  if (days(head.lockfile['min-release-age']) < days(base.lockfile['min-release-age'])) {
    out.push({
      key: 'lockfile.min-release-age',
      what: `lockfile.min-release-age ${base.lockfile['min-release-age']} -> ${head.lockfile['min-release-age']}`,
      line: lineOf(src, 'lockfile.min-release-age', 'lockfile'),
    });
  }
  if (inputs.online === undefined && ONLINE_RANK(head.online) < ONLINE_RANK(base.online)) {
    out.push({
      key: 'online',
      what: `online ${String(base.online)} -> ${String(head.online)}`,
      line: lineOf(src, 'online'),
    });
  }
  // Another service answers: it could answer "nothing known" for everything.
  if (head.intel['osv-url'] !== base.intel['osv-url']) {
    out.push({
      key: 'intel.osv-url',
      what: `intel.osv-url ${base.intel['osv-url']} -> ${head.intel['osv-url']}`,
      line: lineOf(src, 'intel.osv-url', 'intel'),
    });
  }
  if (head.intel['github-api-url'] !== base.intel['github-api-url']) {
    out.push({
      key: 'intel.github-api-url',
      what: `intel.github-api-url ${base.intel['github-api-url'] ?? '(default)'} -> ${head.intel['github-api-url'] ?? '(default)'}`,
      line: lineOf(src, 'intel.github-api-url', 'intel'),
    });
  }
  // Setting a registry where the base has none turns checks on; changing or removing one does not.
  const baseRegistry = base.intel['npm-registry-url'];
  if (baseRegistry !== undefined && head.intel['npm-registry-url'] !== baseRegistry) {
    out.push({
      key: 'intel.npm-registry-url',
      what: `intel.npm-registry-url ${baseRegistry} -> ${head.intel['npm-registry-url'] ?? '(unset: no registry look-ups)'}`,
      line: lineOf(src, 'intel.npm-registry-url', 'intel'),
    });
  }
  const basePypi = base.intel['pypi-url'];
  if (basePypi !== undefined && head.intel['pypi-url'] !== basePypi) {
    out.push({
      key: 'intel.pypi-url',
      what: `intel.pypi-url ${basePypi} -> ${head.intel['pypi-url'] ?? '(unset: no PyPI look-ups)'}`,
      line: lineOf(src, 'intel.pypi-url', 'intel'),
    });
  }
  const baseIgnores = base.ignore.map(ignoreKey);
  for (const { index } of added(baseIgnores, head.ignore.map(ignoreKey))) {
    const e = head.ignore[index]!;
    const what =
      `ignore adds ${e.rule} at '${e.path}'` +
      (e.package !== undefined ? ` for ${e.package}` : '') +
      (e.image !== undefined ? ` for image ${e.image}` : '') +
      (e.until !== undefined ? ` until ${e.until}` : '');
    out.push({ key: 'ignore', what, line: src?.ignoreLines[index] ?? lineOf(src, 'ignore') });
  }
  return out;
}
