import { ConfigurationError } from '../../errors.js';
import { checkRuleIds, MAX_CONFIG_BYTES, type LoadedConfig } from '../../config/resolve.js';
import { parseConfig, type ConfigSource } from '../../config/load.js';
import { defaultConfig, type Config } from '../../config/schema.js';
import { configWeakenings, type InputOverrides } from '../../config/weaken.js';
import type { ConfigUsed, Finding, Related, Severity } from '../../core/index.js';
import * as weakened from '../../rules/config/weakened-in-change.js';
import { redactSecrets } from '../../secrets/index.js';
import { fingerprintOf } from '../fingerprint.js';
import type { ChangeSet } from './changes.js';
import { safeRelPath } from './paths.js';

/** The configuration a pull request is gated with, and what the gate says about the head's own. */
export interface GateConfig {
  config: Config;
  source?: ConfigSource;
  used: ConfigUsed;
  /** `config/weakened-in-change`: reported whatever the report mode, never compared with the base. */
  findings: Finding[];
  /** Plain-text lines for the run's notes (callers escape them). */
  notes: string[];
}

/** How the head's config turned out: loaded (maybe the defaults) or refused, and its file if any. */
export interface HeadConfig {
  loaded?: LoadedConfig;
  error?: ConfigurationError;
  /** Repo-relative path of the head's config file, when there is one (also when it failed to load). */
  path?: string;
}

function gateFinding(
  path: string,
  line: number,
  message: string,
  base: Config,
  related: Related[] = [],
): Finding[] {
  const override = base.rules[weakened.rule.id];
  if (override === 'off') return [];
  const text = redactSecrets(message);
  return [
    {
      ruleId: weakened.rule.id,
      severity: (override ?? weakened.rule.severity) as Severity,
      message: text,
      path,
      startLine: line,
      startColumn: 1,
      endLine: line,
      endColumn: 2,
      ...(related.length > 0 ? { related } : {}),
      fingerprint: fingerprintOf(weakened.rule.id, path, text),
    },
  ];
}

/** Reads the first of `candidates` present at the base commit; none is the defaults. */
async function loadAtBase(
  changes: ChangeSet,
  candidates: readonly string[],
  ruleIds: ReadonlySet<string>,
): Promise<LoadedConfig> {
  for (const path of candidates) {
    if (!safeRelPath(path)) continue;
    const text = await changes.readBase(path);
    if (text === undefined) continue;
    if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
      throw new ConfigurationError(`${path} at the base commit: config file is over 1 MiB`);
    }
    try {
      const { config, source } = parseConfig(text, path);
      checkRuleIds(config, source.path, ruleIds);
      return { config, source };
    } catch (e) {
      if (e instanceof ConfigurationError) {
        throw new ConfigurationError(`the base commit's config (trusted for pull requests): ${e.message}`);
      }
      throw e;
    }
  }
  return { config: defaultConfig() };
}

/**
 * Decides the configuration of a pull request's run. The pull request's files are hostile, its own
 * `.bulkhead.yml` included, so the gate uses the config of the base commit (found the way the head
 * one is, at the same places), plus the action's inputs. The head's config is compared with it:
 * each way it lets more through becomes one blocking `config/weakened-in-change` finding, with the
 * weakened lines as related spans, so a reviewer sees exactly what the change would relax.
 *
 * Without a way to read the base (`changes` undefined) the defaults gate, and if the head has a
 * config file, a blocking finding says it was not applied: failing closed costs a re-run with
 * `fetch-depth: 0` or `contents: read`; failing open would let the pull request set its own bar.
 */
export async function gateConfig(opts: {
  head: HeadConfig;
  changes?: ChangeSet;
  /** Why the base cannot be read, when `changes` is undefined. */
  unreachable?: string;
  /** Repo-relative config paths to look for at the base, in the head's search order. */
  candidates: readonly string[];
  ruleIds: ReadonlySet<string>;
  defaultSeverity: (ruleId: string) => Severity | undefined;
  inputs: InputOverrides;
}): Promise<GateConfig> {
  const { head, changes } = opts;
  if (!changes) {
    // Nothing to compare with: the pull request's own file is not applied (it could set its own
    // bar); the defaults gate, and a blocking finding says why, when there is a file to say it of.
    const path = head.path ?? head.loaded?.source?.path;
    const config = defaultConfig();
    if (!path) return { config, used: { origin: 'default' }, findings: [], notes: [] };
    const why = opts.unreachable ?? 'the base commit could not be read';
    return {
      config,
      used: { origin: 'default' },
      findings: gateFinding(path, 1, weakened.unverifiedMessage(path, why), config),
      notes: [`The pull request's ${path} was not applied: ${why}; the defaults gated this run.`],
    };
  }

  const base = await loadAtBase(changes, opts.candidates, opts.ruleIds);
  const short = changes.base.slice(0, 12);
  const used: ConfigUsed = base.source
    ? { origin: 'base', path: base.source.path, commit: changes.base }
    : { origin: 'default', commit: changes.base };
  const baseLabel = base.source
    ? `${base.source.path} from the base commit ${short}`
    : `the defaults (no config at the base commit ${short})`;
  const out: GateConfig = {
    config: base.config,
    ...(base.source ? { source: base.source } : {}),
    used,
    findings: [],
    notes: [],
  };

  if (head.error) {
    const path = head.path ?? base.source?.path ?? '.bulkhead.yml';
    out.findings.push(
      ...gateFinding(path, 1, weakened.unloadableMessage(path, baseLabel, head.error.message), base.config),
    );
    out.notes.push(`The pull request's ${path} does not load; gated with ${baseLabel}.`);
    return out;
  }
  const headSource = head.loaded?.source;
  const headConfig = head.loaded?.config ?? defaultConfig();
  const changed = headSource?.text !== base.source?.text || headSource?.path !== base.source?.path;
  if (!changed) return out;
  const weakenings = configWeakenings(base.config, headConfig, {
    defaultSeverity: opts.defaultSeverity,
    inputs: opts.inputs,
    ...(headSource ? { headSource } : {}),
  });
  const headPath = headSource?.path ?? base.source?.path ?? '.bulkhead.yml';
  const what = headSource ? `changes ${headSource.path}` : `removes ${base.source?.path ?? 'the config'}`;
  if (weakenings.length === 0) {
    out.notes.push(
      `The pull request ${what} without weakening it; gated with ${baseLabel} until it is merged.`,
    );
    return out;
  }
  const first = Math.min(...weakenings.map((w) => w.line));
  const related: Related[] = weakenings.map((w) => ({
    span: { line: w.line, column: 1, endLine: w.line, endColumn: 2 },
    label: redactSecrets(w.what),
  }));
  out.findings.push(
    ...gateFinding(
      headPath,
      headSource ? first : 1,
      weakened.message(
        headPath,
        baseLabel,
        weakenings.map((w) => w.what),
      ),
      base.config,
      headSource ? related : [],
    ),
  );
  out.notes.push(
    `The pull request ${what} and weakens it (${weakenings.length} change${weakenings.length === 1 ? '' : 's'}); gated with ${baseLabel}.`,
  );
  return out;
}
