import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/binary-skipped',
  kind: 'scan',
  severity: 'high',
  title: 'File holds binary data (a NUL byte)',
  description:
    'A file named like a Dockerfile, lockfile or workflow holds a NUL byte. Bulkhead still checks it as UTF-8 text (pip, for one, reads a requirements.txt with a NUL in a comment), so what it can see is reported; but tools read such a file differently (a UTF-16 file is full of NULs, C tools stop at the first one), so what the build reads may not be what was checked, and the file blocks until a person looks. Lower it only on purpose: `rules: { scan/binary-skipped: low }`.',
  fix: 'Save the file as UTF-8 text without NUL bytes.',
  examples: { bad: 'Dockerfile containing NUL bytes', good: 'Dockerfile as UTF-8 text', language: 'text' },
});

export function message(path: string): string {
  return `'${path}' holds binary data (a NUL byte); it was checked as UTF-8 text, which may not be what the tools that read it see.`;
}
