import { inertSettings } from './config/inert.js';
import * as core from '@actions/core';
import { RULE_IDS, ruleMeta } from './rules/index.js';
import { statSync } from 'node:fs';
import { EOL } from 'node:os';
import { dirname } from 'node:path';
import { ConfigurationError } from './errors.js';
import type { Logger } from './logger.js';
import { configCandidates, findConfigFile, loadConfig, type LoadedConfig } from './config/resolve.js';
import { toRepoPath } from './config/repo-path.js';
import { gateConfig, type HeadConfig } from './scan/base/gate-config.js';
import type { ChangeSet } from './scan/base/changes.js';
import { renderMessage } from './report/escape.js';
import type { Config, ReportMode } from './config/schema.js';
import type { ConfigSource } from './config/load.js';
import { scan, type ScanResult } from './scan/engine.js';
import { compareFindings, type ConfigUsed, type Finding, type Threshold } from './core/index.js';
import {
  MAX_CHANGED_FILES_FOR_NEW,
  resolveReportMode,
  splitFindings,
  type ReportSplit,
} from './scan/report-filter.js';
import { summarize, type Summary } from './report/summary.js';
import { scanFailedReport } from './report/check-run.js';
import { readEventContext, refsFromContext, type EventContext, type Refs } from './github/context.js';
import { readSettings, type Settings } from './github/inputs.js';
import type { GitHubApi } from './github/api.js';
import {
  CheckRunSession,
  closeCheckRun,
  publishAll,
  reportCheckRun,
  startCheckRun,
  type ActionIo,
  type PublishContext,
} from './github/publish/index.js';
import { describeError } from './github/publish/policy.js';
import { changesFromApi } from './github/changes.js';
import { changesFromGit, localGit } from './scan/base/git.js';
import { changedPaths } from './scan/base/changes.js';
import { filesNeedingBase, MAX_API_BASE_READS } from './scan/base/base-scan.js';
import { onlineSelection, type OnlineSelection } from './scan/base/online-select.js';
import type { OnlineSelect } from './scan/online.js';
import { compareWithBase } from './scan/base/compare.js';
import type { Intel } from './intel/intel.js';
import { VERSION } from './version.js';
import { summarizeInventory } from './inventory/index.js';

/** The Logger over @actions/core: warnings and errors become annotations without a file. */
export function actionsLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
  };
}

function shortSha(sha: string): string {
  return `\`${sha.slice(0, 12)}\``;
}

interface Selection {
  split: ReportSplit;
  mode: ReportMode;
  notes: string[];
}

/**
 * Decides what this run reports. Every way `new` can fail to be computed falls back to a wider
 * mode and says so, so a finding is never dropped because the comparison was not possible.
 */
