/**
 * Package-manager config files into one list of settings with positions; each format's reader is
 * its own file (`npmrc.ts`, `yarnrc-yml.ts`, `yarnrc.ts`, `pip-conf.ts`, `pypirc.ts`, `bunfig.ts`).
 *
 * Keys are flattened: YAML and TOML nesting is joined with `.` (`npmScopes.acme.npmRegistryServer`,
 * `install.scopes.acme.url`); list items repeat their parent's key. Values are strings as written
 * (quotes removed). Nothing is expanded: `${NPM_TOKEN}` stays as written.
 */
import { formatOfFile } from '../lookup.js';
import { ParseError } from '../position.js';
import type { PmConfigFormat, PmConfigModel } from '../lockfile/config-model.js';
import { MAX_SETTINGS } from './read.js';

/** The config format of a path, by its base name; undefined = not a package-manager config file. */
export function pmConfigFormat(path: string): PmConfigFormat | undefined {
  return formatOfFile('pm-config', path, '')?.name;
}

export function parsePmConfig(text: string, path: string): PmConfigModel {
  const format = formatOfFile('pm-config', path, text);
  if (!format) throw new ParseError(`not a known package-manager config file name: ${path}`);
  // Keep columns: the BOM becomes a space, except for YAML, whose parser skips a BOM itself (and
  // counts it) but reads a leading space as indentation, failing every BOM'd `.yarnrc.yml`.
  const src = text.charCodeAt(0) === 0xfeff && format.name !== 'yarnrc-yml' ? ` ${text.slice(1)}` : text;
  const settings = format.parse(src);
  return { path, text, format: format.name, settings: settings.slice(0, MAX_SETTINGS) };
}
