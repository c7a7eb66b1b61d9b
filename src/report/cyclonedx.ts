/**
 * `--format cyclonedx`: the build inputs as a CycloneDX 1.6 JSON BOM. Pure and deterministic:
 * the same files give the same bytes (components and dependencies sorted, no serial number, a
 * timestamp only when the caller passes one, from `SOURCE_DATE_EPOCH`).
 *
 * Written as plain JSON rather than through @cyclonedx/cyclonedx-library's models: the library
 * (v10) has no model for `evidence.occurrences` (the files and lines that pull an input in, the
 * point of this BOM), and it would add about 176 KiB to the bundle for a serializer we would
 * have to work around. The tests validate every BOM with the library's own CycloneDX 1.6 JSON
 * schema validator. Package URLs are made by packageurl-js (about 15 KiB).
 */
import { PackageURL } from 'packageurl-js';
import type { BuildInput, Inventory } from '../inventory/index.js';
import { INFORMATION_URI, TOOL_NAME, VERSION } from '../version.js';
import { trimTrailing } from '../core/trim.js';

export interface CycloneDxOptions {
  /** What the BOM describes: the scanned folder's name. */
  subject: string;
  /** `metadata.timestamp` (ISO 8601), only when reproducible (`SOURCE_DATE_EPOCH`). */
  timestamp?: string;
}

/** The CycloneDX component type of each kind of input. */
const COMPONENT_TYPE: Record<BuildInput['kind'], string> = {
  'base-image': 'container',
  'copy-image': 'container',
  'syntax-frontend': 'container',
  download: 'file',
  'git-source': 'library',
  'os-package': 'library',
  'language-package': 'library',
  'lockfile-package': 'library',
  action: 'application',
  'reusable-workflow': 'application',
  'container-image': 'container',
};

const PURL_TYPE: Record<string, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  RubyGems: 'gem',
  Packagist: 'composer',
  apt: 'deb',
  apk: 'apk',
  rpm: 'rpm',
  zypper: 'rpm',
};

const HASH_ALG: Record<string, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** Splits `a/b/c` into namespace `a/b` and name `c`. */
function splitPath(path: string): { namespace?: string; name: string } {
  const i = path.lastIndexOf('/');
  return i === -1 ? { name: path } : { namespace: path.slice(0, i), name: path.slice(i + 1) };
}

/** The version a purl may carry: a digest, an exact version or tag; never a range or nothing. */
function purlVersion(i: BuildInput): string | undefined {
  if (i.digest !== undefined) return i.digest;
  return i.grade === 'exact' || i.grade === 'locked' ? i.version : undefined;
}