async function selectReported(
  head: readonly Finding[],
  ctx: {
    settings: Settings;
    config: Config;
    configSource?: ConfigSource;
    event: EventContext;
    refs: Refs;
    api?: GitHubApi;
    log: Logger;
    /** The changes, when the config gate already worked them out (or the error it got). */
    changes?: ChangeSet;
    changesError?: unknown;
    /** The head scan's look-ups, shared with the base scan. */
    intel?: Intel;
    /** Which entries the base scan asks about online, when the head asked only about new ones. */
    onlineSelect?: OnlineSelect;
  },
): Promise<Selection> {
  const { settings, config, refs, log } = ctx;
  const resolved = resolveReportMode({
    input: settings.report,
    ...(config.report ? { config: config.report } : {}),
    eventName: ctx.event.eventName,
    hasBase: refs.base !== undefined,
  });
  const notes: string[] = [];
  const all = (note?: string): Selection => {
    if (note) notes.push(note);
    return { split: splitFindings(head, { mode: 'all' }), mode: 'all', notes };
  };
  if (resolved.reason) log.info(resolved.reason);
  if (resolved.mode === 'all') return all(resolved.reason);

  let mode = resolved.mode;
  if (ctx.changesError !== undefined) throw ctx.changesError;
  const changes = ctx.changes ?? (await findChanges(settings.workspace, refs, ctx.api));
  if (!changes) {
    const why = `report: ${mode} needs the changed files, but the base commit is not in the checkout (use fetch-depth: 0) and there is no token for the API; every finding is reported`;
    log.warning(why);
    return all(why);
  }
  if (!changes.complete) {
    const why = `GitHub's API lists only the first ${changes.files.length} changed files, so report: ${mode} cannot see them all; every finding is reported`;
    log.warning(why);
    return all(why);
  }
  log.info(
    `${changes.files.length} changed files (from ${changes.source === 'git' ? 'local git' : 'the REST API'}), base ${changes.base.slice(0, 12)}`,
  );
  if (mode === 'new' && changes.files.length > MAX_CHANGED_FILES_FOR_NEW) {
    mode = 'changed-files';
    notes.push(
      `${changes.files.length} files changed (over ${MAX_CHANGED_FILES_FOR_NEW}): findings in every changed file are reported (report: changed-files), not only new ones.`,
    );
    log.warning(notes[notes.length - 1]!);
  }
  if (mode === 'new' && changes.source === 'api' && filesNeedingBase(changes).length > MAX_API_BASE_READS) {
    mode = 'changed-files';
    notes.push(
      `Over ${MAX_API_BASE_READS} changed files would have to be fetched from the API to compare with the base: findings in every changed file are reported (report: changed-files). Check out with fetch-depth: 0 to compare locally.`,
    );
    log.warning(notes[notes.length - 1]!);
  }
  if (mode === 'changed-files') {
    const changed = changedPaths(changes);
    notes.unshift(
      `Reporting findings in the ${changed.size} changed files (report: changed-files, base ${shortSha(changes.base)}).`,
    );
    return { split: splitFindings(head, { mode, changed }), mode, notes };
  }
  const split = await compareWithBase(head, {
    changes,
    workspace: settings.workspace,
    scanPath: settings.scanPath,
    config,
    ...(ctx.configSource ? { configSource: ctx.configSource } : {}),
    ...(ctx.intel ? { intel: ctx.intel } : {}),
    ...(ctx.onlineSelect ? { onlineSelect: ctx.onlineSelect } : {}),
    logger: log,
  });
  log.info(`Compared with ${split.read} base files`);
  split.reported.sort(compareFindings);
  notes.unshift(
    `Reporting findings this change introduces (report: new, compared with ${shortSha(changes.base)}).` +
      (split.existing.length > 0
        ? ` ${split.existing.length} existing findings are listed at the end and do not block.`
        : ''),
  );
  return { split, mode, notes };
}

/**
 * Under pull_request_target, actions/checkout fetches the base branch unless told otherwise; the
 * scan would then check the base, not the pull request, and report nothing new.
 */
async function warnIfBaseCheckout(
  workspace: string,
  eventSha: string,
  refs: Refs,
  log: Logger,
): Promise<void> {
  const res = await localGit(workspace).run(['rev-parse', 'HEAD']);
  const head = res.ok ? res.stdout.toString('utf8').trim() : '';
  if (head && head === eventSha && head !== refs.head) {
    log.warning(
      'pull_request_target: the workspace holds the base branch, not the pull request. Check out ' +
        '`ref: ${{ github.event.pull_request.head.sha }}` with `persist-credentials: false` and run nothing from it but Bulkhead (see docs/action.md).',
    );
  }
}

/**
 * With `report: new` and the changes known before the scan (the config gate of a pull request
 * works them out), the head scan asks the online services only about lockfile entries the change
 * added or changed (scan/base/online-select.ts). Only when `new` will hold: every way it can fall
 * back to a wider mode (incomplete list, too many files) keeps the full look-ups.
 */
async function onlineSelectionFor(
  settings: Settings,
  config: Config,
  event: EventContext,
  refs: Refs,
  chosen: ChosenConfig,
): Promise<OnlineSelection | undefined> {
  const changes = chosen.changes;
  if (!changes || !changes.complete || changes.files.length > MAX_CHANGED_FILES_FOR_NEW) return undefined;
  const mode = resolveReportMode({
    input: settings.report,
    ...(config.report ? { config: config.report } : {}),
    eventName: event.eventName,
    hasBase: refs.base !== undefined,
  }).mode;
  if (mode !== 'new') return undefined;
  if (changes.source === 'api' && filesNeedingBase(changes).length > MAX_API_BASE_READS) return undefined;
  return onlineSelection(changes);
}

