/** The bottom of the house: every layer imports these; this folder imports nothing else. */
export * from './severity.js';
export * from './span.js';
export * from './kinds.js';
export * from './ecosystem.js';
export * from './finding.js';
export * from './config.js';
export * from './rule.js';
export * from './intel.js';
export * from './fix.js';
