/**
 * Credential files by name: what a COPY/ADD source or a file a command writes usually holds, and
 * whether text written into one is a credential. Path strings only; nothing here reads a file.
 */
import type { Severity } from '../core/index.js';

const HIGH_FILES = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  'id_ecdsa_sk',
  'id_ed25519_sk',
  '.git-credentials',
  '.netrc',
  '_netrc',
  'credentials.json',
  'kubeconfig',
  '.pgpass',
  '.vault-token',
]);
const MEDIUM_FILES = new Set(['.npmrc', '.pypirc', '.env']);
/** `.env.<suffix>` files that are templates or examples, not the real settings. */
export const ENV_TEMPLATE_SUFFIXES: readonly string[] = [
  'example',
  'sample',
  'template',
  'dist',
  'defaults',
  'default',
  'tmpl',
  'tpl',
  'schema',
  'test',
];
/** `.env.<rest>` named as a template (`.env.example`, `.env.local.sample`, `.env.templates`). */
export function isTemplateEnvSuffix(
  rest: string,
  suffixes: readonly string[] = ENV_TEMPLATE_SUFFIXES,
): boolean {
  return suffixes.some((s) => rest === s || rest.endsWith('.' + s) || rest.startsWith(s));
}
/** A committed `.env.ci` holds CI test values: named, it is not reported (its content may be). */
const ENV_SAFE_SUFFIX = [...ENV_TEMPLATE_SUFFIXES, 'ci'];

/** Severity and a description for a COPY/ADD source that names a credential file. */
export function secretFile(path: string): { severity: Severity; what: string } | undefined {
  let p = path.trim().replace(/\\/g, '/');
  while (p.endsWith('/')) p = p.slice(0, -1);
  if (p.includes('*') || p.includes('?') || p.includes('[') || p.includes('$')) return undefined;
  const lower = p.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (lower.endsWith('.docker/config.json'))
    return { severity: 'high', what: 'a Docker registry credentials file' };
  if (lower.endsWith('.aws/credentials')) return { severity: 'high', what: 'an AWS credentials file' };
  if (lower.endsWith('.kube/config')) return { severity: 'high', what: 'a Kubernetes credentials file' };
  if (HIGH_FILES.has(base)) {
    return {
      severity: 'high',
      what: base.startsWith('id_')
        ? 'an SSH private key'
        : base === 'kubeconfig'
          ? 'a Kubernetes credentials file'
          : `a credentials file (${base})`,
    };
  }
  if (MEDIUM_FILES.has(base))
    return { severity: 'medium', what: `${base}, which usually holds tokens or passwords` };
  if (base.startsWith('.env.')) {
    const rest = base.slice(5);
    if (isTemplateEnvSuffix(rest, ENV_SAFE_SUFFIX)) return undefined;
    return { severity: 'medium', what: `${base}, an environment file that usually holds secrets` };
  }
  return undefined;
}

const CRED_FILES = [
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.docker/config.json',
  '.aws/credentials',
  '.yarnrc.yml',
  '.kube/config',
];

/** The credential file a path names (`/root/.npmrc` -> `.npmrc`), if any. */
export function credFileOf(path: string): string | undefined {
  const l = path.toLowerCase();
  return CRED_FILES.find((f) => l === f || l.endsWith('/' + f));
}

/** Whether text written into a credential file puts a credential in it. */
export function looksLikeCredential(file: string, written: string): boolean {
  const l = written.toLowerCase();
  if (file === '.npmrc' || file === '.yarnrc.yml')
    return l.includes('_auth') || l.includes('npmauthtoken') || l.includes('_password');
  if (file === '.pypirc' || file === '.netrc') return l.includes('password');
  if (file === '.git-credentials') return l.includes('@');
  return l.includes('auth') || l.includes('secret') || l.includes('token') || l.includes('password');
}
