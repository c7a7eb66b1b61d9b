/**
 * Whether a file a build would copy holds a credential: by its name (an SSH key, a kubeconfig, a
 * Terraform state) or, for small text files, by what it holds (a provider token of full length, a
 * private key block, a secret-named `NAME=value`). Pure: the caller reads the text (or cannot:
 * `undefined`, and a name that always means a credential still counts).
 */
import { findAssignmentSecrets } from './assignments.js';
import { ENV_TEMPLATE_SUFFIXES, isTemplateEnvSuffix, looksLikeCredential } from './files.js';
import { isPlaceholder } from './names.js';
import { findPrivateKeys, findTokens } from './shapes.js';

/** Files read for their content at most this large. */
export const MAX_CONTENT_BYTES = 64 * 1024;

export interface FileCredential {
  /** What it is, for messages: 'an SSH private key', 'holds an AWS access key id'. */
  what: string;
  /** Where in the file, when the content said so (1-based). */
  line?: number;
  column?: number;
}

const SSH_KEYS = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk']);
/** Named like these, a file is checked for a credential inside before it counts. */
const CONFIG_WITH_CREDS = new Set([
  '.npmrc',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.git-credentials',
  '.yarnrc.yml',
]);
/** Documentation quotes example tokens; it is not read for content. */
const DOC_EXTENSIONS = new Set(['md', 'markdown', 'rst', 'adoc', 'txt', 'html', 'htm']);

/** A Dockerfile's own secrets (ARG/ENV values) are dockerfile/secret-in-image's to report. */
function isDockerfileName(base: string): boolean {
  return (
    base === 'dockerfile' ||
    base === 'containerfile' ||
    base.startsWith('dockerfile.') ||
    base.endsWith('.dockerfile')
  );
}

function ext(base: string): string {
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i + 1);
}

function posOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The first credential the text holds: a full-length provider token (not a JWT) or a private key. */
function credentialInText(text: string, assignments: boolean): FileCredential | undefined {
  const key = findPrivateKeys(text)[0];
  const token = findTokens(text, true).find((t) => t.shape.match !== 'eyJ');
  const hits: { at: number; what: string }[] = [];
  if (key) hits.push({ at: text.lastIndexOf('-----BEGIN', key.start), what: 'holds a private key' });
  if (token) hits.push({ at: token.start, what: `holds ${token.shape.what}` });
  if (assignments) {
    const a = findAssignmentSecrets(text).find((s) => !isPlaceholder(text.slice(s.start, s.end)));
    if (a) hits.push({ at: a.start, what: 'holds a secret-named value' });
  }
  if (hits.length === 0) return undefined;
  hits.sort((x, y) => x.at - y.at);
  return { what: hits[0]!.what, ...posOf(text, Math.max(0, hits[0]!.at)) };
}

/**
 * The credential a context file holds, if any. `text` is its content when it is a small text file
 * (undefined when larger than MAX_CONTENT_BYTES, binary or unreadable).
 */
export function contextFileCredential(rel: string, text: string | undefined): FileCredential | undefined {
  const lower = rel.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  const e = ext(base);
  const readable = text !== undefined;
  const content = readable ? credentialInText(text, false) : undefined;

  if (SSH_KEYS.has(base))
    return { what: 'an SSH private key', ...(content ? { line: content.line, column: content.column } : {}) };
  if (lower === '.aws/credentials' || lower.endsWith('/.aws/credentials'))
    return { what: 'an AWS credentials file' };
  if (base === 'kubeconfig' || lower === '.kube/config' || lower.endsWith('/.kube/config'))
    return { what: 'a Kubernetes credentials file' };
  if (e === 'tfstate' || base.endsWith('.tfstate.backup'))
    return { what: 'a Terraform state file (it holds every secret the configuration manages, in clear)' };
  if (e === 'p12' || e === 'pfx') return { what: 'a PKCS#12 key store' };
  if (base === 'credentials.json') return { what: 'a credentials file' };
  if (base === '.pgpass' || base === '.vault-token') return { what: 'a credentials file' };
  if (lower === '.docker/config.json' || lower.endsWith('/.docker/config.json')) {
    if (!readable || /"(?:auth|identitytoken|registrytoken)"\s*:\s*"[^"]/.test(text))
      return { what: 'a Docker registry credentials file' };
    return undefined;
  }
  if (CONFIG_WITH_CREDS.has(base)) {
    if (!readable) return { what: 'could not be read to check it for credentials' };
    const file = base === '_netrc' ? '.netrc' : base;
    if (content) return content;
    if (looksLikeCredential(file, text)) return { what: 'holds credentials' };
    return undefined;
  }
  if (e === 'pem' || e === 'key') {
    // A certificate is public; a `.pem` or `.key` holding a private key (or not readable) is not.
    if (!readable) return { what: `a key file (*.${e})` };
    return content?.what === 'holds a private key' ? { ...content, what: 'a private key' } : content;
  }
  if (base === '.env' || base.startsWith('.env.') || e === 'env') {
    const rest = base.startsWith('.env.') ? base.slice(5) : '';
    if (rest && isTemplateEnvSuffix(rest)) return undefined;
    if (!readable) return { what: 'an environment file that could not be read to check it' };
    const inside = credentialInText(text, true);
    return inside;
  }
  if (!readable || DOC_EXTENSIONS.has(e) || isDockerfileName(base)) return undefined;
  if (ENV_TEMPLATE_SUFFIXES.some((s) => base.endsWith('.' + s))) return undefined;
  return content;
}
