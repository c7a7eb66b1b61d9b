/** Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
export const TOOL_NAME = 'Bulkhead';
export const INFORMATION_URI = 'https://github.com/bulkhead-dev/bulkhead';
export const RULE_DOCS_BASE = `${INFORMATION_URI}/blob/main/docs/rules`;
