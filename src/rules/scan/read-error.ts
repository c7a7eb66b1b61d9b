import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/read-error',
  kind: 'scan',
  severity: 'medium',
  title: 'File could not be read',
  description:
    'A file or directory could not be read (permissions, a race with another process), so nothing in it was checked. The scan reports it rather than passing silently.',
  fix: 'Check the file permissions in the checkout.',
  examples: { bad: 'Dockerfile (mode 000)', good: 'Dockerfile (readable)', language: 'text' },
});

export function message(path: string, error: string): string {
  return `Could not read '${path}': ${error}.`;
}