/** The package URL of an input, or undefined when its name is not known well enough for one. */
export function purlOf(i: BuildInput): string | undefined {
  if (i.grade === 'unknown' && i.kind !== 'download') return undefined;
  try {
    const version = purlVersion(i);
    switch (i.ecosystem) {
      case 'docker': {
        const slash = i.name.indexOf('/');
        const head = slash === -1 ? '' : i.name.slice(0, slash);
        const isHost = head.includes('.') || head.includes(':') || head === 'localhost';
        const { namespace, name } = splitPath(isHost ? i.name.slice(slash + 1) : i.name);
        const qualifiers: Record<string, string> = {};
        if (isHost) qualifiers.repository_url = head;
        if (i.digest !== undefined && i.version !== undefined) qualifiers.tag = i.version;
        return new PackageURL(
          'docker',
          namespace,
          name,
          version,
          Object.keys(qualifiers).length > 0 ? qualifiers : undefined,
          undefined,
        ).toString();
      }
      case 'github': {
        const [owner, repo, ...rest] = i.name.split('/');
        return new PackageURL(
          'github',
          owner,
          repo!,
          i.version !== undefined ? i.version : undefined,
          undefined,
          rest.length > 0 ? rest.join('/') : undefined,
        ).toString();
      }
      case 'url': {
        const base = trimTrailing(i.name.split(/[?#]/)[0]!, '/');
        const file = base.slice(base.lastIndexOf('/') + 1) || 'download';
        return new PackageURL(
          'generic',
          undefined,
          file,
          undefined,
          { download_url: i.name },
          undefined,
        ).toString();
      }
      case 'git': {
        const base = trimTrailing(i.name.split(/[?#]/)[0]!, '/').replace(/\.git$/i, '');
        const name = base.slice(Math.max(base.lastIndexOf('/'), base.lastIndexOf(':')) + 1) || 'source';
        const vcs = `git+${i.name.split('#')[0]}${i.digest !== undefined ? `@${i.digest}` : ''}`;
        return new PackageURL('generic', undefined, name, undefined, { vcs_url: vcs }, undefined).toString();
      }
      default: {
        const type = PURL_TYPE[i.ecosystem];
        if (!type) return undefined;
        if (i.kind === 'language-package' && /[:/]{2}|^git\+/i.test(i.name)) return undefined;
        if (type === 'npm' && i.name.startsWith('@')) {
          const { namespace, name } = splitPath(i.name);
          return new PackageURL('npm', namespace, name, version, undefined, undefined).toString();
        }
        if (type === 'golang' || type === 'composer') {
          const { namespace, name } = splitPath(i.name);
          return new PackageURL(type, namespace, name, version, undefined, undefined).toString();
        }
        return new PackageURL(type, undefined, i.name, version, undefined, undefined).toString();
      }
    }
  } catch {
    // A name packageurl-js refuses (empty, malformed): the component keeps its name, without a purl.
    return undefined;
  }
}

/** A stable, unique reference for an input: the fields that make it distinct. */
export function bomRefOf(i: BuildInput): string {
  return `input:${i.kind}:${i.ecosystem}:${i.name}@${i.version ?? ''}@${i.digest ?? ''}:${i.grade}`;
}

/** Where a scope is written: its path, and what the `#...` part names. */
function scopeRef(scope: string): string {
  return `scope:${scope}`;
}

function scopeComponent(scope: string): Record<string, unknown> {
  const hash = scope.indexOf('#');
  const what = hash === -1 ? 'lockfile' : scope.slice(hash + 1).split(':')[0]!;
  return {
    type: 'application',
    'bom-ref': scopeRef(scope),
    name: scope,
    properties: [{ name: 'bulkhead:scope', value: what }],
  };
}

function component(i: BuildInput): Record<string, unknown> {
  const purl = purlOf(i);
  const hashes = i.hashes
    .filter((h) => HASH_ALG[h.alg])
    .map((h) => ({ alg: HASH_ALG[h.alg]!, content: h.hex }));
  const version = i.digest !== undefined && i.version === undefined ? i.digest : i.version;
  const refs =
    i.kind === 'download'
      ? [{ type: 'distribution', url: i.name }]
      : i.kind === 'git-source'
        ? [{ type: 'vcs', url: i.name }]
        : [];
  return {
    type: COMPONENT_TYPE[i.kind],
    'bom-ref': bomRefOf(i),
    name: i.name,
    ...(version !== undefined && version !== '' ? { version } : {}),
    ...(hashes.length > 0 ? { hashes } : {}),
    ...(purl ? { purl } : {}),
    ...(refs.length > 0 && /^[a-z][a-z0-9+.-]*:/i.test(i.name) ? { externalReferences: refs } : {}),
    properties: [
      { name: 'bulkhead:input-kind', value: i.kind },
      { name: 'bulkhead:pin-grade', value: i.grade },
      ...(i.digest !== undefined ? [{ name: 'bulkhead:digest', value: i.digest }] : []),
    ],
    evidence: {
      occurrences: i.occurrences.map((o) => ({ location: o.path, line: o.line, offset: o.column })),
    },
  };
}

/** The BOM as JSON text (two-space indented, ending in a newline). */
export function renderCycloneDx(inv: Inventory, opts: CycloneDxOptions): string {
  const scopes = new Map<string, Set<string>>();
  for (const i of inv.inputs) {
    const ref = bomRefOf(i);
    for (const o of i.occurrences) {
      let set = scopes.get(o.scope);
      if (!set) scopes.set(o.scope, (set = new Set()));
      set.add(ref);
    }
  }
  const scopeNames = [...scopes.keys()].sort();
  const root = 'bulkhead:build';
  const dependencies = [
    { ref: root, dependsOn: scopeNames.map(scopeRef) },
    ...scopeNames.map((s) => ({ ref: scopeRef(s), dependsOn: [...scopes.get(s)!].sort() })),
    ...inv.inputs.map((i) => ({ ref: bomRefOf(i), dependsOn: [] })),
  ];
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: {
      ...(opts.timestamp ? { timestamp: opts.timestamp } : {}),
      lifecycles: [{ phase: 'pre-build' }],
      tools: {
        components: [
          {
            type: 'application',
            name: TOOL_NAME,
            version: VERSION,
            externalReferences: [{ type: 'website', url: INFORMATION_URI }],
          },
        ],
      },
      component: {
        type: 'application',
        'bom-ref': root,
        name: opts.subject || 'build',
        description:
          'The build inputs: every image, download, git source, package and action the build fetches.',
        components: scopeNames.map(scopeComponent),
      },
    },
    components: inv.inputs.map(component),
    dependencies,
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

/** `SOURCE_DATE_EPOCH` (seconds) as an ISO timestamp; undefined when unset or not a number. */
export function reproducibleTimestamp(env: NodeJS.ProcessEnv): string | undefined {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || !/^\d{1,12}$/.test(v)) return undefined;
  return new Date(Number(v) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
