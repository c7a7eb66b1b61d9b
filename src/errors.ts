/** A user's mistake (bad flag, bad config): exit 2 with one clear line, no stack. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}
