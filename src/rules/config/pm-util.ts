/** Helpers for the package-manager config rules: which settings are registries, TLS or secrets. */
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
