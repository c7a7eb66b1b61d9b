import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/binary-skipped',
  kind: 'scan',
  severity: 'low',
  title: 'Binary file skipped',
  description:
    'A file named like a Dockerfile, lockfile or workflow holds binary data (a NUL byte), so it was not parsed and nothing in it was checked.',
  fix: 'Make sure the file is the text file its name says it is.',
  examples: { bad: 'Dockerfile containing NUL bytes', good: 'Dockerfile as UTF-8 text', language: 'text' },
});

export function message(path: string): string {
  return `'${path}' holds binary data (a NUL byte); it was not checked.`;
}
