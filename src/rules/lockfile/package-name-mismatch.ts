import type { Package } from '../../formats/lockfile/model.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { NPM_REGISTRY_HOSTS } from '../../refs/hosts.js';
import { parseSourceUrl } from '../../refs/urls.js';
import { display, packageFields, resolvedSpan } from './util.js';

function dec(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * What an npm-registry-layout URL (`[prefix]/<name>/-/<unscoped>-<version>.tgz`) says about the
 * package it serves, or undefined when the URL does not use that layout and is not on a public
 * npm registry host (a private registry with its own layout).
 */
export function npmUrlMismatch(p: Package): string | undefined {
  if (p.resolved === undefined) return undefined;
  // Fast path: the exact URL the public registries write for this name and version.
  const name = p.realName ?? p.name;
  const file = `${name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name}-${p.version}.tgz`;
  const hash = p.resolved.indexOf('#');
  const bare = hash === -1 ? p.resolved : p.resolved.slice(0, hash);
  if (
    bare === `https://registry.npmjs.org/${name}/-/${file}` ||
    bare === `https://registry.yarnpkg.com/${name}/-/${file}`
  ) {
    return undefined;
  }
  return slowMismatch(p);
}

function slowMismatch(p: Package): string | undefined {
  const u = parseSourceUrl(p.resolved);
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return undefined;
  const publicHost = NPM_REGISTRY_HOSTS.has(u.hostname.toLowerCase());
  // The WHATWG parser has already resolved `..` and `%2e%2e` segments: compare what is fetched.
  const path = u.pathname;
  const sep = path.lastIndexOf('/-/');
  if (sep === -1) return publicHost ? `path ${path} is not a package tarball path` : undefined;
  const name = p.realName ?? p.name;
  const scoped = name.startsWith('@');
  const segs = path.slice(0, sep).split('/').slice(1);
  let urlName: string | undefined;
  let used = 0;
  const last = dec(segs[segs.length - 1] ?? '');
  if (last.startsWith('@') && last.includes('/')) {
    urlName = last;
    used = 1;
  } else if (segs.length >= 2 && dec(segs[segs.length - 2]!).startsWith('@')) {
    urlName = `${dec(segs[segs.length - 2]!)}/${last}`;
    used = 2;
  } else {
    urlName = last;
    used = 1;
  }
  if (urlName !== name) return `it serves '${urlName}'`;
  if (publicHost && segs.length !== used) return `path ${path} has extra segments before the package name`;
  const file = dec(path.slice(sep + 3));
  const unscoped = scoped ? name.slice(name.indexOf('/') + 1) : name;
  if (file === `${unscoped}-${p.version}.tgz`) return undefined;
  if (!file.startsWith(`${unscoped}-`)) return `its file is ${file}, not a ${unscoped} tarball`;
  return `its file is ${file}, not version ${p.version}`;
}

export const rule = defineRule({
  id: 'lockfile/package-name-mismatch',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'critical',
  title: 'Lockfile entry downloads a different package than its name',
  description:
    'An entry named `lodash` whose URL fetches `/evil/-/evil-1.0.0.tgz` from the registry installs another package under a trusted name: this is the lockfile-injection attack on the public registry host itself, where a host allowlist cannot see it. `..` segments and percent-encoded slashes in the path have been used to hide the real name (GHSA-f2p3-vh47-jhg6).',
  fix: 'Delete the entry and reinstall so the package manager writes the URL of the named package. npm aliases (`"x": "npm:real@1"`) are recognised through the entry\'s real name and are not reported.',
  examples: {
    bad: 'ms@^2.1.1:\n  version "2.1.2"\n  resolved "https://registry.yarnpkg.com/malicious/-/ms-2.1.2.tgz"',
    good: 'ms@^2.1.1:\n  version "2.1.2"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.2.tgz"',
    language: 'yaml',
    path: 'yarn.lock',
  },
  references: [
    'https://github.com/lirantal/lockfile-lint/security/advisories/GHSA-f2p3-vh47-jhg6',
    'https://snyk.io/blog/why-npm-lockfiles-can-be-a-security-blindspot-for-injecting-malicious-modules/',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const p of model.packages) {
      if (p.ecosystem !== 'npm' || (p.source !== 'registry' && p.source !== 'tarball')) continue;
      const why = npmUrlMismatch(p);
      if (!why) continue;
      hits.push(
        hit(
          resolvedSpan(p),
          `Entry ${display(p)} downloads from ${p.resolved!.length > 160 ? `${p.resolved!.slice(0, 159)}…` : p.resolved}, but ${why}: another package is installed under this name.`,
          packageFields(p, p.resolved),
        ),
      );
    }
    return hits;
  },
});
