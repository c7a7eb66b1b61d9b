/**
 * The message of every `<kind>/parse-error` finding (dockerfile, lockfile, config): the engine
 * raises them when a parser throws a ParseError; each kind's parse-error.ts holds the metadata.
 */
export function parseErrorMessage(path: string, error: string): string {
  return `Could not parse '${path}': ${error}; nothing in it was checked.`;
}
