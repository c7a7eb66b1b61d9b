import type { Config } from './schema.js';

/**
 * Settings the config accepts (so a file written for a later version stays valid) but that no check
 * reads yet. Setting one does nothing, so the shells say so once per run instead of letting the
 * user believe it is enforced. Remove an entry when the check that reads it lands.
 */
export function inertSettings(config: Config): string[] {
  const out: string[] = [];
  // Read by lockfile/release-too-new, which needs the npm registry's release dates (online).
  if (!/^0+d$/.test(config.lockfile['min-release-age'])) {
    if (config.online === false)
      out.push(
        `lockfile.min-release-age is ${config.lockfile['min-release-age']} but has no effect offline: release dates come from the npm registry and PyPI (online checks).`,
      );
    else if (config.intel['npm-registry-url'] === undefined && config.intel['pypi-url'] === undefined)
      out.push(
        `lockfile.min-release-age is ${config.lockfile['min-release-age']} but has no effect: release dates come from the npm registry and PyPI, and neither intel.npm-registry-url nor intel.pypi-url is set.`,
      );
    else if (config.rules['lockfile/release-too-new'] === 'off')
      out.push(
        `lockfile.min-release-age is ${config.lockfile['min-release-age']} but has no effect: lockfile/release-too-new, which reads it, is off.`,
      );
  }
  return out;
}