/** The changed files and a way to read the base: local git first, the REST API second. */
async function findChanges(
  workspace: string,
  refs: Refs,
  api: GitHubApi | undefined,
): Promise<ChangeSet | undefined> {
  if (!refs.base) return undefined;
  return (
    (await changesFromGit(localGit(workspace), refs.base)) ??
    (api ? await changesFromApi(api, refs) : undefined)
  );
}

/** Events whose head is proposed content: the pull request's files (and config) are not trusted. */
const PROPOSED = new Set(['pull_request', 'pull_request_target', 'merge_group']);

interface ChosenConfig {
  config: Config;
  source?: ConfigSource;
  used: ConfigUsed;
  /** Findings about the head's config change (always reported). */
  findings: Finding[];
  /** Markdown-safe lines for the notes. */
  notes: string[];
  changes?: ChangeSet;
  /** Why the changes could not be worked out, so the report-mode choice says the same. */
  changesError?: unknown;
}

/**
 * Which config gates this run. On a push the checkout is the branch itself and its config is
 * the trusted one. On pull-request events the head's `.bulkhead.yml` is the pull request's own
 * content, so the base commit's gates instead (scan/base/gate-config.ts); a config file named by
 * the `config` input outside the workspace is the workflow's, and trusted as it is.
 */
async function chooseConfig(
  settings: Settings,
  event: EventContext,
  refs: Refs,
  api: GitHubApi | undefined,
  log: Logger,
): Promise<ChosenConfig> {
  let scanDir = settings.scanPath;
  try {
    if (!statSync(scanDir).isDirectory()) scanDir = dirname(scanDir);
  } catch {
    throw new ConfigurationError(`input 'path': not found: ${settings.scanPath}`);
  }
  const searchDirs = [...new Set([scanDir, settings.workspace])];
  const explicit = settings.configPath;
  const outside = explicit !== undefined && toRepoPath(settings.workspace, explicit).startsWith('..');
  const load = () =>
    loadConfig({
      ruleIds: RULE_IDS,
      ...(explicit ? { explicit } : {}),
      searchDirs,
      root: settings.workspace,
    });
  const trusted = (loaded: LoadedConfig, origin: 'head' | 'input'): ChosenConfig => ({
    config: loaded.config,
    ...(loaded.source ? { source: loaded.source } : {}),
    used: loaded.source ? { origin, path: loaded.source.path } : { origin: 'default' },
    findings: [],
    notes: [],
  });
  if (!PROPOSED.has(event.eventName) || !refs.base) return trusted(load(), explicit ? 'input' : 'head');
  if (outside) return trusted(load(), 'input');

  const head: HeadConfig = {};
  const file = explicit ?? findConfigFile(searchDirs);
  if (file) head.path = toRepoPath(settings.workspace, file);
  try {
    head.loaded = load();
  } catch (e) {
    if (!(e instanceof ConfigurationError)) throw e;
    head.error = e;
  }
  let changes: ChangeSet | undefined;
  let unreachable: string | undefined;
  let changesError: unknown;
  try {
    changes = await findChanges(settings.workspace, refs, api);
    if (!changes)
      unreachable =
        'the base commit is not in the checkout (fetch-depth: 0) and there is no token for the API';
  } catch (e) {
    changesError = e;
    unreachable = `the base commit could not be read: ${describeError(e)}`;
  }
  const candidates = explicit
    ? [toRepoPath(settings.workspace, explicit)]
    : configCandidates(searchDirs).map((p) => toRepoPath(settings.workspace, p));
  const gate = await gateConfig({
    head,
    ...(changes ? { changes } : {}),
    ...(unreachable ? { unreachable } : {}),
    candidates,
    ruleIds: RULE_IDS,
    defaultSeverity: (id) => (RULE_IDS.has(id) ? ruleMeta(id).severity : undefined),
    inputs: {
      ...(settings.failOn ? { failOn: settings.failOn } : {}),
      ...(settings.report !== 'auto' ? { report: settings.report } : {}),
      ...(settings.online !== undefined ? { online: settings.online } : {}),
    },
  });
  for (const n of gate.notes) log.info(n);
  for (const f of gate.findings) log.warning(f.message);
  return {
    config: gate.config,
    ...(gate.source ? { source: gate.source } : {}),
    used: gate.used,
    findings: gate.findings,
    notes: gate.notes.map(renderMessage),
    ...(changes ? { changes } : {}),
    ...(changesError !== undefined ? { changesError } : {}),
  };
}

