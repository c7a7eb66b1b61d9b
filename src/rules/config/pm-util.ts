/** Helpers for the package-manager config rules: which settings are registries, TLS or secrets. */
import { spanAt, type Related } from '../../core/index.js';
import type { PmConfigModel, PmSetting } from '../../formats/lockfile/config-model.js';

/** A value that the package manager expands from the environment (`${NPM_TOKEN}`, `$TOKEN`). */
export function isEnvReference(value: string): boolean {
  const v = value.trim();
  if (v.includes('${')) return true;
  return (
    /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v.slice(0, 200)) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v.slice(0, 200))
  );
}

export type RegistryEcosystem = 'npm' | 'PyPI';

/** Settings that choose where packages are installed from, with the ecosystem they serve. */
export function registrySetting(model: PmConfigModel, s: PmSetting): RegistryEcosystem | undefined {
  const k = s.key;
  switch (model.format) {
    case 'npmrc':
    case 'yarnrc':
      return k === 'registry' || k.endsWith(':registry') ? 'npm' : undefined;
    case 'yarnrc-yml':
      return k === 'npmRegistryServer' || k.endsWith('.npmRegistryServer') ? 'npm' : undefined;
    case 'bunfig':
      if (k === 'install.registry' || k === 'install.registry.url') return 'npm';
      if (k.startsWith('install.scopes.')) {
        const rest = k.slice('install.scopes.'.length);
        return !rest.includes('.') || rest.endsWith('.url') ? 'npm' : undefined;
      }
      return undefined;
    case 'pip-conf':
      return k === 'index-url' || k === 'extra-index-url' || k === 'find-links' ? 'PyPI' : undefined;
    case 'pypirc':
      // Upload targets: only their transport matters (a password sent over http).
      return k === 'repository' ? 'PyPI' : undefined;
  }
}

/** The last dotted/colon-separated part of a key: `//host/:_authToken` -> `_authToken`. */
export function leafKey(key: string): string {
  const colon = key.lastIndexOf(':');
  const dot = key.lastIndexOf('.');
  return key.slice(Math.max(colon, dot) + 1);
}

/** A `.yarnrc.yml` value with Yarn's environment references read out. */
export interface YarnEnvValue {
  /** Whether the value holds any `${...}` reference Yarn substitutes. */
  hasRefs: boolean;
  /** The variables referenced, in order, once each. */
  vars: string[];
  /**
   * The value when none of the variables is set: each `${VAR:-default}` / `${VAR-default}` is its
   * default. Undefined when a reference has no default: Yarn then stops with "Environment
   * variable not found" instead of installing.
   */
  whenUnset: string | undefined;
  /** The text before the first reference, which no environment changes (`http://` in `http://${HOST}`). */
  fixedPrefix: string;
}

/**
 * Yarn's `replaceEnvVariables` (`/\\?\${(\w+)(:)?(?:-([^}]*))?}/g`), as one forward scan: a
 * reference is `${NAME}`, `${NAME-default}` or `${NAME:-default}` (also `${NAME:}`); a backslash
 * before it keeps it literal. Linear: each `}` search starts past the previous one.
 */
export function yarnEnvValue(value: string): YarnEnvValue {
  const vars: string[] = [];
  let whenUnset: string | undefined = '';
  let fixedPrefix: string | undefined;
  let i = 0;
  for (;;) {
    const d = value.indexOf('${', i);
    if (d === -1) break;
    let j = d + 2;
    while (j < value.length && /\w/.test(value[j]!)) j++;
    if (j === d + 2) {
      whenUnset = whenUnset === undefined ? undefined : whenUnset + value.slice(i, j);
      i = j;
      continue;
    }
    const name = value.slice(d + 2, j);
    if (value[j] === ':' && (value[j + 1] === '-' || value[j + 1] === '}')) j++;
    let fallback: string | undefined;
    let close: number;
    if (value[j] === '-') {
      close = value.indexOf('}', j + 1);
      if (close === -1) break; // no `}` later: nothing further can match
      fallback = value.slice(j + 1, close);
    } else if (value[j] === '}') {
      close = j;
    } else {
      whenUnset = whenUnset === undefined ? undefined : whenUnset + value.slice(i, j);
      i = j;
      continue;
    }
    const escaped = d > 0 && value[d - 1] === '\\';
    const before = value.slice(i, escaped ? d - 1 : d);
    if (escaped) {
      whenUnset = whenUnset === undefined ? undefined : whenUnset + before + value.slice(d, close + 1);
    } else {
      fixedPrefix ??= whenUnset === undefined ? '' : whenUnset + before;
      if (!vars.includes(name)) vars.push(name);
      whenUnset =
        whenUnset === undefined || fallback === undefined ? undefined : whenUnset + before + fallback;
    }
    i = close + 1;
  }
  if (whenUnset !== undefined) whenUnset += value.slice(i);
  return { hasRefs: vars.length > 0, vars, whenUnset, fixedPrefix: fixedPrefix ?? whenUnset ?? value };
}

/** The alias sites a setting's value came through, as related spans (empty without aliases). */
export function aliasRelated(s: PmSetting): Related[] {
  return (s.aliases ?? []).map((a) => ({
    span: spanAt({ line: a.line, column: a.column }, a.endColumn - a.column),
    label: `*${a.name} gives ${s.key} this value`,
  }));
}

/** `$A` or `$A and $B`: the variables a value reads, for messages. */
export function varList(vars: readonly string[]): string {
  const shown = vars.slice(0, 3).map((v) => `$${v}`);
  if (vars.length > 3) shown.push(`${vars.length - 3} more`);
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}
