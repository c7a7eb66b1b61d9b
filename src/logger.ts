/** What core logic needs to say things; the action backs it with @actions/core, the CLI with stderr. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {}, error() {} };

export function stderrLogger(debug = false): Logger {
  const w = (prefix: string) => (m: string) => process.stderr.write(`${prefix}${m}\n`);
  return {
    debug: debug ? w('debug: ') : () => {},
    info: w(''),
    warning: w('warning: '),
    error: w('error: '),
  };
}
