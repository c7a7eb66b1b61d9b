import * as core from '@actions/core';
import { resolve } from 'node:path';
import { ConfigurationError } from './errors.js';
import type { Logger } from './logger.js';
import { loadConfig } from './config/resolve.js';
import { thresholdSchema } from './config/schema.js';
import { scan } from './scan/engine.js';
import { summarize } from './report/summary.js';
import { renderMarkdown } from './report/markdown.js';

export function coreLogger(): Logger {
  return { debug: core.debug, info: core.info, warning: (m) => core.warning(m), error: (m) => core.error(m) };
}

/** The action: inputs + workflow context -> scan -> publish -> outputs and exit status. */
export async function run(): Promise<void> {
  try {
    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
    const path = core.getInput('path') || '.';
    const failOnInput = core.getInput('fail-on');
    const logger = coreLogger();
    const { config, source } = loadConfig({
      explicit: core.getInput('config') ? resolve(workspace, core.getInput('config')) : undefined,
      searchDirs: [resolve(workspace, path), workspace],
      root: workspace,
    });
    const failOn = failOnInput ? thresholdSchema.parse(failOnInput) : config['fail-on'];
    const result = await scan({
      root: workspace,
      paths: [resolve(workspace, path)],
      config,
      configSource: source,
      logger,
    });
    const summary = summarize(result.findings, failOn, result.stats.filesChecked);
    core.setOutput('findings', String(summary.total));
    core.setOutput('blocking', String(summary.blocking));
    core.setOutput('max-severity', summary.maxSeverity);
    await core.summary.addRaw(renderMarkdown(result.findings, summary, { maxBytes: 1_000_000 })).write();
    if (summary.blocking > 0) core.setFailed(`${summary.blocking} findings at or above ${failOn}`);
  } catch (e) {
    if (e instanceof ConfigurationError) core.setFailed(e.message);
    else core.setFailed(`internal error: ${(e as Error).message}`);
  }
}
