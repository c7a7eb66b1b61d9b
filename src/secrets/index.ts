/**
 * The one place that knows what a credential looks like: provider token shapes, URL userinfo,
 * auth headers, `name=value` secrets, command flags, credential file names, and the one masking
 * policy. Rules use it to find credentials; the engine uses redactSecrets on every finding.
 */
export { credentialKind, urlPassword } from './detect.js';
export { contextFileCredential, MAX_CONTENT_BYTES, type FileCredential } from './context-files.js';
export { credFileOf, looksLikeCredential, secretFile } from './files.js';
export { maskSecret, MASK, startsWithReference } from './mask.js';
export { isHarmlessWord, isPlaceholder, isSecretName, nameTokens } from './names.js';
export { redactSecrets } from './redact.js';
export { findTokens, TOKEN_SHAPES, tokenKind, type TokenShape } from './shapes.js';
export { findUrlCredentials, withoutUserinfo, type UrlCredential } from './url.js';