/** The runner's stdout, outputs and step summary, over @actions/core. */
function actionsIo(): ActionIo {
  return {
    writeLine: (line) => process.stdout.write(line + EOL),
    startGroup: (title) => core.startGroup(title),
    endGroup: () => core.endGroup(),
    setOutput: (name, value) => core.setOutput(name, value),
    appendSummary: async (markdown) => {
      await core.summary.addRaw(markdown).write();
    },
  };
}

/** A failure before anything was scanned: the step fails with the reason, nothing is published. */
function failBeforeScan(e: unknown): void {
  if (e instanceof ConfigurationError) {
    core.setFailed(e.message);
  } else {
    if (e instanceof Error && e.stack) core.debug(e.stack);
    core.setFailed(`internal error: ${describeError(e)}`);
  }
}

/** The action: inputs + workflow context -> scan -> publish -> outputs and exit status. */
export async function run(): Promise<void> {
  const log = actionsLogger();
  log.info(`Bulkhead ${VERSION}`);

  let settings: Settings;
  let event: EventContext;
  let refs: Refs;
  try {
    settings = readSettings((name) => core.getInput(name), process.env);
    event = readEventContext(process.env);
    refs = refsFromContext({ eventName: event.eventName, payload: event.payload, sha: event.sha });
  } catch (e) {
    failBeforeScan(e);
    return;
  }

  let api: GitHubApi | undefined;
  if (settings.token && event.owner && event.repo) {
    try {
      const { createOctokit } = await import('./github/octokit.js');
      const { restApi } = await import('./github/api.js');
      api = restApi(
        createOctokit({ token: settings.token, baseUrl: event.apiUrl, logger: log }),
        event.owner,
        event.repo,
      );
    } catch (e) {
      log.warning(`GitHub API client unavailable: ${describeError(e)}`);
    }
  }

  let chosen: ChosenConfig;
  try {
    chosen = await chooseConfig(settings, event, refs, api, log);
    if (settings.online !== undefined) chosen.config.online = settings.online;
  } catch (e) {
    failBeforeScan(e);
    return;
  }
  const config = chosen.config;
  // Accepted but not read by any check yet: said once, never silently ignored.
  for (const w of inertSettings(config)) log.warning(w);
  const failOn: Threshold = settings.failOn ?? config['fail-on'];
  if (event.eventName === 'pull_request_target')
    await warnIfBaseCheckout(settings.workspace, event.sha, refs, log);

  const detailsUrl =
    event.runId && event.repository
      ? `${event.serverUrl}/${event.repository}/actions/runs/${event.runId}`
      : undefined;
  const linkBase =
    refs.head && event.repository ? `${event.serverUrl}/${event.repository}/blob/${refs.head}` : undefined;
  const checkRun =
    settings.checkRun && api && refs.head
      ? new CheckRunSession(api, {
          name: settings.checkName,
          headSha: refs.head,
          ...(detailsUrl ? { detailsUrl } : {}),
          log,
        })
      : undefined;
  if (settings.checkRun && !checkRun) log.info('No check run: no token or no head commit.');
  const ctx: PublishContext = {
    settings,
    event,
    refs,
    ...(api ? { api } : {}),
    log,
    io: actionsIo(),
    failOn,
    ...(linkBase ? { linkBase } : {}),
    ...(process.env.RUNNER_TEMP ? { tempDir: process.env.RUNNER_TEMP } : {}),
    ...(checkRun ? { checkRun } : {}),
    now: () => new Date(),
    outcomes: [],
  };
  await startCheckRun(ctx);
  let summary: Summary | undefined;
  try {
    summary = await scanAndPublish(ctx, chosen);
  } catch (e) {
    if (e instanceof Error && e.stack) core.debug(e.stack);
    core.setFailed(`internal error: ${describeError(e)}`);
  } finally {
    // Whatever went wrong above, a created check run does not stay in progress.
    await closeCheckRun(ctx, summary);
  }
}

