import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'lockfile/parse-error',
  kind: 'lockfile',
  severity: 'high',
  title: 'Lockfile could not be parsed',
  description:
    'A lockfile that cannot be read was not checked at all: none of its hosts, hashes or versions were looked at. Tools that skip such files silently pass exactly the files an attacker would craft, so an unreadable lockfile is itself a finding.',
  fix: 'Fix the syntax error at the position given, or regenerate the lockfile with the package manager.',
  examples: {
    bad: '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/ms": { "version": "2.1.3"',
    good: '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/ms": { "version": "2.1.3" }\n  }\n}',
    language: 'json',
  },
});