/** Scans, decides what is reported, publishes on every channel, and sets the step's result. */
async function scanAndPublish(ctx: PublishContext, chosen: ChosenConfig): Promise<Summary | undefined> {
  const { settings, event, refs, log, failOn } = ctx;
  const { config, source: configSource } = chosen;
  const api = ctx.api;
  const internalErrors: string[] = [];

  // The scan. Without it there is nothing to publish but the error.
  let result: ScanResult;
  let intel: Intel | undefined;
  let onlineSel: OnlineSelection | undefined;
  try {
    // Loaded only when the run is online: the network code is not even read otherwise.
    // The action's token goes to the runner's own GitHub API only (intel/index.ts githubTarget).
    if (config.online !== false)
      intel = (await import('./intel/index.js')).createIntel(
        config.intel,
        {},
        {
          ...(settings.token ? { token: settings.token } : {}),
          ...(event.apiUrl ? { apiUrl: event.apiUrl } : {}),
        },
      );
    onlineSel = intel ? await onlineSelectionFor(settings, config, event, refs, chosen) : undefined;
    result = await scan({
      root: settings.workspace,
      paths: [settings.scanPath],
      config,
      ...(configSource ? { configSource } : {}),
      ...(intel ? { intel } : {}),
      ...(onlineSel ? { onlineSelect: onlineSel.head } : {}),
      ...(settings.shard ? { shard: settings.shard } : {}),
      logger: log,
      // The pin summary (job summary, check run, outputs) needs the build inputs.
      inventory: true,
    });
  } catch (e) {
    const message = e instanceof ConfigurationError ? e.message : `internal error: ${describeError(e)}`;
    if (e instanceof Error && e.stack) core.debug(e.stack);
    await reportCheckRun(ctx, scanFailedReport(message, ctx.now().toISOString()));
    core.setFailed(message);
    return undefined;
  }
  log.info(
    `Checked ${result.stats.filesChecked} files in ${Math.round(result.stats.durationMs)} ms: ${result.findings.length} findings`,
  );

  // Review suggestions resolve digest and SHA fixes with the same look-ups (and cache) as the scan.
  if (intel) ctx.intel = intel;

  // From here on findings exist: every failure is published around, never instead of them.
  let selection: Selection;
  try {
    selection = await selectReported(result.findings, {
      settings,
      config,
      ...(configSource ? { configSource } : {}),
      event,
      refs,
      ...(api ? { api } : {}),
      log,
      ...(chosen.changes ? { changes: chosen.changes } : {}),
      ...(chosen.changesError !== undefined ? { changesError: chosen.changesError } : {}),
      ...(intel ? { intel } : {}),
      ...(onlineSel ? { onlineSelect: onlineSel.base } : {}),
    });
  } catch (e) {
    if (e instanceof Error && e.stack) core.debug(e.stack);
    const status = (e as { status?: unknown }).status;
    const hint =
      status === 403 || status === 404
        ? " (the token may lack 'pull-requests: read' or 'contents: read')"
        : '';
    // Error text can quote file names from the base commit: escaped like every other value.
    const why =
      `Could not work out which findings are new (${renderMessage(describeError(e))})${hint}; every finding is reported.` +
      (onlineSel
        ? ' The online look-ups covered only the lockfile entries the change added or changed.'
        : '');
    log.warning(why);
    // An API refusal is a degraded report, not a bug; anything else is an internal error.
    if (typeof status !== 'number') internalErrors.push(`comparing with the base: ${describeError(e)}`);
    selection = { split: splitFindings(result.findings, { mode: 'all' }), mode: 'all', notes: [why] };
  }
  // What the gate says about the change's own config is reported whatever the mode.
  const reported = [...chosen.findings, ...selection.split.reported];
  const { existing } = selection.split;
  const all = [...chosen.findings, ...result.findings];
  const scope = selection.mode === 'all' ? undefined : selection.mode;
  const summary: Summary = summarize(reported, failOn, result.stats.filesChecked, scope);

  await publishAll(ctx, {
    all,
    reported,
    existing,
    suppressed: result.suppressed,
    config: chosen.used,
    summary,
    notes: [...chosen.notes, ...selection.notes],
    ...(result.inventory ? { inputs: summarizeInventory(result.inventory) } : {}),
  });

  // The step's result follows the findings and the threshold; a channel that failed does not change it.
  if (summary.blocking > 0) {
    core.setFailed(`${summary.blocking} finding${summary.blocking === 1 ? '' : 's'} at or above ${failOn}`);
  } else {
    log.info(`No findings at or above ${failOn}.`);
  }
  if (internalErrors.length > 0) core.setFailed(`internal error: ${internalErrors.join('; ')}`);
  return summary;
}
